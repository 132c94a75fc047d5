"""extractor search --db procedures.sqlite "QUERY" [--json] [-n 10]"""
from __future__ import annotations

import json
import sys

NAME = "search"
ORDER = 42
HELP = "find procedures in a store built by 'extractor index'"
DESCRIPTION = (
    "Rank procedures by BM25 over titles and steps, boosted by how many distinct articles support them, "
    "one result per group of equal procedures. Prints each with its steps and source paths, or JSON with "
    "--json. Exit 0 with results, 1 with none, 2 when the database is missing or not a procedure store."
)


def add_arguments(parser) -> None:
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument("--db", required=True, metavar="DB", help="SQLite file written by 'extractor index'")
    parser.add_argument("-n", "--limit", type=int, default=10, metavar="N", help="results to show (default 10)")
    parser.add_argument("--json", action="store_true", help="print the results as a JSON array")


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
    try:
        hits = search(args.db, args.query, args.limit)
    except UsageError as exc:
        raise UsageProblem(exc.reason) from None
    if args.json:
        print(json.dumps([asdict(h) for h in hits], indent=2, ensure_ascii=False))
    else:
        for rank, hit in enumerate(hits, 1):
            print(render(rank, hit))
        if not hits:
            print("no procedure matches", file=sys.stderr)
    return 0 if hits else 1


def render(rank: int, hit) -> str:
    support = f"{hit.sources} source{'s' if hit.sources != 1 else ''}"
    if hit.articles != hit.sources:
        support += f" ({hit.articles} articles with duplicates)"
    lines = [f"{rank}. {hit.title or hit.article_title or '(untitled)'}  [score {hit.score:.2f}, {support}]"]
    for number, step in enumerate((s for s in hit.steps if s.depth == 0), 1):
        lines.append(f"   {number}. {step.text}")
    lines.extend(f"   source: {path}" for path in hit.source_paths)
    if hit.sources > len(hit.source_paths):
        lines.append(f"   ... and {hit.sources - len(hit.source_paths)} more")
    return "\n".join(lines) + "\n"
