"""markdown-it inline tokens to visible plain text, links, images and labels."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_SPACES = re.compile(r"[ \t\u00a0\u2009\u200b]+")
_STRAY_TICKS = re.compile(r"`{2,}")
_STRAY_STARS = re.compile(r"\*{2,}")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(slots=True)
class InlineText:
    text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    html: str = ""
    cut: list[tuple[str, str, str, list]] = field(default_factory=list)  # (kind, rule, text, links)


def render_inline(children, regions=()) -> InlineText:
    """Plain text of an inline token stream.

    Text inside an inline region (``regions``: rules with ``begin``/``end`` markup patterns, e.g.
    ``<!-- ads begin -->``) is cut out and reported in ``cut`` instead.

    Emphasis glued to a word (``the**Windows logo key**and``) is common in scraped posts; a space
    is put where the glue was, so the words do not run together. Images add no text.
    """
    out: list[str] = []
    result = InlineText()
    link_stack: list[tuple[str, int]] = []
    label_stack: list[int] = []
    html_parts: list[str] = []
    pending_space = False
    region = None
    region_at = 0
    links_at = 0
    for token in children or ():
        kind = token.type
        if region is not None:
            if kind == "html_inline" and region.end.search(token.content):
                text = _clean("".join(out[region_at:]))
                result.cut.append((region.kind, region.name, text, result.links[links_at:]))
                del out[region_at:], result.links[links_at:]
                region = None
                continue
        elif kind == "html_inline":
            region = next((r for r in regions if r.begin.search(token.content)), None)
            if region is not None:
                region_at, links_at = len(out), len(result.links)
                continue
        if kind == "text":
            # unmatched runs of backticks are scraping debris ("```` ```` Type ..."), never visible text
            content = _STRAY_TICKS.sub("", token.content) if "``" in token.content else token.content
            if "**" in content:  # bold markers CommonMark could not pair ("add a**.bat** suffix")
                content = _STRAY_STARS.sub(" ", content)
            if pending_space and content[:1].isalnum():
                out.append(" ")
            pending_space = False
            out.append(content)
            continue
        pending_space = False
        if kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "code_inline":
            if not token.content.strip():
                continue  # an empty code span (`` ` ` ``) shows nothing
            out.append(token.content)
            if token.content.strip():
                result.labels.append(token.content.strip())
        elif kind in ("strong_open", "em_open"):
            if out and out[-1][-1:].isalnum():
                out.append(" ")
            if kind == "strong_open":
                label_stack.append(len(out))
        elif kind in ("strong_close", "em_close"):
            if kind == "strong_close" and label_stack:
                label = _clean("".join(out[label_stack.pop():]))
                if label:
                    result.labels.append(label)
            pending_space = True
        elif kind == "link_open":
            link_stack.append((token.attrs.get("href", "") or "", len(out)))
        elif kind == "link_close":
            if link_stack:
                href, at = link_stack.pop()
                result.links.append((_clean("".join(out[at:])), str(href)))
        elif kind == "image":
            result.images.append((str(token.attrs.get("src", "") or ""), token.content))
        elif kind == "html_inline":
            html_parts.append(token.content)
            if _BREAK_TAG.match(token.content):
                out.append(" ")
    if region is not None:  # never closed: cut to the end of the block
        result.cut.append((region.kind, region.name, _clean("".join(out[region_at:])), result.links[links_at:]))
        del out[region_at:], result.links[links_at:]
    result.text = _clean("".join(out))
    result.html = "".join(html_parts)
    return result


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def unescape_html(text: str) -> str:
    return html.unescape(text)
