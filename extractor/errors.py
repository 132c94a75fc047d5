"""Every error extractor raises, in one tree (after httpx/_exceptions.py).

    ExtractorError                 base; carries the stage and, where known, the line
    ├── ReadError                  the file could not be read or decoded
    ├── FrontMatterError           front matter is malformed (usually a warning, not fatal)
    ├── ParseError                 the body could not be parsed into blocks
    ├── LimitExceeded              a document went over its time or size limit
    └── UsageError                 the caller asked for something impossible (bad path, bad option)

A document that fails becomes an ``ErrorRecord`` (see ``extractor.model``) built by
``to_error_record``: errors are values in the batch output, never tracebacks on the terminal.
"""
from __future__ import annotations


class ExtractorError(Exception):
    stage = "extract"

    def __init__(self, reason: str, *, stage: str | None = None, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        if stage:
            self.stage = stage
        self.line = line


class ReadError(ExtractorError):
    stage = "read"


class FrontMatterError(ExtractorError):
    stage = "front_matter"


class ParseError(ExtractorError):
    stage = "parse"


class LimitExceeded(ExtractorError):
    stage = "limits"


class UsageError(ExtractorError):
    stage = "usage"
