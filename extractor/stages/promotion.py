"""Does a procedure sell a product? ("Download and install Driver Easy. Run it and click Scan Now.")

Search ranks such procedures after manual ones, so apps can prefer steps a reader can follow
without buying anything. The signals are general (word lists in ``data/annotations.toml``):

* a step acquires a named product: an acquire verb (download, install, buy ...), optional fillers
  ("and install the free"), then a capitalised name that is not the platform's own tool, nor what
  the article is about (its title: "Zoom camera not working" then "Reinstall Zoom");
* and something says it is sold: the steps say it costs money (Pro version, free trial, license
  key) where it is named or while they keep using it, or a link about it goes to a download or
  product page.

A title "Method 3: Use <Name>" names the product too, when the article links it to its page.
A product the article itself is about (its title names it) is not a sale.
Downloading a free app the steps then use ("Download and install Firefox. Open Firefox.") is not
a sale.
"""
from __future__ import annotations

import re

from ..document import Document
from ..memo import Memo
from ..model import Step
from .annotation_rules import annotation_rules


def promoted_product(steps: list[Step], title: str | None = None, doc: Document | None = None,
                     article_links: ArticleLinks | None = None) -> str | None:
    """The product the steps sell, as first named; None for a procedure that needs nothing bought.

    ``title`` ("Method 3: Use Driver Easy") may name it too; ``doc`` lends the article's title and
    links (``article_links``: those links, read once for all of the article's procedures). A product
    the article is about ("Reinstall the Zoom client") is its subject, not a sale.
    """
    rules = annotation_rules().promotion
    texts = [text for step in steps for text in _texts(step)]
    known_links: list[tuple[str, str]] | None = None

    def every_link() -> list[tuple[str, str]]:
        """The steps' links, then the article's, as (text, URL): built once, and only when a name needs
        them (most procedures name no product, and an article has hundreds of links)."""
        nonlocal known_links
        if known_links is None:
            known_links = [(link.text, link.url) for step in steps for link in _links(step)] + \
                (article_links.links() if article_links is not None else _article_links(doc))
        return known_links

    subject = _article_title(doc)
    for index, text in enumerate(texts):
        for name in _acquired_names(text, rules):
            if not name or re.search(rf"\b{re.escape(name)}\b", subject, re.IGNORECASE):
                continue  # the article is about it: "Zoom camera not working" reinstalls Zoom, sells nothing
            if _links_to_it(name, every_link(), rules) or _costs_money(name, index, texts, rules):
                return name
    # a title names what the steps use; a platform tool is used the same way, so only a link to the
    # product's own page counts
    for match in rules.titled.finditer(title or ""):
        name = _product_name(match, rules)
        if name and _links_to_it(name, every_link(), rules):
            return name
    return None


# The names a step text acquires, as ``_product_name`` reads them (None where it reads none): the
# same step texts recur from post to post, and the acquire pattern is long.
_acquired = Memo(maxsize=1024)


def _acquired_names(text: str, rules) -> tuple[str | None, ...]:
    return _acquired.for_owner(rules).get_or(
        text, lambda: tuple(_product_name(match, rules) for match in rules.acquire.finditer(text)))


def _texts(step: Step) -> list[str]:
    return [step.text, *(text for sub in step.substeps for text in _texts(sub))]


def _product_name(match: re.Match, rules) -> str | None:
    words = match.group("name").split()
    while words and words[-1].lower() in rules.trailing_words:
        words.pop()
    name = " ".join(words).rstrip(".,:;")
    if not name or name.lower() in rules.not_products or name.split()[0].lower() in rules.not_products:
        return None
    if annotation_rules().cross_reference.fullmatch(name):
        return None  # "try Fix 2" points inside the article
    return name


def _costs_money(name: str, index: int, texts: list[str], rules) -> bool:
    """The steps say the product costs money: right where it is named (that step or the next), or
    anywhere when the steps keep using it by name."""
    if any(rules.commercial.search(text) for text in texts[index:index + rules.cost_window]):
        return True
    again = re.compile(rf"\b{re.escape(name)}\b")
    named_again = any(again.search(text) for i, text in enumerate(texts) if i != index)
    return named_again and any(rules.commercial.search(text) for text in texts)


def _links_to_it(name: str, links: list[tuple[str, str]], rules) -> bool:
    """A link about the product goes to its page: the name is the link's text and the URL is a
    download/product page, or the URL itself carries the name ("/drivereasy/download/"; names of at
    least ``min_letters_in_url`` letters, so "GPU" is not found in any URL)."""
    slug = _squash(name)
    long_enough = len(slug) >= rules.min_letters_in_url
    for text, url in links:
        if (long_enough and slug in _squash(url)) or (slug in _squash(text or "") and rules.product_link.search(url)):
            return True
    return False


def _article_title(doc: Document | None) -> str:
    if doc is None:
        return ""
    title = doc.front_matter.get("title") if isinstance(doc.front_matter, dict) else None
    if title:
        return str(title)
    return next((block.text for block in doc.blocks if block.kind == "heading"), "")


def _squash(text: str) -> str:
    found = _squashed.get(text)
    if found is None:
        found = _squashed.get_or(text, lambda: _NOT_WORD.sub("", text.lower()))
    return found


_NOT_WORD = re.compile(r"\W+")
# A site's posts link the same pages (over 1,500 corpus posts, 33 k link URLs are 2 k distinct ones), and
# an article's links are read again for each name its procedures acquire.
_squashed = Memo(maxsize=4096)


def _article_links(doc: Document | None) -> list[tuple[str, str]]:
    """The article's links as (text, URL), those with a URL (no model built: an article has hundreds)."""
    if doc is None:
        return []
    return [link for block in doc.walk() for link in block.links if link[1]]


class ArticleLinks:
    """``_article_links`` of one document, read when first asked and then kept: the procedures stage asks
    for each procedure that names a product, and the article's blocks do not change meanwhile."""

    __slots__ = ("doc", "_links")

    def __init__(self, doc: Document | None) -> None:
        self.doc = doc
        self._links: list[tuple[str, str]] | None = None

    def links(self) -> list[tuple[str, str]]:
        if self._links is None:
            self._links = _article_links(self.doc)
        return self._links


def _links(step: Step) -> list:
    return [*step.links, *(link for sub in step.substeps for link in _links(sub))]
