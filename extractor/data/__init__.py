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
        min_links=raw["link_density"]["min_links"],
        min_link_text_share=raw["link_density"]["min_link_text_share"],
        duplicate_min_chars=raw["duplicate"]["min_chars"],
    )
