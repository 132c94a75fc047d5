"""What a signal separates, before anyone builds on it: the share of gold boilerplate snippets and of gold
content snippets each candidate signal flags, per gold set.

    python benchmarks/signal_study.py ../shared/eval/dev2 /path/to/gold-set ...

A gold set is a folder with ``articles/`` (one sub-folder per source, or the articles themselves: one
source) and ``gold/FILE.json`` per article (``../shared/eval/ANNOTATION.md``). Each snippet is placed on the
first source line holding it (compared as the scorer compares text) and the signals are read there:

* ``exact``: the line recurs as it is, or by its shape, in another article of the same source (what the site
  pass learns from a large batch);
* ``near``: a line of another article of the same source shares at least half of the line's words
  (``corpus.template.near_words``: what the site pass's near lines learn from a small site);
* ``isolated``: at most a fifth of the line's rarer words occur anywhere else in its article (promos and
  sign-offs talk about something else than the post);
* ``host_repeat``: the line links (a Markdown link or a written-out address) to a host that a line of another
  article of the same source links to too (the author's profiles, a shop, a partner: where furniture points).

A signal worth building on flags many boilerplate snippets and few content snippets on the sets nobody tuned
on; one that flags both alike is a phrase list in disguise. Nothing is extracted: this reads the gold and the
articles only.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.checks.evaluate import normalise  # noqa: E402
from extractor.corpus.template import line_key, near_words, shape_of, split_front_matter_lines  # noqa: E402
from extractor.rules import default_rules  # noqa: E402

SIGNALS = ("exact", "near", "isolated", "host_repeat")
_HOST = re.compile(r"(?:\]\(|(?<![\w(/]))(?:https?:)?//(?:www\.)?([^/\s)>\]\"']+)", re.IGNORECASE)


def sources(set_dir: Path) -> dict[str, list[Path]]:
    """Each source's articles: the sub-folders of ``articles/``, or ``articles/`` itself as one source."""
    articles = set_dir / "articles"
    found = {folder.name: sorted(p for p in folder.iterdir() if p.is_file())
             for folder in sorted(articles.iterdir()) if folder.is_dir()}
    loose = sorted(p for p in articles.iterdir() if p.is_file())
    if loose:
        found["(articles)"] = loose
    return found


class Article:
    def __init__(self, path: Path, shape) -> None:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        self.lines = [line for line in lines[split_front_matter_lines(lines)[1]:] if line.strip()]
        self.keys = [line_key(line, shape=shape) for line in self.lines]
        self.words = [near_words(key.key) if key else frozenset() for key in self.keys]
        self.squashed = [normalise(line).replace(" ", "") for line in self.lines]
        self.hosts = [{host.lower() for host in _HOST.findall(line)} for line in self.lines]

    def line_of(self, snippet: str) -> int | None:
        wanted = normalise(snippet).replace(" ", "")
        return next((i for i, line in enumerate(self.squashed) if wanted and wanted in line), None)


def signals(article: Article, i: int, others: list[Article], rare) -> set[str]:
    found = set()
    key, words = article.keys[i], article.words[i]
    if key is not None and any(
            k is not None and (k.key == key.key or (key.shape is not None and k.shape == key.shape))
            for other in others for k in other.keys):
        found.add("exact")
    if len(words) >= 3 and any(len(words & w) >= 0.5 * len(words | w) for other in others for w in other.words):
        found.add("near")
    if article.hosts[i] and any(article.hosts[i] & hosts for other in others for hosts in other.hosts):
        found.add("host_repeat")
    own = {w for w in words if rare(w)}
    if len(own) >= 3:
        elsewhere = set().union(*(w for j, w in enumerate(article.words) if j != i))
        if len(own & elsewhere) <= 0.2 * len(own):
            found.add("isolated")
    return found


def study(set_dir: Path, shape) -> dict[str, Counter]:
    tally = {"boilerplate": Counter(), "content": Counter()}
    groups = {name: {p.name: Article(p, shape) for p in paths} for name, paths in sources(set_dir).items()}
    document_frequency = Counter(w for arts in groups.values() for a in arts.values() for w in set().union(*a.words))
    n_articles = sum(len(arts) for arts in groups.values())

    def rare(word: int) -> bool:  # a word in few of the set's articles: not a function word of its language
        return document_frequency[word] <= max(2, 0.15 * n_articles)

    for arts in groups.values():
        for name, article in arts.items():
            gold_file = set_dir / "gold" / f"{name}.json"
            if not gold_file.exists():
                continue
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            others = [a for other, a in arts.items() if other != name]
            for kind in tally:
                for snippet in gold.get(kind, []):
                    i = article.line_of(snippet)
                    if i is None:
                        continue
                    tally[kind]["snippets"] += 1
                    tally[kind].update(signals(article, i, others, rare))
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", type=Path, help="gold set folders (articles/, gold/)")
    args = parser.parse_args(argv)
    shape = shape_of(default_rules().site_template)
    print(f"{'set':24} {'kind':12} {'snippets':>8}  " + "  ".join(f"{s:>9}" for s in SIGNALS))
    for set_dir in args.sets:
        for kind, counts in study(set_dir, shape).items():
            n = counts["snippets"]
            shares = "  ".join(f"{counts[s] / n:9.2f}" if n else f"{'-':>9}" for s in SIGNALS)
            print(f"{set_dir.name[:24]:24} {kind:12} {n:8}  {shares}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
