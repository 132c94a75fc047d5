"""Page metadata from ``<head>``: title, OpenGraph, ``<meta name=...>``, article times, language, canonical URL.

Returns a front-matter-like dict whose keys the metadata stage already knows (title, description,
date, updated, author, lang, keywords, tags, section, image, url), so HTML and Markdown metadata
are normalised by the same code.
"""
from __future__ import annotations

import re
from typing import Callable

# For each front-matter key, the <meta> names/properties that give it, best first. Data, not code.
META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "dc.title", "title"),
    "description": ("description", "og:description", "twitter:description", "dc.description"),
    "date": ("article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date",
             "dc.date.issued", "sailthru.date", "parsely-pub-date", "og:published_time"),
    "updated": ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dc.date.modified"),
    "author": ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "twitter:creator"),
    "keywords": ("keywords", "news_keywords"),
    "tags": ("article:tag",),
    "section": ("article:section",),
    "image": ("og:image", "og:image:url", "twitter:image", "twitter:image:src"),
    "url": ("og:url",),
}
_LIST_KEYS = {"tags"}
# The <meta> names whose content is read (the keys above, and the page language's): a page's other <meta>
# tags (verification codes, app links, theme colours ...) are not squashed and kept.
_LANGUAGE_NAMES = ("og:locale", "content-language")
_READ_NAMES = frozenset({*(name for names in META_KEYS.values() for name in names), *_LANGUAGE_NAMES})
_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def page_metadata(root, tagged: Callable[[str], list] | None = None) -> dict:
    """Front-matter-like dict for the page whose root element is ``root`` (missing keys are left out).
    ``tagged(tag)``: ``list(root.iter(tag))`` for "meta", "title", "time" and "link", when the caller has them."""
    if tagged is None:
        tagged = root.iter
    found: dict[str, list[str]] = {}
    for meta in tagged("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if name in _READ_NAMES:
            content = meta.get("content")
            if content and content.strip():
                found.setdefault(name, []).append(_squash(content))
    values: dict = {}
    for key, names in META_KEYS.items():
        for name in names:
            if name in found:
                values[key] = found[name] if key in _LIST_KEYS else found[name][0]
                break
    if "title" not in values:
        title = next(iter(tagged("title")), None)
        if title is not None and "".join(title.itertext()).strip():
            values["title"] = _squash("".join(title.itertext()))
    if "date" not in values:
        time = next((t for t in tagged("time") if t.get("datetime")), None)
        if time is not None:
            values["date"] = time.get("datetime").strip()
    for link in tagged("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            values["url"] = link.get("href").strip()
            break
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        lang = found.get(_LANGUAGE_NAMES[0], [None])[0] or found.get(_LANGUAGE_NAMES[1], [None])[0]
    if lang:
        values["lang"] = lang.strip()
    return values
