"""Score and time near-duplicate grouping against a reference groups file.

    .venv/bin/extractor extract ../shared/corpus/techidaily -o /tmp/corpus.jsonl -q
    .venv/bin/python benchmarks/dedupe_bench.py /tmp/corpus.jsonl \
        --reference ../shared/eval/duplicates/groups.json --root ../shared/corpus/techidaily

Prints pairwise precision/recall/F1 (every pair of paths that share a group is one pair) and the time
to sketch and group, pinned to one CPU core. Reading the records is timed separately. ``--exact``
scores ``extractor dedupe --exact`` (equal ``content.body_sha256``) the same way.

The reference lists groups whose bodies are byte-identical once ads and link lists are removed, so
pairs of posts whose cleaned text is identical except for blank lines count as false positives
there. ``identical-text pairs`` says how many of the extra pairs are such (title line excluded,
whitespace collapsed), and ``precision (identical text counted)`` counts them as right.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
import time


def pairs(groups) -> set[tuple[str, str]]:
    return {pair for group in groups for pair in itertools.combinations(sorted(group), 2)}


def body(text: str) -> str:
    """Cleaned text without its first line (the title, which spun copies change) and with spacing collapsed."""
    return re.sub(r"\s+", " ", text.split("\n", 1)[1] if "\n" in text else "").strip()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("records", nargs="+")
    parser.add_argument("--reference", required=True)
    parser.add_argument("--root", required=True, help="folder the reference paths are relative to")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--exact", action="store_true", help="score exact grouping (content.body_sha256) instead")
    parser.add_argument("--reworded", type=int, default=0, metavar="N",
                        help="also test reworded copies of N canonical articles (see reworded())")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from dataclasses import replace

    from extractor.corpus.dedupe import DEFAULT_SKETCH, find_duplicate_groups
    from extractor.corpus.records import load_documents

    options = DEFAULT_SKETCH if args.threshold is None else replace(DEFAULT_SKETCH, threshold=args.threshold)
    started = time.perf_counter()
    documents = load_documents(args.records).documents
    read = time.perf_counter() - started
    started = time.perf_counter()
    groups = find_duplicate_groups(documents, options, exact=args.exact)
    grouped = time.perf_counter() - started

    root = os.path.abspath(args.root)
    rel = lambda p: os.path.relpath(os.path.abspath(p), root)  # noqa: E731
    predicted = pairs([[rel(p) for p in g.members] for g in groups])
    reference = pairs(json.load(open(args.reference, encoding="utf-8"))["groups"])
    hits = len(predicted & reference)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(reference) if reference else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    bodies = {rel(d.source.path): body(d.content.text) for d in documents}
    extra = predicted - reference
    identical = sum(1 for a, b in extra if bodies.get(a) and bodies.get(a) == bodies.get(b))
    print(f"documents {len(documents)}  groups {len(groups)}  grouped posts {sum(len(g.members) for g in groups)}")
    print(f"read {read:.1f}s  sketch+group {grouped:.1f}s (one core)  total {read + grouped:.1f}s")
    print(f"pairs: predicted {len(predicted)}  reference {len(reference)}  common {hits}")
    print(f"precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
    print(f"extra pairs {len(extra)}: identical-text pairs {identical}, others {len(extra) - identical}")
    if predicted:
        print(f"precision (identical text counted) {(hits + identical) / len(predicted):.4f}")
    if args.reworded:
        reworded(documents, groups, options, args.reworded)
    return 0


def reworded(documents, groups, options, count: int) -> None:
    """Beyond the reference: make reworded copies of ``count`` canonical articles (sentences dropped,
    words swapped) and report how many are grouped with their original, and whether any joins another."""
    import random

    from extractor.corpus.minhash import similar_groups, text_sketch

    rng = random.Random(6)
    originals = [d for d in documents if d.source.path in {g.canonical for g in groups}][:count]
    vocabulary = [w for d in originals for w in d.content.text.split()][:20000]
    edits = {"drop 1 sentence in 10": (0.1, 0.0), "drop 1 in 5": (0.2, 0.0),
             "swap 1 word in 50": (0.0, 0.02), "swap 1 word in 20": (0.0, 0.05)}
    for name, (drop, swap) in edits.items():
        texts = [d.content.text for d in originals]
        for text in list(texts):
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if rng.random() >= drop]
            words = [rng.choice(vocabulary) if rng.random() < swap else w for w in " ".join(sentences).split(" ")]
            texts.append(" ".join(words))
        found = similar_groups([text_sketch(t, options) for t in texts], options)
        group_of = {i: n for n, g in enumerate(found) for i in g}
        n = len(originals)
        kept = sum(1 for i in range(n) if i in group_of and group_of.get(i + n) == group_of[i])
        wrong = sum(1 for g in found if len({i % n for i in g}) > 1)
        print(f"reworded ({name}): {kept}/{n} grouped with their original; {wrong} groups mix different originals")


if __name__ == "__main__":
    sys.exit(main())
