"""The furniture rules compiled for the stage: ``furniture.toml`` is loaded and checked with every other
rule file (``Rules.furniture``, shape in ``rules/sections.py``); this module turns that section into
patterns per language (``Rules.furniture_rules``)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..rules import active_rules
from ..rules.folded import literal_led
from ..rules.literals import guarded_search
from ..rules.sections import FURNITURE_NO_CAP as NO_CAP
from ..rules.sections import FurnitureRuleSpec, FurnitureSection, FurnitureSettings

SHAPE_HOWS = ("label-link", "link-run", "number-scale", "list-items")  # they read more than the block's text
# the rules of a post's edges (stages/edges.py): one pass over the blocks before and after the article's body
EDGE_HOWS = ("edge-nav", "source-credit", "edge-html", "source-link", "image-credit", "edge-links", "edge-aside", "edge-meta",
             "edge-header", "edge-motto", "html-cta", "edge-series", "body-cta", "affiliate-banner", "top-cta-box")
# rules that run in a pass of their own over the article, never block by block with the phrase rules (the closing
# zone: stages/closing_zone.py, what follows the post's last block of content)
OWN_PASS_HOWS = ("closing-tail", "closing-section", "linked-bio", "signature", "closing-zone", "item-cta") + EDGE_HOWS
# the edge rules that read words (their patterns, per language) as well as a block's shape
WORDED_EDGE_HOWS = ("edge-header", "html-cta", "edge-series", "body-cta", "top-cta-box")
# ... and those of them that read every block of the post, not only the blocks before and after its body
ANYWHERE_HOWS = ("html-cta", "body-cta", "edge-series", "affiliate-banner")
DEFAULT_BLOCKS = ("paragraph", "html")
# A whole-block match may end in punctuation, a colon or an arrow ("Related posts:", "Subscribe »"), and open with a
# button's decoration: a pointing hand, an arrow, a download or cart sign ("👉 Get it now", "⬇️ Descargar gratis").
_WHOLE_TAIL = r"[\s:：.!?？！»›→*]*$"
_WHOLE_HEAD = (r"[\s*_>»›\u2190-\u21ff\u2794\u27a1\u2b05-\u2b07\u25b6\u25ba\u261b\u261e\u2705\u2714\ufe0f"
               r"\U0001f447\U0001f448\U0001f449\U0001f4e5\U0001f4f2\U0001f525\U0001f381\U0001f6d2\U0001f680]*")


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
    rows: bool = False  # also judges the links of a row of links and the items of a list of links
    with_link: bool = False  # (closing-tail) the block must also hold a link
    keeps: bool = False  # (closing-zone) its words keep the paragraph: the article's own closing
    sentences: bool = False  # (sandwich) a sentence between the two blocks is theirs too (a product box's blurb)
    # language -> its alternatives, each (anchored at the start of the text?, regular expression)
    patterns: dict[str, tuple[tuple[bool, str], ...]] = field(default_factory=dict)
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()

    def pattern_for(self, languages: frozenset[str]) -> Matcher | None:
        """The rule's alternatives for these languages; None when it has none for them."""
        parts = tuple(_language_part(alts) for lang, alts in self.patterns.items() if lang in languages and alts)
        return Matcher(parts) if parts else None


@dataclass(frozen=True)
class FurnitureRules:
    settings: FurnitureSettings  # the checked [settings] table itself (frozen)
    rules: tuple[FurnitureRule, ...]

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(lang for rule in self.rules for lang in rule.patterns)


class Matcher:
    """A rule's alternatives for a set of languages. Alternatives anchored at the start are tried with
    ``match``, the rest with ``search``: one alternation mixing both would be tried at every position
    of every paragraph (slow). Patterns are lower case and matched against lower-cased text, which is
    much faster than re.IGNORECASE.

    Each language's alternatives are compiled once (``_language_part``), whatever languages a page
    pairs them with: compiling one alternation per pair of languages cost more than the pages took
    to read. The answers are those of one alternation of every language's alternatives in file
    order: the first anchored match; else the leftmost match, the earlier language on a tie."""

    __slots__ = ("parts", "tests")

    def __init__(self, parts: tuple[tuple[re.Pattern | None, re.Pattern | None], ...]):
        self.parts = parts  # (anchored, free) per language, in file order
        # what ``holds`` tries: each anchored part's match, then each free part's search (asked first
        # whether the text holds a piece of every match: most blocks hold no phrase, and sre tries a
        # free part at nearly every position of the text)
        self.tests = tuple(anchored.match for anchored, _ in parts if anchored is not None) + \
            tuple(guarded_search(free) for _, free in parts if free is not None)

    def holds(self, text: str) -> bool:
        """``search(text) is not None``, without working out which match comes first."""
        for test in self.tests:
            if test(text) is not None:
                return True
        return False

    def match(self, text: str) -> re.Match | None:
        for anchored, _ in self.parts:
            if anchored is not None:
                found = anchored.match(text)
                if found:
                    return found
        return None

    def search(self, text: str) -> re.Match | None:
        found = self.match(text)
        if found:
            return found
        for _, free in self.parts:
            if free is not None:
                candidate = free.search(text)
                if candidate and (found is None or candidate.start() < found.start()):
                    found = candidate
        return found


@lru_cache(maxsize=4096)
def _language_part(alternatives: tuple[tuple[bool, str], ...]) -> tuple[re.Pattern | None, re.Pattern | None]:
    """(anchored, free): one language's alternatives of one rule, compiled."""
    def joined(anchored: bool) -> re.Pattern | None:
        chosen = [f"(?:{source})" for is_anchored, source in alternatives if is_anchored == anchored]
        # the free ones searched for a literal start, where their leading word boundary allows (same matches)
        return re.compile("|".join(chosen) if anchored else literal_led("|".join(chosen))) if chosen else None
    return joined(True), joined(False)


def furniture_rules() -> FurnitureRules:
    """The furniture rules in force (the packaged ones, or a run's own; see ``rules.active_rules``)."""
    return active_rules().furniture_rules


def compile_furniture(section: FurnitureSection) -> FurnitureRules:
    """The checked ``furniture`` section of the rules, in the form the stage reads."""
    return FurnitureRules(section.settings, tuple(compile_rule(rule, section.fragments) for rule in section.rule))


def compile_rule(rule: FurnitureRuleSpec, fragments: dict[str, str]) -> FurnitureRule:
    """One rule with its patterns anchored as its ``match`` says; a ValueError names what is wrong."""
    patterns = {}
    for lang, alternatives in rule.patterns.items():
        compiled = []
        for source in alternatives:
            source = _expand(source, fragments)
            if rule.match == "whole":
                source = f"^{_WHOLE_HEAD}(?:{source}){_WHOLE_TAIL}"
            elif rule.match == "start":
                source = f"^(?:{source})"
            if re.sub(r"\\[a-zA-Z]", "", source) != re.sub(r"\\[a-zA-Z]", "", source).lower():
                raise ValueError(f"rule {rule.name!r}, language {lang}: write patterns in lower case")
            compiled.append((source.startswith("^"), source))
        patterns[lang] = tuple(compiled)
        _check(rule.name, lang, patterns[lang])
    guard = rule.instruction_guard if rule.instruction_guard is not None else rule.how == "phrase"
    return FurnitureRule(name=rule.name, kind=rule.kind, how=rule.how, match=rule.match, max_chars=rule.max_chars,
                         blocks=rule.blocks, near=tuple(rule.near), patterns=patterns, instruction_guard=guard,
                         rows=rule.rows, with_link=rule.with_link, keeps=rule.keeps, sentences=rule.sentences,
                         examples=rule.examples, not_examples=rule.not_examples)


def _check(name: str, lang: str, alternatives: tuple[tuple[bool, str], ...]) -> None:
    """Every pattern of a rule's language compiles. What is checked is what the stage matches with,
    the language's alternations (``_language_part``): compiled here once, at load, they are the ones
    the pages use, where compiling each pattern alone to check it, then again joined when a page
    first met the language, compiled everything twice (a tenth of a first batch of pages). The strings
    a free alternation's matches hold (``guarded_search``) are read here too. On an
    error the patterns are compiled one by one to name the one at fault."""
    try:
        _, free = _language_part(alternatives)
        if free is not None:
            guarded_search(free)  # what a page's search asks first, read from the pattern once too
    except re.error as joined:
        for _, source in alternatives:
            try:
                re.compile(source)
            except re.error as exc:
                raise ValueError(f"rule {name!r}, language {lang}: {exc}") from None
        raise ValueError(f"rule {name!r}, language {lang}: {joined}") from None


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    for key, value in fragments.items():
        pattern = pattern.replace(f"%{key}%", f"(?:{value})")
    return pattern
