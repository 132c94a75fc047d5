"""Label the blocks that are the site's template: every line of them recurs across the site's articles.

What was learned from the whole batch before extraction (``extractor/corpus/template.py``) arrives
in ``options.site_templates``; template lines a rule file gives (``extractor profile`` writes such a
file for ``--rules``) apply when nothing was learned. A single file with neither, or a site with too
few articles, has none and this stage does nothing. It runs after the per-document boilerplate
rules, so a block they already named keeps their kind; what only repetition gives away is labelled
under the ``site-template`` rule (``site-template-links`` when mostly links: a related-posts entry).

Numbered lists are never labelled here: a recurring numbered step ("Restart your computer") is
part of the procedure it sits in, which the learning pass already discounts.

A line learned from few groups (a small batch: ``FEW``) may be the site's content rather than its
furniture: docs pages of one manual share closing passages (a section's standing intro, an install
note). A block holding one is cut only when it does not read as content (``_reads_as_content``, the
``content_guard`` settings). So is a near copy learned from a small site (``NEAR``: "This page is about [app]
for [device]"), whose sharing a word with the title says nothing; it is cut only at the end of the post it was
learned from (``HEAD`` or ``TAIL``), where it opens or closes the post or touches other boilerplate.
"""
from __future__ import annotations

import re
from itertools import groupby
from typing import NamedTuple

from .. import document as d
from ..data import step_rules
from ..corpus.template import (ANYWHERE, FEW, HEAD, NEAR, TAIL, LineKey, given_templates, key_hash, line_key, plain, shape_of,
                               site_key, split_front_matter_lines)
from ..document import Block, Document
from ..words import UNSPACED_RUN

RULE, LINKS_RULE = "site-template", "site-template-links"  # kinds in data/boilerplate.toml
_LABELLED = (d.PARAGRAPH, d.HTML, d.QUOTE, d.IMAGE, d.DIRECTIVE)


class Candidate(NamedTuple):
    kind: str
    rule: str
    anywhere: bool  # the batch is sure of every line: template wherever it stands
    tail: bool = False  # a line was learned from its posts' tails (``TAIL``): template only in this post's tail
    head: bool = False  # a line was learned from its posts' heads (``HEAD``): template only in this post's head

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

    guard = options.rules.site_template.content_guard
    subject: list[frozenset[str]] = []  # the title's words, read when a guarded block first asks

    def verdict(block: Block, tied: bool = False):
        """A Candidate when every line of the block is template (and, for lines learned from few
        groups, the block does not read as content)."""
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
        if any(sureness.startswith((FEW, NEAR)) for sureness in found):
            near = any(sureness.startswith(NEAR) for sureness in found)
            if not near and not subject:
                subject.append(_subject_words(doc, guard))
            if _reads_as_content(block, tied, frozenset() if near else subject[0], guard):
                return None
            found = [plain(sureness) for sureness in found]
        anywhere = all(sureness == ANYWHERE for sureness in found)
        tail, head = TAIL in found, HEAD in found
        if (tail and block.line_start < tail_start) or (head and block.line_start > head_end):
            return None
        return Candidate(*rules.verdict(LINKS_RULE if _mostly_linked(lines) else RULE), anywhere, tail, head)

    settings = options.rules.site_template
    learned = {plain(sureness) for sureness in keys.values()}
    tail_start = _body_line(doc, settings.tail_from) if TAIL in learned else 0
    head_end = _body_line(doc, settings.near.head_to) if HEAD in learned and settings.near is not None else 0

    step_label = step_rules().step_label
    candidates = []
    previous = None  # the block before, of those a reader sees
    in_step = False  # the block's section is a "Step N" heading's: the block is part of a procedure's step
    for block in doc.blocks:
        if block.kind == d.HEADING:
            in_step = step_label.match(block.text.strip()) is not None
        # Tied to the post: the body right under a heading, or anywhere in a step's section (two pages of
        # one manual may close on the same last step and its expected result; that is their content).
        tied = in_step or (previous is not None and previous.kind == d.HEADING)
        if block.text or block.children or block.images:
            previous = block
        if block.is_boilerplate:
            continue
        if block.kind in _LABELLED:
            found = verdict(block, tied)
            if found:
                candidates.append((block, found))
        elif block.kind == d.LIST and not block.ordered:
            whole = _label_list(block, lambda item: verdict(item, tied))
            if whole:
                candidates.append((block, whole))
    _label_clusters(doc.blocks, candidates)


_ASCII_WORD = re.compile(r"[a-z0-9][a-z0-9_\-]*")


def _subject_words(doc: Document, guard) -> frozenset[str]:
    """What ties a block to the post's subject: the title's words of ``min_subject_chars`` or more, and
    every run of ``cjk_subject_chars`` CJK characters in it."""
    title = ((getattr(doc.metadata, "title", None) or "") if doc.metadata is not None else "").lower()
    words = {w for w in _ASCII_WORD.findall(title) if len(w) >= guard.min_subject_chars}
    words.update(_cjk_runs_of(title, guard.cjk_subject_chars))
    return frozenset(words)


def _cjk_runs_of(text: str, n: int):
    """Every run of ``n`` CJK characters in ``text`` (written without spaces: its "words")."""
    return (run[i:i + n] for run in UNSPACED_RUN.findall(text) for i in range(len(run) - n + 1))


def _reads_as_content(block: Block, tied: bool, subject: frozenset[str], guard) -> bool:
    """Whether a block of lines learned from few groups is the site's content: prose with few links,
    no furniture word, tied to the post (``tied``: the body right under a heading or anywhere in a "Step N"
    section; or sharing a title word)."""
    parts = block.walk()
    text = block.text or " ".join(b.text for b in parts if b.text)
    if sum(c.isalpha() for c in text) < guard.min_letters:
        return False
    linked = sum(len(t) for b in parts for t, _ in b.links)
    if linked >= guard.max_link_share * len(text):
        return False
    lowered = text.lower()
    if guard.furniture.pattern.search(lowered):
        return False
    if tied:
        return True
    if any(w in subject for w in _ASCII_WORD.findall(lowered)):
        return True
    return any(run in subject for run in _cjk_runs_of(lowered, guard.cjk_subject_chars))


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
                and all(b.is_boilerplate for b in sequence[run[-1] + 1:])) or (
                any(found[id(sequence[i])].head for i in run)  # and a head line open it, before its first prose
                and all(b.is_boilerplate or b.kind == d.HEADING for b in sequence[:run[0]])):
            for i in run:
                sequence[i].boilerplate = found[id(sequence[i])].label


def _body_line(doc: Document, share: float) -> int:
    """The source line at ``share`` of the post's non-blank body lines: where its tail starts (``tail_from``)
    or its head ends (``head_to``). The learning pass places a line among the post's keyed lines, nearly the same."""
    body = [i for i in range(split_front_matter_lines(doc.lines)[1], len(doc.lines)) if doc.lines[i].strip()]
    if not body:
        return 0
    return body[min(len(body) - 1, int(share * len(body)))] + 1  # 1-based, as block.line_start


def _label_list(block: Block, verdict) -> Candidate | None:
    """A bulleted list: the whole list when every item is template, else the template items. A list
    with an item learned from few groups is returned as a candidate instead (labelled only where such
    lines may be: ``_label_clusters``); such items of a list that is not all template stay."""
    found = [(item, verdict(item)) for item in block.children if not item.is_boilerplate]
    if found and all(v for _, v in found):
        if any(v.tail or v.head for _, v in found):
            return found[0][1]._replace(anywhere=False, tail=any(v.tail for _, v in found),
                                        head=any(v.head for _, v in found))
        block.boilerplate = found[0][1].label
        return None
    for item, v in found:
        if v and not v.tail and not v.head:
            item.boilerplate = v.label
    return None


def _mostly_linked(lines: list[LineKey]) -> bool:
    linked = sum(k.linked for k in lines)
    return linked > len(lines) - linked
