"""Arguments several commands share, spelled one way everywhere.

* ``RECORDS``: extract's output read back (``.jsonl``, ``.json``, a directory of them, or ``-``);
* ``--json``: the report as JSON on stdout. ``--format json`` / ``--format text``, the spelling
  validate and lint used to have, still works but is not shown in ``--help``.
"""
from __future__ import annotations

import argparse

RECORDS_HELP = "extract's output: .jsonl, .json, a directory of them, or - for stdin"


def add_records(parser: argparse.ArgumentParser, nargs: str = "+") -> None:
    parser.add_argument("paths", nargs=nargs, metavar="RECORDS", help=RECORDS_HELP)


class _FormatAlias(argparse.Action):
    def __call__(self, parser, namespace, value, option_string=None):
        namespace.json = value == "json"


def add_json(parser: argparse.ArgumentParser, what: str = "the report") -> None:
    parser.add_argument("--json", action="store_true", help=f"print {what} as JSON on stdout")
    parser.add_argument("--format", choices=("text", "json"), action=_FormatAlias, help=argparse.SUPPRESS)
