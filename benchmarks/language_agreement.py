"""How often extractor's language detector agrees with py3langid, on real text.

    pip install py3langid    # for this measurement only; extractor does not depend on it
    python benchmarks/language_agreement.py [--sample 300] [--seed 1] DIR_OR_FILE...

For each input (Markdown, HTML, ``.html.gz``; a random sample of ``--sample`` per directory) the record's
cleaned content (title and ``content.text``) goes to both detectors; inputs where py3langid is not
confident or shows fewer than 200 letters are counted apart. A second figure covers short texts: the titles
of the "Also read" link lists the corpus's posts carry (other sites' posts, many languages), each at least
20 characters, where py3langid names one of our languages, with one function word enough to decide. Prints agreement overall and per language
(py3langid's label), and the confusions.
"""
from __future__ import annotations

import argparse
import gzip
import random
import sys
from collections import Counter
from pathlib import Path

from extractor import extract_bytes
from extractor.errors import ExtractorError
from extractor.rules import default_rules
from extractor.stages.language import detect_language

SUFFIXES = (".md", ".markdown", ".html", ".htm", ".html.gz")


def inputs(paths: list[str], sample: int, rng: random.Random) -> list[Path]:
    chosen: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_file():
            chosen.append(path)
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES))
        chosen.extend(rng.sample(files, min(sample, len(files))) if sample else files)
    return chosen


def record_of(path: Path):
    data = path.read_bytes()
    name = str(path)
    if name.endswith(".gz"):
        data, name = gzip.decompress(data), name[:-3]
    return extract_bytes(data, name)


def main(argv: list[str] | None = None) -> int:
    import py3langid  # noqa: PLC0415 (measurement-only dependency)

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--sample", type=int, default=300, help="inputs per directory (0 = all)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    ours = set(default_rules().language_words.languages)
    documents: Counter[tuple[str, str]] = Counter()
    titles: Counter[tuple[str, str]] = Counter()
    skipped = 0
    for path in inputs(args.paths, args.sample, random.Random(args.seed)):
        try:
            record = record_of(path)
        except ExtractorError:
            continue
        text = f"{record.metadata.title or ''}\n{record.content.text}"
        if sum(c.isalpha() for c in text) < 200:
            skipped += 1
            continue
        theirs = py3langid.classify(text[:20000])[0]
        documents[(theirs, detect_language(text) or "-")] += 1
        for item in record.boilerplate:
            for link in item.links if item.rule == "also-read" else []:
                if len(link.text) >= 20:
                    label = py3langid.classify(link.text)[0]
                    if label in ours:
                        titles[(label, detect_language(link.text, min_hits=1) or "-")] += 1
    report("documents", documents, ours)
    print(f"  ({skipped} inputs with under 200 letters of content left out)")
    report("link-list titles (>= 20 chars, py3langid says one of ours)", titles, ours)
    return 0


def report(what: str, pairs: Counter[tuple[str, str]], ours: set[str]) -> None:
    total = sum(pairs.values())
    agree = sum(n for (theirs, mine), n in pairs.items() if theirs == mine)
    in_ours = sum(n for (theirs, _), n in pairs.items() if theirs in ours)
    agree_ours = sum(n for (theirs, mine), n in pairs.items() if theirs == mine and theirs in ours)
    print(f"{what}: {total} texts, agreement {agree / max(1, total):.3f}; "
          f"on texts py3langid puts in our languages {agree_ours / max(1, in_ours):.3f} ({in_ours})")
    by_lang: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for (theirs, mine), n in pairs.items():
        by_lang[theirs] += n
        hit[theirs] += n if theirs == mine else 0
    print("  per language (py3langid's label): " + ", ".join(
        f"{lang} {hit[lang]}/{n}" for lang, n in by_lang.most_common()))
    confusions = [(n, theirs, mine) for (theirs, mine), n in pairs.items() if theirs != mine]
    if confusions:
        print("  disagreements (py3langid -> ours): " + ", ".join(
            f"{theirs}->{mine} {n}" for n, theirs, mine in sorted(confusions, reverse=True)[:15]))


if __name__ == "__main__":
    sys.exit(main())
