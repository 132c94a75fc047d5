"""Quality per set and per site: what carries to sites the rules were not written for.

    python benchmarks/sites_bench.py                       # dev and dev2, each extracted as one batch
    python benchmarks/sites_bench.py --within-sites        # also dev2 inside its sites' 4,000 posts,
                                                           # dev inside its two sites' 6,248 posts
    python benchmarks/sites_bench.py --set dev2 -j 2 --no-templates

Every set is extracted as a batch (so the site template is learned as a user's batch would learn it)
and scored with ``extractor eval``'s scorer (the same figures as ``../shared/eval/score.py``), for the
whole set and for each site in it. A post's site is the corpus folder that holds a file of the same
name (``../shared/corpus/*/SITE/``); posts found in no corpus folder are reported as "other".
When a rule is added for one site, this is the table that says what it does on the others.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from extractor.checks.by_site import evaluate_by_site, site_of_each_post  # noqa: E402
from extractor.checks.evaluate import GoldSet, load_gold  # noqa: E402
from extractor.checks.records import read_records  # noqa: E402
from extractor.options import DEFAULT_OPTIONS, Options  # noqa: E402
from extractor.rules import Rules  # noqa: E402
from extractor.runner import run  # noqa: E402
from extractor.runstate import Output  # noqa: E402

# name -> (inputs of the set alone, gold, inputs of its whole sites)
SETS = {
    "dev": (SHARED / "eval/dev/articles", SHARED / "eval/dev/gold", SHARED / "corpus/techidaily"),
    "dev2": (SHARED / "eval/dev2/articles", SHARED / "eval/dev2/gold", SHARED / "corpus/techidaily-more"),
}
METRICS = ("step_f1", "procedure_exact", "boilerplate_leak", "content_kept")


def extract(inputs: list[Path], out: Path, jobs: int, templates: bool, options: Options = DEFAULT_OPTIONS) -> None:
    output = Output(str(out), force=True)
    try:
        run([str(p) for p in inputs], output.sink, jobs=jobs, state=output.state, force=True,
            learn_templates=templates, options=options)
        output.finish()
    finally:
        output.close()


def score(gold: GoldSet, records_path: Path, sites: dict[str, str], only_present: bool = False) -> dict[str, dict]:
    return evaluate_by_site(gold, list(read_records([str(records_path)])), sites, only_present)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", choices=sorted(SETS), help="only these sets (default: all)")
    parser.add_argument("--within-sites", action="store_true", help="also extract each set inside its whole sites")
    parser.add_argument("--no-templates", action="store_true", help="do not learn site templates (for comparison)")
    parser.add_argument("--rules", type=Path, help="a rules file merged over the packaged rules, as `extract "
                        "--rules` takes it (e.g. one that switches the furniture rules off, to see what the site "
                        "template does alone)")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    options = Options(rules=Rules.load(args.rules)) if args.rules else DEFAULT_OPTIONS
    sites = site_of_each_post([corpus for _, _, corpus in SETS.values()])
    print(f"{'set':<14} {'site':<24} {'docs':>5} " + " ".join(f"{m:>16}" for m in METRICS))
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.set or sorted(SETS):
            articles, gold_dir, corpus = SETS[name]
            gold = load_gold(str(gold_dir))
            runs = [(name, [articles])]
            if args.within_sites:
                runs.append((f"{name}@sites", [corpus]))
            for label, inputs in runs:
                out = Path(tmp) / f"{label}.jsonl"
                extract(inputs, out, args.jobs, not args.no_templates, options)
                for site, metrics in score(gold, out, sites, only_present=label.endswith("@sites")).items():
                    print(f"{label:<14} {site:<24} {metrics['docs']:>5} "
                          + " ".join(f"{metrics[m]:>16.4f}" for m in METRICS), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
