"""Single-process extraction speed and memory, as ratios against a reference run in the same process.

    .venv/bin/python benchmarks/extract_bench.py [CORPUS_DIR] [--limit N]

Reports documents/s for (a) a bare markdown-it-py parse of each post's text (the reference) and
(b) extractor's whole pipeline on the same texts (the site pass that learns each site's template,
then decode, front matter, parse, boilerplate, procedures, record building, JSON serialisation; the
garbage collector set as the CLI's batch loop sets it, ``runner.BatchGC``), and their ratio (bar, issue 15: at most 1.6x; ``--no-site-pass`` leaves the site pass out). For the
same ratio interleaved per document, HTML beside trafilatura and a per-stage breakdown, see
``speed_bench.py``; for the byte-identical check every speed change passes, ``output_check.py``.
Then peak traced memory while streaming records to a JSON Lines file for the first 1,000 posts
and for all of them: it should not grow with the number of inputs.
Timings are never asserted in tests; this script is where they are measured.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from markdown_it import MarkdownIt

from extractor.corpus.template import SiteLearner
from extractor.memo import Memo
from extractor.options import Options
from extractor.pipeline import extract_bytes
from extractor.rules import default_rules
from extractor.runner import BatchGC, find_inputs, run
from extractor.writers.records import JsonLinesSink

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "techidaily"


def load(paths: list[str]) -> list[bytes]:
    return [Path(p).read_bytes() for p in paths]


def time_reference(texts: list[bytes]) -> float:
    md = MarkdownIt("commonmark")
    started = time.perf_counter()
    for data in texts:
        md.parse(data.decode("utf-8", errors="replace"))
    return time.perf_counter() - started


def time_extractor(texts: list[bytes], paths: list[str], site_pass: bool = True) -> float:
    """The whole batch as ``extract`` runs it: the site pass (learning each site's template from the
    texts) first, then every document with what it learned."""
    Memo.forget_all()  # every run starts cold, as a batch that reads each post once
    started = time.perf_counter()
    options = Options()
    if site_pass:
        learner = SiteLearner(default_rules().site_template, default_rules().words.step_label)
        for data, path in zip(texts, paths):
            learner.add_text(path, data.decode("utf-8", errors="replace"))
        options = Options(site_templates=learner.templates() or None)
    with BatchGC() as collector:  # the garbage collector as the CLI's batch loop sets it
        for data, path in zip(texts, paths):
            extract_bytes(data, path, options=options).model_dump_json()
            collector.after_document()
    return time.perf_counter() - started


def peak_memory(paths: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        gc.collect()
        tracemalloc.start()
        run(paths, JsonLinesSink(os.path.join(tmp, "out.jsonl")))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best is reported")
    parser.add_argument("--no-site-pass", action="store_true", help="leave out learning the site templates")
    args = parser.parse_args(argv)
    paths = list(find_inputs([args.corpus]))
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        print(f"no inputs under {args.corpus}", file=sys.stderr)
        return 2
    texts = load(paths)
    mb = sum(len(t) for t in texts) / 1e6
    reference = min(time_reference(texts) for _ in range(args.repeat))
    ours = min(time_extractor(texts, paths, not args.no_site_pass) for _ in range(args.repeat))
    n = len(paths)
    print(f"documents: {n} ({mb:.1f} MB)")
    print(f"markdown-it-py parse : {n / reference:8.1f} docs/s  ({reference:.2f} s)")
    print(f"extractor pipeline   : {n / ours:8.1f} docs/s  ({ours:.2f} s)")
    print(f"ratio (extractor / markdown-it parse time): {ours / reference:.2f}x  (bar: <= 1.6x)")
    small = peak_memory(paths[:1000])
    full = peak_memory(paths)
    print(f"peak traced memory streaming JSONL: {min(n, 1000)} docs {small / 1e6:.1f} MB, {n} docs {full / 1e6:.1f} MB "
          f"(ratio {full / small:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
