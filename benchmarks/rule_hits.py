"""Which boilerplate and furniture rules fire where: blocks labelled per rule, per site and per page type.

    python benchmarks/rule_hits.py                       # corpus sites (a sample each), dev, dev2, WCXB, AEB
    python benchmarks/rule_hits.py --per-site 0          # every corpus post (slow)
    python benchmarks/rule_hits.py --no-html --json /tmp/hits.json
    python benchmarks/rule_hits.py --rules no-phrases.toml   # what is left with some rules switched off

Columns: each Markdown site of ``../shared/corpus/*/`` (a seeded sample of ``--per-site`` posts, every
site extracted as its own batch, so its template is learned as a user's batch would learn it), the
eval sets dev and dev2 split by site (a post on no corpus site belongs to the docs repository its
file name starts with, "tauri-docs__...", else to "seed"), the docs repositories of
``../gold-extra/docs-more/split`` when that folder is there (one batch each), and the HTML sets
(WCXB dev per page type, AEB). A cell counts the blocks the rule labelled there.

``md`` is how many Markdown sites (corpus sites, docs repositories, seed) the rule fires on; a rule that fires on one site only, or whose phrases are one site's wording, is fitted to that
site: it says nothing about a site nobody has read. ``--json`` writes the counts for
``benchmarks/leave_site_out.py``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sites_bench  # noqa: E402
from extractor.checks.records import read_records  # noqa: E402
from extractor.options import DEFAULT_OPTIONS, Options  # noqa: E402
from extractor.rules import Rules  # noqa: E402

CORPORA = (SHARED / "corpus/techidaily", SHARED / "corpus/techidaily-more")
EVAL = {"dev": SHARED / "eval/dev/articles", "dev2": SHARED / "eval/dev2/articles"}
DOCS_MORE = ROOT.parent / "gold-extra/docs-more/split"  # four docs repositories (outside the repository)
HTML_PREFIXES = ("wcxb:", "aeb")
WCXB, AEB = SHARED / "eval/wcxb-dev", SHARED / "eval/aeb"
# rules no --rules file can switch off: the stage code decides them from shape (data/boilerplate.toml
# [[structural]]) and the HTML reader's (data/html_boilerplate.toml), counted but not "phrase" rules
SWITCHABLE = ("markup", "region", "lead_in", "phrase", "promo_link")


def rule_sections(rules: Rules) -> dict[str, str]:
    """rule name -> the rules-file table that switches it off (``furniture.rule``, ``boilerplate.phrase`` ...)."""
    found = {rule.name: "furniture.rule" for rule in rules.furniture.rule}
    for section in SWITCHABLE:
        for rule in getattr(rules.boilerplate, section, None) or []:
            found.setdefault(rule.name, f"boilerplate.{section}")
    return found


def _sample(folder: Path, per_site: int, seed: str) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    if per_site and len(files) > per_site:
        files = sorted(random.Random(seed).sample(files, per_site))
    return files


def _count(records_path: Path, column_of, hits, examples) -> Counter:
    docs: Counter = Counter()
    for loaded in read_records([str(records_path)]):
        data = loaded.data if isinstance(loaded.data, dict) else {}
        column = column_of((data.get("source") or {}).get("path", ""))
        docs[column] += 1
        for entry in data.get("boilerplate") or []:
            rule = entry.get("rule", "?")
            hits[rule][column] += 1
            if len(examples[rule][column]) < 3 and entry.get("text"):
                examples[rule][column].append(" ".join(entry["text"].split())[:90])
    return docs


def markdown_columns(per_site: int, options: Options, hits, examples, docs_more: Path | None) -> Counter:
    sites = sites_bench.site_of_each_post(list(CORPORA))
    docs: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in CORPORA:
            for site in sorted(p for p in corpus.iterdir() if p.is_dir()):
                out = Path(tmp) / f"{site.name}.jsonl"
                sites_bench.extract(_sample(site, per_site, site.name), out, 1, True, options)
                docs += _count(out, lambda _path, name=site.name: name, hits, examples)
                print(f"  {site.name}: {docs[site.name]} posts", file=sys.stderr, flush=True)
        for name, folder in EVAL.items():
            out = Path(tmp) / f"{name}.jsonl"
            sites_bench.extract([folder], out, 1, True, options)
            docs += _count(out, lambda path, name=name: f"{name}:{site_of(path, sites)}", hits, examples)
            print(f"  {name}: done", file=sys.stderr, flush=True)
        if docs_more and docs_more.is_dir():
            for repo in sorted(p for p in docs_more.iterdir() if p.is_dir()):
                out = Path(tmp) / f"docs-{repo.name}.jsonl"
                sites_bench.extract([repo], out, 1, True, options)
                docs += _count(out, lambda _path, name=repo.name: f"docs:{name}", hits, examples)
            print("  docs-more: done", file=sys.stderr, flush=True)
    return docs


def site_of(path: str, sites: dict[str, str]) -> str:
    """A post's corpus site; else the docs repository its name starts with ("tauri-docs__src__..."),
    else "seed"."""
    name = Path(path).name
    if name.lower() in sites:
        return sites[name.lower()]
    return name.split("__", 1)[0] if "__" in name else "seed"


def html_columns(options: Options, hits, examples) -> Counter:
    from extractor.checks.wcxb import load_wcxb_gold
    from extractor.errors import ExtractorError
    from extractor.pipeline import extract_bytes

    pages: list[tuple[str, bytes]] = []
    gold = load_wcxb_gold(str(WCXB / "ground-truth"))
    pages += [(f"wcxb:{page.page_type}", gzip.decompress((WCXB / "html" / f"{page.key}.html.gz").read_bytes()))
              for page in gold.pages]
    pages += [("aeb", gzip.decompress(path.read_bytes())) for path in sorted((AEB / "html").glob("*.html.gz"))]
    docs: Counter = Counter()
    for column, data in pages:
        docs[column] += 1
        try:
            record = extract_bytes(data, "page.html", options=options)
        except ExtractorError:
            continue
        for entry in record.boilerplate:
            hits[entry.rule][column] += 1
            if len(examples[entry.rule][column]) < 3:
                examples[entry.rule][column].append(" ".join(entry.text.split())[:90])
    return docs


def markdown_site_columns(columns) -> list[str]:
    """The Markdown columns (a corpus site, "dev:<site>", "docs:<repo>"), not the HTML ones."""
    return sorted(c for c in columns if not c.startswith(HTML_PREFIXES))


def sites_fired(counts: dict, md_columns: list[str]) -> list[str]:
    """The Markdown sites a rule fires on (a dev post counts with its site, "dev:tauri-docs" is tauri-docs)."""
    return sorted({c.split(":", 1)[-1] for c in md_columns if counts.get(c)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-site", type=int, default=400, help="posts sampled per corpus site (0: all)")
    parser.add_argument("--docs-more", type=Path, default=DOCS_MORE, help="folder of docs repositories, one "
                        "Markdown site each (default: ../gold-extra/docs-more/split when it is there)")
    parser.add_argument("--no-html", action="store_true", help="leave out WCXB and AEB")
    parser.add_argument("--rules", type=Path, help="a rules file merged over the packaged rules")
    parser.add_argument("--json", type=Path, help="write {docs, hits, sections} here")
    parser.add_argument("--examples", action="store_true", help="print up to three texts per rule and column")
    args = parser.parse_args(argv)
    rules = Rules.load(args.rules) if args.rules else DEFAULT_OPTIONS.resolved().rules
    options = Options(rules=rules) if args.rules else DEFAULT_OPTIONS
    hits: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    docs = markdown_columns(args.per_site, options, hits, examples, args.docs_more)
    if not args.no_html:
        docs += html_columns(options, hits, examples)
    columns = sorted(docs, key=lambda c: (c.startswith(HTML_PREFIXES), ":" in c, c))
    md_sites = markdown_site_columns(columns)
    sections = rule_sections(rules)
    short = {c: c.replace("site-", "").replace("wcxb:", "w:").replace("dev2:", "d2:").replace("dev:", "d:").replace("docs:", "x:")[:9]
             for c in columns}
    print(f"{'rule':<26} {'table':<20} {'md':>3} " + " ".join(f"{short[c]:>9}" for c in columns))
    print(f"{'(documents)':<26} {'':<20} {'':>3} " + " ".join(f"{docs[c]:>9}" for c in columns))
    for rule in sorted(hits, key=lambda r: (sections.get(r, "~"), r)):
        fired = sites_fired(hits[rule], md_sites)
        flag = "*" if len(fired) == 1 else " "
        print(f"{rule[:26]:<26} {sections.get(rule, 'structural/html')[:20]:<20} {len(fired):>2}{flag} "
              + " ".join(f"{hits[rule].get(c, 0):>9}" for c in columns))
    print("\n* fires on one Markdown site only (a suspect of fitting that site)")
    if args.examples:
        for rule in sorted(hits):
            print(f"\n{rule}")
            for column, texts in sorted(examples[rule].items()):
                for text in texts:
                    print(f"    {column:<22} {text}")
    if args.json:
        args.json.write_text(json.dumps({"docs": docs, "hits": hits, "sections": sections,
                                         "md_sites": md_sites}, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
