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


@dataclass(frozen=True)
class PageTypeRules:
    forum_schema: re.Pattern
    forum_url: re.Pattern


def page_type_rules() -> PageTypeRules:
    """What tells a page's kind, for the rules in force (the rules' ``page_types`` section)."""
    return active_rules().page_type_rules


def compile_page_types(section: PageTypesSection) -> PageTypeRules:
    types = "|".join(re.escape(t) for t in section.forum.schema_types)
    return PageTypeRules(forum_schema=re.compile(rf"(?:^|[\"/\s])(?:{types})(?:[\"\s]|$)"),
                         forum_url=section.forum.url_pattern)


def page_kind(root, url: str | None = None, typed: list | None = None,
              tagged: Callable[[str], list] | None = None) -> str | None:
    """``"forum"`` for a thread or Q&A page, else None. ``root``: the parsed page, before cleaning
    (JSON-LD scripts are read); ``url``: where the page came from, when known; ``typed``: the page's
    elements with an ``itemtype``, when the caller has them; ``tagged(tag)``: ``list(root.iter(tag))`` for
    "script", "link" and "meta", when the caller has them."""
    if tagged is None:
        tagged = root.iter
    rules = page_type_rules()
    if typed is None:
        typed = [el for el in root.iter(etree.Element) if el.get("itemtype")]
    typed = (el.get("itemtype") for el in typed)
    scripts = (el.text or "" for el in tagged("script") if (el.get("type") or "").lower() == "application/ld+json")
    if any(rules.forum_schema.search(text) for text in typed) \
            or any(rules.forum_schema.search(text) for text in _type_values(scripts)):
        return FORUM
    addresses = [url or ""] + [el.get("href") or "" for el in tagged("link") if (el.get("rel") or "").lower() == "canonical"]
    addresses += [el.get("content") or "" for el in tagged("meta") if el.get("property") == "og:url"]
    if any(rules.forum_url.search(_path(address)) for address in addresses if address):
        return FORUM
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
