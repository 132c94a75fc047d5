"""extractor eval --gold DIR OUT..."""
from __future__ import annotations

import json
import sys

from ..flags import add_json, add_records

NAME = "eval"
ORDER = 12
HELP = "score records against gold annotations"
DESCRIPTION = (
    "Score records (a .jsonl file, a .json file, a directory of them, or - for stdin) against a directory "
    "of gold JSON files (format in docs/checking.md): step precision/recall/F1, procedure "
    "precision/recall/F1 and exact, step order, boilerplate leak, content kept, title accuracy. "
    "Exit 0, or 1 when a --min floor is missed or a gold file is unusable; 2 on usage errors."
)


def _floor(spec: str) -> tuple[str, float]:
    import argparse

    from ...checks.evaluate import METRICS

    key, sep, value = spec.partition("=")
    if not sep or key not in METRICS:
        raise argparse.ArgumentTypeError(f"expected METRIC=VALUE with METRIC one of {', '.join(METRICS)}")
    try:
        return key, float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None


def add_arguments(parser) -> None:
    add_records(parser)
    parser.add_argument("--gold", required=True, metavar="DIR", help="directory of gold JSON files, one per article")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss, extra, leak and loss per document")
    add_json(parser, "the metrics")
    parser.add_argument("--min", action="append", default=[], type=_floor, metavar="METRIC=VALUE",
                        help="exit 1 when METRIC is below VALUE (boilerplate_leak: above); repeatable")


def run(args) -> int:
    import os

    from ...checks.evaluate import evaluate, load_gold
    from ...checks.records import read_records
    from .. import UsageProblem

    if not os.path.isdir(args.gold):
        raise UsageProblem(f"--gold {args.gold}: not a directory")
    gold = load_gold(args.gold)
    report = evaluate(gold, read_records(args.paths))
    for problem in report.problems:
        print(f"gold: {problem}", file=sys.stderr)
    if args.verbose:
        for note in report.notes:
            print(f"{note.doc}: {note.kind}: {note.text}")
    if args.json:
        print(json.dumps(report.metrics))
    else:
        width = max(map(len, report.metrics))
        for key, value in report.metrics.items():
            print(f"{key:>{width}}: {value}")
    failed = report.below(dict(args.min))
    if failed:
        print("below the bar: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed or report.problems else 0
