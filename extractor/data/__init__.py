"""Heuristics as data: rule files beside this module, loaded once and compiled."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


def load_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class PatternRule:
    name: str
    kind: str
    pattern: re.Pattern
    max_chars: int = 10**9


@dataclass(frozen=True)
class RegionRule:
    name: str
    kind: str
    begin: re.Pattern
    end: re.Pattern


@dataclass(frozen=True)
class BoilerplateRules:
    markup: tuple[PatternRule, ...]
    regions: tuple[RegionRule, ...]
    lead_ins: tuple[PatternRule, ...]
    phrases: tuple[PatternRule, ...]
    promo_links: tuple[tuple[PatternRule, re.Pattern], ...]  # (rule on visible text, pattern on link URLs)
    min_links: int
    min_link_text_share: float
    duplicate_min_chars: int


def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=1)
def boilerplate_rules() -> BoilerplateRules:
    raw = load_toml("boilerplate.toml")

    def rules(section: str) -> tuple[PatternRule, ...]:
        return tuple(PatternRule(r["name"], r["kind"], _compile(r["pattern"]), r.get("max_chars", 10**9))
                     for r in raw.get(section, []))

    return BoilerplateRules(
        markup=rules("markup"),
        regions=tuple(RegionRule(r["name"], r["kind"], _compile(r["begin"]), _compile(r["end"])) for r in raw.get("region", [])),
        lead_ins=rules("lead_in"),
        phrases=rules("phrase"),
        promo_links=tuple((PatternRule(r["name"], r["kind"], _compile(r["text"]), r.get("max_chars", 10**9)), _compile(r["url"]))
                          for r in raw.get("promo_link", [])),
        min_links=raw["link_density"]["min_links"],
        min_link_text_share=raw["link_density"]["min_link_text_share"],
        duplicate_min_chars=raw["duplicate"]["min_chars"],
    )


@dataclass(frozen=True)
class StepRules:
    verbs: frozenset[str]
    lead_words: frozenset[str]
    lead_clause: re.Pattern
    action_words: frozenset[str]
    step_label: re.Pattern
    number_words: tuple[str, ...]
    paragraph_number: re.Pattern
    inline_number: re.Pattern
    steps_intro: re.Pattern
    steps_heading: re.Pattern
    note_prefix: re.Pattern
    continuation_start: re.Pattern
    continuation_exclude: re.Pattern
    inline_note: re.Pattern
    outcome_cue: re.Pattern
    check_title: re.Pattern
    ui_patterns: tuple[re.Pattern, ...]
    english_words: frozenset[str]
    english_min_share: float
    keys: dict[str, str]


@lru_cache(maxsize=1)
def step_rules() -> StepRules:
    raw = load_toml("steps.toml")
    return StepRules(
        verbs=frozenset(raw["imperative_verbs"].split()),
        lead_words=frozenset(raw["lead_words"].split()),
        lead_clause=_compile(raw["lead_clause"]),
        action_words=frozenset(raw["action_words"].split()),
        step_label=_compile(raw["step_label"]),
        number_words=tuple(raw["number_words"]),
        paragraph_number=re.compile(raw["paragraph_number"]),
        inline_number=re.compile(raw["inline_number"]),
        steps_intro=_compile(raw["steps_intro"]),
        steps_heading=_compile(raw["steps_heading"]),
        note_prefix=_compile(raw["note_prefix"]),
        continuation_start=_compile(raw["continuation_start"]),
        continuation_exclude=_compile(raw["continuation_exclude"]),
        inline_note=_compile(raw["inline_note"]),
        outcome_cue=_compile(raw["outcome_cue"]),
        check_title=_compile(raw["check_title"]),
        ui_patterns=tuple(re.compile(p) for p in raw["ui_patterns"]),
        english_words=frozenset(raw["english_words"].split()),
        english_min_share=raw["english_min_share"],
        keys=dict(raw["keys"]),
    )
