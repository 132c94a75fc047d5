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

from ..model import Step
from .annotation_rules import annotation_rules


def promoted_product(steps: list[Step]) -> str | None:
    """The product the steps sell, as first named; None for a procedure that needs nothing bought."""
    rules = annotation_rules().promotion
    texts = [text for step in steps for text in _texts(step)]
    for index, text in enumerate(texts):
        for match in rules.acquire.finditer(text):
            name = _clean(match.group("name"))
            if not name or name.lower() in rules.not_products or name.split()[0].lower() in rules.not_products:
                continue
            if _backed_up(name, index, texts, steps, rules):
                return name
    return None


def _texts(step: Step) -> list[str]:
    return [step.text, *(text for sub in step.substeps for text in _texts(sub))]


def _clean(name: str) -> str:
    words = name.split()
    while words and words[-1].lower() in ("and", "or", "to", "the"):
        words.pop()
    return " ".join(words).rstrip(".,:;")


def _backed_up(name: str, index: int, texts: list[str], steps: list[Step], rules) -> bool:
    again = re.compile(rf"\b{re.escape(name)}\b")
    if any(again.search(text) for i, text in enumerate(texts) if i != index):
        return True
    if any(rules.commercial.search(text) for text in texts):
        return True
    slug = re.sub(r"\W+", "", name.lower())
    links = [link for step in steps for link in _links(step)]
    return any(slug and slug in re.sub(r"\W+", "", link.url.lower()) or rules.product_link.search(link.url)
               for link in links)


def _links(step: Step) -> list:
    return [*step.links, *(link for sub in step.substeps for link in _links(sub))]
