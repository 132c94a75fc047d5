"""What kind of page an HTML page is, from the page itself (schema.org types, its own address).

Only kinds that change how the main content is found are told apart; the signals and why each
was chosen are in ``data/html_page_types.toml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from lxml import etree

from ..rules import active_rules
from ..rules.sections import PageTypesSection

FORUM = "forum"
PRODUCT = "product"


@dataclass(frozen=True)
class PageTypeRules:
    forum_schema: re.Pattern
    forum_url: re.Pattern
    product_schema: re.Pattern | None = None
    og_product: frozenset = frozenset()


def page_type_rules() -> PageTypeRules:
    """What tells a page's kind, for the rules in force (the rules' ``page_types`` section)."""
    return active_rules().page_type_rules


def compile_page_types(section: PageTypesSection) -> PageTypeRules:
    product = section.product
    return PageTypeRules(forum_schema=_types_pattern(section.forum.schema_types),
                         forum_url=section.forum.url_pattern,
                         product_schema=_types_pattern(product.schema_types) if product else None,
                         og_product=frozenset(product.og_types) if product else frozenset())


def _types_pattern(types) -> re.Pattern:
    """A schema.org type name as a whole word of an ``itemtype`` address or a JSON-LD ``@type`` value."""
    names = "|".join(re.escape(t) for t in types)
    return re.compile(rf"(?:^|[\"/\s])(?:{names})(?:[\"\s]|$)")


def page_kind(root, url: str | None = None, typed: list | None = None,
              tagged: Callable[[str], list] | None = None) -> str | None:
    """``"forum"`` for a thread or Q&A page, ``"product"`` for a page about one product, else None.
    ``root``: the parsed page, before cleaning (JSON-LD scripts are read); ``url``: where the page came
    from, when known; ``typed``: the page's elements with an ``itemtype``, when the caller has them;
    ``tagged(tag)``: ``list(root.iter(tag))`` for "script", "link" and "meta", when the caller has them."""
    if tagged is None:
        tagged = root.iter
    rules = page_type_rules()
    if typed is None:
        typed = [el for el in root.iter(etree.Element) if el.get("itemtype")]
    types = [el.get("itemtype") for el in typed]
    scripts = (el.text or "" for el in tagged("script") if (el.get("type") or "").lower() == "application/ld+json")
    types += _type_values(scripts)
    if any(rules.forum_schema.search(text) for text in types):
        return FORUM
    metas = list(tagged("meta"))
    addresses = [url or ""] + [el.get("href") or "" for el in tagged("link") if (el.get("rel") or "").lower() == "canonical"]
    addresses += [el.get("content") or "" for el in metas if el.get("property") == "og:url"]
    if any(rules.forum_url.search(_path(address)) for address in addresses if address):
        return FORUM
    if rules.product_schema is not None and any(rules.product_schema.search(text) for text in types):
        return PRODUCT
    if any((el.get("content") or "").strip().lower() in rules.og_product for el in metas if el.get("property") == "og:type"):
        return PRODUCT
    return None


def _path(address: str) -> str:
    """Path and query of an address (the host may hold "forum" without the page being a thread)."""
    parts = urlsplit(address.strip())
    return parts.path + ("?" + parts.query if parts.query else "")


_TYPE_VALUE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')


def _type_values(scripts):
    for text in scripts:
        for match in _TYPE_VALUE.finditer(text):
            yield match.group(1)
