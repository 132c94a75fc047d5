"""Label the blocks that are the site's template: every line of them recurs across the site's articles.

What was learned from the whole batch before extraction (``extractor/corpus/template.py``) arrives
in ``options.site_templates``; template lines a rule file gives (``extractor profile`` writes such a
file for ``--rules``) apply when nothing was learned. A single file with neither, or a site with too
few articles, has none and this stage does nothing. It runs after the per-document boilerplate
rules, so a block they already named keeps their kind; what only repetition gives away is labelled
under the ``site-template`` rule (``site-template-links`` when mostly links: a related-posts entry).

Numbered lists are never labelled here: a recurring numbered step ("Restart your computer") is
part of the procedure it sits in, which the learning pass already discounts.
"""
from __future__ import annotations

from itertools import groupby
from typing import NamedTuple

from .. import document as d
from ..corpus.template import (ANYWHERE, TAIL, LineKey, given_templates, key_hash, line_key, shape_of, site_key,
                               split_front_matter_lines)
from ..document import Block, Document

RULE, LINKS_RULE = "site-template", "site-template-links"  # kinds in data/boilerplate.toml
_LABELLED = (d.PARAGRAPH, d.HTML, d.QUOTE, d.IMAGE, d.DIRECTIVE)


class Candidate(NamedTuple):
    kind: str
    rule: str
    anywhere: bool  # the batch is sure of every line: template wherever it stands
    tail: bool = False  # a line was learned from few groups: template only in the post's tail

    @property
    def label(self) -> tuple[str, str]:
        return self.kind, self.rule


def label_template(doc: Document, options) -> None:
    templates = options.site_templates or given_templates(options.rules)
    if not templates or doc.format != "markdown":
        return
    rules = options.rules.boilerplate
    shape = shape_of(options.rules.site_template)
    keys = templates.for_site(site_key(doc.path, split_front_matter_lines(doc.lines)[0]))
    if not keys:
        return

    def verdict(block: Block):
        """A Candidate when every line of the block is template."""
        lines, found = [], []
        for line in doc.lines[block.line_start - 1: block.line_end]:
            key = line_key(line, shape=shape)
            if key is None:
                continue
            sureness = keys.get(key_hash(key.key))
            if sureness is None and key.shape is not None:
                sureness = keys.get(key_hash(key.shape))  # a variant of a template line
            if sureness is None:
                return None  # most blocks stop at their first line
            lines.append(key)
            found.append(sureness)
        if not lines:
            return None
        anywhere = all(sureness == ANYWHERE for sureness in found)
        tail = TAIL in found
        if tail and block.line_start < tail_start:
            return None
        return Candidate(*rules.verdict(LINKS_RULE if _mostly_linked(lines) else RULE), anywhere, tail)

    tail_start = _tail_start(doc, options.rules.site_template.tail_from) if TAIL in keys.values() else 0

    candidates = []
    for block in doc.blocks:
        if block.is_boilerplate:
            continue
        if block.kind in _LABELLED:
            found = verdict(block)
            if found:
                candidates.append((block, found))
        elif block.kind == d.LIST and not block.ordered:
            whole = _label_list(block, verdict)
            if whole:
                candidates.append((block, whole))
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
    anchored = [b.is_boilerplate and b.boilerplate[0] != "empty"
                or (id(b) in found and found[id(b)].anywhere) for b in sequence]
    runs = groupby(range(len(sequence)), key=lambda i: id(sequence[i]) in found)
    for is_candidate, positions in runs:  # each run of consecutive candidates, with a block on either side
        run = list(positions)
        around = (run[0] - 1, *run, run[-1] + 1)
        if not is_candidate:
            continue
        if any(anchored[i] for i in around if 0 <= i < len(anchored)) or (
                any(found[id(sequence[i])].tail for i in run)  # a tail line may also close the post
                and all(b.is_boilerplate for b in sequence[run[-1] + 1:])):
            for i in run:
                sequence[i].boilerplate = found[id(sequence[i])].label


def _tail_start(doc: Document, tail_from: float) -> int:
    """The first source line of the post's tail: its last ``1 - tail_from`` of non-blank body lines (the
    learning pass places a line among the post's keyed lines, nearly the same)."""
    body = [i for i in range(split_front_matter_lines(doc.lines)[1], len(doc.lines)) if doc.lines[i].strip()]
    if not body:
        return 0
    return body[min(len(body) - 1, int(tail_from * len(body)))] + 1  # 1-based, as block.line_start


def _label_list(block: Block, verdict) -> Candidate | None:
    """A bulleted list: the whole list when every item is template, else the template items. A list
    with an item learned from few groups is returned as a candidate instead (labelled only where such
    lines may be: ``_label_clusters``); such items of a list that is not all template stay."""
    found = [(item, verdict(item)) for item in block.children if not item.is_boilerplate]
    if found and all(v for _, v in found):
        if any(v.tail for _, v in found):
            return found[0][1]._replace(anywhere=False, tail=True)
        block.boilerplate = found[0][1].label
        return None
    for item, v in found:
        if v and not v.tail:
            item.boilerplate = v.label
    return None


def _mostly_linked(lines: list[LineKey]) -> bool:
    linked = sum(k.linked for k in lines)
    return linked > len(lines) - linked
