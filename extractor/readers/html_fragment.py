"""Visible text, links and images of small raw-HTML fragments found inside Markdown.

Markdown posts embed ad slots, affiliate banners and "Also read" link lists as raw HTML. These
fragments are small and regular, so a few regular expressions read them faster than a full HTML
parser would (measured in benchmarks/); whole HTML pages go through readers/html.py instead.
"""
from __future__ import annotations

import html
import re

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INVISIBLE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.DOTALL | re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_BLOCK_BREAK = re.compile(r"<(?:/?(?:p|div|li|ul|ol|tr|h[1-6]|table|section|article)\b[^>]*|br\s*/?)>", re.IGNORECASE)


def visible_text(fragment: str) -> str:
    text = fragment
    if "<" in text:  # (each pattern's matches start with "<": a link's text mostly holds none)
        text = _INVISIBLE.sub(" ", _COMMENT.sub(" ", text) if "<!--" in text else text)
        text = _TAG.sub("", _BLOCK_BREAK.sub(" ", text))
    # whitespace runs to one space, ends stripped: str.split() splits where re's \s matches (both
    # Py_UNICODE_ISSPACE), and a third of the time of the substitution it replaces
    return " ".join(html.unescape(text).split())


def _attr(pattern: re.Pattern, attrs: str) -> str:
    match = pattern.search(attrs)
    if not match:
        return ""
    return html.unescape(next((g for g in match.groups() if g is not None), ""))


def links(fragment: str) -> list[tuple[str, str]]:
    return [(visible_text(inner), _attr(_HREF, attrs)) for attrs, inner in _LINK.findall(fragment)]


# A JSX component that is a link ("<Card title="Presence" href="/concepts/presence">How the gateway tracks
# clients.</Card>", "<LinkCard href=...>", "<Button href=...>"): its body is what the reader clicks. Only a
# component's name (a capital first letter), so plain HTML reads as it did; one without a body shows no text.
_COMPONENT_OPEN = re.compile(r"<(?P<tag>[A-Z][\w.]*)\b(?P<attrs>[^<>]*\bhref\b[^<>]*)>")
_JSX_HREF = re.compile(r"""\bhref\s*=\s*\{\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`)\s*\}""")


def component_links(fragment: str) -> list[tuple[str, str]]:
    """(body text, href) of each JSX component in the fragment that has an href and a body."""
    found = []
    for match in _COMPONENT_OPEN.finditer(fragment):
        attrs = match.group("attrs")
        if attrs.rstrip().endswith("/"):
            continue  # "<LinkCard title=... href=... />": no body
        end = fragment.find("</" + match.group("tag"), match.end())
        url = _attr(_JSX_HREF, attrs) or _attr(_HREF, attrs)
        text = visible_text(fragment[match.end():end]) if end >= 0 else ""
        if url and text:
            found.append((text, url))
    return found


def images(fragment: str) -> list[tuple[str, str]]:
    return [(_attr(_SRC, attrs), _attr(_ALT, attrs)) for attrs in _IMG.findall(fragment)]


def alt_text(fragment: str) -> str:
    """The ``alt`` attribute of the first tag that has one ("" if none)."""
    return _attr(_ALT, fragment)


def first_tag(fragment: str) -> str:
    match = re.search(r"<\s*([A-Za-z][\w:-]*)", _COMMENT.sub("", fragment))
    return match.group(1).lower() if match else ""
