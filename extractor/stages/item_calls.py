"""Calls to action inside a post's lists: the one item of a list that sells instead of telling.

A seller's line is often written as one more bullet of the article's own list: "Need a new lamp? Get 20% off at
[LampShop](...?ref=blog)" under the things the reader needs, "Sponsored: [Try LampPro free](...)" above them,
"【PR】今なら初月無料！[こちらから申し込み](...)". The furniture stage never looks inside a list (a list item may be a
step); this pass does, for Markdown posts, with rules ``how = "item-cta"`` (``furniture.toml``: their words per
language as data, their thresholds ``item_cta_*`` in its ``[settings]``).

An item is a rule's when, all of:

- it is one short paragraph (``item_cta_max_chars``), with no list, code or table of its own, and at least one link
  to another site;
- it holds the rule's words: an offer (a discount, a coupon or promo code, a free trial, "PR"); for a rule with
  ``match = "start"``, a sponsor's label that opens it ("Sponsored:", "Anzeige:", "【PR】");
- a ``match = "start"`` rule's label is enough; otherwise the item must stand out as the seller's too: its link
  carries a referral or affiliate mark (``item_cta_referral_links``), or it is the first or last item of its list
  and no other item of the list links anywhere.

A rule with ``match = "whole"`` reads buttons written as bullets: an item that is one link and nothing else, whose
text is a call to action ("- [Clique aqui para ver o tutorial em vídeo](...)", "- [立即下载](...)").

Steps are guarded: never an item of a list whose other items read as instructions (a step that sends the reader to
sign up with a referral link is the article's step), never an item numbered as a step, never one of two items of a
list that hold a rule's words (a list of deals, or of downloads per platform, is the article's).
"""
from __future__ import annotations

import re

from .. import document as d
from ..data import step_rules
from ..data.furniture import FurnitureRule, FurnitureRules, Matcher
from ..document import Block, Document
from .units import reads_as_instruction

_LEADING = re.compile(r"^[\W_]+", re.UNICODE)  # an item's decoration before its words ("👉 ", "**", "- ")


def label_item_calls(doc: Document, rules: list[FurnitureRule], furniture: FurnitureRules,
                     languages: frozenset[str], numbered_as_step, may_label) -> None:
    """Label the items of ``doc``'s lists that the ``item-cta`` ``rules`` take (see the module), and the short
    paragraphs and quotes set apart that make the same offer through a referral link."""
    compiled = [(rule, rule.pattern_for(languages)) for rule in rules]
    compiled = [(rule, pattern) for rule, pattern in compiled if pattern is not None]
    if not compiled:
        return
    settings = furniture.settings
    referral = re.compile(settings.item_cta_referral_links, re.IGNORECASE)
    for block in doc.walk():
        if block.kind != d.LIST or block.is_boilerplate or not block.children:
            continue
        items = [item for item in block.children if item.kind == d.ITEM]
        linked = [bool(_outside_links(item)) for item in items]
        offers = [_offer(item, compiled, settings, numbered_as_step) if linked[at] else None
                  for at, item in enumerate(items)]
        found = [at for at, offer in enumerate(offers) if offer is not None]
        # the one item that sells: two that do are a list of offers, the article's matter; and never one of a list
        # whose other items are steps
        if len(found) != 1 or _among_steps(items, found[0], settings):
            continue
        at = found[0]
        item, rule = items[at], offers[at]
        if rule.match != "start":
            marked = any(referral.search(url) for _, url in _outside_links(item))
            alone = at in (0, len(items) - 1) and sum(linked) == 1
            if not (marked or alone):
                continue
        item.boilerplate = (rule.kind, rule.name)
    _label_offer_lines(doc, compiled, settings, referral, numbered_as_step, may_label)


def _label_offer_lines(doc: Document, compiled, settings, referral: re.Pattern, numbered_as_step, may_label) -> None:
    """A short paragraph or quote of its own that makes an offer (a rule's words) through a link with a referral or
    affiliate mark, or a box set apart (a quote, an admonition, a component's box) that makes one through any link to
    another site ("读者专属优惠：……使用我的优惠码 LAMP [点此注册](...aff.php?aff=63)", "> 🎁 30% off LampPro with code
    LAMP30: [claim it](...?ref=blog)"): the seller's line, for the rules that name these block kinds."""
    by_kind = {kind: [(rule, pattern) for rule, pattern in compiled if kind in rule.blocks and rule.match == "search"]
               for kind in (d.PARAGRAPH, d.QUOTE, d.HTML)}
    for block in doc.blocks:
        if block.is_boilerplate or block.kind not in by_kind:
            continue
        rules = by_kind[block.kind]
        outside = _outside_links(block) if rules else []
        # (the step-number guard last: most blocks have no such link)
        if not outside or not (set_apart(block) or any(referral.search(url) for _, url in outside)) \
                or not may_label(block):
            continue
        rule = _first_offer(block, rules, settings, numbered_as_step)
        if rule is not None:
            block.boilerplate = (rule.kind, rule.name)


# A box set apart from the prose: a quote or admonition, or a component's box ("<Callout>", "<Tip>", "<Note>" ...:
# a capitalised tag name). An offer made there with a link to another site is a pitch, whatever its link.
_COMPONENT_BOX = re.compile(r"\s*<[A-Z][\w.]*\b")


def set_apart(block: Block) -> bool:
    """A quote or admonition, or a component's box: what a site sets apart from the article's prose."""
    return block.kind == d.QUOTE or (block.kind == d.HTML and _COMPONENT_BOX.match(block.raw) is not None)


def _offer(item: Block, compiled, settings, numbered_as_step) -> FurnitureRule | None:
    """The first rule whose words a short one-paragraph item holds (a "start" rule's: at its opening)."""
    if item.is_boilerplate or any(child.kind in (d.LIST, d.CODE, d.TABLE) for child in item.children):
        return None
    return _first_offer(item, compiled, settings, numbered_as_step)


def _first_offer(block: Block, compiled, settings, numbered_as_step) -> FurnitureRule | None:
    """The first rule whose words a short block (an item, a paragraph, a quote) not numbered as a step holds; a
    "whole" rule's only when the block is its one link."""
    text = " ".join(block.text.split())
    if not text or len(text) > settings.item_cta_max_chars or numbered_as_step(text):
        return None
    folded = _LEADING.sub("", text.lower())
    return next((rule for rule, pattern in compiled if _holds(rule, pattern, folded)
                 and (rule.match != "whole" or _only_its_link(block, text))), None)


def _only_its_link(item: Block, text: str) -> bool:
    """The item is one link and nothing else: a button written as a bullet ("- [Click here to watch the video](...)")."""
    links = [label for inner in item.walk() for label, _ in inner.links]
    return len(links) == 1 and " ".join(links[0].split()) == text


def _holds(rule: FurnitureRule, pattern: Matcher, folded: str) -> bool:
    """The rule's words are in the item's text (a "start" rule's: at its opening, after its decoration)."""
    found = pattern.search(folded)
    return found is not None and (rule.match != "start" or found.start() == 0)


def _outside_links(item: Block) -> list[tuple[str, str]]:
    """The item's links to another site (an absolute address: a seller's page, not the post's own)."""
    return [(text, url) for inner in item.walk() for text, url in inner.links
            if url.strip().lower().startswith(("http://", "https://", "//"))]


def _among_steps(items: list[Block], at: int, settings) -> bool:
    """The list's other items are steps: ``item_cta_steps_min_items`` of them at least, ``item_cta_steps_share`` of
    them at least reading as something the reader does (a step that sends the reader to sign up with a referral link
    is the procedure's, whatever it offers)."""
    others = [item for i, item in enumerate(items) if i != at]
    if len(others) < settings.item_cta_steps_min_items:
        return False
    rules = step_rules()
    doing = sum(1 for item in others if reads_as_instruction(" ".join(item.text.split()), rules))
    return doing >= settings.item_cta_steps_share * len(others)
