"""Flatten the content blocks into a stream of units: step candidates, headings, and the rest.

A *unit* is one thing the procedure finder reasons about: a numbered list item, a paragraph that
starts with a step number or a "Step N" label, one step cut out of a run-on paragraph, a heading,
an image, a note, a plain paragraph. Boilerplate blocks never become units, so an ad between
step 3 and step 4 is invisible to the finder.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import document as d
from ..data import StepRules, step_rules
from ..document import Block
from ..memo import MISSING, Memo

# Unit kinds (names, not words of any language).
STEP, HEADING, TEXT, IMAGE, CODE, NOTE, OTHER, BREAK = "step", "heading", "text", "image", "code", "note", "other", "break"
NUMBERED_UNDER_SEQUENCE = "numbered_heading + sequence_heading"  # the rule of a numbered heading under "The process"
TASKS_UNDER_SEQUENCE = "task headings + sequence_heading"  # the rule of "### Locate the photo" under "## Procedure"
STEP_MARKUP = "step markup"  # the rule of a heading the page's markup declares a step (MDX "<Steps>", "<Step title>")


@dataclass(eq=False)
class Unit:
    kind: str
    block: Block | None = None
    number: int | None = None
    style: str = ""  # for steps: ordered-list, bulleted-list, numbered-paragraphs, run-on, step-labels, step-headings
    text: str = ""  # for steps: the step's own text with its number/label removed
    level: int = 0  # headings: 1-6, PSEUDO_HEADING_LEVEL for a bold line; step headings keep their level
    line_start: int = 0
    line_end: int = 0
    is_label: bool = False  # a "Step N" heading or label paragraph: lists after it are its substeps
    fresh: bool = False  # first item of a bulleted procedure: always starts a new run
    lettered: bool = False  # numbered "a)", "b." rather than with digits
    block_text_cut: bool = False  # the block's text was split into several units: use ``text``, not the block
    resumes: bool = False  # first item of a list that goes on the one before it (not its text between)
    under_last: bool = False  # a bullet written right under a numbered item that ends with ":": that item's substep
    rule: str = ""  # for steps: the rule that made this a step (``extractor rules --explain`` shows it)


def units_of(blocks: list[Block], rules: StepRules | None = None, title: str | None = None) -> list[Unit]:
    """The step units of ``blocks``; ``title``: the page's title, which stands for a heading above the
    top-level headings."""
    rules = rules or step_rules()
    blocks = _open_quoted_lists(blocks)
    units: list[Unit] = []
    previous: Block | None = None
    last_heading: Block | None = None
    steps_in_section = False  # a numbered step was seen since the last heading
    bullets_go_on_at = 0  # a bulleted procedure just ended (only images since): its next number
    remark_since_bullets = False  # a short remark stands between that procedure and this block (not a step's text)
    since_heading = 0  # blocks since the last heading
    lazy_next = 0  # a list numbered "1. 1. 1." ended in this section: the number its sequence goes on at
    since_lazy = 0  # blocks since that list
    colon_next = 0  # a numbered list ended on "...:" and only code or screenshots came since: its next number
    open_headings: list[Block] = []  # the headings above the current block, outermost first
    task_steps = _task_headings_under_a_sequence(blocks, rules, title) | _numbered_steps_under_a_how_to(blocks, rules, title)
    for index, block in enumerate(blocks):
        if block.kind == d.HTML and block.raw.lstrip().startswith("<!--"):
            lazy_next = 0  # a comment between lists marks a new part (a tab's end: the next tab's list is its own)
        if block.is_boilerplate:
            continue
        if block.kind == d.HEADING and not block.text:
            continue  # an empty heading (debris) neither titles nor ends anything
        if block.kind == d.HEADING:
            while open_headings and open_headings[-1].level >= block.level:
                open_headings.pop()
            units.append(_heading_unit(block, rules, open_headings[-1] if open_headings else None, title,
                                       task_steps.get(id(block))))
            open_headings.append(block)
            last_heading = block
            steps_in_section = False
            since_heading = -1
            lazy_next = 0
        elif block.kind == d.LIST:
            task_heading = last_heading if since_heading <= rules.limits.task_heading_max_blocks else None
            after = next((b for b in blocks[index + 1:] if not b.is_boilerplate), None)
            resume_at = lazy_next if (lazy_next and block.ordered and since_lazy <= rules.limits.lazy_resume_max_blocks
                                      and _numbered_lazily(block, restart=True)) else None
            if resume_at is None and colon_next and block.ordered and block.number in (None, 1):
                # "2. Type these commands:", the commands flush left (they end the Markdown list), then "1. Print
                # again": the renderer starts again at 1, the writer went on at 3
                resume_at = colon_next
            split_by_image = after is not None and (after.kind == d.IMAGE or _hidden_image(after))
            split_by_code = after is not None and after.kind == d.CODE and not block.ordered  # the step's command, flush left
            under_item = _right_under_a_lead_in_item(block, previous, rules, after)
            if under_item == _BETWEEN_ITEMS:
                # the numbered item's own bullets, written flush left: its substeps, actions or not ("亮度设为80")
                new = [Unit(STEP, item, number=index, style="bulleted-list", rule=under_item, under_last=True,
                            line_start=item.line_start, line_end=item.line_end, text=item.text)
                       for index, item in enumerate((item for item in block.children if not item.is_boilerplate), 1)]
            else:
                new = _list_units(block, previous, last_heading, rules, steps_in_section, bullets_go_on_at, task_heading,
                                  split_by_image=split_by_image, resume_at=resume_at, split_by_code=split_by_code)
            if remark_since_bullets and new and new[0].rule == "continued_bullets_action_share":
                new[0].resumes = True  # the remark between the two pieces is the article's, not the last step's
            remark_since_bullets = False
            numbers = [u.number for u in new if u.style == "ordered-list" and u.number is not None]
            if block.ordered:
                # a lone "1." item split from the next "1." item by a screenshot starts such a sequence too
                lazy_next = max(numbers) + 1 if numbers and (resume_at or _numbered_lazily(block)
                                                             or (split_by_image and _numbered_lazily(block, restart=True))) else 0
                since_lazy = 0
            else:
                since_lazy += 1
            steps_in_section = steps_in_section or any(u.kind == STEP and u.style != "bulleted-list" for u in new)
            colon_next = max(numbers) + 1 if block.ordered and numbers and _ends_on_a_lead_in(block) else 0
            bullets = [u for u in new if u.style == "bulleted-list"]
            if bullets and under_item:
                for unit in bullets:  # (after "...:", bullets of actions: things to choose from are no steps)
                    unit.under_last = True
                bullets = []  # (the item's substeps: no bulleted procedure goes on after them)
            bullets_go_on_at = bullets[-1].number + 1 if bullets else 0
            units.extend(new)
            previous = block
            since_heading += 1
            continue
        elif block.kind == d.HTML and block.raw and _opens_with_step_label(block.text, rules):
            units.extend(_html_box_units(block, rules))
        elif block.kind == d.PARAGRAPH and id(block) in task_steps:
            numbered = rules.numbered_heading.match(block.text)
            units.append(Unit(STEP, block, number=task_steps[id(block)], style="step-headings", rule=TASKS_UNDER_SEQUENCE,
                              text=block.text[numbered.end():].strip(), level=PSEUDO_HEADING_LEVEL, is_label=True,
                              line_start=block.line_start, line_end=block.line_end))
        elif block.kind == d.PARAGRAPH:
            units.extend(_paragraph_units(block, rules))
            if block.text.rstrip().endswith((":", "：")):
                lazy_next = 0  # a new lead-in: the list after it is another one
        elif block.kind == d.IMAGE:
            units.append(Unit(IMAGE, block, line_start=block.line_start, line_end=block.line_end))
        elif block.kind == d.CODE:
            units.append(Unit(CODE, block, line_start=block.line_start, line_end=block.line_end))
        elif block.kind == d.QUOTE:
            units.append(Unit(NOTE, block, line_start=block.line_start, line_end=block.line_end))
        elif block.kind == d.RULE:
            units.append(Unit(BREAK, block, line_start=block.line_start, line_end=block.line_end))
        else:
            units.append(Unit(OTHER, block, line_start=block.line_start, line_end=block.line_end))
        if bullets_go_on_at and not (_goes_on_with_bullets(block, rules) or _notes_the_command(block, previous, rules)):
            bullets_go_on_at = 0
        elif block.kind == d.PARAGRAPH and not rules.continuation_start.match(block.text):
            remark_since_bullets = True
        if not (block.kind in (d.IMAGE, d.CODE) or _is_a_note(block, rules)):
            colon_next = 0  # (a note on the command, "> Note: the lamp must be on", leaves the sequence open)
        since_heading += 1
        since_lazy += 1
        previous = block
    return _titled_by_the_heading_below(units)


def _right_under_a_lead_in_item(block: Block, previous: Block | None, rules: StepRules, after: Block | None = None) -> str:
    """A bulleted list written right under a numbered list's last item, at most a blank line between: Markdown ends
    the numbered list there when the bullets stand less deep than the item's text, the writer put them under the
    item. So when the item ends with a colon ("3. 修改或删除已配置的标签：" then "  - **修改已有标签**：选择…"), or when it ends
    a sentence ("1. アプリを開き、次の項目を設定します。") and the numbered list goes on right after the bullets at the
    next number (the bullets sit between item 1 and item 2). The rule that says so ("" when neither)."""
    if previous is None or previous.kind != d.LIST or not previous.ordered or block.ordered:
        return ""
    blank_lines = block.line_start - previous.line_end - 1
    if blank_lines > rules.limits.under_item_max_blank_lines:
        return ""
    if _ends_on_a_lead_in(previous):
        return "bullets under a numbered item ending in ':'"
    items = [item for item in previous.children if not item.is_boilerplate]
    if (items and after is not None and after.kind == d.LIST and after.ordered
            and after.number == (previous.number or 1) + len(items)
            and all(child.kind == d.PARAGRAPH for child in items[-1].children)
            and _SENTENCE_END.search(items[-1].text.rstrip()[-1:] + " ")):
        return _BETWEEN_ITEMS
    return ""


_BETWEEN_ITEMS = "bullets between numbered items, the numbers going on after them"


def _is_a_note(block: Block, rules: StepRules) -> bool:
    """A note set apart from the text: a quote or callout, or a paragraph that opens with a note label ("Note:",
    "注意：")."""
    return block.kind == d.QUOTE or (block.kind == d.PARAGRAPH and bool(rules.note_prefix.match(block.text)))


def _goes_on_with_bullets(block: Block, rules: StepRules) -> bool:
    """Between two pieces of a bulleted procedure: a screenshot, the last step's code ("- Install Homebrew" [code]
    "- Install Oh My Zsh"), or a paragraph that goes on with that step ("then make the theme the default ...",
    lang continuation_start): the bullets after it are the same procedure going on."""
    if block.kind in (d.IMAGE, d.CODE) or _hidden_image(block):
        return True
    return block.kind == d.PARAGRAPH and (bool(rules.continuation_start.match(block.text)) or _short_remark(block, rules))


def _notes_the_command(block: Block, previous: Block | None, rules: StepRules) -> bool:
    """A paragraph right after a step's code block, before the next bullets ("- 以下のコマンドを実行" [code] "ln: ... が表示
    された場合、先に進めてください。" "- pip3 -V を実行し ..."): what the command may print and what to do then, said
    flush left between two pieces of the bulleted procedure; not a lead-in of its own (":")."""
    if block.kind != d.PARAGRAPH or previous is None or previous.kind != d.CODE:
        return False
    text = block.text.strip()
    return bool(text) and len(text) <= rules.limits.continuation_max_chars and not text.endswith((":", "："))


def _hidden_image(block: Block) -> bool:
    """An HTML comment that holds only a screenshot the writer hid ("<!-- <img src=... /> -->"): it stands where the
    image stood, between two pieces of the same list, and says nothing (unlike "<!-- tab: macOS -->")."""
    if block.kind != d.HTML:
        return False
    raw = block.raw.strip()
    hidden = raw.removeprefix("<!--").removesuffix("-->")
    return raw.startswith("<!--") and raw.endswith("-->") and hidden.strip().startswith(("<img", "!["))


def _short_remark(block: Block, rules: StepRules) -> bool:
    """A paragraph of one short sentence that leads into nothing ("This opens the device list.", "画面が切り替わります。"):
    what the last step did, said between two pieces of a bulleted procedure."""
    text = block.text.strip()
    if not text or len(text) > rules.limits.bullet_remark_max_chars or text.endswith((":", "：")) or block.labels:
        return False
    return len(_SENTENCE_END.findall(text.rstrip(".!。！"))) == 0


_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)|[。！？]")


def _ends_on_a_lead_in(block: Block) -> bool:
    """Does the list's last item end in ":" with nothing under it (what it leads into was written after the list)?"""
    items = [item for item in block.children if not item.is_boilerplate]
    if not items:
        return False
    last = items[-1]
    return last.text.rstrip().endswith((":", "：")) and all(child.kind == d.PARAGRAPH for child in last.children)


def _opens_with_step_label(text: str, rules: StepRules) -> bool:
    label = rules.step_label.match(text)
    return bool(label) and not _label_is_a_sentence_subject(text, label)


# a word's first character, where a step label may start inside a raw HTML box's text
_WORD_START = re.compile(r"(?<!\S)\S")


def _html_box_units(block: Block, rules: StepRules) -> list[Unit]:
    """Raw HTML in Markdown whose text opens with a step label (a box: '<div class="step"><span>Langkah 1</span>
    <h3>...</h3><p>...</p></div>') is that step, its text the box's text after the label; labels that count on
    inside the same block ("Langkah 2", "Langkah 3": boxes with no blank line between) start the next steps."""
    text = block.text
    first = rules.step_label.match(text)
    found = [(0, first)]
    expected = _label_number(first, rules) + 1
    if len(text) <= rules.limits.html_box_scan_max_chars:
        for start in _WORD_START.finditer(text, first.end()):
            label = rules.step_label.match(text[start.start():])
            if label and _label_number(label, rules) == expected \
                    and not _label_is_a_sentence_subject(text[start.start():], label):
                found.append((start.start(), label))
                expected += 1
    span = dict(line_start=block.line_start, line_end=block.line_end)
    units = []
    for index, (at, label) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(text)
        units.append(Unit(STEP, block, number=_label_number(label, rules), style="step-labels",
                          rule="step_label in an HTML box", text=text[at + label.end():end].strip(), is_label=True,
                          block_text_cut=True, **span))
    return units


def _titled_by_the_heading_below(units: list[Unit]) -> list[Unit]:
    """A bare step label ("<span class="badge">Step 2</span>" or "**Step 2**" alone) right above a heading
    ("### Mount the base"): the heading is the step's text, not a section that ends the steps."""
    out: list[Unit] = []
    for unit in units:
        before = out[-1] if out else None
        if unit.kind == HEADING and unit.level < PSEUDO_HEADING_LEVEL and unit.text and before is not None \
                and before.kind == STEP and before.is_label and before.style == "step-labels" and not before.text:
            out[-1] = replace(before, text=unit.text, block_text_cut=True, line_end=unit.line_end,
                              rule=before.rule + " + heading below")
            continue
        out.append(unit)
    return out


def _open_quoted_lists(blocks: list[Block]) -> list[Block]:
    """A plain blockquote that holds an ordered list ("> Follow these steps:" then "> 1. ...") sets the steps
    apart, it does not make them a note: its blocks are read as the article's. An alert ("> [!NOTE]", an
    admonition) stays a note, whatever it holds."""
    for block in blocks:  # (a loop, not any() over a generator: asked of every post, most without a quote)
        if block.kind == d.QUOTE:
            break
    else:
        return blocks
    opened: list[Block] = []
    for block in blocks:
        if (block.kind == d.QUOTE and not block.info and not block.is_boilerplate
                and any(child.kind == d.LIST and child.ordered for child in block.children)):
            opened.extend(block.children)
        else:
            opened.append(block)
    return opened


def _numbered_under_sequence(block: Block, parent: Block | None, rules: StepRules,
                             title: str | None = None) -> re.Match | None:
    """A numbered heading ("### 1. Clone the repository") right under a heading that names a sequence ("##
    Implementation steps", "#### 添加、提交过程"), or under no heading on a page whose ``title`` names one
    ("8 Steps To Become ..."): one of its steps. Elsewhere a numbered heading is an entry of a list of tips
    or methods (each with steps of its own), so it stays a heading."""
    numbered = rules.numbered_heading.match(block.text)  # (first: the sequence pattern is tried at every position)
    if numbered is None:
        return None
    named = title if parent is None else (parent.text if parent.level < PSEUDO_HEADING_LEVEL else None)
    if not named or not _names_a_sequence(named, rules):
        return None
    return numbered


def _numbered_lazily(block: Block, restart: bool = False) -> bool:
    """Every item written with the same number ("1. ... 1. ... 1."): the renderer counts, so a break that
    starts the list again at "1." does not restart the sequence. ``restart``: a list written so from 1
    (one item is enough) that may go on such a list."""
    numbers = [item.number for item in block.children if not item.is_boilerplate]
    if not numbers or numbers[0] is None or any(n != numbers[0] for n in numbers):
        return False
    return numbers[0] == 1 if restart else len(numbers) > 1  # one item alone shows no numbering style


def _heading_unit(block: Block, rules: StepRules, parent: Block | None = None, title: str | None = None,
                  task_step: int | None = None) -> Unit:
    if block.info == d.STEP_HEADING and block.number is not None:
        numbered = rules.step_label.match(block.text) or rules.numbered_heading.match(block.text)
        return Unit(STEP, block, number=block.number, style="step-headings", rule=STEP_MARKUP,
                    text=block.text[numbered.end():].strip() if numbered else block.text, level=block.level,
                    is_label=True, line_start=block.line_start, line_end=block.line_end)
    label = rules.step_label.match(block.text)
    if label and not _is_anchor_link(block, rules):
        return Unit(STEP, block, number=_label_number(label, rules), style="step-headings", rule="step_label",
                    text=block.text[label.end():].strip(), level=block.level, is_label=True,
                    line_start=block.line_start, line_end=block.line_end)
    numbered = _numbered_under_sequence(block, parent, rules, title)
    if numbered is not None:
        return Unit(STEP, block, number=int(numbered.group("n")), style="step-headings",
                    rule=NUMBERED_UNDER_SEQUENCE, text=block.text[numbered.end():].strip(),
                    level=block.level, is_label=True, line_start=block.line_start, line_end=block.line_end)
    if task_step is not None:
        numbered = rules.numbered_heading.match(block.text)
        text = block.text[numbered.end():].strip() if numbered else block.text
        return Unit(STEP, block, number=task_step, style="step-headings", rule=TASKS_UNDER_SEQUENCE, text=text,
                    level=block.level, is_label=True, line_start=block.line_start, line_end=block.line_end)
    return Unit(HEADING, block, level=block.level, text=block.text, line_start=block.line_start, line_end=block.line_end)


def _task_headings_under_a_sequence(blocks: list[Block], rules: StepRules, title: str | None) -> dict[int, int]:
    """Sub-headings that each name a task ("### Locate the photo", "### Report it", "### Send the form") right under
    a heading that names a sequence ("## Procedure", "## Étapes"), with no numbered list anywhere in that section:
    the sub-headings are the steps, in order (``id(heading)`` -> its number). A section whose parts hold numbered
    lists of their own is a set of tasks, each with its steps; un-numbered parts elsewhere are topics. When the
    page's ``title`` names a sequence ("Router setup: example steps"), the title stands for such a heading above the
    body's top-level headings (the page must have no heading above them)."""
    found: dict[int, int] = {}
    for index, block in enumerate(blocks):
        if block.kind == d.HEADING and block.text and not block.is_boilerplate and block.level < PSEUDO_HEADING_LEVEL \
                and _names_a_sequence(block.text, rules):
            found.update(_numbered_if_tasks(_parts_of_a_sequence(blocks[index + 1:], block.level), rules))
    if title and _names_a_sequence(title, rules):
        found.update(_numbered_if_tasks(_parts_of_a_sequence(blocks, None), rules))
    return found


def _parts_of_a_sequence(blocks: list[Block], level: int | None) -> list[Block]:
    """The headings of one level that follow a sequence heading of ``level`` (None: the page's title, over the whole
    body), up to the end of its section: [] when a numbered list stands anywhere in it, and under the title when a
    heading ranks above the first one (the page has sections, not one sequence)."""
    parts: list[Block] = []
    for block in blocks:
        if block.is_boilerplate:
            continue
        if block.kind == d.LIST and block.ordered:
            return []
        if block.kind != d.HEADING or not block.text or block.level >= PSEUDO_HEADING_LEVEL:
            continue
        if level is not None and block.level <= level:
            break
        if parts and block.level < parts[0].level:
            if level is None:
                return []
            break
        if not parts or block.level == parts[0].level:
            parts.append(block)
    return parts


def _numbered_if_tasks(parts: list[Block], rules: StepRules) -> dict[int, int]:
    """``id(part)`` -> its number when there are enough parts and each names a task, else nothing."""
    if len(parts) < rules.limits.min_steps or not all(_names_a_step(part.text, rules) for part in parts):
        return {}
    return {id(part): number for number, part in enumerate(parts, 1)}


def _names_a_sequence(heading: str, rules: StepRules) -> bool:
    """Does the heading name a sequence ("## Procedure", "## Étapes")? Remembered: a site's headings recur from post
    to post, and the every-language pattern is tried at every position of the heading."""
    memo = _sequence_headings.for_owner(rules)
    found = memo.get(heading, MISSING)
    return memo.get_or(heading, lambda: bool(rules.sequence_heading.search(heading))) if found is MISSING else found


_sequence_headings = Memo(maxsize=1024)


def _numbered_steps_under_a_how_to(blocks: list[Block], rules: StepRules, title: str | None) -> dict[int, int]:
    """Numbered headings ("## 1. Open the settings", "## 2. Pair the lamp") right under a how-to heading, or under no
    heading on a page whose ``title`` is one ("How to set up the lamp app"), that each name a task and whose sections
    hold no numbered list: the steps, in order; under a heading that only names a platform ("On Windows" under "How
    to install the app"), the how-to is the heading above that one. A how-to that names ways or fixes ("How to fix
    ...", "3 ways to ...")
    numbers its alternatives so, and a section with a numbered list of its own is a task with its own steps."""
    groups: dict[int, tuple[Block | None, list[Block]]] = {}  # id(parent) (0: none) -> the numbered headings under it
    with_own_list: set[int] = set()  # numbered headings whose section holds a numbered list
    open_headings: list[Block] = []
    section: Block | None = None  # the numbered heading whose section is being read
    numbered_as: dict[int, re.Match] = {}  # id(numbered heading) -> its number's match (matched once)
    above: dict[int, Block | None] = {}  # id(heading) -> the heading it stands under (None: none)
    with_actions: set[int] = set()  # numbered headings whose section holds something to do (code, an instruction)
    with_action_list: set[int] = set()  # ... a bulleted list of actions
    for block in blocks:
        if block.is_boilerplate:
            continue
        if section is not None and block.kind != d.HEADING and id(section) not in with_actions \
                and _holds_an_action(block, rules):
            with_actions.add(id(section))
        if section is not None and block.kind == d.LIST and not block.ordered and id(section) not in with_action_list \
                and _mostly_actions([item for item in block.children if not item.is_boilerplate], rules,
                                    share=rules.limits.keep_instruction_share):
            with_action_list.add(id(section))
        if block.kind == d.HEADING and block.text and block.level < PSEUDO_HEADING_LEVEL:
            while open_headings and open_headings[-1].level >= block.level:
                open_headings.pop()
            parent = open_headings[-1] if open_headings else None
            numbered = rules.numbered_heading.match(block.text)
            if numbered:
                numbered_as[id(block)] = numbered
                groups.setdefault(id(parent) if parent else 0, (parent, []))[1].append(block)
                section = block
            elif section is not None and block.level <= section.level:
                section = None
            above[id(block)] = parent
            open_headings.append(block)
        elif block.kind == d.PARAGRAPH and _numbered_bold_line(block, rules):
            # "**1. Unplug the lamp**" on a line of its own: a numbered heading in all but markup
            numbered_as[id(block)] = rules.numbered_heading.match(block.text)
            parent = open_headings[-1] if open_headings else None
            groups.setdefault(id(parent) if parent else 0, (parent, []))[1].append(block)
            section = block
        elif block.kind == d.LIST and block.ordered and section is not None:
            with_own_list.add(id(section))
    found: dict[int, int] = {}
    for parent, headings in groups.values():
        if parent is not None and rules.platform_heading.match(parent.text):
            parent = above.get(id(parent))  # "On Windows": the how-to is the heading above it, or the title
        named = parent.text if parent is not None else title
        how_to = rules.steps_heading.search(named) if named else None
        if how_to is not None and parent is None and named == headings[0].text:
            how_to = None  # the title is the first numbered heading itself, no how-to above them
        # "**1. 獲取代碼**", "**2. 替換代碼**" lines each over a bulleted list of actions: step labels over their
        # actions, whatever the heading above says (a tip's bold line is over its advice, not a list to do)
        labels_over_actions = all(h.kind == d.PARAGRAPH and id(h) in with_action_list for h in headings)
        # a page with no title and nothing above its numbered headings ("## 1、安装nginx" [code], "## 2、启动nginx服务"
        # [code], ...), each section holding something to do: a note's steps, its how-to never written down
        # (the record's title is then the first of them, taken for want of one)
        untitled = parent is None and (not named or named == headings[0].text) \
            and all(h.kind == d.HEADING and id(h) in with_actions for h in headings)
        if (how_to is None and not labels_over_actions and not untitled) or (named and _names_a_sequence(named, rules)) \
                or len(headings) < rules.limits.min_steps or len({h.level for h in headings}) != 1 \
                or (how_to is not None and rules.method_word.search(named[: how_to.start()] + " " + named[how_to.end():])):
            continue  # (the how-to words themselves may be a method word: "Cara mengatur ...")
        numbers = [int(numbered_as[id(h)].group("n")) for h in headings]
        if numbers != list(range(1, len(headings) + 1)) or any(id(h) in with_own_list for h in headings) \
                or len({h.kind for h in headings}) != 1:
            continue
        if all(_numbered_task(h.text[numbered_as[id(h)].end():].strip(), id(h) in with_actions, rules) for h in headings):
            found.update((id(h), n) for n, h in zip(numbers, headings))
    return found


def _numbered_task(label: str, acts: bool, rules: StepRules) -> bool:
    """A numbered heading's label is a step under a how-to when it names a task ("2. Pair the lamp"), or when it is
    a short label of what is done ("2. インストール", "3) Extract", "1. Download") over a section that holds an
    action: a code block or an instruction. Labels in any language, the action read in the section, not the label.
    A Chinese or Japanese label made of verb stems alone ("確認", "ダウンロード＆インストール", "设置") names a topic as
    often as a step: it needs the section's action too; a stem with its object ("取下灯罩") names the task."""
    if names_a_task(label, rules) and not _only_verb_stems(label, rules):
        return True
    return acts and len(label) <= rules.limits.action_section_label_max_chars and not _SENTENCE_END.search(label) \
        and not (label[:1].isdigit() or rules.ranked_heading.search(label) or rules.listicle_title.search(label)) \
        and _mentions_an_action(label, rules)


def _mentions_an_action(label: str, rules: StepRules) -> bool:
    """Does a label hold a verb anywhere ("[Optional] Run it at boot", "Node.jsのインストール")? A label that holds
    none ("1. Python", "2. JavaScript" over code) names a thing: the sections are alternatives, not steps."""
    if any(word.lower() in rules.verbs for word in _FIRST_WORDS.findall(label)):
        return True
    return any(verb in label for verb in rules.joined_verbs)


def _only_verb_stems(label: str, rules: StepRules) -> bool:
    """Is the label nothing but Chinese or Japanese verb stems, joined by marks ("確認", "ダウンロード＆インストール")?"""
    rest = label.strip()
    while rest:
        stem = next((verb for verb in rules.joined_verbs if rest.startswith(verb)), None)
        if stem is None:
            return False
        rest = rest[len(stem):].lstrip(_STEM_JOINERS)
    return bool(label.strip())


_STEM_JOINERS = " ＆&・/／、と和及+"  # marks between two stems of one label ("ダウンロード＆インストール", "下载和安装")


def lone_term(label: str, words: int, rules: StepRules) -> bool:
    """A label that is one word of a spaced script ("install") or Chinese or Japanese verb stems alone ("確認"): a
    term, even when it is a verb; more words, or a stem with its object ("鍵ファイルの権限を変更します"), say what to do."""
    return words <= 1 and (not _WIDE.search(label) or _only_verb_stems(label, rules))


def _holds_an_action(block: Block, rules: StepRules) -> bool:
    """Something the reader does, in a section's body: a code block to run, an instruction, a list of them."""
    if block.kind == d.CODE:
        return True
    if block.kind == d.PARAGRAPH:
        return is_instruction(block.text, rules)
    if block.kind == d.LIST:
        return any(is_instruction(item.text, rules) for item in block.children)
    return False


def _numbered_bold_line(block: Block, rules: StepRules) -> bool:
    """A short paragraph all in bold that opens with a number ("**1. Unplug the lamp**", "**2、取下灯罩**")."""
    return bool(block.text) and bool(rules.numbered_heading.match(block.text)) and _is_pseudo_heading(block, rules)


def _names_a_step(text: str, rules: StepRules) -> bool:
    """A sub-heading that names what to do and is no step label or numbered entry (those have rules of their own)."""
    return not rules.step_label.match(text) and not rules.numbered_heading.match(text) and names_a_task(text, rules)


def _list_units(block: Block, previous: Block | None, heading: Block | None, rules: StepRules,
                after_steps: bool = False, go_on_at: int = 0, task_heading: Block | None = None,
                split_by_image: bool = False, resume_at: int | None = None, split_by_code: bool = False) -> list[Unit]:
    items = [item for item in block.children if not item.is_boilerplate]
    if block.ordered:
        units: list[Unit] = []
        start = resume_at or (block.number if block.number is not None else 1)
        for index, item in enumerate(items):
            # numbered as rendered: "1. 1. 1." lists (common in docs) count 1, 2, 3
            unit = Unit(STEP, item, number=start + index, style="ordered-list", rule="ordered list markup",
                        line_start=item.line_start,
                        line_end=item.line_end, text=item.text)
            labels = _inline_step_labels(item, rules)
            if labels and labels[0][0] > 0:
                pieces = _collapsed_paragraph_units(item, labels, rules, head=unit)
                units.extend(_split_run_on(pieces[0], rules) + pieces[1:])
            else:
                units.extend(_split_run_on(unit, rules))
        if units and resume_at:
            units[0].resumes = True
        return units
    # a bulleted list is steps when introduced as steps, or when every item is an action and it
    # follows numbered steps in the same section (the procedure goes on in another list style)
    limits = rules.limits
    if is_legend(previous, rules):
        return [Unit(OTHER, block, line_start=block.line_start, line_end=block.line_end)]
    if go_on_at and _mostly_actions(items, rules, share=limits.continued_bullets_action_share, minimum=1):
        # the same bulleted procedure, after a screenshot
        return [Unit(STEP, item, number=index, style="bulleted-list", rule="continued_bullets_action_share",
                     line_start=item.line_start,
                     line_end=item.line_end, text=item.text) for index, item in enumerate(items, go_on_at)]
    labelled_bullets = _bullets_labelled_as_steps(items, rules)
    if labelled_bullets:
        return labelled_bullets
    introduced = _introduced_as_steps(previous, heading, rules)
    # after "follow these steps:", one action is enough to start the run when a screenshot splits the list
    # (the next piece goes on after it); a lone bullet otherwise, or under a "How to ..." heading, is a tip
    share = limits.purpose_intro_action_share if introduced in ("purpose_intro", "instruction_intro", "label_intro",
                                                                 "sequel_intro") else limits.intro_action_share
    if introduced and _mostly_actions(items, rules, share=share, minimum=1 if introduced in ("steps_intro", "sequel_intro")
                                      and (split_by_image or split_by_code) else None):
        rule = f"{introduced} + intro_action_share"
    elif after_steps and _mostly_actions(items, rules, share=limits.after_steps_action_share):
        rule = "after_steps_action_share"
    elif _is_task_heading(task_heading, rules) and _mostly_actions(items, rules, share=limits.task_heading_action_share,
                                                                    minimum=1 if split_by_image or split_by_code else None):
        rule = "task heading + task_heading_action_share"  # "## Delete the account", then (nearly) only actions
    elif previous is not None and previous.kind in (d.HEADING, d.IMAGE) and _bare_actions_under_a_heading(items, task_heading, rules):
        rule = "heading + bare_actions_min_items"  # "## 准备工作", then only actions, each opening with its verb
    elif previous is not None and previous is not task_heading and _explained_then_acted(previous, items, task_heading, rules):
        rule = "heading + explaining paragraph + explained_actions_min_items"
    elif previous is not None and (((previous is task_heading or _context_lead_in(previous, task_heading, rules))
                                    and (_is_numbered_heading(task_heading, rules) or _is_method_heading(task_heading, rules)))
                                   or _is_method_heading(previous, rules)) \
            and _mostly_actions(items, rules, share=limits.numbered_heading_action_share):
        # "### 2. In Windows" or "## Method 1: Restart the app" (a heading, or a bold line of its own) and right
        # under it only actions, or after a lead-in that only sets the scene ("On your laptop:"); a lead-in that
        # says what the list is ("you can either:", tips) keeps it out
        rule = "numbered heading + numbered_heading_action_share"
    else:
        ways = _ways_with_their_actions(items, rules)
        if ways:
            return [Unit(STEP, sub, number=index, style="bulleted-list", fresh=index == 1,
                         rule="option labels + option_action_share", line_start=sub.line_start,
                         line_end=sub.line_end, text=sub.text) for way in ways for index, sub in enumerate(way, 1)]
        labelled = _labelled_numbered_lists(items, rules)
        if labelled:
            return [Unit(STEP, sub, number=index, style="ordered-list", fresh=index == 1,
                         rule="label + nested ordered list", line_start=sub.line_start,
                         line_end=sub.line_end, text=sub.text) for steps in labelled for index, sub in enumerate(steps, 1)]
        return [Unit(OTHER, block, line_start=block.line_start, line_end=block.line_end)]
    return [Unit(STEP, item, number=index, style="bulleted-list", fresh=index == 1, rule=rule,
                 line_start=item.line_start, line_end=item.line_end, text=item.text)
            for index, item in enumerate(items, 1)]


def _bullets_labelled_as_steps(items: list[Block], rules: StepRules) -> list[Unit]:
    """Bullets that each open with a "Step N" label, the numbers going 1, 2, 3 ("- **Schritt 1:** Ziehen Sie ...",
    "* Langkah 2: ..."): the labels number the steps the bullets do not. [] when the list is not of that shape."""
    if len(items) < rules.limits.min_steps:
        return []
    units: list[Unit] = []
    for index, item in enumerate(items, 1):
        label = rules.step_label.match(item.text) or _cjk_number_mark(item.text, rules)
        if label is None or _label_number(label, rules) != index:
            return []
        rest = item.text[label.end():].strip()
        # a one-paragraph item is the label and its step: the step's text is what follows the label
        plain = len(item.children) == 1 and item.children[0].kind == d.PARAGRAPH
        units.append(Unit(STEP, item, number=index, style="bulleted-list", fresh=index == 1, rule="step_label in bullets",
                          text=rest if plain else item.text, block_text_cut=plain,
                          line_start=item.line_start, line_end=item.line_end))
    return units


def _cjk_number_mark(text: str, rules: StepRules) -> re.Match | None:
    """A step number written with a CJK mark ("1、", "2．", "3）", "①") at the start of a bullet: "- 1、拔下插头" numbers
    the bullets as "Step 1" would (a Latin "1." or "1)" there is Markdown's own nested list, read as such)."""
    number = rules.paragraph_number.match(text)
    if number is None or not _CJK_MARK.search(number.group(0)):
        return None
    return number


_CJK_MARK = re.compile(r"[、．），（①-⑳]")


def _bare_actions_under_a_heading(items: list[Block], heading: Block | None, rules: StepRules) -> bool:
    """A bulleted list right under a section heading, no lead-in sentence between (a screenshot at most), whose
    every item opens with its verb ("## 准备工作" then "- 打开台灯的电源" "- 下载安装包" "- 双击安装包完成安装";
    "- アプリを開く" "- 「設定」をクリックする" ...), at least limits.bare_actions_min_items of them: the section's
    actions in their order. Not under a question ("为什么会变暗？"), a heading of tips or entries (lang listicle_title),
    or a numbered entry; a list of reasons, merits or features names things, and its items open with no verb; an
    item that opens with a note label ("Suggerimento: scegli ...", "提示：") makes it a feature's notes and tips."""
    if heading is None or heading.level >= PSEUDO_HEADING_LEVEL or len(items) < rules.limits.bare_actions_min_items:
        return False
    text = heading.text.strip()
    if (text.endswith(("?", "？")) or rules.numbered_heading.match(text) or rules.ranked_heading.search(text)
            or rules.listicle_title.search(text)):
        return False
    return (all(is_instruction(item.text, rules, strict=True) for item in items)
            and not any(rules.note_prefix.match(item.text) for item in items))


def _explained_then_acted(paragraph: Block, items: list[Block], heading: Block | None, rules: StepRules) -> bool:
    """A section heading, one paragraph that ends by saying what the section does, then bullets of actions ("## ルール
    エンジン", "AWS IoT Coreにはルールエンジンという機能が存在しています。…保存する手順を行います。", "- 【ACT】を押します。"
    ...): the section's steps, as if the paragraph were not there, when at least limits.explained_actions_min_items items are there and
    limits.task_heading_action_share of them are actions. Not after a paragraph that announces ways, tips, warnings
    or a legend ("Depending on your desk, you can:"), nor under a heading a list of actions right under it would
    not make steps (a question, a tips, features or ranked heading, a numbered entry)."""
    if heading is None or paragraph.kind != d.PARAGRAPH or len(items) < rules.limits.explained_actions_min_items:
        return False
    if not _heading_over_actions(heading, rules):
        return False
    if paragraph.text.rstrip().endswith((":", "：")):
        return False  # a lead-in ("Check the following to see if you've done them all:"): the lead-in rules read it
    sentence = last_sentence(paragraph.text)
    if introduces_no_actions(sentence, rules) or rules.legend_intro.search(sentence) or _is_a_note(paragraph, rules):
        return False
    # the paragraph ends by saying what the section does ("…10秒おきに送られてくるように変更します。", "…保存する手順を
    # 行います。"); one that only describes ("The steps are easy and the lamp has a few parts") introduces nothing
    if not (_ends_announcing_steps(sentence, rules) or is_instruction(sentence, rules, strict=True)):
        return False
    return _mostly_actions(items, rules, share=rules.limits.task_heading_action_share)


def _ends_announcing_steps(sentence: str, rules: StepRules) -> bool:
    """Does the sentence end on what announces the steps ("…保存する手順を行います。", "… proceed as follows.")? Words
    about steps earlier in it ("The steps are easy and ...") announce nothing."""
    found = rules.steps_intro.search(sentence)
    return found is not None and found.end() >= len(sentence.rstrip(" .。!！:："))


def _heading_over_actions(heading: Block, rules: StepRules) -> bool:
    """Could the bullets of actions under ``heading`` be its steps: a section heading that is neither a question, a
    numbered entry, a rank, a title of tips, entries or features, nor what the reader needs first (its bullets are
    conditions: "## Prerequisites", "Make sure the library is installed.")?"""
    if heading.level >= PSEUDO_HEADING_LEVEL:
        return False
    text = heading.text.strip()
    return not (text.endswith(("?", "？")) or rules.numbered_heading.match(text) or rules.ranked_heading.search(text)
                or rules.listicle_title.search(text) or rules.requirements_heading.search(text))


def _ways_with_their_actions(items: list[Block], rules: StepRules) -> list[list[Block]]:
    """Bullets that each name a way to do the task ("Start menu", "Control Panel") and hold that way's
    actions as a nested list: the nested lists, one per way ([] when the list is not of that shape)."""
    limits = rules.limits
    ways: list[list[Block]] = []
    label_actions = 0
    for item in items:
        labels = [child for child in item.children if child.kind == d.PARAGRAPH]
        lists = [child for child in item.children if child.kind == d.LIST and not child.is_boilerplate]
        if len(labels) != 1 or len(lists) != 1 or len(labels) + len(lists) != len(item.children):
            return []
        label = labels[0].text.strip()
        if len(label.split()) > limits.option_label_max_words or label.endswith((".", "!", "?", ":")):
            return []
        label_actions += is_instruction(label, rules)
        actions = [sub for sub in lists[0].children if not sub.is_boilerplate]
        if not _mostly_actions(actions, rules, share=limits.option_action_share):
            return []
        ways.append(actions)
    # labels that are all actions ("Open Settings", "Go to Display") are steps with substeps, not ways; a way's
    # name may still read as one ("Start menu" beside "Control Panel")
    return ways if len(ways) >= 2 and label_actions < len(ways) else []


def _labelled_numbered_lists(items: list[Block], rules: StepRules) -> list[list[Block]]:
    """Bullets of a list of tips or ways that are a label ending in ":" over a numbered list of actions
    ("- **How to turn off startup apps:**" then "1. Open Task Manager" "2. ..."): each such numbered list is a
    procedure of its own; the other bullets (a tip in a sentence) are not steps."""
    found = []
    for item in items:
        parts = [child for child in item.children if not child.is_boilerplate and (child.text.strip() or child.children)]
        if len(parts) != 2 or parts[0].kind != d.PARAGRAPH or parts[1].kind != d.LIST or not parts[1].ordered:
            continue
        if not parts[0].text.rstrip().endswith((":", "：")) or introduces_no_actions(parts[0].text, rules):
            continue
        steps = [sub for sub in parts[1].children if not sub.is_boilerplate]
        if _mostly_actions(steps, rules, share=rules.limits.keep_instruction_share):
            found.append(steps)
    return found


def is_legend(before: Block | None, rules: StepRules) -> bool:
    """Is ``before`` the lead-in of a legend ("Where:", "Replace the following:")? The list after it explains
    the placeholders of the code above; it is neither steps nor a step's substeps."""
    return before is not None and before.kind == d.PARAGRAPH and bool(rules.legend_intro.search(last_sentence(before.text)))


def _introduced_as_steps(previous: Block | None, heading: Block | None, rules: StepRules) -> str:
    """The rule by which the block before a bulleted list introduces it as steps ("" if none does)."""
    if previous is not None and previous.kind == d.PARAGRAPH:
        text = previous.text.rstrip()
        if text.endswith((":", "：")) and rules.steps_intro.search(text):
            return "steps_intro"
        if _tells_to_follow_steps(last_sentence(text), rules):
            return "steps_intro"  # "Follow the next steps to set up the lamp", no colon: it says so itself
        if _presents_the_steps(last_sentence(text), rules):
            return "steps_intro"  # "Here are the steps to run the playbook.", a full stop for the colon
        if text.endswith((":", "：")) and rules.purpose_intro.match(last_sentence(text)):
            return "purpose_intro"
        if text.endswith((":", "：")) and rules.sequel_intro.match(last_sentence(text)):
            return "sequel_intro"  # "在完成以上准备工作后：", "Once that is done:": what follows is done next
        if text.endswith((":", "：")) and _instruction_lead_in(last_sentence(text), rules):
            return "instruction_intro"
        if text.endswith((":", "：")) and _label_line(previous) and rules.steps_heading.search(text.rstrip(":： ")):
            return "label_intro"  # "**Cara membersihkan aplikasi startup:**", a bold "How to ...:" line over its bullets
    if previous is not None and previous.kind == d.HEADING:
        if rules.steps_heading.search(previous.text):
            return "steps_heading"
        if rules.steps_intro.search(previous.text):
            return "steps_intro"  # "#### If it is still missing, do the following" says steps as a lead-in would
        if _starts_with_action_gerund(previous.text, rules):
            return "gerund heading + imperative_verbs"
    return ""


def _presents_the_steps(sentence: str, rules: StepRules) -> bool:
    """A sentence that opens by presenting what follows as the steps ("Here are the steps to run the playbook.",
    "Voici les étapes à suivre."), ended by a full stop instead of a colon."""
    found = rules.steps_intro.search(sentence)
    return found is not None and found.start() == 0 and sentence.rstrip().endswith((".", "。"))


def _tells_to_follow_steps(sentence: str, rules: StepRules) -> bool:
    """A lead-in with no colon that is itself the instruction to follow steps ("Follow the next steps to set up
    the lamp", "请按照以下步骤操作"): it says steps follow, and it says it as a command; a sentence that only
    mentions them ("The steps are easy", "Here's how it works") is not."""
    return bool(rules.steps_intro.search(sentence)) and is_instruction(sentence, rules, strict=True)


def _context_lead_in(block: Block, heading: Block | None, rules: StepRules) -> bool:
    """A short paragraph ending in ":" right under ``heading`` (``heading`` is None further down) that sets where
    the actions happen ("On your laptop:", "Sur le PC :") and announces neither ways, tips, warnings nor a
    legend: the list after it is the heading's, as if nothing stood between."""
    if heading is None or block.kind != d.PARAGRAPH:
        return False
    text = block.text.strip()
    if not text.endswith((":", "：")) or len(text.split()) > rules.limits.context_lead_in_max_words:
        return False
    return not (introduces_no_actions(text, rules) or rules.legend_intro.search(text))


def _label_line(block: Block) -> bool:
    """A paragraph that is one emphasised label and nothing else ("**How to pair the lamp:**"): a heading in all
    but markup."""
    text = block.text.strip().rstrip(":： ")
    return bool(text) and any(label.strip().rstrip(":： ") == text for label in block.labels)


def _instruction_lead_in(sentence: str, rules: StepRules) -> bool:
    """A lead-in that is itself an action and ends in ":" ("Open Windows Update:", "Abra a atualização do
    Windows:"): the bullets after it say how, when (nearly) all of them are actions too. Not a lead-in to
    warnings, to the sections ahead or to ways to choose from ("Do one of the following:")."""
    if introduces_no_actions(sentence, rules) or rules.legend_intro.search(sentence):
        return False
    return is_instruction(sentence.rstrip(":： "), rules, strict=True)


def introduces_no_actions(sentence: str, rules: StepRules) -> bool:
    """"Before you go on, be aware that:" introduces warnings, "In this tutorial, you learn how to:" the
    sections ahead, "There are two ways to do it:" ways to choose from, "Here are some tips to stay safe:"
    advice: not actions in turn."""
    return bool(rules.caution_intro.search(sentence) or rules.outline_intro.search(sentence)
                or rules.alternatives_intro.search(sentence) or rules.advice_intro.search(sentence))


def last_sentence(text: str) -> str:
    """The last sentence of ``text``: what a lead-in's words are read in ("... below. To reset it:")."""
    # (a Chinese or Japanese sentence ends on its mark with no space after: the split leaves an empty piece last)
    pieces = [piece for piece in _SENTENCE_BREAK.split(text.strip()) if piece]
    return pieces[-1] if pieces else ""


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


def _is_task_heading(heading: Block | None, rules: StepRules) -> bool:
    """A section heading that names a task: it starts with an imperative ("Delete Account") or a gerund."""
    if heading is None or heading.level >= PSEUDO_HEADING_LEVEL or heading.text.rstrip().endswith(":"):
        return False  # a bold line or a label ("How to keep it moist:") introduces advice as often
    if heading.text.rstrip().endswith(("?", "？")):
        return bool(rules.steps_heading.match(heading.text))  # "How to pair the lamp?" asks for steps; "Why ...?" not
    return names_a_task(heading.text, rules)


def names_a_task(text: str, rules: StepRules) -> bool:
    """Does a heading's text name a task: an imperative ("Delete Account"), an infinitive before its object
    ("Importar la máquina virtual") or an action gerund ("Starting the server"), not an entry of a list?"""
    if text[:1].isdigit() or rules.ranked_heading.search(text) or rules.listicle_title.search(text):
        return False  # "2. Putting them too close together" is an entry of a list of mistakes
    words = _FIRST_WORDS.findall(text[: rules.limits.gerund_window_chars])
    return bool(words) and (words[0].lower() in rules.verbs or _starts_with_action_gerund(text, rules)
                            or _starts_with_imperative_form(text, rules) or _starts_with_joined_verb(text, rules))


def _starts_with_imperative_form(text: str, rules: StepRules) -> bool:
    """Task headings in the language's own imperative shape (lang imperative_form): an infinitive before its
    object, as Spanish, French, Italian and Portuguese name tasks ("Insertar un dato en varias celdas",
    "Installer le pilote"), whatever the verb (the word lists hold the common ones, not all)."""
    return bool(rules.imperative_form.match(text.lower()))


def _is_numbered_heading(heading: Block | None, rules: StepRules) -> bool:
    """A section heading numbered as an entry ("### 2. Change it in Windows 10/11")."""
    return heading is not None and heading.level < PSEUDO_HEADING_LEVEL and bool(rules.numbered_heading.match(heading.text))


def _is_method_heading(block: Block | None, rules: StepRules) -> bool:
    """A heading, or a short line of its own, that names one way of several ("## Method 1: Restart the app",
    "**Méthode 2 : Réinstaller**"): the actions right under it are that way's steps."""
    if block is None or not block.text:
        return False
    if block.kind == d.HEADING:
        return block.level < PSEUDO_HEADING_LEVEL and bool(rules.method_label.match(block.text))
    return block.kind == d.PARAGRAPH and _is_method_line(block.text, rules)


def _starts_with_action_gerund(text: str, rules: StepRules) -> bool:
    """Task headings written as gerunds: "Starting the server", "Changing the root directory"."""
    words = _FIRST_WORDS.findall(text[: rules.limits.gerund_window_chars])
    if not words or not words[0].lower().endswith("ing"):
        return False
    stem = words[0].lower()[:-3]
    candidates = {stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem}
    return bool(candidates & rules.verbs)


def _mostly_actions(items: list[Block], rules: StepRules, share: float | None = None,
                    minimum: int | None = None) -> bool:
    share = rules.limits.default_action_share if share is None else share
    minimum = rules.limits.default_action_minimum if minimum is None else minimum
    if len(items) < minimum:
        return False
    actions = sum(1 for item in items if is_instruction(item.text, rules))
    return actions >= max(minimum, share * len(items))


def _paragraph_units(block: Block, rules: StepRules) -> list[Unit]:
    labels = _inline_step_labels(block, rules)
    if labels:
        return _collapsed_paragraph_units(block, labels, rules)
    return _plain_paragraph_units(block, block.text, rules)


def _inline_step_labels(block: Block, rules: StepRules, text: str | None = None) -> list[tuple[int, str]]:
    """Bold "Step N: Title" labels inside a paragraph (posts whose whole body collapsed into a few
    paragraphs), with their positions; labels that are in-page links (a table of contents) are skipped."""
    if not block.labels and not block.children:
        return []  # no bold or code text, so no label (most paragraphs)
    found: list[tuple[int, str]] = []
    text = block.text if text is None else text
    blocks = [block] + [c for c in block.children if c.kind == d.PARAGRAPH]
    links = [link for b in blocks for link in b.links]
    labels = [label for b in blocks for label in b.labels]
    linked = [t for t, url in links if url.startswith("#")]
    for label in dict.fromkeys(labels):
        match = rules.step_label.match(label)
        if not match or not label[match.end():].strip():
            continue
        skip = linked.count(label)
        start = 0
        while True:
            at = text.find(label, start)
            if at < 0:
                break
            if skip:
                skip -= 1
            elif at > 0 or text[len(label):].strip():
                found.append((at, label))
            start = at + len(label)
    return sorted(found)


def _collapsed_paragraph_units(block: Block, labels: list[tuple[int, str]], rules: StepRules,
                               head: Unit | None = None) -> list[Unit]:
    """Split a paragraph (or list item) at its inline step labels; ``head`` takes the text before the first."""
    span = dict(line_start=block.line_start, line_end=block.line_end)
    units: list[Unit] = []
    lead = block.text[: labels[0][0]].strip()
    if head is not None:
        head.text, head.block_text_cut = lead, True
        units.append(head)
    elif lead:
        units.extend(_plain_paragraph_units(block, lead, rules, whole=False))
    for index, (at, label) in enumerate(labels):
        end = labels[index + 1][0] if index + 1 < len(labels) else len(block.text)
        match = rules.step_label.match(label)
        units.append(Unit(STEP, block, number=_label_number(match, rules), style="step-labels", rule="step_label",
                          text=label[match.end():].strip(), is_label=True, block_text_cut=True, **span))
        body = block.text[at + len(label) : end].strip()
        if body:
            units.extend(_plain_paragraph_units(block, body, rules, whole=False))
    return units


def _plain_paragraph_units(block: Block, text: str, rules: StepRules, whole: bool = True) -> list[Unit]:
    span = dict(line_start=block.line_start, line_end=block.line_end)
    label = rules.step_label.match(text)
    if label and _label_is_a_sentence_subject(text, label):
        label = None
    if label:
        if _is_anchor_link(block, rules):
            return [Unit(OTHER, block, **span)]
        rest = text[label.end():].strip()
        return [Unit(STEP, block, number=_label_number(label, rules), style="step-labels", rule="step_label", text=rest,
                     is_label=True, **span)]
    if whole and (_is_pseudo_heading(block, rules) or _is_method_line(text, rules)):
        return [Unit(HEADING, block, level=PSEUDO_HEADING_LEVEL, text=text, **span)]
    numbered = rules.paragraph_number.match(text)
    run_on = _run_on_steps(text, rules, block)
    if numbered and not (len(run_on) >= 2 and run_on[0][0] == _number(numbered.group("n"), rules)):
        if _is_anchor_link(block, rules):
            return [Unit(OTHER, block, **span)]
        unit = Unit(STEP, block, number=_number(numbered.group("n"), rules), style="numbered-paragraphs",
                    rule="paragraph_number",
                    text=text[numbered.end():].strip(), block_text_cut=not whole,
                    lettered=not numbered.group("n").isdigit(), **span)
        return _split_run_on(unit, rules)
    if len(run_on) >= 2 or (len(run_on) == 1 and run_on[0][1] > 0):
        units = []
        lead = text[: run_on[0][1]].strip()
        if lead:
            units.append(Unit(TEXT, block, text=lead, block_text_cut=True, **span))
        for index, (number, start) in enumerate(run_on):
            end = run_on[index + 1][1] if index + 1 < len(run_on) else len(text)
            segment = _without_inline_number(text[start:end], rules)
            units.append(Unit(STEP, block, number=number, style="run-on", rule="inline_number", text=segment, **span))
        return units
    return [Unit(TEXT, block, text=text, block_text_cut=not whole, **span)]


def _label_is_a_sentence_subject(text: str, label: re.Match) -> bool:
    """"Step 1 would let users ...", "Step 2 of the plan is ...": no mark after the number and the
    sentence goes on in lower case, so "Step N" is what the sentence talks about, not a step's label
    ("Step 1: open", "Step 1 – open", "Step 1 Open Settings" stay labels)."""
    said = label.group(0).rstrip()
    rest = text[label.end():]
    return bool(said) and said[-1].isalnum() and rest[:1].islower()


def _split_run_on(unit: Unit, rules: StepRules) -> list[Unit]:
    """An item or numbered paragraph that runs on into the next numbers ("2) Expand ... 3) Right-click ...")."""
    if unit.number is None:
        return [unit]
    found: list[tuple[int, int]] = []
    in_link = None  # where link texts are: worked out at the first number (most texts have none)
    for match in _inline_numbers(unit.text, rules):
        number = _number(match.group("n"), rules)
        expected = (found[-1][0] if found else unit.number) + 1
        if number == expected and match.start() > 0:
            in_link = _link_text_spans(unit.block, unit.text) if in_link is None else in_link
            if not _inside(match.start("n"), in_link):
                found.append((number, match.start("n")))
    if not found:
        return [unit]
    pieces = [unit]
    head = unit.text[: found[0][1]].strip()
    for index, (number, start) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(unit.text)
        segment = _without_inline_number(unit.text[start:end], rules)
        pieces.append(Unit(STEP, unit.block, number=number, style="run-on", rule="inline_number", text=segment,
                           line_start=unit.line_start, line_end=unit.line_end))
    unit.text = head
    unit.block_text_cut = True
    return pieces


def _run_on_steps(text: str, rules: StepRules, block: Block | None = None) -> list[tuple[int, int]]:
    """Positions of consecutive inline step numbers ("1) ... 2) ... 3) ..."), never inside link text."""
    found: list[tuple[int, int]] = []
    in_link = None  # where link texts are: worked out at the first number (most texts have none)
    for match in _inline_numbers(text, rules):
        in_link = _link_text_spans(block, text) if in_link is None else in_link
        if _inside(match.start("n"), in_link):
            continue  # "Follow the [step 1) & 2) in Method 1](#m1)" refers to steps, it is not two
        number = _number(match.group("n"), rules)
        if not found or number == found[-1][0] + 1:
            found.append((number, match.start("n")))
        elif number == 1:
            break
    return found


def _inline_numbers(text: str, rules: StepRules) -> list[re.Match]:
    """The inline step numbers of ``text`` in order: "1)" (``inline_number``, when the text holds its ")"), and
    the Chinese and Japanese "1、" / "①" (``inline_cjk_number``, when the text is not all ASCII)."""
    found = list(rules.inline_number.finditer(text)) if _may_match(rules.inline_number, text) else []
    if not text.isascii() and _WIDE.search(text):
        found += rules.inline_cjk_number.finditer(text)
        found.sort(key=lambda match: match.start())
    return found


# The CJK step numbers are tried only on text that holds a CJK, full-width or circled character (steps.toml
# inline_cjk_number): a Latin paragraph with curly quotes is not ASCII, and holds none.
_WIDE = re.compile(r"[\u2460-\u24ff\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


def _without_inline_number(segment: str, rules: StepRules) -> str:
    """A run-on step's text: its segment without the number it starts with."""
    number = rules.inline_number.match(segment) or rules.inline_cjk_number.match(segment)
    return (segment[number.end():] if number else segment).strip()


def _may_match(pattern: re.Pattern, text: str) -> bool:
    """False when ``text`` lacks a character that every match of ``pattern`` holds (the ")" of
    ``inline_number``, read from the rule's own pattern): most paragraphs have none, and the regex,
    which tries every position, is not run for them."""
    return all(character in text for character in _required_characters(pattern))


@lru_cache(maxsize=16)
def _required_characters(pattern: re.Pattern) -> tuple[str, ...]:
    """The literal characters in the pattern's top-level sequence (groups included, not alternatives,
    optional or repeated parts): every match holds them. Cased letters under IGNORECASE are left out."""
    from re import _parser  # the stdlib's own parse of a pattern

    def literals(sequence) -> list[str]:
        found = []
        for op, value in sequence:
            if op is _parser.LITERAL:
                character = chr(value)
                if not (pattern.flags & re.IGNORECASE and character.lower() != character.upper()):
                    found.append(character)
            elif op is _parser.SUBPATTERN and not value[1] & re.IGNORECASE:  # not a "(?i:...)" group
                found.extend(literals(value[-1]))
        return found

    try:
        return tuple(dict.fromkeys(literals(_parser.parse(pattern.pattern, pattern.flags))))
    except re.error:
        return ()


def _link_text_spans(block: Block | None, text: str) -> list[tuple[int, int]]:
    """Where the block's link texts sit in ``text``."""
    spans = []
    links = [link for part in _self_and_children(block) for link in part.links]
    for link_text, _ in links:
        start = text.find(link_text) if link_text else -1
        while start >= 0:
            spans.append((start, start + len(link_text)))
            start = text.find(link_text, start + 1)
    return spans


def _self_and_children(block: Block | None) -> list[Block]:
    if block is None:
        return []
    return [block, *(part for child in block.children for part in _self_and_children(child))]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _label_number(label: re.Match, rules: StepRules) -> int:
    """The number a "Step N" label gives: 2 of "Step 2", 1 of "First step:" (steps.toml step_label_template)."""
    return _number(label.group("n") or label.group("o") or label.group("p"), rules)


def _number(value: str, rules: StepRules) -> int:
    value = value.lower()
    if value.isdecimal():
        return int(value)
    if value in rules.number_values:
        return rules.number_values[value]
    if len(value) == 1 and unicodedata.numeric(value, 0):  # a circled number ("③")
        return int(unicodedata.numeric(value))
    return ord(value) - ord("a") + 1


def _is_pseudo_heading(block: Block, rules: StepRules) -> bool:
    """A short paragraph all in bold ("**Option 2: Update the driver manually**") stands for a heading."""
    limits = rules.limits
    if not block.labels or len(block.text) > limits.pseudo_heading_max_chars or block.text.endswith((".", ",", ";")):
        return False
    bold = " ".join(block.labels)
    words = len(_WORDS.findall(block.text))
    return len(_WORDS.findall(bold)) >= words and words >= limits.pseudo_heading_min_words


def _is_method_line(text: str, rules: StepRules) -> bool:
    """"Method 4: Re-enable the driver" on a line of its own: the title of one way of several."""
    return (len(text) <= rules.limits.pseudo_heading_max_chars and not text.endswith((".", ",", ";", "。"))
            and bool(rules.method_label.match(text)))


def _is_anchor_link(block: Block, rules: StepRules) -> bool:
    """The whole block is a link to a place in the same page: a table-of-contents entry."""
    anchors = [text for text, url in block.links if url.startswith("#")]
    if not anchors:
        return False
    linked = sum(len(_WORDS.findall(t)) for t in anchors)
    return linked >= rules.limits.anchor_min_link_share * len(_WORDS.findall(block.text))


# A bold line that stands for a heading ranks below every Markdown heading (h1-h6).
PSEUDO_HEADING_LEVEL = 7
_WORDS = re.compile(r"\w+")
# Words of any alphabet ("Öffnen", "Sélectionnez"); "l'application" and "right-click" stay one word.
_FIRST_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def reads_as_instruction(text: str, rules: StepRules) -> bool:
    """Something the reader does, or the continuation of a step ("Or click Update All ..."): a block
    that reads so is content, whatever promo or widget words it holds."""
    return bool(rules.continuation_start.match(text)) or is_instruction(text, rules)


# The instruction test of a text, for the step rules at hand: the boilerplate, furniture and
# procedure stages ask it of the same texts, and a site's posts repeat them.
_instructions = Memo(maxsize=2048)


def is_instruction(text: str, rules: StepRules | None = None, strict: bool = False) -> bool:
    """Does this text read as something the reader does ("Click Accounts", "On your keyboard, press ...")?

    ``strict``: only a leading verb counts, not an action word further in ("..., you can check").
    """
    rules = rules or step_rules()
    memo = _instructions.for_owner(rules)
    found = memo.get((text, strict), MISSING)
    return memo.get_or((text, strict), lambda: _is_instruction(text, rules, strict)) if found is MISSING else found


def _is_instruction(text: str, rules: StepRules, strict: bool) -> bool:
    limits = rules.limits
    text = text.strip().lstrip("*_\"'“ ")
    candidates = [text]
    clause = rules.lead_clause.match(text)
    rest, found_clause = text, clause
    for taken in range(limits.lead_clause_max):  # "On the page, in the Name field, enter ...": clause after clause
        if taken:
            found_clause = rules.lead_clause.match(rest)
        if not found_clause:
            break
        rest = rest[found_clause.end():]
        candidates.append(rest)
    label = _ITEM_LABEL.match(text)
    if label and len(_WORDS.findall(label.group(1))) <= limits.item_label_max_words:
        candidates.append(text[label.end():])
    for candidate in candidates:
        if rules.joined_verbs and _starts_with_joined_verb(candidate, rules):
            return True
        found = list(_FIRST_WORDS.finditer(candidate[: limits.instruction_window_chars]))
        words = [m.group().lower() for m in found][: limits.instruction_window_words]
        while words and words[0] in rules.lead_words:
            words.pop(0)
        if words and words[0] in rules.verbs:
            return True
        skipped = len(found[: limits.instruction_window_words]) - len(words)
        if words and rules.imperative_form.search(candidate[found[skipped].start():]):
            return True
        if words and rules.infinitive_form.match(candidate[found[skipped].start():]):
            return True
        if _modal_instruction(words, rules):
            return True
    if strict:
        return False
    if clause:
        # an action word in the condition is not the text's action ("If you check every box, the value is 0")
        text = text[clause.end():]
    early = {w.lower() for w in _FIRST_WORDS.findall(text[: limits.action_window_chars])}
    if early & rules.action_words:
        return True
    window = text[: limits.action_window_chars]
    return any(action in window for action in rules.joined_actions)


# "Label: ..." at the start of a text: a short name, then a colon and a space (not "http://", not "10:30")
_ITEM_LABEL = re.compile(r"^([^\W\d_][^:：.!?]{0,60}?)\s*[:：]\s+(?=\S)")


def _starts_with_joined_verb(text: str, rules: StepRules) -> bool:
    """Chinese and Japanese have no spaces: "然后点击确定" is a lead word, then the verb, as text."""
    text = text.lstrip(" ，,、")
    stripped = True
    while stripped:
        stripped = False
        for lead in rules.joined_lead_words:
            if text.startswith(lead):
                text, stripped = text[len(lead):].lstrip(" ，,、"), True
                break
    return text.startswith(rules.joined_verbs)


def _modal_instruction(words: list[str], rules: StepRules) -> bool:
    """"first you need to connect ...", "you should restart ...": subject, modal, (to), a verb."""
    if not (words[:1] and words[0] in rules.modal_subjects and words[1:2] and words[1] in rules.modal_verbs):
        return False
    rest = words[2:]
    if rest and rest[0] in rules.infinitive_markers:
        rest = rest[1:]
    return bool(rest) and rest[0] in rules.verbs
