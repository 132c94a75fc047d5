"""Main-content quality and speed on the Zyte article-extraction benchmark, beside trafilatura.

    python benchmarks/aeb_bench.py [--aeb ../shared/eval/aeb] [--only extractor] [--worst 10]

For each of the benchmark's pages (``html/*.html.gz``) both extractors get the same bytes; the
article body each returns is scored against ``ground-truth.json`` the way the benchmark's own
``evaluate.py`` does it: 4-token shingles (tokens are ``\\w+`` runs), true/false positives and
false negatives per page normalised to sum to 1, precision and recall averaged over pages, F1 from
those averages. Ours is ``content.text`` of the record (headings, paragraphs, lists, tables).
trafilatura runs with ``include_comments=False`` as in the benchmark's runner; install it with
``pip install -e '.[bench]'``. Timings are wall-clock per extractor, summed over pages that are interleaved (each page by
one extractor, then by the other) so both see the same load; single process, no warm-up excluded.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_AEB = ROOT.parent / "shared" / "eval" / "aeb"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    gold, got = shingles(true), shingles(pred)
    tp = sum(min(count, got[key]) for key, count in gold.items())
    fp = sum(max(0, count - gold[key]) for key, count in got.items())
    fn = sum(max(0, count - got[key]) for key, count in gold.items())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def metrics(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def ours(data: bytes, name: str) -> str:
    from extractor.errors import ExtractorError
    from extractor.pipeline import extract_bytes

    try:
        return extract_bytes(data, name).content.text
    except ExtractorError:
        return ""


def trafilatura_body(data: bytes, name: str) -> str:
    import trafilatura

    return trafilatura.extract(data.decode("utf-8", errors="replace"), include_comments=False) or ""


def run(contenders: dict, pages: list[tuple[str, bytes]]) -> tuple[dict, dict]:
    """Bodies and seconds per extractor. Pages are interleaved (page 1 by each, then page 2 ...)
    so that both extractors see the same load on a shared machine."""
    bodies: dict[str, dict[str, str]] = {name: {} for name in contenders}
    seconds = {name: 0.0 for name in contenders}
    for key, data in pages:
        for name, extract in contenders.items():
            start = time.perf_counter()
            bodies[name][key] = extract(data, key + ".html")
            seconds[name] += time.perf_counter() - start
    return bodies, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb", type=Path, default=DEFAULT_AEB, help="folder with html/ and ground-truth.json")
    parser.add_argument("--only", choices=("extractor", "trafilatura"), help="run one extractor only")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where ours scores worst")
    args = parser.parse_args(argv)

    truth = json.loads((args.aeb / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(path.name.split(".")[0], gzip.decompress(path.read_bytes())) for path in sorted((args.aeb / "html").glob("*.html.gz"))]
    pages = [(key, data) for key, data in pages if key in truth]
    contenders = {"extractor": ours, "trafilatura": trafilatura_body}
    if args.only:
        contenders = {args.only: contenders[args.only]}
    for name in list(contenders):
        try:
            contenders[name](pages[0][1], "probe.html")
        except ImportError as exc:
            print(f"{name}: not installed ({exc}); pip install -e '.[bench]'", file=sys.stderr)
            del contenders[name]
    bodies, seconds = run(contenders, pages)
    rows = []
    for name in contenders:
        counts = [tp_fp_fn(truth[key].get("articleBody", ""), bodies[name][key]) for key, _ in pages]
        rows.append((name, metrics(counts), len(pages) / seconds[name], seconds[name]))
        if name == "extractor" and args.worst:
            scored = sorted(((2 * c[0] / (2 * c[0] + c[1] + c[2]) if any(c) else 1.0, key, c)
                             for c, (key, _) in zip(counts, pages)))
            for f1, key, c in scored[:args.worst]:
                print(f"  worst {key[:16]} f1={f1:.3f} tp={c[0]:.2f} fp={c[1]:.2f} fn={c[2]:.2f}", file=sys.stderr)
    print(f"AEB: {len(pages)} pages")
    print(f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'docs/s':>7} {'seconds':>8}")
    for name, m, rate, seconds in rows:
        print(f"{name:<12} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {rate:>7.1f} {seconds:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
