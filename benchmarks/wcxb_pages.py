"""WCXB dev page by page: save extractor's text of every page, score saved runs per page type, and list
the tuning pages whose score changed between two runs.

    python benchmarks/wcxb_pages.py save /tmp/run-a.json         # extractor's text of every page
    python benchmarks/wcxb_pages.py score /tmp/run-a.json /tmp/run-b.json
    python benchmarks/wcxb_pages.py diff /tmp/run-a.json /tmp/run-b.json

The held-out fifth (file ids divisible by 5, as ``wcxb_bench.py --held-out`` splits it) is scored as a
whole by ``score`` and never listed by ``diff``: tune on the other pages only. Scores are the benchmark's
(``extractor.checks.wcxb.score_page``): word F1 and the share of ``without`` snippets leaked.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from extractor.checks.wcxb import load_wcxb_gold, score_page
from extractor.errors import ExtractorError
from extractor.pipeline import extract_bytes

DEFAULT_WCXB = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "wcxb-dev"


def held_out(key: str) -> bool:
    return int(key) % 5 == 0


def save(folder: Path, out: Path) -> None:
    gold = load_wcxb_gold(str(folder / "ground-truth"))
    texts = {}
    for page in gold.pages:
        data = gzip.decompress((folder / "html" / f"{page.key}.html.gz").read_bytes())
        try:
            texts[page.key] = extract_bytes(data, f"{page.key}.html.gz").content.text
        except ExtractorError:
            texts[page.key] = ""
    out.write_text(json.dumps(texts), encoding="utf-8")
    print(f"{len(texts)} pages -> {out}", file=sys.stderr)


def score(folder: Path, runs: list[Path]) -> None:
    gold = load_wcxb_gold(str(folder / "ground-truth"))
    kinds = sorted({p.page_type for p in gold.pages})
    loaded = [(run, json.loads(run.read_text(encoding="utf-8"))) for run in runs]
    for title, pages in (("tuning", [p for p in gold.pages if not held_out(p.key)]),
                         ("held-out fifth", [p for p in gold.pages if held_out(p.key)])):
        print(f"{title}: {len(pages)} pages (cells: F1 / without leaked)")
        print(f"{'run':<24}{'F1':>8}{'leak':>8} " + " ".join(f"{k[:11]:>13}" for k in kinds))
        for run, texts in loaded:
            scores = [score_page(p, texts.get(p.key, "")) for p in pages]

            def mean(rows, attr):
                return sum(getattr(r, attr) for r in rows) / len(rows) if rows else 0.0
            cells = []
            for kind in kinds:
                rows = [s for s in scores if s.page_type == kind]
                cells.append(f"{mean(rows, 'f1'):.3f}/{mean(rows, 'without_leaked'):.3f}")
            print(f"{run.stem[-24:]:<24}{mean(scores, 'f1'):>8.4f}{mean(scores, 'without_leaked'):>8.4f} "
                  + " ".join(f"{c:>13}" for c in cells))


def diff(folder: Path, before: Path, after: Path) -> None:
    gold = load_wcxb_gold(str(folder / "ground-truth"))
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    for page in gold.pages:
        if held_out(page.key) or a.get(page.key) == b.get(page.key):
            continue  # the held-out fifth: as a whole only (score)
        sa, sb = score_page(page, a.get(page.key, "")), score_page(page, b.get(page.key, ""))
        print(f"{page.key} {page.page_type} F1 {sa.f1:.3f}->{sb.f1:.3f} ({sb.f1 - sa.f1:+.3f}) "
              f"leak {sa.without_leaked:.2f}->{sb.without_leaked:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wcxb", type=Path, default=DEFAULT_WCXB, help="folder with html/ and ground-truth/")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("save", help="extract every page, write {id: text} as JSON").add_argument("out", type=Path)
    sub.add_parser("score", help="F1 / leak per page type, tuning and held-out").add_argument("runs", type=Path,
                                                                                               nargs="+")
    pair = sub.add_parser("diff", help="tuning pages whose text changed, with their scores")
    pair.add_argument("before", type=Path)
    pair.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "save":
        save(args.wcxb, args.out)
    elif args.command == "score":
        score(args.wcxb, args.runs)
    else:
        diff(args.wcxb, args.before, args.after)


if __name__ == "__main__":
    main()
