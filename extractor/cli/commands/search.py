"""extractor search --db procedures.sqlite QUERY... [--json] [-n 10]"""
from __future__ import annotations

import json
import sys

from ..flags import add_json

NAME = "search"
ORDER = 42
HELP = "find procedures in a store built by 'extractor index'"
DESCRIPTION = (
    "Rank procedures by BM25 over titles and steps, boosted by how many distinct articles support them, "
    "one result per group of equal procedures. Procedures a reader can follow without buying anything come "
    "before procedures that sell a product, and those with every query word before those with some. "
    "Prints each with its steps, substeps, code and source paths, or JSON with --json. The words after the "
    "options are the query (quotes optional). Exit 0 with results, 1 with no match, 2 when the database is "
    "missing or not a procedure store."
)


def add_arguments(parser) -> None:
    parser.add_argument("query", nargs="+", metavar="QUERY", help="words to look for (all the remaining words)")
    parser.add_argument("--db", required=True, metavar="DB", help="SQLite file written by 'extractor index'")
    parser.add_argument("-n", "--limit", type=int, default=10, metavar="N", help="results to show (default 10)")
    add_json(parser, "the results (a JSON array)")


def run(args) -> int:
    import os
    from dataclasses import asdict

    from ...corpus.search import search
    from ...errors import UsageError
    from .. import UsageProblem

    if not os.path.isfile(args.db):
        raise UsageProblem(f"no such database: {args.db} (build it with 'extractor index')")
    if args.limit < 1:
        raise UsageProblem("-n must be at least 1")
    query = " ".join(args.query)
    try:
        hits = search(args.db, query, args.limit)
    except UsageError as exc:
        raise UsageProblem(exc.reason) from None
    if args.json:
        print(json.dumps([asdict(h) for h in hits], indent=2, ensure_ascii=False))
    else:
        for rank, hit in enumerate(hits, 1):
            print(render(rank, hit))
    if not hits:
        print(f"no match for {query!r}", file=sys.stderr)
    return 0 if hits else 1


def render(rank: int, hit) -> str:
    support = f"{hit.sources} source{'s' if hit.sources != 1 else ''}"
    if hit.articles != hit.sources:
        support += f" ({hit.articles} articles with duplicates)"
    notes = [f"score {hit.score:.2f}", support]
    if hit.promotes_product:
        notes.append(f"uses {hit.promotes_product}")
    if not hit.all_words:
        notes.append("some words")
    lines = [f"{rank}. {hit.title or hit.article_title or '(untitled)'}  [{', '.join(notes)}]"]
    counters: dict[int, int] = {}
    for step in hit.steps:
        counters[step.depth] = counters.get(step.depth, 0) + 1
        for deeper in [d for d in counters if d > step.depth]:
            del counters[deeper]
        indent = "   " * (step.depth + 1)
        lines.append(f"{indent}{_label(counters[step.depth], step.depth)} {step.text}")
        for code in step.code:
            lines.extend(f"{indent}    {line}" for line in code.rstrip("\n").split("\n"))
    lines.extend(f"   source: {path}" for path in hit.source_paths)
    if hit.sources > len(hit.source_paths):
        lines.append(f"   ... and {hit.sources - len(hit.source_paths)} more")
    return "\n".join(lines) + "\n"


def _label(number: int, depth: int) -> str:
    """1. 2. 3. for steps, a) b) c) for their substeps, then 1. again."""
    if depth % 2 == 1 and number <= 26:
        return f"{chr(ord('a') + number - 1)})"
    return f"{number}."
