"""extractor review OUT... -o review.html"""
from __future__ import annotations

import sys

from ..flags import add_records

NAME = "review"
ORDER = 13
HELP = "build one self-contained HTML page to review extraction beside the source"
DESCRIPTION = (
    "Build one self-contained HTML file (no network, inline CSS and JS) from records (a .jsonl file, a .json "
    "file, a directory of them, or - for stdin): each article's source with procedures, steps and boilerplate "
    "highlighted by line, the extracted procedures beside it, filters for lint findings, missing procedures and "
    "errors, and a summary with charts. Sources are read from each record's source.path (relative paths from "
    "--source-root); when a source is missing the cleaned content is shown. Exit 0, 1 when no record was "
    "read, 2 on usage errors."
)


def add_arguments(parser) -> None:
    add_records(parser)
    parser.add_argument("-o", "--output", default="review.html",
                        help="the HTML file to write (default review.html; - for stdout)")
    parser.add_argument("--source-root", metavar="DIR", help="resolve relative source paths from DIR")
    parser.add_argument("--no-source", action="store_true", help="show the cleaned content, not the source files")
    parser.add_argument("--title", default="extractor review", help="page title")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def run(args) -> int:
    from pathlib import Path

    from ...checks.records import read_records
    from ...checks.review import ReviewOptions, build_review
    from ...writers.files import atomic_write

    options = ReviewOptions(source_root=args.source_root, read_sources=not args.no_source, title=args.title)
    page, summary = build_review(read_records(args.paths), options)
    if args.output == "-":
        sys.stdout.write(page)
    else:
        atomic_write(Path(args.output), page.encode("utf-8"))
    if not args.quiet:
        size = len(page.encode("utf-8"))
        print(f"{summary['articles']} articles, {summary['procedures']} procedures, {summary['findings']} lint findings; "
              f"wrote {args.output} ({size / 1e6:.2f} MB)", file=sys.stderr)
    return 0 if summary["articles"] else 1
