"""Time index building and search queries on a procedure store.

    .venv/bin/extractor extract ../shared/corpus/techidaily -o /tmp/corpus.jsonl -q
    .venv/bin/python benchmarks/search_bench.py /tmp/corpus.jsonl --db /tmp/corpus.sqlite

Builds the store from scratch (timed), re-indexes the same records (timed; the row counts, the
content digest and the file's bytes must not change), then runs each query ``--repeat`` times and
prints the median and worst latency per query (a fresh connection per query, as the CLI does).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time

QUERIES = [
    "how do I flush the DNS cache",
    "link windows product key to microsoft account",
    "update graphics driver windows 10",
    "printer offline",
    "screen flickering after update",
    "reinstall audio driver device manager",
    "open device manager",
    "windows update stuck",
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("records", nargs="+")
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--gold", metavar="DIR", help="gold annotations (../shared/eval/dev/gold): query every gold "
                        "procedure title and report how often the gold article's procedure comes back first")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from extractor.corpus.records import load_documents
    from extractor.corpus.search import search
    from extractor.corpus.store import content_digest, index_records, table_counts

    if os.path.exists(args.db):
        os.remove(args.db)
    documents = load_documents(args.records).documents
    started = time.perf_counter()
    index_records(args.db, documents)
    built = time.perf_counter() - started
    counts, digest, sha = table_counts(args.db), content_digest(args.db), _sha(args.db)
    started = time.perf_counter()
    report = index_records(args.db, documents)
    again = time.perf_counter() - started
    same = table_counts(args.db) == counts and content_digest(args.db) == digest and _sha(args.db) == sha
    print(f"index {len(documents)} documents: {built:.1f}s; re-index: {again:.1f}s "
          f"({report.unchanged} unchanged), database unchanged: {same}")
    print("  " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    worst = 0.0
    for query in QUERIES:
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            hits = search(args.db, query, 10)
            times.append((time.perf_counter() - started) * 1000)
        worst = max(worst, max(times))
        top = hits[0].title if hits else "-"
        print(f"  {statistics.median(times):6.1f} ms median {max(times):6.1f} ms max  {query!r} -> {top!r}")
    print(f"slowest query: {worst:.1f} ms")
    if args.gold:
        gold_titles(args.db, args.gold)
    return 0 if same else 1


def gold_titles(db: str, gold_dir: str) -> None:
    """Each gold procedure's title as a query: is a procedure of that article (or of a near-duplicate of
    it, since duplicates are collapsed) ranked first? Reports hit@1 and the mean reciprocal rank over 10."""
    import glob
    import json
    import sqlite3

    from extractor.corpus.search import search

    conn = sqlite3.connect(db)
    members = {}  # procedure group -> file names of every article holding one of its procedures
    rows = conn.execute("SELECT p.group_id, a.path FROM procedures p JOIN articles a ON a.id = p.article_id")
    for group, path in rows:
        members.setdefault(group, set()).add(os.path.basename(path))
    group_of = dict(conn.execute("SELECT id, group_id FROM procedures"))
    first = reciprocal = total = 0
    for file in sorted(glob.glob(os.path.join(gold_dir, "*.json"))):
        gold = json.load(open(file, encoding="utf-8"))
        for procedure in gold["procedures"]:
            if not procedure.get("title"):
                continue
            total += 1
            hits = search(db, procedure["title"], 10)
            ranks = [i for i, h in enumerate(hits, 1) if gold["source"] in members[group_of[h.procedure_id]]]
            first += bool(ranks and ranks[0] == 1)
            reciprocal += 1 / ranks[0] if ranks else 0
    print(f"gold titles as queries: {total}; first {first / total:.3f}; MRR@10 {reciprocal / total:.3f}")


def _sha(path: str) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


if __name__ == "__main__":
    sys.exit(main())
