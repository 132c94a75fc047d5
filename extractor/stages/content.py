"""Build the cleaned content (Markdown and plain text) and the boilerplate list from labelled blocks."""
from __future__ import annotations

import hashlib
import re
from typing import Iterable

from .. import document as d
from ..document import Block, Document
from ..model import Content
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
    markdown = "\n\n".join(p for p in markdown_parts if p.strip())
    return Content(markdown=markdown, text="\n\n".join(text_parts), body_sha256=body_digest(doc, markdown))


def body_digest(doc: Document, markdown: str) -> str:
    """SHA-256 of the body as written: what is left of the source once the front matter, the title
    heading and every boilerplate line are cut out, blank lines and spacing kept (but not at either end).

    Two records share it when their sources are the same text apart from title, front matter and the
    boilerplate removed from them (ads, link lists...) -- exact copies, as opposed to the near
    duplicates ``extractor dedupe`` finds from ``text``. HTML has no "as written" body worth keeping
    byte for byte (markup and indentation vary by page template), so there the cleaned Markdown stands
    in for it."""
    title_block = _title_heading(doc)
    if doc.format != "markdown":
        kept = markdown
        if title_block is not None:
            kept = kept.replace(block_markdown(title_block), "", 1)
    else:
        cut = _lines_of(block for block in doc.walk() if block.is_boilerplate or block is title_block)
        kept = _source_without(doc, doc.body_start, len(doc.lines), cut)
    return hashlib.sha256(kept.strip().encode("utf-8", "surrogatepass")).hexdigest()


def _title_heading(doc: Document) -> Block | None:
    """The first heading of the body when it repeats the title (spun copies change only that line)."""
    title = _letters(doc.metadata.title if doc.metadata else None)
    for block in doc.blocks:
        if block.kind == d.HEADING and not block.is_boilerplate:
            return block if title and _letters(block.text) == title else None
    return None


def _letters(text: str | None) -> str:
    """Text compared without case, spacing and punctuation ("Fix It." == "fix it")."""
    return re.sub(r"\W+", "", text or "").casefold()


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
    cut = _lines_of(inner for inner in block.walk() if inner is not block and inner.is_boilerplate) \
        if block.children else None
    if not cut:  # most blocks hold no boilerplate (or no blocks at all): their lines as they are
        return "\n".join(doc.lines[block.line_start - 1 : block.line_end]).strip("\n")
    return _source_without(doc, block.line_start, block.line_end, cut).strip("\n")


def _lines_of(blocks: Iterable[Block]) -> set[int]:
    """The input line numbers the blocks span."""
    lines: set[int] = set()
    for block in blocks:
        lines.update(range(block.line_start, block.line_end + 1))
    return lines


def _source_without(doc: Document, first: int, last: int, cut: set[int]) -> str:
    """Input lines ``first``..``last`` (1-based, inclusive) except those in ``cut``: the runs of lines between
    the cut ones, as slices (a post's body is hundreds of lines; its cut ones come in a few runs)."""
    lines = doc.lines[first - 1 : last]
    kept: list[str] = []
    start = first  # the first line of the run being kept
    for number in sorted(cut):
        if number < start:
            continue
        if number > last:
            break
        kept += lines[start - first : number - first]
        start = number + 1
    kept += lines[start - first :]
    return "\n".join(kept)


def collect_boilerplate(doc: Document, merge_gap_lines: int) -> list[dict]:
    """The removed blocks, in order, as the record's ``boilerplate`` entries; blocks of one kind and rule at
    most ``merge_gap_lines`` apart (``boilerplate.limits``) are one removed thing.

    The entries are the fields of ``Boilerplate`` as plain dicts, which the record validates in one call
    (a post has a dozen entries and three times as many links: a model each was a Python-level
    validation per Boilerplate, Span and Link)."""
    found: list[dict] = []
    stack = list(reversed(doc.blocks))
    while stack:
        block = stack.pop()
        if block.boilerplate is not None:
            kind, rule = block.boilerplate
            links = [{"text": t, "url": u} for t, u in _links(block)]
            previous = found[-1] if found else None
            if previous is not None and previous["kind"] == kind and previous["rule"] == rule \
                    and block.line_start - previous["source"]["line_end"] <= merge_gap_lines:
                # one ad region written as several blocks is one removed thing
                previous["text"] = " ".join(t for t in (previous["text"], _visible(block)) if t)
                previous["links"].extend(links)
                previous["source"]["line_end"] = max(previous["source"]["line_end"], block.line_end)
            else:
                found.append({"kind": kind, "rule": rule, "text": _visible(block), "links": links,
                              "source": {"line_start": block.line_start, "line_end": block.line_end}})
            continue  # its nested blocks are part of it
        for kind, rule, text, links in block.cut:
            found.append({"kind": kind, "rule": rule, "text": text, "links": [{"text": t, "url": u} for t, u in links],
                          "source": {"line_start": block.line_start, "line_end": block.line_end}})
        stack.extend(reversed(block.children))
    return found


def _visible(block: Block) -> str:
    if block.kind in (d.LIST, d.ITEM, d.QUOTE):
        return " ".join(b.text for b in block.walk() if b.kind not in (d.LIST, d.ITEM, d.QUOTE) and b.text)
    return block.text


def _links(block: Block) -> list[tuple[str, str]]:
    return [link for b in block.walk() for link in b.links]
