"""The furniture rules (``furniture.toml``), loaded once, compiled per language, checked on load.

Kept apart from ``data/__init__.py`` until the rules are folded into one validated value (issue 10).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import load_toml

HOWS = ("phrase", "lead-in", "label-link", "link-run", "number-scale", "sandwich", "list-items", "comment-body")
SHAPE_HOWS = ("label-link", "link-run", "number-scale", "list-items")  # they read more than the block's text
MATCHES = ("whole", "start", "search")
DEFAULT_BLOCKS = ("paragraph", "html")
NO_CAP = 10**9  # max_chars of a rule that looks at blocks of any length (the structural ones)
# A whole-block match may end in punctuation, a colon or an arrow ("Related posts:", "Subscribe »").
_WHOLE_TAIL = r"[\s:：.!?？！»›→*]*$"


@dataclass(frozen=True)
class FurnitureRule:
    name: str
    kind: str
    how: str = "phrase"
    match: str = "search"
    max_chars: int = NO_CAP
    blocks: tuple[str, ...] = DEFAULT_BLOCKS
    near: tuple[str, ...] = ()
    instruction_guard: bool = True  # leave long blocks that read as instructions alone
    # language -> its alternatives, each (anchored at the start of the text?, regular expression)
    patterns: dict[str, tuple[tuple[bool, str], ...]] = field(default_factory=dict)
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()

    def pattern_for(self, languages: frozenset[str]) -> Matcher | None:
        """The rule's alternatives for these languages; None when it has none for them."""
        chosen = tuple(alt for lang, alts in self.patterns.items() if lang in languages for alt in alts)
        return _matcher(chosen) if chosen else None


@dataclass(frozen=True)
class FurnitureSettings:
    instruction_guard_chars: int
    link_only_share: float
    link_only_max_chars: int
    link_run_min_words: int
    link_run_min_paragraphs: int
    scale_min_items: int
    section_heading_max_words: int
    comment_body_max_blocks: int


@dataclass(frozen=True)
class FurnitureRules:
    settings: FurnitureSettings
    rules: tuple[FurnitureRule, ...]

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(lang for rule in self.rules for lang in rule.patterns)


class Matcher:
    """Alternatives anchored at the start are tried with ``match``, the rest with ``search``: one
    alternation mixing both would be tried at every position of every paragraph (slow). Patterns are
    lower case and matched against lower-cased text, which is much faster than re.IGNORECASE."""

    __slots__ = ("anchored", "free")

    def __init__(self, anchored: re.Pattern | None, free: re.Pattern | None):
        self.anchored, self.free = anchored, free

    def match(self, text: str) -> re.Match | None:
        return self.anchored.match(text) if self.anchored else None

    def search(self, text: str) -> re.Match | None:
        return self.match(text) or (self.free.search(text) if self.free else None)


@lru_cache(maxsize=512)
def _matcher(alternatives: tuple[tuple[bool, str], ...]) -> Matcher:
    def joined(anchored: bool) -> re.Pattern | None:
        chosen = [f"(?:{source})" for is_anchored, source in alternatives if is_anchored == anchored]
        return re.compile("|".join(chosen)) if chosen else None
    return Matcher(joined(True), joined(False))


@lru_cache(maxsize=1)
def furniture_rules() -> FurnitureRules:
    """The rules from ``furniture.toml``. Raises ValueError naming the rule when one is malformed."""
    raw = load_toml("furniture.toml")
    fragments = raw.get("fragments", {})
    rules = tuple(_rule(entry, fragments) for entry in raw["rule"])
    names = [r.name for r in rules]
    if len(names) != len(set(names)):
        raise ValueError(f"furniture.toml: rule names repeat: {sorted(n for n in names if names.count(n) > 1)}")
    return FurnitureRules(FurnitureSettings(**raw["settings"]), rules)


def _rule(entry: dict, fragments: dict[str, str]) -> FurnitureRule:
    name = entry.get("name", "?")
    how = entry.get("how", "phrase")
    match = entry.get("match", "search")
    if how not in HOWS or match not in MATCHES or not entry.get("kind"):
        raise ValueError(f"furniture.toml: rule {name!r}: needs a kind, how in {HOWS}, match in {MATCHES}")
    if not entry.get("examples"):
        raise ValueError(f"furniture.toml: rule {name!r} has no examples")
    patterns = {}
    for lang, alternatives in entry.get("patterns", {}).items():
        compiled = []
        for source in alternatives:
            source = _expand(source, fragments)
            if match == "whole":
                source = f"^(?:{source}){_WHOLE_TAIL}"
            elif match == "start":
                source = f"^(?:{source})"
            if re.sub(r"\\[a-zA-Z]", "", source) != re.sub(r"\\[a-zA-Z]", "", source).lower():
                raise ValueError(f"furniture.toml: rule {name!r}, language {lang}: write patterns in lower case")
            try:
                re.compile(source)
            except re.error as exc:
                raise ValueError(f"furniture.toml: rule {name!r}, language {lang}: {exc}") from None
            compiled.append((source.startswith("^"), source))
        patterns[lang] = tuple(compiled)
    if how in ("phrase", "lead-in", "label-link", "list-items", "comment-body") and not patterns:
        raise ValueError(f"furniture.toml: rule {name!r} needs patterns")
    return FurnitureRule(name=name, kind=entry["kind"], how=how, match=match,
                         max_chars=entry.get("max_chars", NO_CAP), blocks=tuple(entry.get("blocks", DEFAULT_BLOCKS)),
                         near=tuple(entry.get("near", ())), patterns=patterns,
                         instruction_guard=entry.get("instruction_guard", how == "phrase"),
                         examples=tuple(entry["examples"]), not_examples=tuple(entry.get("not_examples", ())))


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    for key, value in fragments.items():
        pattern = pattern.replace(f"%{key}%", f"(?:{value})")
    return pattern
