"""Build the cleaned content (Markdown and plain text) and the boilerplate list from labelled blocks."""
from __future__ import annotations

from .. import document as d
from ..document import Block, Document
from ..model import Boilerplate, Content, Link, Span
from .render import block_markdown


def build_content(doc: Document) -> Content:
    """Cleaned content keeps every non-boilerplate block, in order, as written in the source."""
    markdown_parts: list[str] = []
    text_parts: list[str] = []
    for block in doc.blocks:
        if block.is_boilerplate:
            continue
        markdown_parts.append(source_markdown(doc, block) if doc.format == "markdown" else block_markdown(block))
        text = plain_text(block)
        if text:
            text_parts.append(text)
    return Content(markdown="\n\n".join(p for p in markdown_parts if p.strip()), text="\n\n".join(text_parts))


def plain_text(block: Block) -> str:
    """Visible text of a block and everything inside it that is not boilerplate."""
    if block.is_boilerplate:
        return ""
    if block.kind in (d.LIST, d.ITEM, d.QUOTE):
        parts = [plain_text(child) for child in block.children]
        return "\n".join(p for p in parts if p)
    if block.kind in (d.IMAGE, d.RULE, d.DIRECTIVE):
        return ""
    return block.text


def source_markdown(doc: Document, block: Block) -> str:
    """The source lines of a block, leaving out the lines of boilerplate nested inside it."""
    skip: set[int] = set()
    for inner in block.walk():
        if inner is not block and inner.is_boilerplate:
            skip.update(range(inner.line_start, inner.line_end + 1))
    lines = [
        line for number, line in enumerate(doc.lines[block.line_start - 1 : block.line_end], block.line_start)
        if number not in skip
    ]
    return "\n".join(lines).strip("\n")


def collect_boilerplate(doc: Document) -> list[Boilerplate]:
    found: list[Boilerplate] = []
    stack = list(reversed(doc.blocks))
    while stack:
        block = stack.pop()
        span = Span(line_start=block.line_start, line_end=block.line_end)
        if block.is_boilerplate:
            kind, rule = block.boilerplate
            links = [Link(text=t, url=u) for t, u in _links(block)]
            previous = found[-1] if found else None
            if previous is not None and previous.kind == kind and previous.rule == rule \
                    and block.line_start - previous.source.line_end <= 2:
                # one ad region written as several blocks is one removed thing
                previous.text = " ".join(t for t in (previous.text, _visible(block)) if t)
                previous.links.extend(links)
                previous.source.line_end = max(previous.source.line_end, block.line_end)
            else:
                found.append(Boilerplate(kind=kind, rule=rule, text=_visible(block), links=links, source=span))
            continue  # its nested blocks are part of it
        for kind, rule, text, links in block.cut:
            found.append(Boilerplate(kind=kind, rule=rule, text=text, links=[Link(text=t, url=u) for t, u in links],
                                     source=span))
        stack.extend(reversed(block.children))
    return found


def _visible(block: Block) -> str:
    if block.kind in (d.LIST, d.ITEM, d.QUOTE):
        return " ".join(b.text for b in block.walk() if b.kind not in (d.LIST, d.ITEM, d.QUOTE) and b.text)
    return block.text


def _links(block: Block) -> list[tuple[str, str]]:
    return [link for b in block.walk() for link in b.links]
