"""Heuristics as data: the rule files beside this module.

They are loaded, checked and compiled into one value by ``extractor.rules`` (read that module's
docstring for the layout). This module keeps the names callers used before the rules were one value.
"""
from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from ..rules import BoilerplateSection as BoilerplateRules
from ..rules import StepRules, active_rules

__all__ = ["BoilerplateRules", "StepRules", "boilerplate_rules", "load_toml", "step_rules"]


def load_toml(name: str) -> dict[str, Any]:
    """One data file as written (the HTML reader reads html_boilerplate.toml this way; ``Rules``
    has checked the same file before any page is read)."""
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def boilerplate_rules() -> BoilerplateRules:
    """The boilerplate rules in force (the packaged ones, or a run's own; see ``rules.active_rules``)."""
    return active_rules().boilerplate


def step_rules() -> StepRules:
    """Every language's step words and the step limits in force, compiled."""
    return active_rules().words
