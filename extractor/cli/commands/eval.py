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
    "A directory of WCXB ground-truth files (web content extraction benchmark: NNNN.json with "
    "ground_truth.main_content) is recognised and scored the benchmark's way instead: word precision/"
    "recall/F1 of content.text, with/without snippets, overall and per page type. "
    "With --by-site, the same figures for each site too (a site is a folder of the given corpus that holds "
    "the article). Exit 0, or 1 when a --min floor is missed or a gold file is unusable; 2 on usage errors."
)


def _floor(spec: str) -> tuple[str, float]:
    import argparse

    from ...checks.evaluate import METRICS
    from ...checks.wcxb import METRICS as WCXB_METRICS

    names = METRICS + tuple(m for m in WCXB_METRICS if m not in METRICS)
    key, sep, value = spec.partition("=")
    if not sep or key not in names:
        raise argparse.ArgumentTypeError(f"expected METRIC=VALUE with METRIC one of {', '.join(names)}")
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
    parser.add_argument("--by-site", action="append", default=[], metavar="CORPUS",
                        help="also score each site: CORPUS/SITE/<article> says which site an article is from "
                             "(articles in no such folder count as 'other'); repeatable. A pooled figure can hide "
                             "one site falling while another rises")


def run(args) -> int:
    import os

    from ...checks.evaluate import evaluate, load_gold
    from ...checks.wcxb import is_wcxb_gold
    from ...checks.records import read_records
    from .. import UsageProblem

    if not os.path.isdir(args.gold):
        raise UsageProblem(f"--gold {args.gold}: not a directory")
    if is_wcxb_gold(args.gold):
        return _run_wcxb(args)
    gold = load_gold(args.gold)
    records = list(read_records(args.paths))
    report = evaluate(gold, records)
    sites = _by_site(args, gold, records)
    for problem in report.problems:
        print(f"gold: {problem}", file=sys.stderr)
    if args.verbose:
        for note in report.notes:
            print(f"{note.doc}: {note.kind}: {note.text}")
    if args.json:
        print(json.dumps({**report.metrics, "by_site": sites} if sites else report.metrics))
    else:
        width = max(map(len, report.metrics))
        for key, value in report.metrics.items():
            print(f"{key:>{width}}: {value}")
        if sites:
            print(_site_table(sites))
    failed = report.below(dict(args.min))
    if failed:
        print("below the bar: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed or report.problems else 0


def _run_wcxb(args) -> int:
    from ...checks.records import read_records
    from ...checks.wcxb import evaluate_wcxb, load_wcxb_gold

    report = evaluate_wcxb(load_wcxb_gold(args.gold), read_records(args.paths))
    for problem in report.problems:
        print(f"gold: {problem}", file=sys.stderr)
    if args.verbose:
        for page in sorted(report.pages, key=lambda p: p.f1):
            print(f"{page.key}: {page.page_type}: F1 {page.f1:.3f} P {page.precision:.3f} R {page.recall:.3f} "
                  f"with {page.with_found:.2f} without leaked {page.without_leaked:.2f}")
    if args.json:
        print(json.dumps(report.metrics))
    else:
        flat = {k: v for k, v in report.metrics.items() if k != "by_type"}
        width = max(map(len, flat))
        for key, value in flat.items():
            print(f"{key:>{width}}: {value}")
        for kind, row in report.metrics["by_type"].items():
            print(f"{kind:>{width}}: F1 {row['f1']:.4f} (P {row['precision']:.4f} R {row['recall']:.4f}, "
                  f"with {row['with_found']:.4f}, without leaked {row['without_leaked']:.4f}, {row['pages']} pages)")
    failed = report.below({k: v for k, v in args.min if k in report.metrics})
    if failed:
        print("below the bar: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed or report.problems else 0


SITE_COLUMNS = ("docs", "step_f1", "procedure_exact", "boilerplate_leak", "content_kept")


def _by_site(args, gold, records) -> dict[str, dict]:
    from pathlib import Path

    from ...checks.by_site import evaluate_by_site, site_of_each_post
    from .. import UsageProblem

    if not args.by_site:
        return {}
    for corpus in args.by_site:
        if not Path(corpus).is_dir():
            raise UsageProblem(f"--by-site {corpus}: not a directory")
    rows = evaluate_by_site(gold, records, site_of_each_post(Path(c) for c in args.by_site))
    return {site: {k: metrics[k] for k in SITE_COLUMNS} for site, metrics in rows.items() if site != "all"}


def _site_table(sites: dict[str, dict]) -> str:
    width = max(len("site"), *map(len, sites))
    lines = [f"{'site':<{width}} " + " ".join(f"{c:>16}" for c in SITE_COLUMNS)]
    for site, row in sites.items():
        lines.append(f"{site:<{width}} {row['docs']:>16} " + " ".join(f"{row[c]:>16.4f}" for c in SITE_COLUMNS[1:]))
    return "\n".join(lines)
