"""Label the blocks that are the site's template: every line of them recurs across the site's articles.

What recurs was learned from the whole batch before extraction (``extractor/corpus/template.py``)
and arrives in ``options.site_templates``; a single file with no batch, or a site with too few
articles, has none and this stage does nothing. It runs after the per-document boilerplate rules,
so a block they already named keeps their kind; what only repetition gives away is labelled
``template`` (or ``link_list`` when it is mostly links: a related-posts entry).

Numbered lists are never labelled here: a recurring numbered step ("Restart your computer") is
part of the procedure it sits in, which the learning pass already discounts.
"""
from __future__ import annotations

from .. import document as d
from ..corpus.template import ANYWHERE, LineKey, key_hash, line_key, site_key, split_front_matter_lines
from ..document import Block, Document

RULE = "site-template"
_LABELLED = (d.PARAGRAPH, d.HTML, d.QUOTE, d.IMAGE, d.DIRECTIVE)


def label_template(doc: Document, options) -> None:
    templates = getattr(options, "site_templates", None)
    if not templates or doc.format != "markdown":
        return
    keys = templates.for_site(site_key(doc.path, split_front_matter_lines(doc.lines)[0]))
    if not keys:
        return
    def verdict(block: Block):
        """(kind, rule, anywhere) when every line of the block is template."""
        lines, found = [], []
        for line in doc.lines[block.line_start - 1: block.line_end]:
            key = line_key(line)
            if key is None:
                continue
            sureness = keys.get(key_hash(key.key))
            if sureness is None:
                return None  # most blocks stop at their first line
            lines.append(key)
            found.append(sureness)
        if not lines:
            return None
        anywhere = all(sureness == ANYWHERE for sureness in found)
        return ("link_list" if _mostly_linked(lines) else "template"), RULE, anywhere

    candidates = []
    for block in doc.blocks:
        if block.is_boilerplate:
            continue
        if block.kind in _LABELLED:
            found = verdict(block)
            if found:
                candidates.append((block, found))
        elif block.kind == d.LIST and not block.ordered:
            _label_list(block, verdict)
    _label_clusters(doc.blocks, candidates)


def _label_clusters(blocks: list[Block], candidates) -> None:
    """Blocks the batch is sure of are template wherever they are; the others only in a run of
    candidates that touches other boilerplate.

    A widget or a promo box sits in a cluster of furniture (a question beside its rating buttons and
    its score line, a newsletter pitch beside its sign-up form); a short sentence that some of a
    site's articles share ("That is all there is to it.") sits between content and stays."""
    found = {id(block): verdict for block, verdict in candidates}
    sequence = [b for b in blocks if b.text or b.images or id(b) in found
                or (b.is_boilerplate and b.boilerplate[0] != "empty")]
    anchored = [b.is_boilerplate and b.boilerplate[0] != "empty" or found.get(id(b), (0, 0, False))[2]
                for b in sequence]
    start = 0
    while start < len(sequence):  # each run of consecutive candidates, with the blocks on either side
        if id(sequence[start]) not in found:
            start += 1
            continue
        end = start
        while end + 1 < len(sequence) and id(sequence[end + 1]) in found:
            end += 1
        touches = any(anchored[i] for i in range(max(0, start - 1), min(len(sequence), end + 2)))
        if touches:
            for block in sequence[start:end + 1]:
                block.boilerplate = found[id(block)][:2]
        start = end + 1


def _label_list(block: Block, verdict) -> None:
    """A bulleted list: the whole list when every item is template, else the template items."""
    found = [(item, verdict(item)) for item in block.children if not item.is_boilerplate]
    if found and all(v for _, v in found):
        block.boilerplate = found[0][1][:2]
        return
    for item, v in found:
        if v:
            item.boilerplate = v[:2]


def _mostly_linked(lines: list[LineKey]) -> bool:
    return sum(k.linked for k in lines) * 2 > len(lines)
