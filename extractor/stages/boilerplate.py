"""Label each block as content or boilerplate of a named kind.

The rules are data (``extractor/data/boilerplate.toml``, ``Rules.boilerplate``), cut-offs included;
this module only says in which order they are tried and over which blocks. Each verdict is
``(kind, rule name)``, so the record (and ``extractor rules --explain``) says which rule cut a block:

1. ad regions between begin/end markers (``<!-- ads begin -->`` ... ``<!-- ads end -->``);
2. raw-markup markers (AdSense slots, affiliate banners, share widgets);
3. lead-ins ("Also read:", "Table of contents") and the link lists right after them;
4. visible-text phrases (call-to-action buttons, offers, disclaimers, bylines, cookie notices),
   for blocks outside lists only, with the short promo paragraphs that lead up to a button;
5. link density: blocks that are mostly links to other pages; lists of in-page anchors are a
   table of contents;
6. paragraphs repeated verbatim, and blocks with nothing visible at all.

Blocks inside list items are checked for ads and regions too, so an ad between two steps never
reaches a step.
"""
from __future__ import annotations

import re

from .. import document as d
from ..data import step_rules
from ..document import Block, Document
from ..memo import MISSING, Memo
from ..rules import BoilerplateSection as BoilerplateRules
from ..rules import Rules
from ..rules.folded import lowered_text
from ..words import link_share, word_runs
from .units import reads_as_instruction

_WORDS = re.compile(r"\w+")
_CONTAINERS = (d.LIST, d.ITEM, d.QUOTE)


def classify_boilerplate(doc: Document, all_rules: Rules) -> None:
    rules = all_rules.boilerplate
    _mark_regions(doc.blocks, rules)
    _classify_top_level(doc.blocks, rules, all_rules, links_are_content=doc.page_type == "listing",
                        markdown=doc.format == "markdown")
    for block in doc.blocks:
        if not block.is_boilerplate and block.kind in _CONTAINERS:
            _classify_nested(block, rules)


def _mark_regions(blocks: list[Block], rules: BoilerplateRules) -> None:
    """Blocks from one holding a begin marker to the one holding its end marker are one ad."""
    open_region = None
    for block in blocks:
        raw = block.raw
        if open_region is not None:
            block.boilerplate = (open_region.kind, open_region.name)
            if raw and open_region.end.search(raw):
                open_region = None
            continue
        if not raw or block.kind not in (d.HTML, d.PARAGRAPH):
            if block.kind in _CONTAINERS:
                _mark_regions(block.children, rules)
            continue
        for region in rules.region:
            begin = region.begin.search(raw)
            if begin:
                block.boilerplate = (region.kind, region.name)
                if not region.end.search(raw, begin.end()):
                    open_region = region
                break


def _classify_top_level(blocks: list[Block], rules: BoilerplateRules, all_rules: Rules,
                        links_are_content: bool = False, markdown: bool = True) -> None:
    """``links_are_content``: the page is a listing, so link density alone labels nothing."""
    seen_paragraphs: set[str] = set()
    lead_in = None
    for index, block in enumerate(blocks):
        if block.is_boilerplate:
            continue
        if lead_in is not None:
            navigation = lead_in[0] == "navigation"
            if _is_link_list(block, rules, minimum=1) or (navigation and (
                    _is_short_link_line(block, rules) or _is_list_of_short_link_lines(block, rules))):
                block.boilerplate = lead_in
                continue
            if navigation and block.kind == d.PARAGRAPH and not block.links and block.text.rstrip().endswith(":"):
                continue  # "Next steps" / "As next steps, consider the following:" / the links
            if block.kind not in (d.HTML,) or block.text:
                lead_in = None
        verdict = (
            _text_verdict(block, rules, all_rules)
            or _promo_link_verdict(block, rules, markdown)
            or (None if links_are_content or block.entry else _link_density_verdict(block, rules))
            or _duplicate_verdict(block, rules, seen_paragraphs)
            or _empty_verdict(block, rules)
        )
        if verdict is None:
            continue
        block.boilerplate = verdict
        if verdict[1] in rules.lead_in_names:
            lead_in = verdict
        if verdict[0] == "promo":
            _mark_promo_lead_up(blocks, index, rules)


# The lead-in, markup and phrase verdicts read nothing but a block's kind, text and raw markup, and
# the same template blocks recur in post after post (1,617 distinct texts among 6,906 phrase checks
# over 400 posts): remember their verdict for the rule set at hand (held by the memo, so it is the
# same object and not one that reuses its id). 4,096 entries: over 1,500 corpus posts 4.2 k distinct
# keys; with 1,024 the memo missed 12.9 k times (4.5 k with 4,096), and a miss runs every phrase rule.
_verdicts = Memo(maxsize=4096)


def _text_verdict(block: Block, rules: BoilerplateRules, all_rules: Rules):
    verdicts, key = _verdicts.for_owner(all_rules), (block.kind, block.text, block.raw)
    found = verdicts.get(key, MISSING)
    if found is MISSING:
        found = verdicts.get_or(key, lambda: (_lead_in_verdict(block, rules) or _markup_verdict(block, rules)
                                              or _phrase_verdict(block, rules, all_rules)))
    return found


def _classify_nested(container: Block, rules: BoilerplateRules) -> None:
    for child in container.children:
        if child.is_boilerplate:
            continue
        if child.kind in (d.HTML, d.PARAGRAPH):
            child.boilerplate = _markup_verdict(child, rules)
            if child.boilerplate is None and child.kind == d.HTML and not child.text and not child.images:
                child.boilerplate = rules.verdict("no-visible-text")
        elif child.kind in _CONTAINERS:
            _classify_nested(child, rules)


def _markup_verdict(block: Block, rules: BoilerplateRules):
    raw = block.raw
    if not raw or block.kind not in (d.HTML, d.PARAGRAPH):
        return None
    # A paragraph with real prose around a bit of ad markup keeps its prose.
    if block.kind == d.PARAGRAPH and len(block.text) > rules.limits.markup_max_prose_chars:
        return None
    for rule in rules.markup:
        if rule.pattern.search(raw):
            return rule.kind, rule.name
    return None


def _lead_in_verdict(block: Block, rules: BoilerplateRules):
    text = block.text or (_title_attribute(block.raw) if block.kind == d.HTML else "")
    if block.kind not in (d.PARAGRAPH, d.HEADING, d.HTML) or not text or len(text) > rules.limits.lead_in_max_chars:
        return None
    for rule in rules.lead_in:
        if rule.pattern.search(text):
            return rule.kind, rule.name
    return None


def _phrase_verdict(block: Block, rules: BoilerplateRules, all_rules: Rules):
    if block.kind not in (d.PARAGRAPH, d.HTML, d.QUOTE) or not block.text:
        return None
    text = block.text
    # lower-cased for the folded patterns (same answers), unless no rule reads a text this long
    lowered = lowered_text(text) if len(text) <= rules.phrase_longest else None
    for rule, folded in zip(rules.phrase, rules.phrase_folded):
        if len(text) <= rule.max_chars and folded.holds(text, lowered):
            if rule.kind == "promo" and len(text) > rules.limits.promo_step_min_chars \
                    and reads_as_instruction(text, all_rules.words):
                continue  # "Or click Update All ... (30-day money-back guarantee)" is a step, whatever it sells
            return rule.kind, rule.name
    return None


def _promo_link_verdict(block: Block, rules: BoilerplateRules, markdown: bool = True):
    """A short paragraph, or a quote holding one ("> [Our pick](tracking link)"), whose link is a sales link."""
    if block.kind not in (d.PARAGRAPH, d.QUOTE):
        return None
    links = block.links if block.kind == d.PARAGRAPH else _links(block)
    if not links:
        return None
    for rule in rules.promo_link:
        if (markdown or not rule.markdown_only) and len(block.text) <= rule.max_chars and rule.text.search(block.text) \
                and any(rule.url.search(href) for _, href in links) \
                and (not rule.min_link_share
                     or sum(len(text) for text, _ in links) >= rule.min_link_share * len(block.text.strip())):
            return rule.kind, rule.name
    return None


def _is_list_of_short_link_lines(block: Block, rules: BoilerplateRules) -> bool:
    """A list whose every item is a short line with a link ("Explore the [registry](...)")."""
    return block.kind == d.LIST and bool(block.children) and all(
        any(child.links for child in item.children) and len(item.text) <= rules.limits.short_link_line_max_chars for item in block.children)


def _is_short_link_line(block: Block, rules: BoilerplateRules) -> bool:
    return block.kind == d.PARAGRAPH and bool(block.links) and len(block.text) <= rules.limits.short_link_line_max_chars


def _link_density_verdict(block: Block, rules: BoilerplateRules):
    if block.kind == d.LIST and _is_anchor_list(block, rules):
        return rules.verdict("in-page-anchor-list")
    if _is_link_list(block, rules):
        return rules.verdict("link-dense")
    if block.kind == d.LIST and _is_tag_list(block, rules):
        return rules.verdict("tag-links")
    return None


def _is_tag_list(block: Block, rules: BoilerplateRules) -> bool:
    """Every item is one short link and nothing else ("* [graphics cards](...)"): tags or categories."""
    for item in block.children:
        links = _links(item)
        if len(links) != 1 or not links[0][1] or links[0][1].startswith("#"):
            return False
        text = links[0][0]
        if text != item.text or word_runs(text, rules.limits.cjk_chars_per_word) > rules.limits.tag_max_words:
            return False
    return bool(block.children)


def _is_link_list(block: Block, rules: BoilerplateRules, minimum: int | None = None) -> bool:
    """Mostly links to other pages (an "Also read" list, a related-posts widget)."""
    links = _links(block)
    external = [(text, url) for text, url in links if url and not url.startswith("#")]
    if len(external) < (rules.link_density.min_links if minimum is None else minimum):
        return False
    share = link_share([text for text, _ in external], _visible(block), rules.limits.cjk_chars_per_word)
    return share >= rules.link_density.min_link_text_share


def _is_anchor_list(block: Block, rules: BoilerplateRules) -> bool:
    """Every item is a link to a place in this page: a table of contents."""
    items, cjk = block.children, rules.limits.cjk_chars_per_word
    if len(items) < rules.limits.anchor_list_min_items:
        return False
    for item in items:
        links = _links(item)
        if not links or not all(url.startswith("#") for _, url in links):
            return False
        linked = sum(word_runs(text, cjk) for text, _ in links)
        if linked < rules.limits.anchor_min_link_share * max(1, word_runs(item.text, cjk)):
            return False
    return True


def _duplicate_verdict(block: Block, rules: BoilerplateRules, seen: set[str]):
    if block.kind != d.PARAGRAPH or len(block.text) < rules.duplicate.min_chars:
        return None
    key = " ".join(block.text.lower().split())
    if key in seen:
        return rules.verdict("repeated-paragraph")
    seen.add(key)
    return None


def _empty_verdict(block: Block, rules: BoilerplateRules):
    if block.kind in (d.PARAGRAPH, d.HTML, d.DIRECTIVE) and not block.text and not block.images:
        return rules.verdict("no-visible-text")
    return None


def _mark_promo_lead_up(blocks: list[Block], index: int, rules: BoilerplateRules) -> None:
    """Short bold-only lines and images right before a promo are part of it ("**Update Driver**", [Download Now])."""
    limits = rules.limits
    for block in reversed(blocks[max(0, index - limits.promo_lead_up_blocks) : index]):
        if block.is_boilerplate and block.boilerplate[0] != "promo":
            if block.boilerplate[0] == "empty":
                continue
            break
        if block.kind == d.PARAGRAPH and step_rules().step_label.match(block.text.strip()):
            break  # "**Step 1: Sign up**" over an affiliate link is the article's step, not the ad's title
        if block.kind == d.IMAGE or (block.kind == d.PARAGRAPH and _is_bold_only(block)
                                     and len(block.text) <= limits.promo_lead_up_max_chars):
            block.boilerplate = rules.verdict("promo-lead-up")
        elif not block.is_boilerplate:
            break


_TITLE_ATTR = re.compile(r"""\btitle\s*=\s*["']([^"']{1,80})["']""", re.IGNORECASE)


def _title_attribute(raw: str) -> str:
    """Components such as ``<Card title="Next Steps">`` carry their visible heading in an attribute."""
    match = _TITLE_ATTR.search(raw or "")
    return match.group(1) if match else ""


def _is_bold_only(block: Block) -> bool:
    bold = " ".join(block.labels)
    return bool(bold) and len(_WORDS.findall(bold)) >= len(_WORDS.findall(block.text))


def _links(block: Block) -> list[tuple[str, str]]:
    if not block.children:  # most blocks: no walk to make
        return block.links[:]
    return [link for b in block.walk() for link in b.links]


def _visible(block: Block) -> str:
    if block.kind in (d.LIST, d.ITEM):
        return " ".join(b.text for b in block.walk() if b.kind not in (d.LIST, d.ITEM))
    return block.text
