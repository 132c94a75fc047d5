"""How we would do on a site nobody here has read: each eval site scored with the rules that fire only
on that site switched off.

    python benchmarks/rule_hits.py --no-html --json /tmp/hits.json     # which rule fires on which site
    python benchmarks/leave_site_out.py --hits /tmp/hits.json          # dev and dev2, per site
    python benchmarks/leave_site_out.py --hits /tmp/hits.json --within-sites   # also inside the whole sites

For every site of dev and dev2 (a corpus site, a docs repository, "seed": as ``rule_hits.py`` names
them) and every docs repository of ``--docs-more``, the phrase rules (``[[furniture.rule]]`` and ``[[boilerplate.markup|region|lead_in|phrase|
promo_link]]``) that fire on that Markdown site and on no other one are switched off by a rules file
(``enabled = false``), the set is extracted as one batch with it, and the site's own documents are
scored. Those rules were, as far as the corpus can tell, written for that site: with them off, the
site stands in for an unseen one. The structural rules (link density, repetition, the site template)
always stay: they carry by construction.

``--extra-off NAME`` switches a rule off on every site too (to see what a rule is worth).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sites_bench  # noqa: E402
from rule_hits import DOCS_MORE, site_of, sites_fired  # noqa: E402
from extractor.checks.evaluate import load_gold  # noqa: E402
from extractor.options import Options  # noqa: E402
from extractor.rules import Rules  # noqa: E402

METRICS = sites_bench.METRICS


def fitted_rules(hits: dict, site: str) -> list[str]:
    """The switchable rules that fire on ``site`` and on no other Markdown site."""
    sections = hits["sections"]
    return sorted(rule for rule, counts in hits["hits"].items()
                  if rule in sections and sites_fired(counts, hits["md_sites"]) == [site])


def rules_file(names: list[str], sections: dict[str, str], path: Path) -> Path:
    lines = []
    for name in names:
        lines += [f"[[{sections[name]}]]", f'name = "{name}"', "enabled = false", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hits", type=Path, required=True, help="the --json file of benchmarks/rule_hits.py")
    parser.add_argument("--set", action="append", choices=sorted(sites_bench.SETS), help="only these sets")
    parser.add_argument("--within-sites", action="store_true", help="also extract each set inside its whole sites")
    parser.add_argument("--site", action="append", help="only these sites (e.g. site-app-tips)")
    parser.add_argument("--extra-off", action="append", default=[], help="switch this rule off everywhere too")
    parser.add_argument("--docs-more", type=Path, default=DOCS_MORE, help="docs repositories (folder/<repo>), "
                        "gold in the sibling goldsplit/<repo>; each its own site")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    hits = json.loads(args.hits.read_text(encoding="utf-8"))
    corpus_sites = sites_bench.site_of_each_post([corpus for _, _, corpus in sites_bench.SETS.values()])
    print(f"{'set':<14} {'site':<24} {'docs':>5} " + " ".join(f"{m:>16}" for m in METRICS) + "  rules off")
    with tempfile.TemporaryDirectory() as tmp:
        sets = {name: sites_bench.SETS[name] for name in args.set or sorted(sites_bench.SETS)}
        if args.docs_more and args.docs_more.is_dir() and not args.set:
            sets.update({f"docs:{repo.name}": (repo, args.docs_more.parent / "goldsplit" / repo.name, None)
                         for repo in sorted(p for p in args.docs_more.iterdir() if p.is_dir())})
        for name, (articles, gold_dir, corpus) in sets.items():
            gold = load_gold(str(gold_dir))
            sites = {doc["source"].lower(): site_of(doc["source"], corpus_sites) for doc in gold.documents}
            for site in sorted(set(sites.values())):
                if args.site and site not in args.site:
                    continue
                off = sorted(set(fitted_rules(hits, site)) | set(args.extra_off))
                rules = Rules.load(rules_file(off, hits["sections"], Path(tmp) / f"{site}.toml"))
                runs = [(name, [articles])]
                if args.within_sites and corpus is not None and site in corpus_sites.values():
                    runs.append((f"{name}@sites", [corpus]))
                for label, inputs in runs:
                    out = Path(tmp) / f"{label.replace(':', '-')}-{site}.jsonl"
                    sites_bench.extract(inputs, out, args.jobs, True, Options(rules=rules))
                    metrics = sites_bench.score(gold, out, sites, only_present=label.endswith("@sites"))[site]
                    print(f"{label:<14} {site:<24} {metrics['docs']:>5} "
                          + " ".join(f"{metrics[m]:>16.4f}" for m in METRICS) + "  " + (", ".join(off) or "-"),
                          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
