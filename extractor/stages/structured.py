"""Procedures from explicit step markup and from embedded schema.org data, merged with the visible ones.

Runs after ``procedures``. Two sources:

* step containers the HTML reader recognised (recipe plugins and the like; LIST blocks whose
  ``info`` is ``html-instructions``) that the procedure finder did not already take;
* HowTo / Recipe items read from JSON-LD or microdata (``doc.structured``).

A page with a step card (a recipe card, a how-to block) often walks through the same steps in its
prose first; a procedure elsewhere whose words are mostly the card's words is dropped as a retelling,
with a ``structured-data`` warning. A page also often says its steps twice in another way: in its
JSON-LD and on screen. The record keeps one procedure per set of steps. The visible one wins when it has every structured step (it knows its
lines, images and links); otherwise the structured one replaces it. Either way a ``structured-data``
warning says which source won, and ``Procedure.origin`` names the source kept.
"""
from __future__ import annotations

import difflib
import re

from .. import document as d
from ..document import Block, Document
from ..model import Image, Link, Procedure, Span, Step
from ..rules import active_rules

SAME_STEP = 0.8  # text similarity at which two steps are the same step
SAME_PROCEDURE = 0.5  # share of structured steps found in a visible procedure for the two to be one
RETELLING = 0.6  # share of a list's words that are also the step card's words for it to be a retelling
RECIPE_RETELLING = 0.3  # the same on a recipe page, where the card is the recipe (see _drop_retellings)
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
_GENERIC_TITLE = re.compile(r"^(?:instructions?|directions?|method|steps?|preparation|how to make it|zubereitung)\W*$",
                            re.IGNORECASE)
_WORDS = re.compile(r"\w+")


def merge_structured(doc: Document) -> None:
    _drop_card_asides(doc)
    _drop_hollow_readings(doc)
    doc.procedures.extend(markup_procedures(doc))
    # Biggest card first: of two cards telling the same steps (a how-to block in the post and the
    # recipe card below it) the fuller one stays: more steps, or as many steps told in more words.
    for card in sorted(step_cards(doc), key=_fullness, reverse=True):
        _drop_retellings(doc, card)
    if doc.requirements and step_cards(doc):
        _drop_card_advice(doc)
    for item in doc.structured:
        for candidate in structured_procedures(item, doc):
            _merge(doc, candidate, item)
    _give_requirements(doc)


def _fullness(card: Procedure) -> tuple[int, int]:
    steps = all_steps(card)
    return len(steps), sum(len(step.text) for step in steps)


# -- step markup ------------------------------------------------------------------------------------
def markup_procedures(doc: Document) -> list[Procedure]:
    """Procedures from the step lists the reader marked, where the procedure finder took none of their
    lines. A finder's procedure over such a list that lost a step's text (the card sets the step's
    words after its photo and ingredient list) gives way to the card's own reading (``_drop_hollow_readings``
    runs first)."""
    taken = [(p.source.line_start, p.source.line_end) for p in doc.procedures]
    found = []
    headings: list[Block] = []
    for block in doc.blocks:
        if block.kind == d.HEADING and not block.is_boilerplate:
            headings = [h for h in headings if h.level < block.level] + [block]
            continue
        if block.kind != d.LIST or block.info not in (d.STEP_CARD, d.STEP_PARAGRAPHS) or block.is_boilerplate:
            continue
        if any(start <= block.line_end and block.line_start <= end for start, end in taken):
            continue
        steps = [_item_step(item) for item in block.children if item.kind == d.ITEM and not item.is_boilerplate]
        steps = [s for s in steps if s.text]
        if len(steps) < 2:
            continue
        origin = "step-markup" if block.info == d.STEP_CARD else "step-paragraphs"
        found.append(Procedure(title=_title(headings, doc), section_path=[h.text for h in headings], origin=origin,
                               steps=steps, source=Span(line_start=block.line_start, line_end=block.line_end)))
    return found


def _drop_hollow_readings(doc: Document) -> None:
    spans = [(b.line_start, b.line_end) for b in doc.blocks
             if b.kind == d.LIST and b.info in (d.STEP_CARD, d.STEP_PARAGRAPHS) and not b.is_boilerplate]
    doc.procedures = [p for p in doc.procedures
                      if not (any(not s.text.strip() for s in p.steps)
                              and any(start <= p.source.line_start and p.source.line_end <= end for start, end in spans))]


def _drop_card_asides(doc: Document) -> None:
    """A numbered list in a step card's notes or tips (the reader marks it ``html-aside``) is not a procedure."""
    spans = [(b.line_start, b.line_end) for b in doc.walk() if b.kind == d.LIST and b.info == d.CARD_ASIDE]
    if not spans:
        return
    kept = []
    for procedure in doc.procedures:
        if all(any(start <= s.source.line_start and s.source.line_end <= end for start, end in spans)
               for s in procedure.steps):
            doc.warn("structured-data", f"the {procedure.origin} procedure {procedure.title!r} is a step card's "
                                        "notes or tips; kept as content")
            continue
        kept.append(procedure)
    doc.procedures = kept


def step_cards(doc: Document) -> list[Procedure]:
    """Procedures whose steps come from explicit step markup (whoever built them)."""
    spans = [(b.line_start, b.line_end) for b in doc.walk() if b.kind == d.LIST and b.info == d.STEP_CARD]
    return [p for p in doc.procedures
            if any(start <= p.source.line_start and p.source.line_end <= end for start, end in spans)
            or p.origin == "step-markup"]


def _drop_retellings(doc: Document, card: Procedure) -> None:
    """A how-to often walks through its steps in prose-with-photos, then gives them again in a step
    card. The card is the procedure; a list elsewhere whose words are mostly the card's words is the
    same procedure told twice (a list of tips or notes uses other words and stays)."""
    if not any(p is card for p in doc.procedures):
        return  # by identity: a page that prints its list twice gives two equal procedures, and the
        # second must not drop the first after the first dropped it
    card_words = _content_words(all_steps(card))
    # On a recipe page (it lists ingredients) the card is the recipe: a list elsewhere that shares a
    # good part of its words walks through the same dish in the post's own words.
    share = RECIPE_RETELLING if doc.requirements else RETELLING
    kept = []
    for procedure in doc.procedures:
        if procedure is not card and procedure.origin not in ("json-ld", "microdata"):
            if _retells(procedure, card_words, share):
                doc.warn("structured-data", f"the {procedure.origin} procedure {procedure.title!r} retells the "
                                            f"step card {card.title!r}; kept the card")
                continue
        kept.append(procedure)
    doc.procedures = kept


def _retells(procedure: Procedure, card_words: set[str], share: float) -> bool:
    """At least ``share`` of the procedure's words are the card's, counting its substeps or only its
    steps (a walkthrough's sub-lists of asides are not in the card)."""
    for steps in (procedure.steps, all_steps(procedure)):
        words = _content_words(steps)
        if words and len(words & card_words) / len(words) >= share:
            return True
    return False


def _drop_card_advice(doc: Document) -> None:
    """On a recipe page with a step card, a list under a heading that names tips, notes or variations
    ("Recipe Tips", "Flavor variations") is advice about the dish, not a second procedure."""
    cards = step_cards(doc)
    kept = []
    for procedure in doc.procedures:
        if procedure not in cards and procedure.origin not in ("json-ld", "microdata") \
                and procedure.title and active_rules().html_cards.asides.title_pattern.search(procedure.title):
            doc.warn("structured-data", f"the {procedure.origin} procedure {procedure.title!r} is advice beside "
                                        "the recipe card; kept as content")
            continue
        kept.append(procedure)
    doc.procedures = kept


def _content_words(steps: list[Step]) -> set[str]:
    return {w.lower() for step in steps for w in _CONTENT_WORD.findall(step.text)}


def all_steps(procedure: Procedure) -> list[Step]:
    """Steps and their substeps, in reading order (a card's direction groups hold their steps as substeps)."""
    # A stack, not a nested function: a closure that calls itself is a reference cycle that keeps every
    # step alive until the cyclic collector runs (see runner.BatchGC), and a stack has no depth limit.
    out: list[Step] = []
    pending = list(reversed(procedure.steps))
    while pending:
        step = pending.pop()
        out.append(step)
        pending.extend(reversed(step.substeps))
    return out


def _title(headings: list[Block], doc: Document) -> str | None:
    """The nearest heading that names the task: not "Instructions", not "Ingredients" (a card's own parts)."""
    requirements = active_rules().html_cards.ingredients.heading_pattern
    for heading in reversed(headings):
        if heading.text and not _GENERIC_TITLE.match(heading.text) and not requirements.match(heading.text):
            return heading.text
    return doc.metadata.title if doc.metadata is not None else None


def _item_step(item: Block) -> Step:
    """A step of a step card; a nested list (the steps of a group such as "For the sauce") gives substeps."""
    texts = [b.text for b in item.children if b.kind in (d.PARAGRAPH, d.HEADING, d.HTML) and b.text and not b.is_boilerplate]
    text = " ".join(texts) if texts else item.text
    nested = [sub for child in item.children if child.kind == d.LIST and not child.is_boilerplate
              and child.info != d.CARD_ASIDE for sub in child.children if sub.kind == d.ITEM and not sub.is_boilerplate]
    substeps = [step for step in map(_item_step, nested) if step.text]
    own = [b for b in item.walk() if not any(b is s or _holds(s, b) for s in nested)]
    images = [Image(url=url, alt=alt) for b in own for url, alt in b.images]
    links = [Link(text=t, url=u) for b in own for t, u in b.links]
    return Step(number=item.number, text=text, markdown=text, images=images, links=links, substeps=substeps,
                source=Span(line_start=item.line_start, line_end=max(item.line_start, item.line_end)))


def _holds(item: Block, block: Block) -> bool:
    return any(inner is block for inner in item.walk())


def _give_requirements(doc: Document) -> None:
    """The page's ingredient list belongs to its step card (the fullest), or to its one procedure;
    a procedure that has its own (from schema.org data) keeps them."""
    if not doc.requirements or not doc.procedures:
        return
    cards = step_cards(doc)
    if cards:
        owner = max(cards, key=lambda p: len(all_steps(p)))
    elif len(doc.procedures) == 1:
        owner = doc.procedures[0]
    else:
        return
    if not owner.requirements:
        owner.requirements = list(doc.requirements)


# -- structured data --------------------------------------------------------------------------------
def structured_procedures(item: dict, doc: Document) -> list[Procedure]:
    """One procedure per recipe (its sections run on); one per HowTo section (each its own method)."""
    line = max(1, int(item.get("line") or 1))
    span = Span(line_start=line, line_end=line)
    sections = item.get("sections") or []
    title = item.get("name") or (doc.metadata.title if doc.metadata is not None else None)
    if item.get("type") == "Recipe" or len(sections) == 1:
        groups = [(title, [s for section in sections for s in section["steps"]])]
    else:
        groups = [(section.get("name") or title, section["steps"]) for section in sections]
    out = []
    for name, raw_steps in groups:
        steps = [_step(raw, index + 1, span) for index, raw in enumerate(raw_steps)]
        if len(steps) >= 2:
            out.append(Procedure(title=name, section_path=[title] if name != title and title else [],
                                 origin=item.get("origin", "json-ld"), steps=steps, source=span,
                                 requirements=list(item.get("requirements") or [])))
    return out


def _step(raw: dict, number: int, span: Span) -> Step:
    line = raw.get("line")
    source = Span(line_start=line, line_end=line) if line else span
    return Step(number=number, text=raw["text"], markdown=raw["text"],
                images=[Image(url=url) for url in raw.get("images", [])], notes=list(raw.get("tips", [])),
                substeps=[_step(s, i + 1, source) for i, s in enumerate(raw.get("substeps", []))], source=source)


def _merge(doc: Document, candidate: Procedure, item: dict) -> None:
    label = f"{candidate.origin} {item.get('type', 'HowTo')} {candidate.title or ''}".strip()
    best, best_share = None, 0.0
    for index, procedure in enumerate(doc.procedures):
        share = shared_steps(candidate, procedure)
        if share > best_share:
            best, best_share = index, share
    if best is None or best_share < SAME_PROCEDURE:
        told = _told_by_step_names(doc, candidate, item)
        if told is not None:
            doc.warn("structured-data", f"{label}: its step names are the steps of the visible {told.origin} "
                                        "procedure; kept the visible one")
            if candidate.requirements and not told.requirements:
                told.requirements = candidate.requirements
            return
        doc.procedures.append(candidate)
        doc.warn("structured-data", f"{label}: no visible procedure has these steps; kept the {candidate.origin} steps")
        return
    visible = doc.procedures[best]
    if visible.origin in ("json-ld", "microdata"):
        doc.warn("structured-data", f"{label}: same steps as the {visible.origin} procedure already kept")
        return
    if best_share >= 1.0 and len(all_steps(visible)) >= len(candidate.steps):
        doc.warn("structured-data", f"{label}: same steps as the visible {visible.origin} procedure; kept the visible one")
        if candidate.requirements and not visible.requirements:
            visible.requirements = candidate.requirements  # the data names them even where the page does not
        return
    doc.procedures[best] = candidate
    doc.warn("structured-data", f"{label}: the visible {visible.origin} procedure has {len(visible.steps)} of "
                                f"{len(candidate.steps)} steps; kept the {candidate.origin} steps")


def _told_by_step_names(doc: Document, candidate: Procedure, item: dict) -> Procedure | None:
    """The visible procedure whose steps are the data's step *names* ("The Plan" over "Whether you're
    planning ..."): a page of "Step N: name" headings whose HowTo data gives each step's body as its text.
    None when the data names no steps or no visible procedure has them."""
    names = {step["text"]: step.get("name") for section in item.get("sections") or [] for step in section["steps"]}
    named = [names.get(step.text) for step in candidate.steps]
    if not all(named):
        return None
    by_name = Procedure(title=candidate.title, origin=candidate.origin, source=candidate.source,
                        steps=[Step(number=step.number, text=name, markdown=name, source=step.source)
                               for step, name in zip(candidate.steps, named)])
    for procedure in doc.procedures:
        if procedure.origin not in ("json-ld", "microdata") and shared_steps(by_name, procedure) >= 1.0 \
                and len(all_steps(procedure)) >= len(candidate.steps):
            return procedure
    return None


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def shared_steps(structured: Procedure, visible: Procedure) -> float:
    """Share of the structured procedure's steps that the visible one also has (text similarity)."""
    pool = [_norm(s.text) for s in all_steps(visible)]
    found = 0
    for step in structured.steps:
        text = _norm(step.text)
        for index, other in enumerate(pool):
            if other and (text == other or (min(len(text), len(other)) > 20 and (text in other or other in text))
                          or difflib.SequenceMatcher(None, text, other, autojunk=False).ratio() >= SAME_STEP):
                found += 1
                pool[index] = ""
                break
    return found / len(structured.steps) if structured.steps else 0.0
