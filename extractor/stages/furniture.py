"""Label the web's furniture: the widgets nearly every site carries, whatever it is about.

Runs right after ``boilerplate`` (and ``language``) over the top-level blocks still taken for content:
cookie notices, newsletter boxes, comment forms and threads, rating widgets, affiliate disclosures,
download/buy boxes and prices, related-post lists, post navigation, bylines, player and dialog text.
The phrases are data (``extractor/data/furniture.toml``), per language; English and the article's
language are used, so an English widget on a French page is still caught. In order:

1. phrase rules, block by block; a related-posts lead-in takes the link-only blocks after it;
   structural rules: runs of two or more paragraphs that are each one link, "Label: [link]"
   paragraphs, lists whose items are just 1..5, comment lists;
2. comment bodies: the blocks between a comment's header and its "Reply" button;
3. rules that only count next to furniture ("Excellent" after a rating widget, "Reply" in a
   comment thread), repeated until nothing more joins;
4. a widget's inner lines: a short line between two widget blocks; past the article's end (Markdown), short
   lines between furniture, and empty title headings in a row next to it (a related list whose links were lost);
5. the post's closing furniture: an invitation or a seller's offer that ends its section (closing-tail), the end
   after the last "---" as a unit (end-unit), a heading that names a box of the site with its short section
   ("Support us", "Hire Ana", a list of recommended courses), a linked person's bio near the end, the signature line;
6. short headings whose whole section turned out to be furniture.

Content is guarded: only top-level blocks (never a list item, so never a step), never a paragraph
numbered as a step, never a long block that reads as an instruction, and every rule has a length cap.
"""
from __future__ import annotations

import itertools
from functools import lru_cache
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterable

from .. import document as d
from ..data import step_rules
from ..data.furniture import EDGE_HOWS, NO_CAP, OWN_PASS_HOWS, SHAPE_HOWS, FurnitureRule, FurnitureRules, Matcher, furniture_rules
from ..document import Block, Document
from ..memo import MISSING, Memo
from ..words import at_most_words, link_share, word_runs
from .edges import label_edges
from .item_calls import label_item_calls
from .language import detect_other_language, primary_language
from .units import reads_as_instruction
from .closing_zone import Helpers as _ZoneHelpers, label_closing_zone

_WORDS = re.compile(r"\w+")
_LABEL_SEPARATOR = re.compile(r"\s*[:：\-–—»›|]?\s*")
_SCALE_ITEM = re.compile(r"^\s*(?:\d{1,2}|[★☆⭐]+)\s*$")


def label_furniture(doc: Document, languages: frozenset[str] | None = None,
                    rules: FurnitureRules | None = None) -> None:
    """Label furniture among ``doc.blocks``. ``languages``: whose phrases to use (default: English and
    the article's ``metadata.language``; a block in another language adds its own); ``rules``: default
    the data file's."""
    rules = rules or furniture_rules()
    languages = languages or article_languages(doc)
    plan = _plan(rules, languages)
    _label_blocks(doc.blocks, plan, rules, languages)
    if plan.rows:
        _label_rows(doc.blocks, plan.rows, rules)
    for rule, pattern in plan.threads:
        _label_comment_bodies(doc.blocks, rule, pattern, rules)
    _label_neighbours(doc.blocks, plan.near, rules)
    for rule in plan.sandwiches:
        _label_sandwiched(doc.blocks, rule)
    if doc.format == "markdown":  # an HTML reader has already cut what lies outside the page's main element
        for rule in plan.tails:
            _label_after_article(doc.blocks, rule, rules)
        for rule in plan.title_runs:
            _label_title_run(doc.blocks, rule, rules)
    reading = None
    for rule, pattern in plan.closings:
        # link blocks only in a post's own file: in an HTML page the reader chose the main element and the link
        # rules have run, and the link blocks left in it are the page's (a thread's dated posts, a listing's entries)
        reading = _label_closing_tail(doc.blocks, rule, pattern, rules, link_blocks=doc.format == "markdown",
                                      reading=reading)
    if doc.format == "markdown":
        if plan.edges:  # before the end unit: a credit or a link line past the last "---" opens the closing box
            label_edges(doc, plan.edges, rules, _may_label, _article_body, _numbered_as_step, languages)
        for rule in plan.quote_footers:
            _label_quote_footer(doc.blocks, rule, plan, rules, languages)
        for rule in plan.end_units:
            _label_end_unit(doc.blocks, rule, rules)
        if plan.item_calls:  # inside the post's lists, which the rules above never read
            label_item_calls(doc, plan.item_calls, rules, languages, _numbered_as_step, _may_label)
    if plan.sections:
        shown = _shown_in_sections(doc.blocks)
        if any(doc.blocks[i].kind == d.HEADING for i in shown):
            for rule, pattern in plan.sections:
                _label_closing_section(doc.blocks, rule, pattern, rules, shown)
    for rule, pattern in plan.bios:
        _label_linked_bio(doc.blocks, rule, pattern, rules)
    if doc.format == "markdown":
        for rule in plan.signatures:
            _label_signature(doc.blocks, rule, rules)
    if plan.zones and doc.format == "markdown":  # what follows a post's last block of content (closing_zone.py)
        label_closing_zone(doc.blocks, plan.zones, rules, _ZONE_HELPERS)
    _label_section_headings(doc.blocks, rules)


def article_languages(doc: Document) -> frozenset[str]:
    language = primary_language(doc.metadata.language if doc.metadata is not None else None)
    return frozenset({"en", language} if language else {"en"})


Compiled = tuple[FurnitureRule, "Matcher | None"]


@dataclass(frozen=True)
class _Plan:
    """The rules compiled for one set of languages, and for each block kind and text length the rules
    that may apply, in file order (a block is tried only against rules whose length cap it fits)."""
    caps: dict[str, list[int]]
    by_cap: dict[str, list[list[Compiled]]]
    near: list[Compiled]
    threads: list[Compiled]
    longest: int  # no rule but the structural ones looks at a longer block
    sandwiches: list[FurnitureRule]
    tails: list[FurnitureRule]
    title_runs: list[FurnitureRule]
    rows: list[Compiled]  # rules whose labels also make up a row of links or a list of links
    closings: list[Compiled]  # the closing-tail rules (structural, with the words of an invitation)
    end_units: list[FurnitureRule]  # the article's end as a unit (after its last thematic break)
    sections: list[Compiled]  # headings over a closing section of furniture ("Support us", "Hire me")
    bios: list[Compiled]  # a paragraph that opens with a linked name and tells who that is (an author's bio)
    signatures: list[FurnitureRule]  # the post's last line: a linked name and a tagline, or a dash and a name
    edges: list[FurnitureRule]  # lines of the site's own links and source credits before or after the body (edges.py)
    zones: list[Compiled]  # what follows the post's last content, read back as one run (closing_zone.py)
    item_calls: list[FurnitureRule]  # the one item of a list that sells (item_calls.py)
    quote_footers: list[FurnitureRule]  # the post's last block a quote or a quotation line that opens a closing box
    # id of each list of candidates in ``by_cap`` -> (the places of the rules that read the block's shape and
    # no guard asks of: always tried; (place, what tells whether the block's text holds the rule's phrase) for
    # each rule with a phrase to find: ``Matcher.holds``, or the one test it makes when it makes one)
    tests: dict[int, tuple] = field(default_factory=dict, compare=False, repr=False)
    # which candidates' phrases a block's text holds, by (block kind, text): template blocks recur from
    # post to post on a site, and most blocks are tried against dozens of phrase rules. 4,096 entries:
    # over 1,500 corpus posts 4.0 k distinct keys, 11.4 k misses with 1,024 entries, 4.0 k with 4,096
    phrase_hits: Memo = field(default_factory=lambda: Memo(maxsize=4096), compare=False, repr=False)
    # ``_rules_to_try`` by (block kind, block text), per step rules: one look-up per recurring block instead of the
    # step-number guard's, the language's and the phrases' (a site's template blocks recur from post to post)
    to_try: Memo = field(default_factory=lambda: Memo(maxsize=4096), compare=False, repr=False)

    def candidates(self, kind: str, length: int) -> list[Compiled]:
        caps = self.caps.get(kind, [])
        at = bisect_left(caps, length)
        return self.by_cap[kind][at] if at < len(caps) else []


_PLANS: dict[tuple[int, frozenset[str]], tuple[FurnitureRules, _Plan]] = {}


def _plan(rules: FurnitureRules, languages: frozenset[str]) -> _Plan:
    cached = _PLANS.get((id(rules), languages))
    if cached is not None and cached[0] is rules:
        return cached[1]
    compiled = [(rule, rule.pattern_for(languages)) for rule in rules.rules]
    first = [(rule, pattern) for rule, pattern in compiled if not rule.near and rule.how not in OWN_PASS_HOWS]
    closings = [(rule, pattern) for rule, pattern in compiled if rule.how == "closing-tail"]
    sandwiches = [rule for rule in rules.rules if rule.how == "sandwich"]
    tails = [rule for rule in rules.rules if rule.how == "after-article"]
    title_runs = [rule for rule in rules.rules if rule.how == "title-run"]
    end_units = [rule for rule in rules.rules if rule.how == "end-unit"]
    sections = [(rule, pattern) for rule, pattern in compiled if rule.how == "closing-section" and pattern is not None]
    bios = [(rule, pattern) for rule, pattern in compiled if rule.how == "linked-bio" and pattern is not None]
    signatures = [rule for rule in rules.rules if rule.how == "signature"]
    edges = [rule for rule in rules.rules if rule.how in EDGE_HOWS]
    zones = [(rule, pattern) for rule, pattern in compiled if rule.how == "closing-zone"]
    item_calls = [rule for rule in rules.rules if rule.how == "item-cta"]
    quote_footers = [rule for rule in rules.rules if rule.how == "quote-footer"]
    caps: dict[str, list[int]] = {}
    by_cap: dict[str, list[list[Compiled]]] = {}
    for kind in {kind for rule, _ in first for kind in rule.blocks}:
        mine = [(rule, pattern) for rule, pattern in first if kind in rule.blocks]
        caps[kind] = sorted({rule.max_chars for rule, _ in mine})
        by_cap[kind] = [[(rule, pattern) for rule, pattern in mine if rule.max_chars >= cap] for cap in caps[kind]]
    near = [(rule, pattern) for rule, pattern in compiled if rule.near and rule.how == "phrase" and pattern is not None]
    threads = [(rule, pattern) for rule, pattern in compiled if rule.how == "comment-body" and pattern is not None]
    longest = max((rule.max_chars for rule in rules.rules if rule.max_chars < NO_CAP), default=0)
    rows = [(rule, pattern) for rule, pattern in compiled if rule.rows and pattern is not None]
    plan = _Plan(caps, by_cap, near, threads, max(longest, rules.settings.link_only_max_chars), sandwiches, tails,
                 title_runs, rows, closings, end_units, sections, bios, signatures, edges, zones, item_calls,
                 quote_footers)
    for groups in by_cap.values():
        for group in groups:
            always = tuple(at for at, (rule, _) in enumerate(group) if rule.how in SHAPE_HOWS and not rule.instruction_guard)
            tested = tuple((at, pattern.tests[0] if len(pattern.tests) == 1 else pattern.holds)
                           for at, (rule, pattern) in enumerate(group)
                           if pattern is not None and (rule.instruction_guard or rule.how not in SHAPE_HOWS))
            plan.tests[id(group)] = (always, tested)
    _PLANS[(id(rules), languages)] = (rules, plan)
    return plan


def _label_blocks(blocks: list[Block], article_plan: _Plan, furniture: FurnitureRules,
                  languages: frozenset[str]) -> None:
    longest = article_plan.longest
    to_try = article_plan.to_try.for_owner(step_rules())  # (a paragraph numbered as a step is no candidate)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.is_boilerplate:  # already removed (a page's navigation and footer): nothing to copy
            index += 1
            continue
        if len(block.text) > longest and block.kind != d.LIST:
            index += 1  # long prose is skipped before its text is copied and lower-cased
            continue
        key = (block.kind, block.text)
        found = to_try.get(key, MISSING)
        if found is MISSING:
            found = to_try.get_or(key, lambda: _rules_to_try(block, article_plan, furniture, languages))
        if found is not None:
            candidates, tries = found
            text = _text(block)
            instruction: bool | None = None  # worked out once, when a guarded rule's words are there
            for at in tries:
                rule, pattern = candidates[at]
                if rule.how in _LINKED_SHAPES and not block.has_links():
                    continue  # (most paragraphs hold no link: the shape is not read)
                if rule.instruction_guard:
                    instruction = _reads_as_instruction(block, furniture) if instruction is None else instruction
                    if instruction:
                        continue
                # every rule tried has found its phrase, but those that read the block's shape and no guard asks of
                taken = _apply(rule, pattern, blocks, index, text, furniture,
                               phrase=rule.instruction_guard or rule.how not in SHAPE_HOWS)
                if taken:
                    index += taken - 1
                    break
        index += 1


def _rules_to_try(block: Block, article_plan: _Plan, furniture: FurnitureRules,
                  languages: frozenset[str]) -> tuple[list[Compiled], tuple[int, ...]] | None:
    """The rules that may label a block of this kind and text: (candidates, the places of those worth trying, see
    ``_worth_trying``), from the article's plan or the plan of the block's own language; None when there are none
    (no rule for its kind and length, a paragraph numbered as a step, no phrase found and no shape rule). A
    function of the block's kind and text (and the rules): remembered by them in ``_Plan.to_try``."""
    text = _text(block)
    # every plan holds the same rules (only their patterns differ with the languages): whether any
    # may apply is known before the block's language is read, which then is read only when they may
    candidates = article_plan.candidates(block.kind, len(text)) if text or block.kind == d.LIST else []
    if not candidates or not _may_label(block):
        return None
    plan = _plan_for_block(article_plan, furniture, languages, text) if text else article_plan
    if plan is not article_plan:
        candidates = plan.candidates(block.kind, len(text))
    tries = _worth_trying(plan, block.kind, text, candidates)
    return (candidates, tries) if tries else None


# shapes made of a block's links: a rule of one of them takes no block without a link ("label-link": one link after
# its label; "link-run": a run of paragraphs each one link)
_LINKED_SHAPES = ("label-link", "link-run")


def _label_rows(blocks: list[Block], rows: list[Compiled], furniture: FurnitureRules) -> None:
    """Labels that come as a row or a list. A paragraph made of links and nothing else, at least
    ``row_min_links`` of them (one link alone is judged by its whole text already), one of whose links
    is the whole label of a ``rows`` rule: a footer line "Privacy Policy · Terms of Use", buttons side by
    side "More questions" "Get started". A list each item of which is a ``rows`` rule's whole label, at
    least ``row_min_links`` of them links: a footer's legal menu (one entry may be a button). The block
    is that rule's furniture."""
    settings = furniture.settings
    for block in blocks:
        if block.is_boilerplate or block.kind not in (d.PARAGRAPH, d.LIST):
            continue
        verdict = None
        if block.kind == d.PARAGRAPH:
            if len(block.text) > settings.link_only_max_chars:
                continue
            links = [text for inner in block.walk() for text, _ in inner.links]
            if len(links) < settings.row_min_links or not _may_label(block):  # (the guard after the shape)
                continue
            if link_share(links, block.text, settings.cjk_chars_per_word) < settings.link_only_share:
                continue
            verdict = next(filter(None, (_row_label(text, rows) for text in links)), None)
        elif block.children:  # the labels first: most lists fail at their first item
            first = _row_label(block.children[0].text, rows)
            if first is not None and all(_row_label(item.text, rows) for item in block.children[1:]) \
                    and sum(1 for item in block.children if item.has_links()) \
                    >= settings.row_min_links:
                verdict = first
        if verdict is not None:
            block.boilerplate = verdict


def _row_label(text: str, rows: list[Compiled]) -> tuple[str, str] | None:
    """(kind, rule) of the first ``rows`` rule whose whole label ``text`` is."""
    text = _fold(text)
    for rule, pattern in rows:
        if text and len(text) <= rule.max_chars and pattern.search(text):
            return rule.kind, rule.name
    return None


def _plan_for_block(plan: _Plan, furniture: FurnitureRules, languages: frozenset[str], text: str) -> _Plan:
    """The article's plan, or, for a block written in another of the rules' languages, the plan that
    adds that language's phrases (only the block's own language: a German pattern holding an English
    loanword such as "affiliate" must not judge English text)."""
    memo, key = _block_languages.for_owner(furniture), (languages, text)
    own = memo.get(key, MISSING)
    if own is MISSING:
        own = memo.get_or(key, lambda: detect_other_language(
            text, languages, min_hits=furniture.settings.block_language_min_hits))
    if own is None or own not in furniture.languages:
        return plan
    return _plan(furniture, languages | {own})


# (languages, text) -> the block's language when not one of them: a site's widget blocks recur from post
# to post (as phrase_hits)
_block_languages = Memo(maxsize=4096)


def _worth_trying(plan: _Plan, kind: str, text: str, candidates: list[Compiled]) -> tuple[int, ...]:
    """Which candidates (their places in ``candidates``, in order) may label the block: those whose pattern
    finds its phrase in ``text``, and those that read the block's shape and no guard asks of (a guarded rule
    needs its phrase first). Most blocks hold no phrase: only the shape rules are left to try."""
    found = plan.phrase_hits.get((kind, text), MISSING)
    if found is MISSING:
        always, tested = plan.tests[id(candidates)]  # candidates is one of plan.by_cap's lists
        hits = [at for at, test in tested if test(text)] if text else None
        found = plan.phrase_hits.get_or((kind, text), lambda: _one_of(tuple(sorted(always + tuple(hits)))
                                                                       if hits else always))
    return found


def _one_of(found: tuple[int, ...]) -> tuple[int, ...]:
    """One tuple for equal answers: most blocks hold no phrase at all (the memo's entries stay about the
    size of their keys)."""
    return _answers.get_or(found, lambda: found)


_answers = Memo(maxsize=1024)  # few distinct: most blocks hold no phrase, a few hold one


def _apply(rule: FurnitureRule, pattern: Matcher | None, blocks: list[Block], index: int, text: str,
           furniture: FurnitureRules, phrase: bool) -> int:
    """Label blocks[index] (and what belongs with it) if the rule holds; return how many blocks it took.
    ``phrase``: the rule's pattern finds its phrase in ``text``."""
    block = blocks[index]
    verdict = (rule.kind, rule.name)
    if rule.how == "link-run":
        run = _link_run(blocks, index, furniture)
        for inner in run:
            inner.boilerplate = verdict
        return len(run)
    if rule.how == "list-items":  # (each item folded only when those before it passed: most lists fail at the first)
        if pattern is not None and block.children and all(
                len(t) <= rule.max_chars and pattern.holds(t) for t in map(_text, block.children)):
            block.boilerplate = verdict
            return 1
        return 0
    if rule.how == "number-scale":
        if _is_number_scale(block, furniture):
            block.boilerplate = verdict
            return 1
        return 0
    if pattern is None or not text:
        return 0
    if rule.how == "label-link":
        if _is_label_link(block, text, pattern, furniture):
            block.boilerplate = verdict
            return 1
        return 0
    if not phrase:
        return 0
    block.boilerplate = verdict
    if rule.how == "lead-in":
        return 1 + _label_followers(blocks, index + 1, verdict, furniture)
    return 1


def _label_followers(blocks: list[Block], start: int, verdict: tuple[str, str], furniture: FurnitureRules) -> int:
    """The link-only paragraphs and link lists right after a lead-in are its list."""
    taken = 0
    for block in itertools.islice(blocks, start, None):
        if block.is_boilerplate:
            taken += 1
            continue
        # a table of contents links to places in the page; a related list to other pages
        if not (_is_link_only(block, furniture, any_links=True)
                or _is_link_list(block, anchors=verdict[0] == "table_of_contents")
                or (verdict[0] == "link_list" and _is_title_list(block, furniture))):
            break
        block.boilerplate = verdict
        taken += 1
    return taken


def _label_neighbours(blocks: list[Block], rules: list[Compiled],
                      furniture: FurnitureRules) -> None:
    kinds = {kind for rule, _ in rules for kind in rule.near}
    changed = bool(rules) and _labelled_near(blocks, kinds)
    while changed:
        changed = False
        for index, block in enumerate(blocks):
            if not _beside_a_label(blocks, index):
                continue
            if block.is_boilerplate or _said_content(block) or not _next_to(blocks, index, kinds) \
                    or not _may_label(block):
                continue
            text = _text(block)
            for rule, pattern in rules:
                if block.kind in rule.blocks and text and len(text) <= rule.max_chars and pattern.search(text) \
                        and _next_to(blocks, index, rule.near) \
                        and not (rule.instruction_guard and _reads_as_instruction(block, furniture)):
                    block.boilerplate = (rule.kind, rule.name)
                    changed = True
                    break


def _label_comment_bodies(blocks: list[Block], rule: FurnitureRule, reply: Matcher, furniture: FurnitureRules) -> None:
    """After a comment's header ("Ana says: <date>"), the paragraphs up to its "Reply" button are the
    comment; nothing is taken unless the button comes within a few blocks, before any heading."""
    limit = furniture.settings.comment_body_max_blocks
    for index, block in enumerate(blocks):
        if not (block.boilerplate and block.boilerplate[0] in rule.near):
            continue
        body: list[Block] = []
        for other in itertools.islice(blocks, index + 1, index + 1 + limit + 1):  # the body, then its button
            if other.boilerplate:
                break
            text = _text(other)
            if other.kind == d.HEADING or not text:
                break
            body.append(other)
            if len(text) <= rule.max_chars and reply.search(text):
                for inner in body:
                    inner.boilerplate = (rule.kind, rule.name)
                break


def _label_sandwiched(blocks: list[Block], rule: FurnitureRule) -> None:
    """A short non-sentence line between two furniture blocks of the rule's kinds is part of the widget (a short
    sentence too for a rule with ``sentences``: a product box's one-line blurb between its title and its price)."""
    if not _labelled_near(blocks, rule.near):
        return
    for index, block in enumerate(blocks):
        text = block.text.strip()
        if block.is_boilerplate or block.kind not in rule.blocks or not text or len(text) > rule.max_chars \
                or (not rule.sentences and text.endswith((".", "?", "!", ";", ","))) or block.images \
                or _said_content(block):
            continue
        before, after = _neighbour(blocks, index, -1), _neighbour(blocks, index, 1)
        if before is not None and after is not None and before.boilerplate[0] in rule.near \
                and after.boilerplate[0] in rule.near and (not rule.sentences or before.links or after.links):
            block.boilerplate = (after.boilerplate[0], rule.name)


def _labelled_near(blocks: list[Block], kinds) -> bool:
    """Does a block carry a label of one of ``kinds``? The passes that read a line by the furniture next to it
    (neighbours, sandwiches, after the article, title runs, the end unit: their rules' ``near``) can take nothing
    in a post without one: they are not run there."""
    return any(b.boilerplate is not None and b.boilerplate[0] in kinds for b in blocks)


def _beside_a_label(blocks: list[Block], index: int) -> bool:
    """Is the block right before or after ``blocks[index]`` labelled? When neither is, no furniture stands next to
    it (``_next_to`` finds none): most blocks of a post stand between two unlabelled ones."""
    return (index > 0 and blocks[index - 1].boilerplate is not None) \
        or (index + 1 < len(blocks) and blocks[index + 1].boilerplate is not None)


def _said_content(block: Block) -> bool:
    """The reader has said the block is content (``Block.entry``: an entry's line of names, a post's poster): the
    rules that judge a short line by the furniture around it (neighbours, sandwiches) leave it. A Markdown
    block never carries the flag."""
    return block.entry


def _label_after_article(blocks: list[Block], rule: FurnitureRule, furniture: FurnitureRules) -> None:
    """Past the article's end, a short run of short non-sentence lines with furniture of the rule's kinds
    right before and after it belongs to that furniture (a rating's "Excellent" and score line, a
    comment-box prompt between a related list and an ad)."""
    if not _labelled_near(blocks, rule.near):
        return
    sequence = [b for b in blocks if not (b.boilerplate and b.boilerplate[0] == "empty")
                and (b.text.strip() or b.images or b.is_boilerplate)]
    min_words = furniture.settings.after_article_body_words
    end = next((i for i in range(len(sequence) - 1, -1, -1)
                if not sequence[i].is_boilerplate and _article_body(sequence[i], min_words, furniture.settings)), None)
    if end is None:
        return
    limit = furniture.settings.after_article_max_run
    for is_short, positions in itertools.groupby(range(end + 1, len(sequence)),
                                                 key=lambda i: _short_line(sequence[i], rule, furniture.settings)):
        run = list(positions)
        if not is_short or len(run) > limit or run[0] - 1 <= end or run[-1] + 1 >= len(sequence):
            continue
        before, after = sequence[run[0] - 1], sequence[run[-1] + 1]
        if before.boilerplate and after.boilerplate and before.boilerplate[0] in rule.near \
                and after.boilerplate[0] in rule.near:
            for i in run:
                sequence[i].boilerplate = (after.boilerplate[0], rule.name)


def _label_end_unit(blocks: list[Block], rule: FurnitureRule, furniture: FurnitureRules) -> None:
    """The article's end as a unit: past the last thematic break in the article's latter part, a short tail
    that already holds furniture of the rule's kinds is one closing box, and its other blocks go with it."""
    if not _labelled_near(blocks, rule.near):
        return
    settings = furniture.settings
    shown = [b for b in blocks if not (b.boilerplate and b.boilerplate[0] == "empty")
             and (b.text.strip() or b.images or b.kind == d.RULE)]
    at = next((i for i in range(len(shown) - 1, -1, -1) if shown[i].kind == d.RULE), None)
    if at is None or at < settings.end_unit_from * len(shown):
        return
    tail = shown[at + 1:]
    rest = [b for b in tail if not b.is_boilerplate]
    held = [b for b in tail if b.is_boilerplate and b.boilerplate[0] in rule.near]
    if not held or not rest or any(b.kind not in rule.blocks or not _may_label(b) and b.kind != d.IMAGE for b in rest):
        return
    sizes = [len(" ".join(b.text.split())) for b in rest]
    opened_by_furniture = tail[0] in held
    # a box the furniture opens whose every line opens with a bold "Label:" ("Written by:", "Last reviewed:")
    # is the site's, however short the article above it is
    keyed_box = opened_by_furniture and all(_opens_with_bold_label(b) for b in rest)
    if keyed_box:
        if sum(sizes) > settings.end_unit_box_max_chars:
            return
    elif sum(sizes) > settings.end_unit_max_chars \
            or (not opened_by_furniture and max(sizes) > settings.end_unit_line_chars):
        return
    body = sum(len(b.text) for b in shown[:at] if not b.is_boilerplate)
    if not keyed_box and body < settings.end_unit_body_ratio * sum(sizes):
        return
    kind = held[-1].boilerplate[0]
    for block in rest:
        # a sentence with no link is the author's own last word ("Hope this helps, feel free to comment"),
        # unless the box opened with its furniture (the lines of an "About this article" box)
        if opened_by_furniture or not _sentence(" ".join(block.text.split())) or block.has_links():
            block.boilerplate = (kind, rule.name)


_QUOTATION = re.compile(r'^[*_]*\s*(?:"[^"]+"|“[^”]+”|„[^“”]+[“”]|«[^»]+»|「[^」]+」|『[^』]+』|‘[^’]+’)[*_]*\s*$')


def _label_quote_footer(blocks: list[Block], rule: FurnitureRule, plan: _Plan, furniture: FurnitureRules,
                        languages: frozenset[str]) -> None:
    """A site's footer set as a quotation: the post's last block (past its first half, under the end unit's size) is a
    quote whose own lines hold furniture of the rule's kinds ("> *"A maxim."* > Written by Ana. Subscribe via RSS."),
    or a line that is one quotation right above such furniture at the post's end ('*"A maxim."*' over the byline).
    Its lines are read with the furniture phrases like any paragraph; the quote goes whole."""
    settings = furniture.settings
    shown = [b for b in blocks if not (b.boilerplate and b.boilerplate[0] == "empty") and (b.text.strip() or b.images)]
    last = next((i for i in range(len(shown) - 1, -1, -1) if not shown[i].is_boilerplate), None)
    if last is None or last < settings.end_unit_from * len(shown) or len(shown[last].text) > settings.end_unit_max_chars:
        return
    block = shown[last]
    body = sum(len(b.text) for b in shown[:last] if not b.is_boilerplate)
    if body < settings.end_unit_body_ratio * len(block.text):
        return
    if block.kind == d.QUOTE and "quote" in rule.blocks:
        children = [c for c in block.children if c.kind == d.PARAGRAPH and not c.is_boilerplate]
        if not children:
            return
        _label_blocks(children, plan, furniture, languages)
        held = [c.boilerplate[0] for c in children if c.boilerplate and c.boilerplate[0] in rule.near]
        for child in children:
            child.boilerplate = None  # the quote goes whole, or stays whole
        if held:
            block.boilerplate = (held[-1], rule.name)
    elif block.kind == d.PARAGRAPH and not block.links and _QUOTATION.match(block.text.strip()) \
            and last + 1 < len(shown) and shown[last + 1].boilerplate and shown[last + 1].boilerplate[0] in rule.near:
        block.boilerplate = (shown[last + 1].boilerplate[0], rule.name)


def _opens_with_bold_label(block: Block) -> bool:
    """A paragraph whose text opens with its first bold text, and that text is a label ("**Written by:**")."""
    if block.kind != d.PARAGRAPH or not block.labels:
        return False
    label = " ".join(block.labels[0].split())
    text = " ".join(block.text.split())
    if not label or not text.startswith(label):
        return False
    return label.endswith((":", "：")) or text[len(label):].lstrip().startswith((":", "："))


def _label_closing_section(blocks: list[Block], rule: FurnitureRule, pattern: Matcher,
                           furniture: FurnitureRules, shown: list[int]) -> None:
    """A heading that names a section of furniture ("Support us", "Hire Ian", "Our top 3 course recommendations")
    takes its section (up to the next heading of its level or higher) when the section is short
    (``closing_section_max_chars``) and holds no code, table or numbered list: a box of the site, not the article's.
    A section the other passes already took whole (a sign-up link, a related list) leaves the heading: it goes too.
    A thematic break ("---") ends the section too.
    Such a heading counts in the article's latter part (``closing_tail_from``) only, unless the rule asks
    ``with_link``: then every block of the section holds a link (a list of offers), wherever it stands.
    ``shown``: ``_shown_in_sections(blocks)`` (the same for every rule: no rule labels a block "empty")."""
    settings = furniture.settings
    latter = int(len(shown) * settings.closing_tail_from)
    for at, index in enumerate(shown) if rule.with_link else enumerate(shown[latter:], latter):
        heading = blocks[index]
        if heading.kind != d.HEADING or heading.is_boilerplate:
            continue
        text = _text(heading)
        if not text or len(text) > rule.max_chars or not pattern.search(text):
            continue
        section = []
        for other in itertools.islice(blocks, index + 1, None):  # up to the next heading of its level, or a "---"
            if (other.kind == d.HEADING and other.level <= heading.level) or other.kind == d.RULE:
                break
            if not _seen(other):
                continue
            section.append(other)
        rest = [b for b in section if not b.is_boilerplate]
        # a section the stages already took whole (its sign-up link, its related list) leaves the heading that names it
        if not section or any(b.kind in (d.CODE, d.TABLE) or (b.kind == d.LIST and b.ordered) for b in rest):
            continue
        if sum(len(" ".join(b.text.split())) for b in rest) > settings.closing_section_max_chars:
            continue
        if rule.with_link and not all(b.has_links() for b in rest if b.kind not in (d.IMAGE, d.HEADING)):
            continue
        for block in [heading] + rest:
            block.boilerplate = (rule.kind, rule.name)


def _shown_in_sections(blocks: list[Block]) -> list[int]:
    """The indexes of the blocks a reader sees (``_seen``)."""
    return [i for i, b in enumerate(blocks) if _seen(b)]


def _seen(block: Block) -> bool:
    """A block a reader sees: text, images, a list, code or a table, and not one labelled empty."""
    return not (block.boilerplate and block.boilerplate[0] == "empty") and bool(
        block.text.strip() or block.images or block.kind in (d.LIST, d.CODE, d.TABLE))


def _label_linked_bio(blocks: list[Block], rule: FurnitureRule, pattern: Matcher, furniture: FurnitureRules) -> None:
    """In the article's latter part, a paragraph that opens with a link on a name and goes on telling who that
    is ("[Ana Ruiz](...) is a freelance developer and author of ...", "[Name](...) 是一位数据科学专业人士"): an
    author's bio. The rule's patterns read what follows the name (a role word must be there: "[Docker](...) is
    a platform" is the article's)."""
    shown = [b for b in blocks if not (b.boilerplate and b.boilerplate[0] == "empty") and (b.text.strip() or b.images)]
    content = [b for b in shown if not b.is_boilerplate]
    # the bio closes the post: one of its last blocks (a product described in a list of tools is the article's)
    for block in content[-furniture.settings.linked_bio_last_blocks:]:
        if block.kind != d.PARAGRAPH or not _may_label(block) or shown.index(block) < furniture.settings.closing_tail_from * len(shown):
            continue
        text = _text(block)
        if not text or len(text) > rule.max_chars:
            continue
        name = next((t.strip() for t, _ in block.links if t.strip()), "")
        lead = text.lstrip(" *_[(")
        if not _PERSON_NAME.match(name) or not lead.startswith(_fold(name)):
            continue
        if pattern.match(lead[len(name):].lstrip(" *_])")):
            block.boilerplate = (rule.kind, rule.name)


# a person's name as a link's text: two to four capitalised words ("Abid Ali Awan", "Jean-Luc Houédanou"), or two to
# four CJK characters ("王芳"); one word ("Veed", "Mode") is as often a product
_PERSON_NAME = re.compile(r"^(?:[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){1,3}|[\u4e00-\u9fff]{2,4})$")


_SIGNATURE = re.compile(r"^[*_ ]*(?:[—–~]|--)[ \t]*[^\W\d][\w.' -]{1,40}[*_ ]*$")  # "— Ana", "-- Jean-Luc", "~ Ana"
_TAGLINE = re.compile(r"^[*_ ]*\]?[*_ ]*\s*[—–|]\s*\S")  # after a linked name: " — waker of watches"


def _label_signature(blocks: list[Block], rule: FurnitureRule, furniture: FurnitureRules) -> None:
    """The post's last line, when it signs the post: a linked name and a tagline after a dash
    ("*[Jean-Luc](https://...) — waker of watches*"), or a dash and a name ("— Ana"). Short, after the article."""
    shown = [b for b in blocks if not (b.boilerplate and b.boilerplate[0] == "empty")
             and (b.text.strip() or b.kind in (d.LIST, d.CODE, d.TABLE))]
    content = [b for b in shown if not b.is_boilerplate]
    if not content[:-1]:  # the post's only block is no signature
        return
    last = content[-1]
    text = " ".join(last.text.split())
    if last.kind != d.PARAGRAPH or not text or len(text) > rule.max_chars or _numbered_as_step(last.text):
        return
    if _SIGNATURE.match(text):
        last.boilerplate = (rule.kind, rule.name)
        return
    name = next((t.strip() for t, _ in last.links if t.strip()), "")
    lead = text.lstrip(" *_[")
    if name and lead.startswith(name) and _at_most_words(name, furniture.settings.signature_name_max_words, furniture.settings) \
            and _TAGLINE.match(lead[len(name):]) \
            and not _sentence(lead[len(name):].strip(" *_—–|")):
        last.boilerplate = (rule.kind, rule.name)


def _label_title_run(blocks: list[Block], rule: FurnitureRule, furniture: FurnitureRules) -> None:
    """Past the article's end, headings in a row with nothing under them, next to furniture: the titles of a
    related-posts widget whose links the page's conversion to Markdown lost."""
    if not _labelled_near(blocks, rule.near):
        return
    # every block but empty debris: a list or code block under a heading (whose own text may be empty) is a
    # section's body, so the heading is the article's
    sequence = [b for b in blocks if not (b.boilerplate and b.boilerplate[0] == "empty")
                and (b.text.strip() or b.images or b.is_boilerplate or b.kind in (d.LIST, d.CODE, d.TABLE))]
    settings = furniture.settings
    end = next((i for i in range(len(sequence) - 1, -1, -1)
                if not sequence[i].is_boilerplate and _article_body(sequence[i], settings.after_article_body_words, settings)),
               None)
    if end is None:
        return
    for is_title, positions in itertools.groupby(range(end + 1, len(sequence)),
                                                 key=lambda i: _title_heading(sequence[i], rule, settings)):
        run = list(positions)
        if not is_title or len(run) < settings.title_run_min_headings:
            continue
        before = sequence[run[0] - 1]
        after = sequence[run[-1] + 1] if run[-1] + 1 < len(sequence) else None
        if any(b is not None and b.boilerplate and b.boilerplate[0] in rule.near for b in (before, after)):
            for i in run:
                sequence[i].boilerplate = (rule.kind, rule.name)


def _label_closing_tail(blocks: list[Block], rule: FurnitureRule, pattern: Matcher | None,
                        furniture: FurnitureRules, link_blocks: bool = True,
                        reading: _TailReading | None = None) -> _TailReading | None:
    """Two passes of ``_closing_tail_pass``: a closing line judged before the furniture after it was labelled
    ("Thanks for your attention, I'd welcome your feedback." over "Follow me on [Twitter](...)") ends its section
    once that furniture is labelled. A first pass that labels nothing leaves the blocks as they were, and the
    second would read them as the first did: it runs only after a first pass that labelled something.
    ``reading``: what an earlier rule's pass read of these blocks, when it labelled nothing (then every block
    reads the same); returned for the next rule, or None when this rule labelled something."""
    reading = reading or _TailReading(blocks)
    if not _closing_tail_pass(blocks, rule, pattern, furniture, link_blocks, reading):
        return reading
    _closing_tail_pass(blocks, rule, pattern, furniture, link_blocks, _TailReading(blocks))
    return None


class _TailReading:
    """What a closing-tail pass reads of the blocks whatever its rule: the blocks it walks (all but empty ones;
    a block's boilerplate label counts: a labelled block without text is read as furniture) and, for each
    position it asked about, the candidate's folded text and sign-off lines after it (None: no candidate).
    The closing-tail rules (three or so) share it until one labels a block."""

    __slots__ = ("sequence", "candidates", "_headings")

    def __init__(self, blocks: list[Block]):
        self.sequence = [i for i, b in enumerate(blocks) if not (b.boilerplate and b.boilerplate[0] == "empty")
                         and (b.text.strip() or b.images or b.is_boilerplate or b.kind in (d.LIST, d.CODE, d.TABLE))]
        self.candidates: dict[int, tuple[str, list[int]] | None] = {}
        self._headings: list[int] | None = None  # found when first asked (block kinds never change here)

    def ruled_out(self, blocks: list[Block], at: int) -> bool:
        """The block answers an FAQ's question or stands in a "Step N" section: no closing furniture, whatever
        it says (asked once a verdict is found: most candidates get none)."""
        if self._headings is None:
            self._headings = [i for i in self.sequence if blocks[i].kind == d.HEADING]
        return (_answers_a_question(blocks, self.sequence, at, self._headings)
                or _in_labelled_step(blocks, self.sequence, at, self._headings))

    def candidate(self, blocks: list[Block], at: int, settings) -> tuple[str, list[int]] | None:
        if at in self.candidates:
            return self.candidates[at]
        block, found = blocks[self.sequence[at]], None
        if block.kind in (d.PARAGRAPH, d.HTML) and _may_label(block):
            text = _text(block)
            if text:
                followers = _rest_of_section(blocks, self.sequence, at, settings)
                if followers is not None:
                    found = (text, followers)
        self.candidates[at] = found
        return found


def _closing_tail_pass(blocks: list[Block], rule: FurnitureRule, pattern: Matcher | None,
                       furniture: FurnitureRules, link_blocks: bool, reading: _TailReading) -> bool:
    """The post's closing furniture, told by where it stands and what it asks of the reader, not by one
    site's wording. In the article's latter part (``closing_tail_from`` of its blocks on), a block with nothing
    of the article after it in its section (only images, markup, boilerplate or sign-off lines and lists of at
    most ``closing_tail_signoff_words`` words each, up to the next heading) is furniture when it is
    * a short paragraph that invites the reader to share, comment, subscribe, follow or get in touch, or thanks
      them for reading (the rule's words, in the article's language; with ``with_link``, only in a paragraph
      that also links somewhere: "Questions?" over a pointer to the docs or a forum), or that links to a
      social or chat profile (``closing_tail_social_links``): the rule's kind;
    * a paragraph or HTML block made up of links (a "Read next: [title]" line, a download button): link_list;
    * a paragraph whose section holds nothing else but a list the stages cut (a related list's introduction).
    The sign-off lines after it go with it. A numbered step, a list, code or a table is never such a block. Link
    blocks go only with ``link_blocks`` (a Markdown file) and when there are at most
    ``closing_tail_max_link_blocks`` of them: more are the page's own. Whether it labelled any block."""
    settings = furniture.settings
    sequence = reading.sequence
    social = _social_links(settings.closing_tail_social_links)
    links_found: list[tuple[Block, list[int], tuple[str, str]]] = []
    labelled = False
    for at in range(int(len(sequence) * settings.closing_tail_from), len(sequence)):
        found = reading.candidate(blocks, at, settings)
        if found is None:
            continue
        block = blocks[sequence[at]]
        text, followers = found
        if block.is_boilerplate:  # an invitation a phrase rule took: its sign-off lines go with it
            if block.boilerplate[0] in _INVITATION_KINDS:
                if reading.ruled_out(blocks, at):
                    continue
                for index in followers:
                    blocks[index].boilerplate = block.boilerplate
                    labelled = True
            continue
        links = [target for inner in block.walk() for _, target in inner.links]
        verdict = None
        if _made_of_links(block, furniture):
            verdict = ("link_list", rule.name)
        elif block.kind == d.PARAGRAPH and len(text) <= rule.max_chars and _follows_words(blocks, sequence, at) \
                and ((pattern is not None and pattern.holds(text) and (links or not rule.with_link))
                     or any(social.search(target) for target in links)) \
                and _every_sentence_invites(  # (sentence by sentence once the words or a social link are there)
                text, pattern, settings.closing_tail_signoff_words, settings.cjk_chars_per_word):
            verdict = (rule.kind, rule.name)
        elif block.kind == d.PARAGRAPH and _introduces_cut_list(blocks, sequence, at):
            verdict = ("link_list", rule.name)
        if verdict is None:
            continue
        if reading.ruled_out(blocks, at):
            continue
        if verdict[0] == "link_list":
            links_found.append((block, followers, verdict))
            continue
        block.boilerplate = verdict
        labelled = True
        for index in followers:
            blocks[index].boilerplate = verdict
    # a closing tail ends the post once; link blocks in section after section (a docs page's "For more
    # information, see:" under each heading, a collection's teasers) are how the page is made: its content
    if link_blocks and len(links_found) <= settings.closing_tail_max_link_blocks:
        for block, followers, verdict in links_found:
            block.boilerplate = verdict
            labelled = True
            for index in followers:
                blocks[index].boilerplate = verdict
    return labelled


_INVITATION_KINDS = ("share", "comments", "newsletter")


def _follows_words(blocks: list[Block], sequence: list[int], at: int) -> bool:
    """Something of the article comes before the block in its section: an invitation closes what was said
    (a section that is a single paragraph pointing to help, "## Troubleshooting: ... reach out on Discord", is
    the article's own section)."""
    for index in reversed(sequence[:at]):
        block = blocks[index]
        if block.kind == d.HEADING:
            return False
        if not block.is_boilerplate and (block.kind in (d.LIST, d.CODE, d.TABLE) or _WORDS.search(block.text)):
            return True
    return False


def _every_sentence_invites(text: str, pattern: Matcher | None, signoff_words: int, cjk_chars: int) -> bool:
    """Each sentence of the paragraph holds the rule's words (or a social link carries it: then none need to)
    or is a sign-off ("That's it!", "以上です。"): an author's closing paragraph that also sums up ("Hopefully this
    fixed your lamp. If you have questions, leave a comment below.") or asks the reader how it went is the
    article's own last word. A Chinese or Japanese clause is one \\w+ run: it counts a word per ``cjk_chars``
    characters ("好了，台灯系列的第一篇就写到这里，旋钮的用法都讲完了。" sums the post up, it is no sign-off)."""
    return all(at_most_words(part, signoff_words, cjk_chars) or (pattern is not None and pattern.holds(part))
               for part in _sentences(text)) or pattern is None


def _sentences(text: str) -> list[str]:
    """The sentences of a paragraph's text that hold a word."""
    return [part for part in _SENTENCE_SPLIT.split(text) if _WORDS.search(part)]


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*")  # ("Aspose.Slides" is one word)


def _answers_a_question(blocks: list[Block], sequence: list[int], at: int, headings: list[int]) -> bool:
    """The block answers a question of a list of them (an FAQ): the paragraph before it asks one ("**Can I share
    the lamp?**"), or its heading does and so does the heading before or after it at the same level.
    ``headings``: the indexes of the headings among ``sequence``, ascending."""
    previous = blocks[sequence[at - 1]] if at else None
    if previous is not None and previous.kind == d.PARAGRAPH and _asks(previous.text):
        return True
    own = bisect_left(headings, sequence[at]) - 1  # the last heading before the block (ascending)
    if own < 0 or not _asks(blocks[headings[own]].text):
        return False
    level = blocks[headings[own]].level
    around = [blocks[headings[n]] for n in (own - 1, own + 1) if 0 <= n < len(headings)]
    return any(h.level == level and _asks(h.text) for h in around)


def _in_labelled_step(blocks: list[Block], sequence: list[int], at: int, headings: list[int]) -> bool:
    """The block's section is a step: its heading is a "Step N" label ("## Step 3: Edit the theme", "# 第三步，...").
    A link there is the step's own pointer ("this is explained in [the setup guide]"), not the post's closing
    links, however late in the post the last step stands."""
    own = bisect_left(headings, sequence[at]) - 1
    return own >= 0 and step_rules().step_label.match(blocks[headings[own]].text.strip()) is not None


def _asks(text: str) -> bool:
    return text.rstrip(" *_").endswith(("?", "？"))


def _made_of_links(block: Block, furniture: FurnitureRules) -> bool:
    """Links make the block up: two or more whose words are most of its words (label-link lines written as one
    paragraph), or one that is (almost) all of it (a button)."""
    links = block.link_texts()
    if not links or len(block.text) > furniture.settings.link_only_max_chars:
        return False
    share = furniture.settings.link_only_share if len(links) == 1 else furniture.settings.after_article_link_share
    return link_share(links, block.text, furniture.settings.cjk_chars_per_word) >= share


def _introduces_cut_list(blocks: list[Block], sequence: list[int], at: int) -> bool:
    """The paragraph's section (from the heading over it to the next) holds nothing but it and lists the stages
    cut as links to the site's own pages: a related list's heading, introduction and titles."""
    before = next((blocks[i] for i in reversed(sequence[:at])), None)
    if before is None or before.kind != d.HEADING:
        return False
    after = []
    for index in sequence[at + 1:]:
        block = blocks[index]
        if block.kind == d.HEADING:
            break
        if block.kind in (d.IMAGE, d.DIRECTIVE) or (block.kind == d.HTML and not block.text.strip()):
            continue
        after.append(block)
    # the site's own pages: a related list links within the site (relative links), a list of vendors' pages does not
    return bool(after) and all(b.kind == d.LIST and b.boilerplate and b.boilerplate[0] == "link_list" and all(
        not _SCHEME.match(target) for inner in b.walk() for _, target in inner.links) for b in after)


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.IGNORECASE)


def _rest_of_section(blocks: list[Block], sequence: list[int], at: int, settings) -> list[int] | None:
    """The sign-off lines after ``sequence[at]`` up to the next heading, or None when the article goes on there
    (code, a table, a sentence longer than a sign-off, a list with a longer item)."""
    signoffs, most = [], settings.closing_tail_signoff_words
    for index in sequence[at + 1:]:
        block = blocks[index]
        if block.kind == d.HEADING:
            break
        if block.is_boilerplate or block.kind in (d.IMAGE, d.DIRECTIVE, d.RULE) \
                or (block.kind == d.HTML and not block.text.strip()):
            continue
        if block.kind == d.PARAGRAPH and not block.images and _at_most_words(block.text, most, settings):
            signoffs.append(index)
            continue
        if block.kind == d.LIST and block.children and not block.ordered and all(
                not item.children[1:] and _at_most_words(item.text, most, settings) for item in block.children):
            signoffs.append(index)  # a tag line written as a one-item list ("- Related terms: speed")
            continue
        return None
    return signoffs


def _words(text: str, settings) -> int:
    """The \\w+ runs of ``text``, Chinese and Japanese counted by their characters (``words.word_runs``)."""
    return word_runs(text, settings.cjk_chars_per_word)


def _at_most_words(text: str, limit: int, settings) -> bool:
    return _words(text, settings) <= limit


@lru_cache(maxsize=4)
def _social_links(source: str) -> re.Pattern:
    return re.compile(source, re.IGNORECASE)


def _title_heading(block: Block, rule: FurnitureRule, settings) -> bool:
    """A post title as a heading: short, no sentence, not yet labelled."""
    text = " ".join(block.text.split())
    return (block.kind in rule.blocks and not block.is_boilerplate and bool(text) and len(text) <= rule.max_chars
            and not text.endswith(_SENTENCE_END) and _words(text, settings) <= settings.title_run_max_words)


def _article_body(block: Block, min_words: int, settings) -> bool:
    """A block only an article has: a list, code block or table, or prose (sentences) of some length."""
    if block.kind in (d.LIST, d.CODE, d.TABLE):
        return True
    text = " ".join(block.text.split())
    return _sentence(text) and (min_words <= 0 or not _at_most_words(text, min_words - 1, settings))


def _short_line(block: Block, rule: FurnitureRule, settings) -> bool:
    """A widget's line: short, no sentence, and few words unless numbers or links make it up (a score
    line, a dated byline, a follow-us line)."""
    text = " ".join(block.text.split())
    if block.is_boilerplate or block.kind not in rule.blocks or not text or len(text) > rule.max_chars \
            or _sentence(text) or text.endswith((":", "：")) or not _may_label(block):
        return False
    if _words(text, settings) <= settings.after_article_max_words:
        return True
    linked = sum(len(link_text) for inner in block.walk() for link_text, _ in inner.links)
    return any(c.isdigit() for c in text) or linked >= settings.after_article_link_share * len(text)


_SENTENCE_END = (".", "!", ";", ",", "。", "！", "；")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[^\W\d]|[。！？]\s*[^\W\d]")  # "a.b" in a host name is no break


def _sentence(text: str) -> bool:
    """Prose: ends like a sentence, or holds two ("Hope this helps. Thanks!")."""
    return text.endswith(_SENTENCE_END) or _SENTENCE_BREAK.search(text.rstrip("?？")) is not None


def _neighbour(blocks: list[Block], index: int, step: int) -> Block | None:
    """The nearest block before (step -1) or after (step 1) that is not empty debris, if it is boilerplate."""
    at = index + step
    while 0 <= at < len(blocks):
        other = blocks[at]
        if not (other.boilerplate and other.boilerplate[0] == "empty"):
            return other if other.boilerplate else None
        at += step
    return None


def _next_to(blocks: list[Block], index: int, kinds: Iterable[str]) -> bool:
    """The nearest block before or after (skipping empty ones) is boilerplate of one of these kinds."""
    for neighbour in (_neighbour(blocks, index, -1), _neighbour(blocks, index, 1)):
        if neighbour is not None and neighbour.boilerplate[0] in kinds:
            return True
    return False


def _label_section_headings(blocks: list[Block], furniture: FurnitureRules) -> None:
    """A short heading whose every block (to the next heading) is boilerplate, some of it furniture
    labelled here, belongs to it ("Featured" over a run of related-post links)."""
    names = {rule.name for rule in furniture.rules}
    limit = furniture.settings.section_heading_max_words
    for index, block in enumerate(blocks):
        if block.kind != d.HEADING or block.is_boilerplate or not block.text:
            continue
        if _words(block.text, furniture.settings) > limit:
            continue
        section = []
        for other in itertools.islice(blocks, index + 1, None):
            if other.kind == d.HEADING:
                break
            if (other.boilerplate and other.boilerplate[0] == "empty") or other.kind == d.DIRECTIVE \
                    or (other.kind == d.HTML and not other.text.strip() and not other.images):
                continue  # empty debris and build markup show nothing
            if not other.boilerplate:
                section = []  # a block of the article's: the heading is the article's (no need to read on)
                break
            section.append(other)
        if section and any(
                b.boilerplate[1] in names or (b.kind == d.LIST and b.boilerplate[0] == "link_list") for b in section):
            block.boilerplate = next(b.boilerplate for b in section
                                     if b.boilerplate[1] in names or b.boilerplate[0] == "link_list")


# -- guards and shapes --------------------------------------------------------------------------

def _may_label(block: Block) -> bool:
    """A top-level block of a kind furniture comes in, and not a paragraph numbered as a step."""
    if block.kind not in _LABELLED_KINDS:
        return False
    return block.kind != d.PARAGRAPH or not _numbered_as_step(block.text)


_LABELLED_KINDS = (d.PARAGRAPH, d.HEADING, d.HTML, d.LIST, d.QUOTE)  # a quote only for rules naming it


def _numbered_as_step(text: str) -> bool:
    """A paragraph's text starts with a step's number or label ("2. Open ...", "Step 3: ...")."""
    steps = step_rules()
    memo = _numbered.for_owner(steps)
    found = memo.get(text, MISSING)
    if found is MISSING:
        stripped = text.strip()
        found = memo.get_or(text, lambda: bool(stripped) and bool(
            steps.paragraph_number.match(stripped) or steps.step_label.match(stripped)))
    return found


# paragraph text -> numbered as a step, per step rules: every stage pass asks of a block again (the phrase
# rules, rows, neighbours, link runs, short lines: over 1,500 corpus posts 83 k questions), and template
# paragraphs recur from post to post
_numbered = Memo(maxsize=2048)


def _reads_as_instruction(block: Block, furniture: FurnitureRules) -> bool:
    """A long block that reads as something the reader does is content, whatever words it holds:
    "Or click Update All ... (30-day money-back guarantee)" is a step, whatever it sells."""
    text = block.text.strip()
    if len(text) <= furniture.settings.instruction_guard_chars:
        return False
    return reads_as_instruction(text, step_rules())


def _text(block: Block) -> str:
    """The block's visible text, whitespace collapsed, lower case (the rules' patterns are)."""
    return _fold(block.text)


def _fold(text: str) -> str:
    """``text`` whitespace collapsed, lower case: how every rule's pattern reads it."""
    found = _folded.get(text, MISSING)
    return _folded.get_or(text, lambda: " ".join(text.split()).lower()) if found is MISSING else found


# Block texts folded: over 1,500 corpus posts 78 k were asked for, 5.5 k distinct (107 characters on average);
# 2,048 entries miss 15.5 k times (about 0.7 MB full). A recurring text is often the very string the inline
# memo gave its block, whose hash Python keeps.
_folded = Memo(maxsize=2048)


def _external_links(block: Block) -> list[tuple[str, str]]:
    return [(text, url) for inner in block.walk() for text, url in inner.links if url and not url.startswith("#")]


def _is_link_only(block: Block, furniture: FurnitureRules, any_links: bool = False) -> bool:
    """A paragraph that is one link to another page and (almost) nothing else; with ``any_links``,
    links to other pages and nothing else (after a lead-in: link lines written as one paragraph)."""
    if block.kind != d.PARAGRAPH or not block.text or len(block.text) > furniture.settings.link_only_max_chars:
        return False
    links = _external_links(block)
    if not links or (len(links) > 1 and not any_links):
        return False
    return link_share([text for text, _ in links], block.text, furniture.settings.cjk_chars_per_word) \
        >= furniture.settings.link_only_share


def _is_title_list(block: Block, furniture: FurnitureRules) -> bool:
    """A list of post titles whose links were lost (a Hugo ``{{< relref >}}`` the page renders as a link):
    every item one short line that ends no sentence and holds nothing under it."""
    if block.kind != d.LIST or not block.children:
        return False
    most = furniture.settings.title_run_max_words
    return all(len(item.children) <= 1 and item.text and not item.text.rstrip().endswith((".", "!", "?", ";", ":"))
               and _words(item.text, furniture.settings) <= most for item in block.children)


def _is_link_list(block: Block, anchors: bool = False) -> bool:
    """A list every item of which links to another page (titles, maybe with a teaser line); with
    ``anchors``, to a place in this page."""
    if block.kind != d.LIST or not block.children:
        return False
    if anchors:
        return all(any(url.startswith("#") for inner in item.walk() for _, url in inner.links) for item in block.children)
    return all(_external_links(item) for item in block.children)


def _link_run(blocks: list[Block], index: int, furniture: FurnitureRules) -> list[Block]:
    run: list[Block] = []
    for block in itertools.islice(blocks, index, None):
        if block.boilerplate and block.boilerplate[0] == "empty":
            continue
        if block.is_boilerplate or not _is_link_only(block, furniture) or not _may_label(block):
            break
        if _words(_external_links(block)[0][0], furniture.settings) < furniture.settings.link_run_min_words:
            break
        run.append(block)
    return run if len(run) >= furniture.settings.link_run_min_paragraphs else []


def _is_label_link(block: Block, text: str, pattern: Matcher, furniture: FurnitureRules) -> bool:
    """"Also: [Title](url)": a short label, then one link that makes up the rest of the paragraph."""
    label = pattern.match(text)
    if not label:
        return False
    rest = text[_LABEL_SEPARATOR.match(text, label.end()).end():]
    links = _external_links(block)
    if not rest or len(links) != 1:
        return False
    return link_share([links[0][0]], rest, furniture.settings.cjk_chars_per_word) >= furniture.settings.link_only_share \
        and _begins_with_link(rest, links[0][0])


def _begins_with_link(rest: str, link_text: str) -> bool:
    """What follows the label is the link (maybe with a word or two after it), not prose around one."""
    link = _fold(link_text)
    return bool(link) and (rest.startswith(link) or link.startswith(rest))


def _is_number_scale(block: Block, furniture: FurnitureRules) -> bool:
    """A list whose items are just 1, 2, 3 ... (or stars): the choices of a rating widget."""
    if block.kind != d.LIST or len(block.children) < furniture.settings.scale_min_items:
        return False
    texts = [item.text.strip() for item in block.children]
    if not all(_SCALE_ITEM.match(t) for t in texts):
        return False
    numbers = [int(t) for t in texts if t.isdigit()]
    return not numbers or numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _ruled_out_of_zone(blocks: list[Block], sequence: list[int], at: int, headings: list[int]) -> bool:
    """An FAQ's answer or a block under a "Step N" heading: the article's, though it reads like a closing line."""
    return _answers_a_question(blocks, sequence, at, headings) or _in_labelled_step(blocks, sequence, at, headings)


# what the closing-zone pass (closing_zone.py) asks of this stage, so both read a block the same way
_ZONE_HELPERS = _ZoneHelpers(may_label=_may_label, made_of_links=_made_of_links,
                             every_sentence_invites=_every_sentence_invites, sentences=_sentences,
                             ruled_out=_ruled_out_of_zone)
