"""Markdown written from blocks, for inputs whose source lines are not Markdown (HTML pages).

For Markdown input the cleaned content keeps the source lines as written; for a web page those
lines are markup (often one minified line for the whole page), so the content is written from the
block model instead. Boilerplate nested inside a block is left out, as for Markdown.
"""
from __future__ import annotations

from .. import document as d
from ..document import Block


def block_markdown(block: Block, indent: str = "") -> str:
    """The block as Markdown; an empty string for boilerplate."""
    if block.is_boilerplate:
        return ""
    if block.kind == d.HEADING:
        return f"{indent}{'#' * max(1, min(block.level, 6))} {with_links(block)}"
    if block.kind == d.LIST:
        return "\n".join(_item(item, index, block, indent) for index, item in enumerate(block.children)
                         if not item.is_boilerplate)
    if block.kind == d.QUOTE:
        inner = "\n\n".join(p for p in (block_markdown(c) for c in block.children) if p)
        return "\n".join(f"{indent}> {line}".rstrip() for line in inner.split("\n"))
    if block.kind == d.CODE:
        return f"{indent}```{block.info}\n{block.raw or block.text}\n{indent}```"
    if block.kind == d.TABLE:
        rows = block.text.split("\n")
        if not rows or not rows[0]:
            return ""
        width = rows[0].count(" | ") + 1
        lines = [f"| {rows[0]} |", "|" + " --- |" * width] + [f"| {row} |" for row in rows[1:]]
        return "\n".join(indent + line for line in lines)
    if block.kind == d.IMAGE or (block.kind == d.PARAGRAPH and block.images and not block.text):
        return indent + " ".join(f"![{alt}]({url})" for url, alt in block.images)
    if block.kind == d.RULE:
        return indent + "---"
    if not block.text:
        return ""
    images = "".join(f" ![{alt}]({url})" for url, alt in block.images)
    return indent + with_links(block) + images


def with_links(block: Block) -> str:
    """The block's text with each link written ``[text](url)`` where its text first appears, in order."""
    text, out, position = block.text, [], 0
    for label, url in block.links:
        found = text.find(label, position) if label and url else -1
        if found < 0:
            continue
        out.append(text[position:found])
        out.append(f"[{label}]({url.replace(' ', '%20').replace(')', '%29')})")
        position = found + len(label)
    out.append(text[position:])
    return "".join(out)


def _item(item: Block, index: int, parent: Block, indent: str) -> str:
    marker = f"{(item.number if item.number is not None else (parent.number or 1) + index)}." if parent.ordered else "-"
    inner_indent = indent + " " * (len(marker) + 1)
    parts = [block_markdown(child, inner_indent) for child in item.children]
    body = "\n\n".join(p for p in parts if p).lstrip()
    return f"{indent}{marker} {body}" if body else ""
