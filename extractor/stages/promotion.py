"""Does a procedure sell a product? ("Download and install Driver Easy. Run it and click Scan Now.")

Search ranks such procedures after manual ones, so apps can prefer steps a reader can follow
without buying anything. The signals are general (word lists in ``data/annotations.toml``):

* a step acquires a named product: an acquire verb (download, install, buy ...), optional fillers
  ("and install the free"), then a capitalised name that is not the platform's own tool;
* and the procedure backs it up: the name comes back in another step, or a step says it costs
  money (Pro version, free trial, license key), or a link goes to a download/product page.

One mention alone ("Download and install Chrome") is not enough.
"""
from __future__ import annotations

import re

from ..document import Document
from ..model import Link, Step
from .annotation_rules import annotation_rules


def promoted_product(steps: list[Step], title: str | None = None, doc: Document | None = None) -> str | None:
    """The product the steps sell, as first named; None for a procedure that needs nothing bought.

    ``title`` ("Method 3: Use Driver Easy") may name it too; ``doc`` lends the article's links, so a
    name linked to its download page anywhere in the article counts as backed up.
    """
    rules = annotation_rules().promotion
    texts = [text for step in steps for text in _texts(step)]
    step_links = [link for step in steps for link in _links(step)]
    article_links = _article_links(doc)
    for index, text in enumerate(texts):
        for match in rules.acquire.finditer(text):
            name = _product_name(match, rules)
            if name and (_named_again(name, index, texts) or _sold(name, texts, step_links, article_links, rules)):
                return name
    # a title names what the steps use; a platform tool is used the same way, so only a sales sign counts
    for match in rules.titled.finditer(title or ""):
        name = _product_name(match, rules)
        if name and _sold(name, texts, step_links, article_links, rules):
            return name
    return None


def _texts(step: Step) -> list[str]:
    return [step.text, *(text for sub in step.substeps for text in _texts(sub))]


def _product_name(match: re.Match, rules) -> str | None:
    words = match.group("name").split()
    while words and words[-1].lower() in ("and", "or", "to", "the"):
        words.pop()
    name = " ".join(words).rstrip(".,:;")
    if not name or name.lower() in rules.not_products or name.split()[0].lower() in rules.not_products:
        return None
    return name


def _named_again(name: str, index: int, texts: list[str]) -> bool:
    again = re.compile(rf"\b{re.escape(name)}\b")
    return any(again.search(text) for i, text in enumerate(texts) if i != index)


def _sold(name: str, texts: list[str], step_links: list[Link], article_links: list[Link], rules) -> bool:
    """A step says it costs money, a step links to a product page, or the article links the name to one."""
    if any(rules.commercial.search(text) for text in texts):
        return True
    slug = re.sub(r"\W+", "", name.lower())
    if any(rules.product_link.search(link.url) or slug in _squash(link.url) for link in step_links):
        return True
    return any(slug in _squash(link.text or "") and (rules.product_link.search(link.url) or slug in _squash(link.url))
               for link in article_links)


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _article_links(doc: Document | None) -> list[Link]:
    if doc is None:
        return []
    return [Link(text=text, url=url) for block in doc.walk() for text, url in block.links if url]


def _links(step: Step) -> list:
    return [*step.links, *(link for sub in step.substeps for link in _links(sub))]
