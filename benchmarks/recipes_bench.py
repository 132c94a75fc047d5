"""Recipe step quality, with a held-out half of the sites the rules were never tuned on.

    python benchmarks/recipes_bench.py                    # recipes-dev and recipes-more, both halves
    python benchmarks/recipes_bench.py --records /tmp/rd.jsonl /tmp/rm.jsonl   # score existing runs
    python benchmarks/recipes_bench.py --tuning-gold /tmp/tuning-gold          # the tuning half's gold, for score.py -v

A page's site is the host in its gold file's name (``host__name_N.html.gz.json``). recipes-more is split
by site, decided before any failure was looked at: a site whose SHA-256 starts with an odd byte is
held out. Look only at the tuning half's misses (``--tuning-gold`` writes links to its gold files, for
``../shared/eval/score.py -v``); the held-out half says whether a change carries to sites nobody read.
recipes-dev shares no site with recipes-more and is reported whole.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from extractor.checks.evaluate import GoldSet, evaluate, load_gold  # noqa: E402
from extractor.checks.records import read_records  # noqa: E402
from extractor.runner import run  # noqa: E402
from extractor.runstate import Output  # noqa: E402

SETS = {
    "recipes-dev": SHARED / "eval/recipes-dev",
    "recipes-more": SHARED / "eval/recipes-more",
}
METRICS = ("step_f1", "step_precision", "step_recall", "procedure_recall", "procedure_exact", "content_kept")


def site(document: dict) -> str:
    return document["source"].split("__", 1)[0].lower()


def held_out(site_name: str) -> bool:
    return hashlib.sha256(site_name.encode("utf-8")).digest()[0] % 2 == 1


def halves(gold: GoldSet) -> dict[str, GoldSet]:
    tuning = [d for d in gold.documents if not held_out(site(d))]
    held = [d for d in gold.documents if held_out(site(d))]
    return {"all": gold, "tuning": GoldSet(tuning), "held-out": GoldSet(held)}


def extract(pages: Path, out: Path, jobs: int) -> None:
    output = Output(str(out), force=True)
    try:
        run([str(pages)], output.sink, jobs=jobs, state=output.state, force=True)
        output.finish()
    finally:
        output.close()


def write_tuning_gold(directory: Path) -> int:
    """Links to the tuning half's gold files of recipes-more in ``directory``; returns how many."""
    directory.mkdir(parents=True, exist_ok=True)
    gold_dir = SETS["recipes-more"] / "gold"
    count = 0
    for document in load_gold(str(gold_dir)).documents:
        if not held_out(site(document)):
            name = document["source"] + ".json"
            target = directory / name
            if not target.exists():
                os.symlink(gold_dir / name, target)
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", nargs=2, metavar=("DEV", "MORE"), help="score these runs instead of extracting")
    parser.add_argument("--tuning-gold", type=Path, help="write links to the tuning half's gold here and stop")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    if args.tuning_gold:
        print(f"{write_tuning_gold(args.tuning_gold)} gold files in {args.tuning_gold}")
        return 0
    print(f"{'set':<14} {'half':<9} {'docs':>5} {'sites':>5} " + " ".join(f"{m:>16}" for m in METRICS))
    with tempfile.TemporaryDirectory() as tmp:
        for index, (name, folder) in enumerate(SETS.items()):
            out = Path(args.records[index]) if args.records else Path(tmp) / f"{name}.jsonl"
            if not args.records:
                extract(folder / "pages", out, args.jobs)
            records = list(read_records([str(out)]))
            gold = load_gold(str(folder / "gold"))
            parts = halves(gold) if name == "recipes-more" else {"all": gold}
            for half, part in parts.items():
                metrics = evaluate(part, records).metrics
                sites = len({site(d) for d in part.documents})
                print(f"{name:<14} {half:<9} {metrics['docs']:>5} {sites:>5} "
                      + " ".join(f"{metrics[m]:>16.4f}" for m in METRICS), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
