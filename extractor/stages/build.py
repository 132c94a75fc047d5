"""Turn assembled runs into ``Procedure`` and ``Step`` records.

Step text follows the annotation guide: the visible text of the step's paragraphs, without its
number or label, images, code blocks, notes or nested lists (those become substeps). Paragraphs
that come after a code block or a nested list inside an item are left out, so a step's text stays
contiguous in the source; paragraphs after an image are kept.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import document as d
from ..data import StepRules
from ..document import Block, Document
from ..model import Procedure, ProcedureKind, Step
from .annotate import outcome_of, shortcuts_in, ui_elements_in
from .content import source_markdown
from .promotion import ArticleLinks, promoted_product
from .render import block_markdown
from .tidy import tidy_step_text
from .units import CODE, IMAGE, NOTE, OTHER, TEXT, Unit, is_instruction, is_legend

if TYPE_CHECKING:
    from .procedures import Draft, Run


class _StepParts:
    """What a step is made of. Its images, links, code and span are the fields of their models as plain
    dicts: ``Step`` validates them with itself, in one call, where a model each was a Python-level
    validation (21 k steps, 17 k images and links over 1,500 posts)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.labels: list[str] = []
        self.images: list[dict] = []
        self.links: list[dict] = []
        self.code: list[dict] = []
        self.notes: list[str] = []
        self.substeps: list[Step] = []
        self.line_end = 0

    def add_block_refs(self, block: Block) -> None:
        self.images.extend({"url": u, "alt": a} for u, a in block.images)
        self.links.extend({"text": t, "url": u} for t, u in block.links if u)
        self.line_end = max(self.line_end, block.line_end)


def build_procedure(doc: Document, run: Run, rules: StepRules, article_links: ArticleLinks | None = None) -> Procedure | None:
    steps = [step for step in (_build_step(doc, draft, rules) for draft in run.steps) if step is not None]
    if not steps:
        return None
    title = run.title
    kind = ProcedureKind.check if title and rules.check_title.search(title) else ProcedureKind.task
    first = run.steps[0].unit.line_start
    last = max(step.source.line_end for step in steps)
    return Procedure(
        title=title,
        section_path=run.section_path,
        kind=kind,
        origin=run.style,
        outcome=outcome_of(run.pending, steps, rules),
        promotes_product=promoted_product(steps, title, doc, article_links),
        steps=steps,
        source={"line_start": first, "line_end": max(first, last)},
    )


def _build_step(doc: Document, draft: Draft, rules: StepRules) -> Step | None:
    unit = draft.unit
    parts = _StepParts()
    parts.line_end = unit.line_end
    if unit.block is not None and unit.block.kind == d.ITEM and not unit.block_text_cut and unit.style != "run-on":
        _read_item(unit.block, parts, rules)
    else:
        if unit.text:
            parts.texts.append(unit.text)
        if unit.block is not None:
            parts.labels.extend(unit.block.labels)
            parts.add_block_refs(unit.block)
    if unit.is_label:
        _read_label_details(draft, parts, rules)
    for extra in draft.continuation:
        _read_continuation(extra, parts, rules)
    for sub in draft.substeps:
        step = _build_step(doc, sub, rules)
        if step is not None:
            parts.substeps.append(step)
    if unit.is_label:
        parts.substeps.sort(key=lambda step: step.source.line_start)
        if not any(parts.texts):
            _first_item_as_text(parts)
    text = tidy_step_text(_split_inline_note(" ".join(t for t in parts.texts if t).strip(), parts, rules))
    if not text and not parts.substeps:
        return None
    return Step(
        number=unit.number,
        text=text,
        markdown=_step_markdown(doc, unit, draft.continuation),
        substeps=parts.substeps,
        images=parts.images,
        links=parts.links,
        code=parts.code,
        notes=parts.notes,
        ui_elements=ui_elements_in(text, parts.labels),
        shortcuts=shortcuts_in(text),
        source={"line_start": unit.line_start, "line_end": max(unit.line_start, parts.line_end)},
    )


def _split_inline_note(text: str, parts: _StepParts, rules: StepRules) -> str:
    """'... relaunch the game. Note: it takes a while.' -> the note goes to ``notes``."""
    match = rules.inline_note.search(text)
    if not match:
        return text
    parts.notes.append(text[match.start():].strip())
    return text[: match.start()].strip()


def _read_item(item: Block, parts: _StepParts, rules: StepRules) -> None:
    """Paragraphs of a list item up to its first nested list, and past a code block only those that go on with
    the step (lang continuation_start: "Or build it from source:", "或者从源码编译"), not what the code gives; the
    lists become substeps."""
    text_open = True
    after_code = False  # past a code block: only a paragraph that goes on with another way or action is text
    before = None  # the child before this one
    tab = 0  # the content tab the children are in (0: none)
    for child in item.children:
        if child.kind == d.HTML and child.info in (d.TAB_OPEN, d.TABS_END):
            tab = tab + 1 if child.info == d.TAB_OPEN else 0
        if child.is_boilerplate or (child.kind == d.LIST and tab > 1):
            continue  # another tab's list is another way to do the step, not more of it
        child, before = (None if child.kind == d.LIST and is_legend(before, rules) else child), child
        if child is None:
            continue  # a "Where:" legend of the code above: no substeps
        parts.line_end = max(parts.line_end, child.line_end)
        if child.kind == d.PARAGRAPH:
            parts.add_block_refs(child)
            if rules.note_prefix.match(child.text):
                parts.notes.append(child.text)
            elif text_open and after_code and not rules.continuation_start.match(child.text):
                text_open = False  # what the code does or prints ("This gives you the image"), not more to do
            elif text_open and child.text:
                parts.texts.append(child.text)
                parts.labels.extend(child.labels)
        elif child.kind == d.IMAGE:
            parts.add_block_refs(child)
        elif child.kind == d.CODE:
            parts.code.append({"text": child.text, "language": child.info or None})
            after_code = True
        elif child.kind == d.QUOTE:
            parts.notes.append(child.text)
        elif child.kind == d.LIST:
            text_open = False
            for sub_item in child.children:
                if sub_item.is_boilerplate:
                    continue
                step = _item_step(sub_item, rules)
                if step is not None:
                    parts.substeps.append(step)
        elif child.kind == d.DIRECTIVE:
            parts.images.extend({"url": u, "alt": a} for u, a in child.images)  # ":::image source=...:::"
            parts.line_end = max(parts.line_end, child.line_end)


def _item_step(item: Block, rules: StepRules) -> Step | None:
    parts = _StepParts()
    parts.line_end = item.line_end
    _read_item(item, parts, rules)
    text = tidy_step_text(_split_inline_note(" ".join(parts.texts).strip(), parts, rules))
    if not text and not parts.substeps:
        return None
    return Step(number=item.number, text=text, markdown="", substeps=parts.substeps, images=parts.images,
                links=parts.links, code=parts.code, notes=parts.notes,
                ui_elements=ui_elements_in(text, parts.labels), shortcuts=shortcuts_in(text),
                source={"line_start": item.line_start, "line_end": max(item.line_start, item.line_end)})


def _first_item_as_text(parts: _StepParts) -> None:
    """A bare label ("## Stap 3:") with a list right under it and no paragraph: the list's first item is
    what the step says to do (its text), the items after it (and the first one's own sub-list) its details."""
    if not parts.substeps or not parts.substeps[0].text:
        return
    first = parts.substeps.pop(0)
    parts.texts.append(first.text)
    parts.substeps[0:0] = first.substeps
    parts.links.extend(first.links)
    parts.images.extend(first.images)
    parts.code.extend(first.code)
    parts.notes.extend(first.notes)


def _read_label_details(draft: Draft, parts: _StepParts, rules: StepRules) -> None:
    """Under a "Step N" label: a bare label takes the first paragraph as its text; the rest are details."""
    for detail in draft.details:
        if detail.kind == TEXT and not parts.texts and detail.text:
            parts.texts.append(detail.text)
            if detail.block is not None:
                parts.labels.extend(detail.block.labels)
                parts.add_block_refs(detail.block)
        elif detail.kind == IMAGE and detail.block is not None:
            parts.add_block_refs(detail.block)
        elif detail.kind == CODE and detail.block is not None:
            parts.code.append({"text": detail.block.text, "language": detail.block.info or None})
        elif detail.kind == NOTE and detail.block is not None:
            parts.notes.append(detail.block.text)
        elif detail.kind == OTHER and detail.block is not None and detail.block.kind == d.LIST:
            # every list under a step heading is part of that step (annotation rule for step headings);
            # after a "Step N" paragraph, only a list of actions (a product box's features are not)
            if draft.unit.style == "step-labels" and not lists_actions(detail.block, rules):
                continue
            for item in detail.block.children:
                if not item.is_boilerplate:
                    step = _item_step(item, rules)
                    if step is not None:
                        parts.substeps.append(step)


def lists_actions(block: Block, rules: StepRules, strict: bool = True) -> bool:
    """Whether at least ``limits.keep_instruction_share`` of the list's items say what to do (``strict``: each
    opening with its verb, see ``is_instruction``)."""
    items = [item.text for item in block.children if not item.is_boilerplate]
    actions = sum(1 for text in items if is_instruction(text, rules, strict=strict))
    return bool(items) and actions >= rules.limits.keep_instruction_share * len(items)


def _read_continuation(unit: Unit, parts: _StepParts, rules: StepRules) -> None:
    """Blocks between this step and the next: paragraphs continue the step, the rest attach to it."""
    block = unit.block
    if block is None:
        return
    if unit.kind == TEXT:
        if rules.note_prefix.match(unit.text):
            parts.notes.append(unit.text)
        else:
            parts.texts.append(unit.text)
            parts.labels.extend(block.labels)
        parts.add_block_refs(block)
    elif unit.kind == IMAGE:
        parts.add_block_refs(block)
    elif unit.kind == CODE:
        parts.code.append({"text": block.text, "language": block.info or None})
        parts.line_end = max(parts.line_end, block.line_end)
    elif unit.kind == NOTE:
        parts.notes.append(block.text)
        parts.line_end = max(parts.line_end, block.line_end)


def _step_markdown(doc: Document, unit: Unit, continuation: list[Unit]) -> str:
    """The step's own Markdown plus the paragraphs that continue it, so ``markdown`` has all that ``text`` has."""
    pieces = [_markdown(doc, unit)] + [_markdown(doc, extra) for extra in continuation if extra.block is not None]
    return "\n\n".join(piece for piece in pieces if piece)


def _markdown(doc: Document, unit: Unit) -> str:
    """The step as written: its source lines, leaving out boilerplate blocks nested in it.

    HTML source lines are not Markdown (and on a minified page one line is the whole page), so
    for other formats the step's Markdown is written from its block.
    """
    if unit.style == "run-on" or unit.block_text_cut:
        return unit.text
    if unit.block is None:
        return doc.source(unit.line_start, unit.line_end).strip()
    if doc.format != "markdown":
        return block_markdown(unit.block)
    return source_markdown(doc, unit.block).strip()
