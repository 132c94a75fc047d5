"""extractor stats OUT..."""
from __future__ import annotations

import json

from ..flags import add_json, add_records

NAME = "stats"
ORDER = 14
HELP = "summarise records in a terminal table (the review page's summary)"
DESCRIPTION = (
    "Summarise records (a .jsonl file, a .json file, a directory of them, or - for stdin): articles, errors, "
    "procedures, steps, boilerplate, lint findings, and the distributions the review page charts. "
    "Exit 0, or 1 when no record could be read; 2 on usage errors."
)


def add_arguments(parser) -> None:
    add_records(parser)
    add_json(parser, "the summary")
    parser.add_argument("--no-lint", action="store_true", help="do not run lint (faster on huge batches)")


def run(args) -> int:
    from ...checks.records import read_records
    from ...checks.stats import summarise

    summary = summarise(read_records(args.paths), lint=not args.no_lint)
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        render(summary)
    return 0 if summary.documents or summary.errors else 1


def render(summary) -> None:
    import os
    import sys

    from rich.console import Console, Group
    from rich.table import Table

    console = Console(no_color=bool(os.environ.get("NO_COLOR")), highlight=False,
                      width=None if sys.stdout.isatty() else 100)
    totals = Table(title="Records", show_header=False, title_justify="left")
    totals.add_column(style="bold")
    totals.add_column(justify="right")
    rows = [("articles", summary.articles), ("extracted", summary.documents), ("errors", summary.errors),
            ("unreadable records", summary.unreadable), ("without procedures", summary.without_procedures),
            ("procedures", summary.procedures), ("steps", summary.steps), ("substeps", summary.substeps),
            ("boilerplate blocks", summary.boilerplate), ("lint findings", summary.findings),
            ("articles with findings", summary.with_findings)]
    for label, value in rows:
        totals.add_row(label, f"{value:,}")
    console.print(totals)
    charts = [
        ("Procedures per article", summary.procedures_per_article.items()),
        ("Steps per procedure", summary.steps_per_procedure.items()),
        ("Boilerplate kinds", summary.boilerplate_kinds.items()),
        ("Procedure origins", summary.origins.items()),
        ("Top UI elements", summary.ui_elements),
        ("Top shortcuts", summary.shortcuts),
        ("Lint findings by code", summary.finding_codes.items()),
    ]
    console.print(Group(*(bar_table(title, list(items)) for title, items in charts)))


def bar_table(title: str, items: list, width: int = 30):
    """A two-column table with a bar of block characters scaled to the largest count."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column(overflow="fold", max_width=40)
    table.add_column(justify="right")
    table.add_column(style="cyan")
    top = max((n for _, n in items), default=0)
    for label, n in items:
        table.add_row(str(label), f"{n:,}", "█" * round(width * n / top) if top else "")
    if not items:
        table.add_row("(none)", "", "")
    return table
