"""extractor lint OUT..."""
from __future__ import annotations

import json
import sys

from ..flags import add_json, add_records

NAME = "lint"
ORDER = 11
HELP = "warn about step quality (codes, severities, locations)"
DESCRIPTION = (
    "Check the quality of extracted steps in records (a .jsonl file, a .json file, a directory of them, "
    "or - for stdin). Each finding has a stable code (see the rule table in docs/checking.md or --list-rules), a "
    "severity (info, warning, error) and a location: record, procedure, step and source line. Exit 0 when "
    "no finding is at or above --fail-on, 1 when one is, 2 on usage errors."
)


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def add_arguments(parser) -> None:
    add_records(parser, nargs="*")
    add_json(parser, "the findings")
    parser.add_argument("--select", type=_codes, default=[], metavar="CODES",
                        help="only these codes or code prefixes, comma-separated (e.g. S1,P201)")
    parser.add_argument("--ignore", type=_codes, default=[], metavar="CODES", help="skip these codes or prefixes")
    parser.add_argument("--fail-on", choices=("info", "warning", "error", "never"), default="warning",
                        help="exit 1 when any finding has this severity or higher (default warning)")
    parser.add_argument("--list-rules", action="store_true", help="print the rules and exit")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def run(args) -> int:
    from ...checks.lint import lint_records, lint_rules, select_rules
    from ...checks.records import read_records
    from .. import UsageProblem

    if args.list_rules:
        for rule in lint_rules():
            print(f"{rule.code}  {rule.severity:<7}  {rule.name:<22}  {rule.meaning}")
        return 0
    if not args.paths:
        raise UsageProblem("give at least one OUT (.jsonl, .json, directory, or -)")
    try:
        rules = select_rules(args.select, args.ignore)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None
    report = lint_records(read_records(args.paths), rules)
    if args.json:
        print(json.dumps([f.as_dict() for f in report.findings], indent=2, ensure_ascii=False))
    else:
        for f in report.findings:
            print(format_finding(f))
    if not args.quiet:
        counts = ", ".join(f"{code} {n}" for code, n in report.counts().items()) or "none"
        print(f"{report.records} records, {len(report.findings)} findings ({counts})", file=sys.stderr)
    return report.exit_code(None if args.fail_on == "never" else args.fail_on)


def format_finding(f) -> str:
    """``path:line: CODE severity message [procedure 1, step 3] (origin)`` like a compiler message."""
    where = f"{f.source}:{f.line}" if f.line else f.source
    parts = [f"procedure {f.procedure}" if f.procedure else "", f"step {f.step}" if f.step else ""]
    location = ", ".join(p for p in parts if p)
    location = f" [{location}]" if location else ""
    origin = "" if f.origin == f.source else f" ({f.origin})"
    return f"{where}: {f.code} {f.severity} {f.name}: {f.message}{location}{origin}"
