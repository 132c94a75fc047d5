"""Main content on WCXB (per page type) and AEB, extractor beside trafilatura, in one run.

    python benchmarks/wcxb_bench.py [--wcxb ../shared/eval/wcxb-dev] [--aeb ../shared/eval/aeb]
                                    [--only extractor] [--no-aeb] [--held-out]

WCXB (the web content extraction benchmark: ``html/NNNN.html.gz`` and ``ground-truth/NNNN.json``) is
scored as ``extractor eval`` scores it (``extractor/checks/wcxb.py``, the benchmark's own figures):
word F1 of the main text per page, means overall and per page type, and the share of "with" snippets
found / "without" snippets leaked. trafilatura runs as the benchmark's runner calls it (``extract`` on
the page's bytes, default options). AEB is then scored as ``benchmarks/aeb_bench.py`` does it. Pages are
interleaved (each page by one extractor, then by the other) so both see the same load; docs/s is
pages over the wall-clock seconds spent in each extractor, single process.

``--held-out`` also prints the figures on every fifth WCXB page (file ids divisible by 5), the part of
the dev split kept aside while tuning the HTML reader, so a change that only fits the rest shows.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import aeb_bench  # noqa: E402  (sibling module: AEB loading, scoring and the interleaved runner)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WCXB = ROOT.parent / "shared" / "eval" / "wcxb-dev"


def trafilatura_wcxb(data: bytes, name: str) -> str:
    import trafilatura

    return trafilatura.extract(data) or ""


def _available(contenders: dict, probe: bytes) -> dict:
    for name in list(contenders):
        try:
            contenders[name](probe, "probe.html")
        except ImportError as exc:
            print(f"{name}: not installed ({exc}); pip install -e '.[bench]'", file=sys.stderr)
            del contenders[name]
    return contenders


def wcxb_table(title: str, contenders: dict, gold_pages: list, bodies: dict, seconds: dict | None) -> None:
    from extractor.checks.wcxb import score_page

    kinds = sorted({page.page_type for page in gold_pages})
    print(f"{title}: {len(gold_pages)} pages")
    header = f"{'extractor':<12} {'F1':>6} {'with':>6} {'leak':>6} " + " ".join(f"{k[:8]:>8}" for k in kinds)
    print(header + (f" {'docs/s':>7}" if seconds else ""))
    for name in contenders:
        scores = [score_page(page, bodies[name][page.key]) for page in gold_pages]
        mean = lambda rows, attr: sum(getattr(r, attr) for r in rows) / len(rows) if rows else 0.0  # noqa: E731
        by_kind = " ".join(f"{mean([s for s in scores if s.page_type == k], 'f1'):>8.3f}" for k in kinds)
        line = f"{name:<12} {mean(scores, 'f1'):>6.3f} {mean(scores, 'with_found'):>6.3f} {mean(scores, 'without_leaked'):>6.3f} {by_kind}"
        print(line + (f" {len(gold_pages) / seconds[name]:>7.1f}" if seconds else ""))


def run_wcxb(folder: Path, only: str | None, held_out: bool) -> None:
    from extractor.checks.wcxb import load_wcxb_gold

    gold = load_wcxb_gold(str(folder / "ground-truth"))
    pages = [(page.key, gzip.decompress((folder / "html" / f"{page.key}.html.gz").read_bytes())) for page in gold.pages]
    contenders = {"extractor": aeb_bench.ours, "trafilatura": trafilatura_wcxb}
    if only:
        contenders = {only: contenders[only]}
    contenders = _available(contenders, pages[0][1])
    bodies, seconds = aeb_bench.run(contenders, pages)
    wcxb_table(f"WCXB {folder.name}", contenders, gold.pages, bodies, seconds)
    if held_out:
        wcxb_table("  held-out fifth", contenders, [p for p in gold.pages if int(p.key) % 5 == 0], bodies, None)


def run_aeb(folder: Path, only: str | None) -> None:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(path.name.split(".")[0], gzip.decompress(path.read_bytes())) for path in sorted((folder / "html").glob("*.html.gz"))]
    pages = [(key, data) for key, data in pages if key in truth]
    contenders = {"extractor": aeb_bench.ours, "trafilatura": aeb_bench.trafilatura_body}
    if only:
        contenders = {only: contenders[only]}
    contenders = _available(contenders, pages[0][1])
    bodies, seconds = aeb_bench.run(contenders, pages)
    print(f"AEB: {len(pages)} pages")
    print(f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'docs/s':>7}")
    for name in contenders:
        m = aeb_bench.metrics([aeb_bench.tp_fp_fn(truth[key].get("articleBody", ""), bodies[name][key]) for key, _ in pages])
        print(f"{name:<12} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {len(pages) / seconds[name]:>7.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wcxb", type=Path, default=DEFAULT_WCXB, help="folder with html/ and ground-truth/")
    parser.add_argument("--aeb", type=Path, default=aeb_bench.DEFAULT_AEB, help="folder with html/ and ground-truth.json")
    parser.add_argument("--only", choices=("extractor", "trafilatura"), help="run one extractor only")
    parser.add_argument("--no-aeb", action="store_true", help="WCXB only")
    parser.add_argument("--held-out", action="store_true", help="also show the figures on every fifth WCXB page")
    args = parser.parse_args(argv)
    run_wcxb(args.wcxb, args.only, args.held_out)
    if not args.no_aeb:
        run_aeb(args.aeb, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
