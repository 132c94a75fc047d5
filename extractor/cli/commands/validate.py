"""extractor validate OUT..."""
from __future__ import annotations

import json
import sys

from ..flags import add_json, add_records

NAME = "validate"
ORDER = 10
HELP = "check records against the JSON Schema"
DESCRIPTION = (
    "Check every record (a .jsonl file, a .json file, a directory of them, or - for stdin) against the "
    "committed JSON Schema (draft 2020-12). Each invalid record is reported with its origin, its source "
    "path and the JSON pointer of each failing field. Exit 0 when all records are valid, 1 when any is "
    "invalid or there are none, 2 on usage errors."
)


def add_arguments(parser) -> None:
    add_records(parser)
    add_json(parser, "the problems")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def run(args) -> int:
    from ...checks.records import read_records
    from ...checks.validate import validate_records

    report = validate_records(read_records(args.paths))
    if args.json:
        rows = [{"origin": v.origin, "source": v.source_path, "pointer": p.pointer, "message": p.message}
                for v in report.invalid for p in v.problems]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for verdict in report.invalid:
            for problem in verdict.problems:
                where = problem.pointer or "(record)"
                source = "" if verdict.source_path == verdict.origin else f" {verdict.source_path}:"
                print(f"{verdict.origin}:{source} {where}: {problem.message}")
    if not args.quiet:
        total, bad = len(report.verdicts), len(report.invalid)
        note = " (no records found)" if not total else ""
        print(f"{total} records, {total - bad} valid, {bad} invalid{note}", file=sys.stderr)
    return report.exit_code
