"""Find procedures: ordered runs of step units, and "Step N" heading/label procedures.

The finder walks the unit stream (``units.py``) once:

* numbered units (list items, ``1\\.`` / ``2)`` paragraphs, run-on ``1) ... 2) ...`` pieces) form a
  run while the numbers go on (n+1; a skipped or repeated number is tolerated). Ads, screenshots
  and paragraphs between step 3 and step 4 do not end a run; the paragraphs are kept with step 3.
  A heading, a rule, or a number that starts again at 1 ends it.
* "Step N" headings or label paragraphs form one procedure whose steps are the labels; every
  run found under a label becomes that step's substeps.
* bulleted lists become procedures when introduced as steps and mostly made of actions.

A run is kept when it has at least two steps, is not a table of contents (its items repeat
headings further down), and most of its steps read as instructions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..data import StepRules
from ..document import CODE, LIST, STEP_CARD, Document
from ..memo import MISSING, Memo
from ..model import Procedure
from ..rules import Rules
from .build import build_procedure, lists_actions
from .language import primary_language
from .promotion import ArticleLinks
from .units import (BREAK, HEADING, NUMBERED_UNDER_SEQUENCE, OTHER, PSEUDO_HEADING_LEVEL, STEP, TEXT, Unit,
                    introduces_no_actions, is_instruction, lone_term, names_a_task,
                    last_sentence, units_of)

# A label run's level, or the level asked of ``title_above``, that every heading ranks above.
BELOW_EVERY_HEADING = 99


@dataclass(eq=False)
class Draft:
    """A step being assembled: its unit, the units that continue it, and its sub-runs."""

    unit: Unit
    continuation: list[Unit] = field(default_factory=list)
    details: list[Unit] = field(default_factory=list)  # under a step label: paragraphs, images, ...
    substeps: list[Draft] = field(default_factory=list)


@dataclass(eq=False)
class Run:
    style: str
    steps: list[Draft] = field(default_factory=list)
    pending: list[Unit] = field(default_factory=list)  # units after the last step, not yet assigned
    title: str | None = None
    section_path: list[str] = field(default_factory=list)
    level: int = 0
    lead_in: str | None = None  # the sentence ending in ":" right before the run
    heading_before: str | None = None  # the heading right above the run's first step, nothing between
    text_before: str | None = None  # the paragraph right before the run's first step, whatever it ends with

    @property
    def last_number(self) -> int | None:
        return self.steps[-1].unit.number if self.steps else None


class _Finder:
    def __init__(self, units: list[Unit], rules: StepRules, known_language: bool = True):
        self.units = units
        self.rules = rules
        self.known_language = known_language  # the instruction test can tell steps from other lists
        self.headings: list[tuple[int, str]] = []
        self.current: Run | None = None
        self.label_run: Run | None = None
        self.done: list[Run] = []
        self.lead_in: str | None = None  # the last "... follow these steps:" sentence, for untitled runs
        self.fresh_lead_in: str | None = None  # the same, until a run starts after it
        self.previous: Unit | None = None  # the unit before the one being read
        self.aside_level: int | None = None  # under a step heading, a sub-section that is not the step's ("What next?")
        self.sub_draft: Draft | None = None  # under step heading 2, the "2-1." sub-heading whose section is being read

    def find(self) -> list[Run]:
        for unit in self.units:
            if unit.kind == HEADING:
                self.on_heading(unit)
            elif unit.kind == STEP and unit.is_label:
                self.on_label(unit)
            elif unit.kind == STEP:
                self.on_step(unit)
            elif unit.kind == BREAK:
                self.close_current()
            elif self.current is not None:
                self.current.pending.append(unit)
            elif self.label_run is not None and self.aside_level is None:
                (self.sub_draft or self.label_run.steps[-1]).details.append(unit)
            if unit.kind == TEXT and self.current is None:
                self.lead_in = unit.text if unit.text.rstrip().endswith((":", "：")) else None
                self.fresh_lead_in = self.lead_in
            elif unit.kind == HEADING:
                self.lead_in = self.fresh_lead_in = None
            self.previous = unit
        self.close_current()
        self.close_label_run()
        return sorted(self.done, key=lambda run: run.steps[0].unit.line_start)

    # -- events
    def on_heading(self, unit: Unit) -> None:
        self.close_current()
        if self.label_run is not None and unit.level > self.label_run.level:
            if self.aside_level is not None and unit.level <= self.aside_level:
                self.aside_level = None
            if self.sub_draft is not None and unit.level <= self.sub_draft.unit.level:
                self.sub_draft = None
            sub = self.sub_step(unit)
            if sub is not None:
                self.label_run.steps[-1].substeps.append(sub)
                self.sub_draft = sub
                self.push_heading(unit)
                return
            if self.aside_level is None and _aside_heading(unit.text, self.rules):
                self.aside_level = unit.level  # "#### What happens next?", "#### Tips" under the last step
            self.push_heading(unit)  # a sub-section of the current step
            return
        self.close_label_run()
        self.push_heading(unit)

    def sub_step(self, unit: Unit) -> Draft | None:
        """"#### 2-1. ユーザー名を確認" under step heading "### 2. launchd でスケジュール設定": substep 1 of step 2, its
        section the substep's (steps.sub_numbered_heading); the numbers must follow on ("2-1", "2-2", ...)."""
        step = self.label_run.steps[-1]
        if self.aside_level is not None or step.unit.style != "step-headings" or unit.block is None:
            return None
        numbered = self.rules.sub_numbered_heading.match(unit.text)
        if numbered is None or int(numbered.group("p")) != step.unit.number:
            return None
        expected = step.substeps[-1].unit.number + 1 if step.substeps else 1
        if int(numbered.group("n")) != expected or any(not sub.unit.is_label for sub in step.substeps):
            return None
        return Draft(replace(unit, kind=STEP, number=expected, style="step-headings", is_label=True,
                             text=unit.text[numbered.end():].strip(), rule="sub_numbered_heading"))

    def on_label(self, unit: Unit) -> None:
        self.close_current()
        self.aside_level = None
        self.sub_draft = None
        run = self.label_run
        if run is not None and run.style == unit.style and unit.number is not None and run.last_number is not None \
                and self.label_goes_on(run.last_number, unit.number, self.rules.limits.label_max_gap):
            run.steps.append(Draft(unit))
            return
        self.close_label_run()
        level = unit.level if unit.style == "step-headings" else BELOW_EVERY_HEADING
        self.label_run = Run(style=unit.style, level=level, title=self.title_above(level),
                             section_path=self.path(), steps=[Draft(unit)])

    def on_step(self, unit: Unit) -> None:
        run = self.current
        if run is not None and unit.lettered and self.lettered_substep(run, unit):
            return
        if run is not None and unit.under_last and run.style == "ordered-list":
            self.attach_pending(run)  # bullets right under "3. ...:": that step's substeps
            run.steps[-1].substeps.append(Draft(unit))
            return
        if run is not None and self.continues(run, unit, self.rules.limits.number_max_gap):
            self.attach_pending(run, keep_text=not unit.resumes)
            run.steps.append(Draft(unit))
            return
        self.close_current()
        if self.starts(unit):
            title = self.title_above(BELOW_EVERY_HEADING) or _lead_in_title(self.lead_in, self.rules)
            heading_before = self.previous.text if self.previous is not None and self.previous.kind == HEADING else None
            text_before = self.previous.text if self.previous is not None and self.previous.kind == TEXT else None
            self.current = Run(style=unit.style, title=title, section_path=self.path(), steps=[Draft(unit)],
                               lead_in=self.fresh_lead_in, heading_before=heading_before, text_before=text_before)
            self.fresh_lead_in = None  # a lead-in introduces one run (it still names the untitled ones after)

    # -- rules
    @staticmethod
    def continues(run: Run, unit: Unit, max_gap: int) -> bool:
        if unit.fresh or (run.style == "bulleted-list") != (unit.style == "bulleted-list"):
            return False
        last = run.last_number
        if last is None or unit.number is None:
            return False
        if unit.number == last + 1:
            return True
        # a skipped or repeated number (a typo in the source: "1) 2) 4)", "3) 3)"), never a restart at 1;
        # items of one Markdown list are numbered by position, so this only joins separate pieces
        return unit.number != 1 and last <= unit.number <= last + max_gap

    @staticmethod
    def label_goes_on(last: int, number: int, max_gap: int) -> bool:
        """The next "Step N" label of a run: the next number, one a little ahead (a skipped label), or the same
        number again ("Step 2 - Open the base", "Step 2 - Replace the fuse": a typo, the step after), but
        never "Step 1" again, which starts another procedure."""
        return last < number <= last + max_gap or number == last != 1

    @staticmethod
    def lettered_substep(run: Run, unit: Unit) -> bool:
        """"6. Add a setting:" then "a. ...", "b. ..." written flush left: the letters are step 6's substeps."""
        last = run.steps[-1]
        if last.unit.lettered:
            return False
        expected = last.substeps[-1].unit.number + 1 if last.substeps else 1
        if unit.number != expected:
            return False
        (last.substeps[-1] if last.substeps else last).continuation.extend(run.pending)
        run.pending = []
        last.substeps.append(Draft(unit))
        return True

    @staticmethod
    def starts(unit: Unit) -> bool:
        if unit.number in (None, 0, 1):
            return True
        # an ordered list may start anywhere ("3. ..."); a lone numbered paragraph may not
        return unit.style == "ordered-list"

    @staticmethod
    def attach_pending(run: Run, keep_text: bool = True) -> None:
        """The units between two steps go with the first; ``keep_text`` False: a paragraph written between
        two Markdown lists is the article's, not the item's (screenshots and code still go with the step)."""
        previous = run.steps[-1]
        previous.continuation.extend(u for u in run.pending if keep_text or u.kind != TEXT)
        run.pending = []

    def close_current(self) -> None:
        run, self.current = self.current, None
        if run is None:
            return
        _attach_trailing_continuation(run, self.rules)
        if self.label_run is None or self.aside_level is not None:
            self.done.append(run)  # a list of its own (kept if it is steps), not a step's substeps
        elif self.label_run.style == "step-labels" and self.known_language \
                and not _mostly_instructions(run, self.rules):
            # a list of features or pros and cons somewhere after a "Step 3" paragraph is not step 3's
            # substeps (under a "Step 3" heading every list is: the heading owns its section)
            self.label_run.steps[-1].details.extend(u for draft in run.steps for u in [draft.unit, *draft.continuation])
            self.label_run.steps[-1].details.extend(run.pending)
        else:
            self.label_run.steps[-1].substeps.extend(run.steps)
            self.label_run.steps[-1].details.extend(run.pending)

    def close_label_run(self) -> None:
        run, self.label_run = self.label_run, None
        self.aside_level = None
        self.sub_draft = None
        if run is not None:
            _leave_the_article_after_the_last_step(run, self.rules)
            self.done.append(run)

    # -- headings
    def push_heading(self, unit: Unit) -> None:
        while self.headings and self.headings[-1][0] >= unit.level:
            self.headings.pop()
        self.headings.append((unit.level, unit.text))

    def title_above(self, level: int) -> str | None:
        for heading_level, text in reversed(self.headings):
            if heading_level < level and text:
                return text
        return None

    def path(self) -> list[str]:
        return [text for level, text in self.headings if level < PSEUDO_HEADING_LEVEL]


def _leave_the_article_after_the_last_step(run: Run, rules: StepRules) -> None:
    """Under the last step heading, past the step's own paragraph: a sentence that is no action, then a list of things
    ("Quelques avantages d'une lampe propre :" then "- Une lumière plus vive", "- Moins de poussière") is the article
    going on after its steps, not the last step's substeps; it and what follows stay the article's."""
    if run.style != "step-headings":
        return
    details = run.steps[-1].details
    own = next((unit for unit in details if unit.kind == TEXT), None)  # the step's own paragraph
    for index, unit in enumerate(details):
        before = details[index - 1] if index else None
        if (unit.kind == OTHER and unit.block is not None and unit.block.kind == LIST and before is not None
                and before.kind == TEXT and before is not own and not is_instruction(before.text, rules, strict=True)
                and not lists_actions(unit.block, rules, strict=False)):
            del details[index - 1:]
            return


def _aside_heading(text: str, rules: StepRules) -> bool:
    """A sub-heading under a step heading that is not part of that step: a question other than a how-to ("What
    happens next?", "Que se passe-t-il ensuite ?") or a title of tips ("Tips", "Conseils"); what is under it
    is the article's, not the step's details."""
    text = text.strip()
    if text.endswith(("?", "？")):
        return not rules.steps_heading.match(text)
    return _names_entries(text, rules)


def _lead_in_title(text: str | None, rules: StepRules) -> str | None:
    """An untitled procedure is named by the sentence that introduced it ("To reset the router:")."""
    if not text:
        return None
    sentence = last_sentence(text).rstrip(":：").strip()
    return sentence[: rules.limits.lead_in_title_max_chars] or None


def _ends_with_colon(draft: Draft) -> bool:
    texts = [draft.unit.text] + [u.text for u in draft.continuation if u.kind == TEXT]
    return bool(texts[-1]) and texts[-1].rstrip().endswith(":")


def _attach_command_lines(run: Run, rules: StepRules) -> None:
    """'Enter the following commands:' then bare lines ("net stop spooler") that end no sentence. A line that
    ends in ":" is no command: it leads into something of its own ("As an example, here is the folder:")."""
    taken = 0
    for unit in run.pending:
        if unit.kind == TEXT and unit.text and len(unit.text) <= rules.limits.command_line_max_chars and not unit.text.rstrip().endswith((".", "!", "?", ":")):
            taken += 1
        elif unit.kind in ("image", "code") and taken == 0:
            taken += 1
        else:
            break
    run.steps[-1].continuation.extend(run.pending[:taken])
    run.pending = run.pending[taken:]


# rules (units.py) whose steps are a numbered list nested in a bullet of an outer list of tips or ways
_NESTED_LIST_RULES = frozenset({"label + nested ordered list", "option labels + option_action_share"})


def _attach_trailing_continuation(run: Run, rules: StepRules) -> None:
    """The paragraph right after the last step ("Or click Update All ...") is the end of that step.

    A last step that is a bare number ("4)") first takes the paragraph after it as its text.
    """
    last = run.steps[-1]
    if _ends_with_colon(last):
        _attach_command_lines(run, rules)
    needs_text = not last.unit.text and not any(u.kind == TEXT for u in last.continuation)
    if not needs_text and _has_nested_list(last):
        return  # a step that ends in its own sub-list is complete; flush-left text after it is the article's
    if not needs_text and last.unit.rule in _NESTED_LIST_RULES:
        return  # the steps were a list inside a tip's bullet: flush-left text after the outer list is the article's
    for index, unit in enumerate(run.pending):
        if unit.kind == TEXT:
            text = unit.text
            # (the one test most paragraphs fail first: the regexes after it ask only of those that pass)
            if needs_text or (len(text) <= rules.limits.continuation_max_chars
                              and (rules.continuation_start.match(text) or is_instruction(text, rules, strict=True))
                              and not rules.continuation_exclude.search(text)
                              and not _clause_then_outcome(text, rules) and not rules.purpose_clause.match(text)
                              and not _states_outcome(text, rules)):
                last.continuation.extend(run.pending[: index + 1])
                run.pending = run.pending[index + 1 :]
                if needs_text:
                    _attach_trailing_continuation(run, rules)
            return
        if unit.kind != "image":
            return


def _clause_then_outcome(text: str, rules: StepRules) -> bool:
    """"After the transfer is confirmed, you should see the new balance": what follows the steps, not a
    step, though "you should <verb>" reads as one ("Restart it and the driver should load" still is)."""
    return bool(rules.lead_clause.match(text) and rules.outcome_cue.search(text))


def _states_outcome(text: str, rules: StepRules) -> bool:
    """"Now the lamp is ready.", "Et voilà, la lampe est prête.", "Jetzt können Sie ...": a paragraph that opens like
    more of the last step ("Now", "Et", "Jetzt") but says what the steps achieved, and asks nothing of the reader."""
    return bool(rules.outcome_cue.search(text)) and not is_instruction(text, rules)


def _demote_bold_lines_between_steps(units: list[Unit]) -> list[Unit]:
    """A bold line between step 3 and a step numbered 3 or 4 is part of step 3, not a section heading.

    All-bold short paragraphs usually stand for headings ("**Option 2: Update the driver**"), and a
    heading ends a procedure. But when the numbering carries on right after it, the bold line was the
    step's own content: a command to type ("**ipconfig /release**"), a warning. A new section would
    start again at 1."""
    for index, unit in enumerate(units):
        if unit.kind != HEADING or unit.level != PSEUDO_HEADING_LEVEL:
            continue
        before = _nearest_step(units, range(index - 1, -1, -1))
        after = _nearest_step(units, range(index + 1, len(units)))
        if before is None or after is None or before.is_label or after.is_label:
            continue
        if before.number is not None and after.number is not None and after.number != 1 \
                and before.style == after.style and before.number <= after.number <= before.number + 1:
            units[index] = replace(unit, kind=TEXT, level=0)
    return units


def _nearest_step(units: list[Unit], indexes: range) -> Unit | None:
    """The first step met walking ``indexes``, unless a heading or break comes first."""
    for index in indexes:
        unit = units[index]
        if unit.kind == STEP:
            return unit
        if unit.kind in (HEADING, BREAK):
            return None
    return None


def _has_nested_list(draft: Draft) -> bool:
    """The step ends in its own sub-list or code block: a Markdown item that complete is not cut short."""
    block = draft.unit.block
    return bool(draft.substeps) or (block is not None and any(child.kind in (LIST, CODE) for child in block.children))


def article_units(doc: Document, all_rules: Rules) -> tuple[str | None, StepRules, list[Unit]]:
    """The article's language, the step words for it and its units, as the procedures are found from them
    (``extractor rules --explain`` lists its step candidates from the same reading)."""
    language = doc.text_language or primary_language(doc.metadata.language if doc.metadata else None)
    rules = all_rules.words_for(language)
    units = _demote_bold_lines_between_steps(units_of(doc.blocks, rules, doc.metadata.title if doc.metadata else None))
    return language, rules, units


def find_procedures(doc: Document, all_rules: Rules) -> None:
    language, rules, units = article_units(doc, all_rules)
    known = _reads_in_a_known_language(units, language, all_rules)
    runs = _Finder(units, rules, known).find()
    # normalised once, for every run; a "Step 3: File the form" heading names its section as "File the form"
    later_headings = [_toc_key(u.text) for u in units if u.kind == HEADING or (u.kind == STEP and u.style == "step-headings")]
    card_items = {id(item) for b in doc.blocks if b.kind == LIST and b.info == STEP_CARD for item in b.children}
    procedures: list[Procedure] = []
    article_links = ArticleLinks(doc)  # (read once, if a procedure names a product)
    for run in runs:
        _drop_trailing_cautions(run, rules)
        if not _keep(run, later_headings, known, rules, card_items):
            continue
        procedure = build_procedure(doc, run, rules, article_links)
        if procedure is not None and len(procedure.steps) >= rules.limits.min_steps:
            procedures.append(procedure)
    doc.procedures = procedures


def _drop_trailing_cautions(run: Run, rules: StepRules) -> None:
    """The last items of a numbered run that are cautions ("7. ⚠️ Do not scroll too fast ...") or notes ("4.
    Note: ...") close the list; they are not steps. Earlier items stay whatever they say (the numbering holds
    them in the sequence)."""
    if run.style in ("step-headings", "step-labels"):
        return
    while len(run.steps) > 1:
        text = _effective_text(run.steps[-1])
        if not (rules.caution_item.match(text) or rules.note_prefix.match(text)):
            return
        run.steps.pop()


def _keep(run: Run, headings: list[str], known: bool, rules: StepRules, card_items: set[int] = frozenset()) -> bool:
    if len(run.steps) < rules.limits.min_steps:
        return False
    if known and run.style == "step-headings" and all(d.unit.rule == NUMBERED_UNDER_SEQUENCE for d in run.steps):
        # Numbered headings under "The process": steps when they say what to do ("1. Test the paint"), not when
        # they name what it brings ("1. Streamlined planning", "2. Improved collaboration"); the heading above
        # vouches for steps, so the lead-in's share is asked.
        texts = [_effective_text(draft) for draft in run.steps]
        return sum(1 for draft, text in zip(run.steps, texts) if is_instruction(text, rules) or _section_acts(draft, rules)) \
            >= rules.limits.introduced_instruction_share * len(texts)
    if run.style in ("step-headings", "step-labels"):
        return True
    texts = [_effective_text(draft) for draft in run.steps]
    if _is_table_of_contents(texts, run, headings, rules):
        return False
    if _cites_sources(texts, rules):
        return False  # "1. 把 Hugo 博客部署到VPS: <http://...>": the posts read, not steps
    if run.lead_in and _lead_in_introduces_no_actions(run.lead_in, rules):
        return False
    if run.text_before and rules.alternatives_intro.search(last_sentence(run.text_before)):
        return False  # "設定に応じて、次のことが可能になります。": ways to choose from, whatever the lead-in ends with
    if run.text_before and _announces_advice(run.text_before, rules):
        return False  # "Here are some steps you can take to protect yourself." then tips, whatever they end with
    if _under_a_note_label(run, rules):
        return False  # "**注意：**" then "(1) ...", "(2) ...": the notes on what came before, whatever they say
    if run.style == "bulleted-list" and _same_lead_clause(texts, rules):
        return False  # "At the prompt, type A" / "At the prompt, type B": the same place, two things to try
    labelled = sum(1 for text in texts if rules.method_label.match(text))
    if labelled >= max(rules.limits.min_steps, rules.limits.keep_instruction_share * len(texts)):
        return False  # "Option 1: ...", "Option 2: ...": the same ways to choose from, each labelled
    if _per_option(texts, rules):
        return False  # "Windows: ...", "macOS: ..." or "Using Settings: ...", "Using the CLI: ...": ways, not turns
    if run.title and _names_entries(run.title, rules):
        return False  # the features of "#3 SomeApp – ..." or the entries of "Top 10 ...", not steps
    if _defines_terms(texts, rules) and not _lead_in_says_steps(run, rules):
        return False  # "Install: copies the files", "Update: fetches the firmware": a glossary, not steps
    if not known:  # no verbs for this language: a numbered run of sentences is taken as steps
        return run.style != "bulleted-list"
    # (a recipe or step card's groups, "Prep" over its steps, are left to the card route: structured.py reads them)
    by_shape = run.style == "ordered-list" and id(run.steps[0].unit.block) not in card_items
    instructions = sum(1 for draft, text in zip(run.steps, texts)
                       if is_instruction(text, rules) or (by_shape and _acts_by_its_shape(draft, text, rules)))
    # A lead-in that says steps follow vouches for a prose list; a step card's list needs no voucher: left to
    # the card route (stages/structured.py), it keeps the card's title and its own reading of each step.
    vouched = (_said_to_be_steps(run, rules) or _under_its_task(run, rules)) and id(run.steps[0].unit.block) not in card_items
    share = rules.limits.introduced_instruction_share if vouched else rules.limits.keep_instruction_share
    return instructions >= share * len(texts)


def _section_acts(draft: Draft, rules: StepRules) -> bool:
    """A numbered heading that names its part of the work ("### 1. atime 更新の有効性確認") over a section that holds
    a command or says what to do ("まず、…確認します。"): the section makes it a step, as under a how-to (steps14)."""
    return any(unit.kind == CODE or (unit.kind == TEXT and is_instruction(unit.text, rules, strict=True))
               for unit in draft.details)


def _acts_by_its_shape(draft: Draft, text: str, rules: StepRules) -> bool:
    """A numbered item the word lists cannot read that acts all the same: a path through menus ("メニュー → ターミナル →
    編集 → 設定"), or a label over a nested list of actions."""
    return bool(rules.menu_path.search(text)) or _acts_below(draft, rules)


def _acts_below(draft: Draft, rules: StepRules) -> bool:
    """A numbered item that only names its part of the work ("1. ISO镜像安装", "2. Set-up") over a nested list of
    actions ("   - 安装UltralISO", "   - 点击启动"): the actions below make it a step, as a numbered heading's section
    does."""
    block = draft.unit.block
    if block is None:
        return False
    nested = [item for child in block.children if child.kind == LIST for item in child.children]
    actions = sum(1 for item in nested if is_instruction(item.text, rules))
    return actions >= max(rules.limits.min_steps, rules.limits.keep_instruction_share * len(nested))


def _defines_terms(texts: list[str], rules: StepRules) -> bool:
    """Do most items name a term and then say what it is or does ("1. **install** – copies the lamp files",
    "2. Timer: how long it stays on")? A list of definitions, though its terms are verbs; an item whose label
    is followed by what to do ("**Practise:** Keep your best prompts") is a step."""
    defined = 0
    for text in texts:
        label = _TERM_LABEL.match(text)
        words = len(_WORD.findall(label.group(1))) if label else 0
        if label is None or words > rules.limits.item_label_max_words or rules.menu_path.search(label.group(1)):
            continue  # ("Text → Anfangsgröße: 140 columns": a place in the menus and the value to set, no term)
        if not lone_term(label.group(1), words, rules) and is_instruction(label.group(1), rules, strict=True):
            continue  # "接続をテストします: ssh -T ...", "Test the link: ping lamp": what to do, then its command
        rest = _first_sentence(text[label.end():])  # what the term is comes first; an example of use may follow
        if rest and not is_instruction(rest, rules, strict=True) and not rules.continuation_start.match(rest):
            defined += 1
    return defined >= max(rules.limits.min_steps, rules.limits.keep_instruction_share * len(texts))


def _first_sentence(text: str) -> str:
    end = _SENTENCE_END.search(text)
    return text[: end.end()].strip() if end else text


_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？]")


# A term before its definition: a short name, then a colon, or a dash between spaces ("install – copies ...")
_TERM_LABEL = re.compile(r"^([^\W\d_][^:：.!?。–—]{0,40}?)\s*(?:[:：]|\s[–—-])\s*(?=\S)")


def _under_a_note_label(run: Run, rules: StepRules) -> bool:
    """Is the paragraph right before the run a note label and nothing else ("**Note:**", "注意：", "注意："; lang
    note_prefix)? The numbered paragraphs under it are notes, even those that say to do something."""
    for text in (run.lead_in, run.text_before):
        label = (text or "").strip().strip("*_ ")
        found = rules.note_prefix.match(label)
        if found and not label[found.end():].strip("*_ "):
            return True
    return False


def _said_to_be_steps(run: Run, rules: StepRules) -> bool:
    """Does the run's lead-in ("Let's split it into 5 simple steps:") or the heading right above it ("####
    Step by step:") say that steps follow? Then a few items whose verbs the word lists miss do not make it a
    list of something else."""
    memo, key = _said.for_owner(rules), (run.lead_in, run.heading_before)
    found = memo.get(key, MISSING)
    return memo.get_or(key, lambda: _say_steps_follow(*key, rules)) if found is MISSING else found


def _lead_in_says_steps(run: Run, rules: StepRules) -> bool:
    """"Folgen Sie diesen Schritten:" right before "1. **Vorbereitung:** Die Lampe muss an sein. Laden Sie ...": the
    labelled items are steps that open with their setting, not a glossary."""
    return bool(run.lead_in) and bool(rules.steps_intro.search(last_sentence(run.lead_in)))


def _under_its_task(run: Run, rules: StepRules) -> bool:
    """A numbered list right under a heading that names a task ("## Importar la máquina virtual", "## Reset the
    lamp") is that task's steps: items that say what happens after an action ("2. VirtualBox opens the import
    screen.") do not make it a list of something else."""
    return run.style == "ordered-list" and bool(run.heading_before) and names_a_task(run.heading_before, rules)


def _say_steps_follow(lead_in: str | None, heading: str | None, rules: StepRules) -> bool:
    if lead_in and rules.steps_intro.search(last_sentence(lead_in)):
        return True
    return bool(heading) and bool(rules.steps_heading.search(heading) or rules.steps_intro.search(heading))


# What a lead-in or a title says of the run after it, per step rules: a site's lead-ins and titles recur from
# post to post (over 1,500 corpus posts 2,121 lead-ins were 154 texts, 4,889 titles 456), and the patterns,
# case-blind and in every language, are tried at every position.
_intros = Memo(maxsize=1024)
_titles = Memo(maxsize=1024)
_said = Memo(maxsize=1024)  # (lead-in, heading above): as lead-ins and titles
_advice = Memo(maxsize=1024)  # the paragraph before a run: as lead-ins


def _lead_in_introduces_no_actions(lead_in: str, rules: StepRules) -> bool:
    """units.introduces_no_actions of the lead-in's last sentence, remembered by the lead-in."""
    memo = _intros.for_owner(rules)
    found = memo.get(lead_in, MISSING)
    if found is MISSING:
        found = memo.get_or(lead_in, lambda: introduces_no_actions(last_sentence(lead_in), rules))
    return found


def _announces_advice(text: str, rules: StepRules) -> bool:
    """Does the paragraph before a run announce advice (lang advice_intro), with or without a colon?"""
    memo = _advice.for_owner(rules)
    found = memo.get(text, MISSING)
    if found is MISSING:
        found = memo.get_or(text, lambda: bool(rules.advice_intro.search(last_sentence(text))))
    return found


def _names_entries(title: str, rules: StepRules) -> bool:
    """A ranked heading ("#3 SomeApp – ...") or a listicle's title ("Top 10 ...")."""
    memo = _titles.for_owner(rules)
    found = memo.get(title, MISSING)
    if found is MISSING:
        found = memo.get_or(title, lambda: bool(rules.ranked_heading.search(title) or rules.listicle_title.search(title)))
    return found


def _per_option(texts: list[str], rules: StepRules) -> bool:
    """Do most items open with a platform's label ("Windows:", "macOS:") or one that names the means used ("Using
    the Settings app:", lang means_label), two different ones or more?"""
    labels = [match.group().rstrip(":： ").lower() for text in texts
              if (match := rules.platform_label.match(text) or rules.means_label.match(text))]
    return len(set(labels)) >= rules.limits.option_min_labels and len(labels) >= max(rules.limits.min_steps, rules.limits.keep_instruction_share * len(texts))


def _same_lead_clause(texts: list[str], rules: StepRules) -> bool:
    """Does every item open with the same clause ("At the command prompt, ...")? Bullets that all start in
    the same place are parallel ways to get one thing (alternatives), not actions in turn."""
    clauses = [rules.lead_clause.match(text) for text in texts]
    return all(clauses) and len({clause.group().strip(" ,").lower() for clause in clauses}) == 1


def _mostly_instructions(run: Run, rules: StepRules) -> bool:
    """Do most steps start with an instruction ("It downloads files" mentions an action; it is none)?"""
    texts = [_effective_text(draft) for draft in run.steps]
    leading = sum(1 for text in texts if is_instruction(text, rules, strict=True))
    return leading >= rules.limits.keep_instruction_share * len(texts)


def _effective_text(draft: Draft) -> str:
    """A bare number ("1)" alone in its paragraph) takes its text from the paragraph after it."""
    if draft.unit.text:
        return draft.unit.text
    return next((unit.text for unit in draft.continuation if unit.kind == TEXT and unit.text), "")


_WORD = re.compile(r"[^\W\d_]+")


def _reads_in_a_known_language(units: list[Unit], language: str | None, rules: Rules) -> bool:
    """Is the article in a language whose verbs the rules know (so a list of tips can be told from steps)?

    ``language`` is the one the language stage read in the text (else the declared one). When nothing
    told it, a short text is given the instruction test anyway (too little to judge), a longer one is
    taken to be in a language without word lists: it keeps every numbered run, better a list of tips
    than lost steps.
    """
    if language is not None:
        return language in rules.verb_languages
    limit = rules.steps.limits.language_min_words
    words = 0
    for unit in units:
        words += len(_WORD.findall(unit.text)) if unit.text else 0
        if words >= limit:
            return False
    return True


_NORM = re.compile(r"[^\w]+")


_toc_keys = Memo(maxsize=2048)  # a site's headings and step texts recur from post to post


def _toc_key(text: str) -> str:
    found = _toc_keys.get(text, MISSING)
    return _toc_keys.get_or(text, lambda: _NORM.sub(" ", text).lower().strip()) if found is MISSING else found


def _is_table_of_contents(texts: list[str], run: Run, headings: list[str], rules: StepRules) -> bool:
    """Items that name the sections below ("1. Update your driver" above "Fix 1: Update your driver");
    ``headings``: the headings' ``_toc_key``."""
    first_line = run.steps[0].unit.line_start
    limits = rules.limits
    hits = 0
    for text in texts:
        key = _toc_key(text)
        if key and len(key) >= limits.toc_min_key_chars and any(key in heading for heading in headings):
            hits += 1
    return hits >= max(limits.toc_min_hits, limits.toc_hit_share * len(texts)) and first_line > 0


# an address written out at the end of a text ("... : https://lamp.example/docs", "<https://...>" shows the same)
_ENDS_WITH_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>]+$")


def _cites_sources(texts: list[str], rules: StepRules) -> bool:
    """Does (nearly) every item end with an address written out ("Nginx配置文件解析：<https://...>", "Guide: https://...")?
    A list of the pages the writer read, numbered as references are, whatever its titles say ("把 Hugo 博客部署到VPS");
    a step that names an address to open has more to say after it or does not end on it."""
    cited = sum(1 for text in texts if _ENDS_WITH_ADDRESS.search(text.rstrip()))
    return cited >= max(rules.limits.min_steps, rules.limits.citation_item_share * len(texts))
