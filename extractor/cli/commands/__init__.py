"""Subcommands, one module each (found automatically by extractor.cli)."""
