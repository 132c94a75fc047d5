"""Warnings about step quality, like a code linter: each finding has a stable code, a severity and a
location (record, procedure, step, source line).

The rules are data (``extractor/data/lint_rules.toml``: code, name, severity, meaning, example and
tuning ``params``); this module holds one small check per rule name, grouped by what it looks at:
a record, a procedure, a step, or a boilerplate block. A check yields messages; ``lint_record``
adds the code, severity and location.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, Iterator

from ..data import boilerplate_rules
from ..model import Boilerplate, DocumentRecord, ErrorRecord, Procedure, Step
from .records import Loaded, parse_record

SEVERITIES = ("info", "warning", "error")  # lowest first
_WORDS = re.compile(r"[\w'’-]+")
_LABEL = re.compile(r"^\s*(?:step\s*\d+\s*[:.)-]?|\(?\d+[.):]|\(optional\)|optional:)\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    meaning: str
    example: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    message: str
    source: str  # the record's source.path
    origin: str  # where the record was read from (file:line)
    procedure: int | None = None  # 1-based
    step: str | None = None  # "3", or "3.1" for a substep
    line: int | None = None  # line in the source article

    def as_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


@lru_cache(maxsize=1)
def lint_rules() -> tuple[Rule, ...]:
    text = resources.files("extractor.data").joinpath("lint_rules.toml").read_text(encoding="utf-8")
    return tuple(Rule(r["code"], r["name"], r["severity"], r["meaning"], r["example"], r.get("params", {}))
                 for r in tomllib.loads(text)["rule"])


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


# --- selecting rules ---------------------------------------------------------------------------

def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[Rule, ...]:
    """Rules whose code starts with one of ``select`` (all when empty) and with none of ``ignore``.

    Raises ValueError naming any prefix that matches no rule, so a typo is not a silent no-op.
    """
    rules = lint_rules()
    select, ignore = [s.upper() for s in select], [s.upper() for s in ignore]
    unknown = [p for p in (*select, *ignore) if not any(r.code.startswith(p) for r in rules)]
    if unknown:
        raise ValueError(f"unknown rule code(s): {', '.join(unknown)}")
    return tuple(r for r in rules
                 if (not select or any(r.code.startswith(p) for p in select))
                 and not any(r.code.startswith(p) for p in ignore))


# --- the checks, one per rule name ---------------------------------------------------------------

def _normalise(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _empty_step(step: Step, rule: Rule) -> Iterator[str]:
    if not step.text.strip():
        yield "step has no text"


def _one_word_step(step: Step, rule: Rule) -> Iterator[str]:
    words = _WORDS.findall(step.text)
    if 0 < len(words) <= rule.params.get("max_words", 1):
        yield f"step is a single word: {step.text.strip()!r}"


def _patterns(rule: Rule, key: str = "patterns") -> list[re.Pattern]:
    return _compiled(rule.code, tuple(rule.params.get(key, ())))


@lru_cache(maxsize=64)
def _compiled(code: str, patterns: tuple[str, ...]) -> list[re.Pattern]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


def _first_match(text: str, patterns: list[re.Pattern]) -> str | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


def _pattern_check(message: str) -> Callable[[Step, Rule], Iterator[str]]:
    """A check that reports the first of the rule's patterns found in the step text."""

    def check(step: Step, rule: Rule) -> Iterator[str]:
        found = _first_match(step.text, _patterns(rule))
        if found:
            yield message.format(found=found.strip())

    return check


_markup_in_step = _pattern_check("markup left in step text: {found!r}")
_escape_in_step = _pattern_check("escape left in step text: {found!r}")
_merged_steps = _pattern_check("step text holds another step number: {found!r}")


def _boilerplate_in_step(step: Step, rule: Rule) -> Iterator[str]:
    names = set(rule.params.get("boilerplate_phrases", ()))
    for phrase in boilerplate_rules().phrases:
        if phrase.name in names and phrase.pattern.search(step.text):
            yield f"boilerplate phrase ({phrase.kind}, rule {phrase.name}) in step: {_excerpt(step.text)!r}"
            return
    found = _first_match(step.text, _patterns(rule))
    if found:
        yield f"boilerplate phrase in step: {found!r}"


def _spam_link_in_step(step: Step, rule: Rule) -> Iterator[str]:
    patterns = _patterns(rule, "url_patterns")
    urls = [link.url for link in step.links] + re.findall(r"https?://\S+", step.text)
    for url in urls:
        if _first_match(url, patterns):
            yield f"ad, affiliate or tracking link in step: {url[:100]}"
            return


def _not_an_instruction(step: Step, rule: Rule) -> Iterator[str]:
    words = [w.lower() for w in _WORDS.findall(_LABEL.sub("", step.text))]
    params = rule.params
    if len(words) < params.get("min_words", 1):
        return
    skip, lead = set(params["skip_words"]), set(params["lead_words"])
    is_verb = _verb_test(tuple(params["verbs"]), tuple(params.get("verb_prefixes", ())))
    while words and words[0] in skip:
        words.pop(0)
    if not words or is_verb(words[0]):
        return
    if words[0] in lead and any(is_verb(w) for w in words[1:]):
        return
    yield f"step does not read as an instruction: {_excerpt(step.text)!r}"


@lru_cache(maxsize=4)
def _verb_test(verbs: tuple[str, ...], prefixes: tuple[str, ...]) -> Callable[[str], bool]:
    """A word is an action verb when it is listed, or is a listed verb with a prefix (reconnect, unplug)."""
    known = frozenset(verbs)
    return lambda word: word in known or any(word.startswith(p) and word[len(p):] in known for p in prefixes)


STEP_CHECKS: dict[str, Callable[[Step, Rule], Iterator[str]]] = {
    "empty-step": _empty_step,
    "one-word-step": _one_word_step,
    "markup-in-step": _markup_in_step,
    "escape-in-step": _escape_in_step,
    "boilerplate-in-step": _boilerplate_in_step,
    "spam-link-in-step": _spam_link_in_step,
    "not-an-instruction": _not_an_instruction,
    "merged-steps": _merged_steps,
}


# Procedure checks yield (message, step index or None) so a finding can point at the step.
def _single_step(proc: Procedure, rule: Rule) -> Iterator[tuple[str, int | None]]:
    if len(proc.steps) == 1:
        yield "procedure has a single step", None


def _empty_procedure(proc: Procedure, rule: Rule) -> Iterator[tuple[str, int | None]]:
    if not proc.steps:
        yield "procedure has no steps", None


def _untitled(proc: Procedure, rule: Rule) -> Iterator[tuple[str, int | None]]:
    if not (proc.title or "").strip():
        yield "procedure has no title", None


def _numbered(proc: Procedure) -> list[tuple[int, int]]:
    return [(index, step.number) for index, step in enumerate(proc.steps) if step.number is not None]


def _numbering_gap(proc: Procedure, rule: Rule) -> Iterator[tuple[str, int | None]]:
    numbered = _numbered(proc)
    for (_, a), (index, b) in zip(numbered, numbered[1:]):
        if b > a + 1:
            yield f"step numbers skip from {a} to {b}", index


def _numbering_restart(proc: Procedure, rule: Rule) -> Iterator[tuple[str, int | None]]:
    numbered = _numbered(proc)
    for (_, a), (index, b) in zip(numbered, numbered[1:]):
        if b <= a:
            yield f"step numbers go back from {a} to {b}", index


def _duplicate_step(proc: Procedure, rule: Rule) -> Iterator[tuple[str, int | None]]:
    seen: dict[str, int] = {}
    for index, step in enumerate(proc.steps):
        key = _normalise(step.text)
        if len(key.split()) < rule.params.get("min_words", 1):
            continue
        if key in seen:
            yield f"same text as step {seen[key] + 1}: {_excerpt(step.text)!r}", index
        else:
            seen[key] = index


PROCEDURE_CHECKS: dict[str, Callable[[Procedure, Rule], Iterator[tuple[str, int | None]]]] = {
    "single-step-procedure": _single_step,
    "empty-procedure": _empty_procedure,
    "untitled-procedure": _untitled,
    "numbering-gap": _numbering_gap,
    "numbering-restart": _numbering_restart,
    "duplicate-step": _duplicate_step,
}


def _prose_in_boilerplate(block: Boilerplate, rule: Rule) -> Iterator[str]:
    params = rule.params
    if block.kind.value in params.get("exempt_kinds", ()):
        return
    linked = sum(len(_WORDS.findall(link.text)) for link in block.links)
    prose = len(_WORDS.findall(block.text)) - linked
    sentences = len(_SENTENCE_END.findall(block.text))
    if prose >= params.get("min_words", 40) and sentences >= params.get("min_sentences", 2):
        yield (f"{block.kind.value} block (rule {block.rule}) holds {prose} words of unlinked prose: "
               f"{_excerpt(block.text)!r}")


BOILERPLATE_CHECKS = {"prose-in-boilerplate": _prose_in_boilerplate}
RECORD_CHECKS = {"invalid-record", "extraction-failed"}  # applied in lint_record itself
CHECK_NAMES = set(STEP_CHECKS) | set(PROCEDURE_CHECKS) | set(BOILERPLATE_CHECKS) | RECORD_CHECKS


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- applying the rules ----------------------------------------------------------------------------

def lint_record(loaded: Loaded, rules: tuple[Rule, ...] | None = None,
                record: DocumentRecord | ErrorRecord | str | None = None) -> list[Finding]:
    """Every finding for one record read from the output, in document order.

    ``record`` is ``parse_record(loaded)`` when the caller has it already.
    """
    rules = lint_rules() if rules is None else rules
    by_name = {rule.name: rule for rule in rules}
    record = parse_record(loaded) if record is None else record
    source, origin = loaded.source_path, loaded.origin
    if isinstance(record, str):
        rule = by_name.get("invalid-record")
        return [Finding(rule.code, rule.name, rule.severity, record, source, origin)] if rule else []
    if isinstance(record, ErrorRecord):
        rule = by_name.get("extraction-failed")
        message = f"extraction failed at stage {record.error.stage}: {record.error.reason}"
        return [Finding(rule.code, rule.name, rule.severity, message, source, origin, line=record.error.line)] if rule else []
    return list(_lint_document(record, by_name, source, origin))


def _lint_document(record: DocumentRecord, by_name: dict[str, Rule], source: str, origin: str) -> Iterator[Finding]:
    def finding(rule: Rule, message: str, procedure=None, step=None, line=None) -> Finding:
        return Finding(rule.code, rule.name, rule.severity, message, source, origin, procedure, step, line)

    for p_index, proc in enumerate(record.procedures, 1):
        for name, check in PROCEDURE_CHECKS.items():
            if name in by_name:
                for message, s_index in check(proc, by_name[name]):
                    if s_index is None:
                        yield finding(by_name[name], message, p_index, None, proc.source.line_start)
                    else:
                        step = proc.steps[s_index]
                        yield finding(by_name[name], message, p_index, str(s_index + 1), step.source.line_start)
        for label, step in _steps(proc.steps):
            for name, check in STEP_CHECKS.items():
                if name in by_name and not ("." in label and by_name[name].params.get("top_level_only")):
                    for message in check(step, by_name[name]):
                        yield finding(by_name[name], message, p_index, label, step.source.line_start)
    for block in record.boilerplate:
        for name, check in BOILERPLATE_CHECKS.items():
            if name in by_name:
                for message in check(block, by_name[name]):
                    yield finding(by_name[name], message, None, None, block.source.line_start)


def _steps(steps: list[Step], prefix: str = "") -> Iterator[tuple[str, Step]]:
    """Steps and their substeps with labels "2" and "2.1"."""
    for index, step in enumerate(steps, 1):
        label = f"{prefix}{index}"
        yield label, step
        yield from _steps(step.substeps, label + ".")


@dataclass
class LintReport:
    findings: list[Finding] = field(default_factory=list)
    records: int = 0

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.code] = counts.get(f.code, 0) + 1
        return dict(sorted(counts.items()))

    def exit_code(self, fail_on: str | None) -> int:
        """1 when any finding is at or above ``fail_on`` (None: never)."""
        if fail_on is None:
            return 0
        bar = severity_rank(fail_on)
        return 1 if any(severity_rank(f.severity) >= bar for f in self.findings) else 0


def lint_records(records: Iterable[Loaded], rules: tuple[Rule, ...] | None = None) -> LintReport:
    report = LintReport()
    for loaded in records:
        report.records += 1
        report.findings.extend(lint_record(loaded, rules))
    return report
