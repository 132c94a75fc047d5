"""Field types and base models of the rule files: patterns compiled at load, word lists as sets."""
from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer


def _compiler(flags: int):
    def compile_pattern(value: Any) -> re.Pattern:
        if isinstance(value, re.Pattern):
            return value
        if not isinstance(value, str):
            raise ValueError(f"a regular expression must be a string, not {type(value).__name__}")
        try:
            return re.compile(value, flags)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
    return compile_pattern


def _words(value: Any) -> frozenset[str]:
    """A word list is written either as one whitespace-separated string or as a TOML array."""
    if isinstance(value, str):
        return frozenset(value.split())
    if isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(v, str) for v in value):
        return frozenset(value)
    raise ValueError("a word list must be a string of words or an array of strings")


# Patterns are matched case-insensitively unless a field says otherwise (step numbers need "A)" vs "a)").
Pattern = Annotated[re.Pattern, BeforeValidator(_compiler(re.IGNORECASE)),
                    PlainSerializer(lambda p: p.pattern, return_type=str)]
CasePattern = Annotated[re.Pattern, BeforeValidator(_compiler(0)),
                        PlainSerializer(lambda p: p.pattern, return_type=str)]
Words = Annotated[frozenset[str], BeforeValidator(_words), PlainSerializer(sorted, return_type=list)]
Examples = tuple[str, ...]


class _Rule(BaseModel):
    # kinds are checked against model.BoilerplateKind, then kept as the plain string records use
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True, use_enum_values=True)


class Described(_Rule):
    """What every rule may carry: what it is for, and texts it must (and must not) decide on."""

    examples: Examples = ()
    not_examples: Examples = ()


def _as_table(value: Any) -> Any:
    """``key = 'regex'`` is shorthand for ``[key] pattern = 'regex'`` (no examples)."""
    return {"pattern": value} if isinstance(value, str) else value


class PatternRule(Described):
    pattern: Pattern


class CasePatternRule(Described):
    pattern: CasePattern


PatternField = Annotated[PatternRule, BeforeValidator(_as_table)]
CasePatternField = Annotated[CasePatternRule, BeforeValidator(_as_table)]
