"""Every rule's ``examples`` and ``not_examples``, as checks a test (or ``extractor rules --check``) runs.

What an example is depends on the rule (each data file's header says so):

* a pattern rule (a boilerplate phrase, lead-in or markup marker; a step-number pattern; a
  language's cue such as ``steps_intro``; an HTML region's class/id words): a text the pattern must
  find (within ``max_chars``);
* a language's ``instruction``: a sentence that reads as an instruction;
* ``metadata.dates``: a date written in one of its formats;
* a boilerplate region, promo-link or structural rule: a whole article that must have a block cut
  under the rule's name;
* a step origin (``[origin.<name>]`` in steps.toml): an article that must give a procedure of that origin;
* an HTML card's words (``html_cards``): a class/id word or heading the pattern must find; a step label
  (``[labels]``): a text that is only a step's label, nothing of the step.

A ``not_example`` must give the opposite answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from ..rules import PatternRule, Rules


@dataclass(frozen=True)
class Example:
    rule: str  # where the rule is: "boilerplate.phrase.byline", "languages.en.steps_intro"
    text: str
    expected: bool  # True for examples, False for not_examples
    decide: Callable[[str], bool]

    def holds(self) -> bool:
        return bool(self.decide(self.text)) == self.expected


def rule_examples(rules: Rules) -> Iterator[Example]:
    yield from _boilerplate_examples(rules)
    yield from _step_examples(rules)
    yield from _language_examples(rules)
    yield from _metadata_examples(rules)
    yield from _card_examples(rules)
    yield from _html_examples(rules)


def failures(rules: Rules) -> list[str]:
    """One line per example that does not hold, naming the rule."""
    out = []
    for example in rule_examples(rules):
        if not example.holds():
            word = "should" if example.expected else "should not"
            out.append(f"{example.rule}: {word} decide on {example.text!r}")
    return out


def _both(rule_id: str, rule, decide: Callable[[str], bool]) -> Iterator[Example]:
    for text in rule.examples:
        yield Example(rule_id, text, True, decide)
    for text in rule.not_examples:
        yield Example(rule_id, text, False, decide)


def _pattern(rule, max_chars: int | None = None) -> Callable[[str], bool]:
    limit = max_chars or 10**9
    return lambda text: len(text) <= limit and bool(rule.pattern.search(text))


def _cut_by(rules: Rules, name: str) -> Callable[[str], bool]:
    def decide(article: str) -> bool:
        from ..pipeline import extract_text

        record = extract_text(article, "example.md", rules=rules)
        return any(b.rule == name for b in record.boilerplate)
    return decide


def _origin(rules: Rules, origin: str) -> Callable[[str], bool]:
    def decide(article: str) -> bool:
        from ..pipeline import extract_text

        record = extract_text(article, "example", rules=rules)
        return any(p.origin == origin for p in record.procedures)
    return decide


def _boilerplate_examples(rules: Rules) -> Iterator[Example]:
    section = rules.boilerplate
    for group in ("markup", "lead_in", "phrase"):
        for rule in getattr(section, group):
            yield from _both(f"boilerplate.{group}.{rule.name}", rule, _pattern(rule, rule.max_chars))
    for group in ("region", "promo_link", "structural"):
        for rule in getattr(section, group):
            yield from _both(f"boilerplate.{group}.{rule.name}", rule, _cut_by(rules, rule.name))
    for rule in rules.html.region:
        if rule.pattern is not None:
            yield from _both(f"html.region.{rule.name}", rule, _pattern(rule))


def _step_examples(rules: Rules) -> Iterator[Example]:
    for field in ("paragraph_number", "inline_number", "inline_cjk_number", "numbered_heading", "ranked_heading",
                  "caution_item", "platform_label", "platform_heading"):
        rule = getattr(rules.steps, field)
        if rule is not None:
            yield from _both(f"steps.{field}", rule, _pattern(rule))
    for origin, examples in rules.steps.origin.items():
        yield from _both(f"steps.origin.{origin}", examples, _origin(rules, origin))


def _card_examples(rules: Rules) -> Iterator[Example]:
    from ..readers.html_steps import is_step_label
    from ..rules import using

    def is_label(text: str) -> bool:
        with using(rules):
            return is_step_label(text)

    cards = rules.html_cards
    yield from _both("html_cards.labels", cards.labels, is_label)
    yield from _both("html_cards.asides", cards.asides, _pattern(cards.asides))
    yield from _both("html_cards.containers", cards.containers, lambda text: bool(cards.containers.taxonomy_pattern.search(text)))
    for rule_id, pattern, examples, not_examples in (
            ("html_cards.asides.title", cards.asides.title_pattern, cards.asides.title_examples,
             cards.asides.title_not_examples),
            ("html_cards.ingredients.heading", cards.ingredients.heading_pattern, cards.ingredients.heading_examples,
             cards.ingredients.heading_not_examples)):
        yield from (Example(rule_id, text, True, pattern.search) for text in examples)
        yield from (Example(rule_id, text, False, pattern.search) for text in not_examples)


def _html_examples(rules: Rules) -> Iterator[Example]:
    shop = rules.html.shop_chrome  # an element's whole text, as html_main.mark_shop_chrome reads it
    yield from _both("html.shop_chrome", shop, lambda text: len(text) <= shop.max_chars
                     and shop.pattern.fullmatch(" ".join(text.split())) is not None)


def _metadata_examples(rules: Rules) -> Iterator[Example]:
    from ..stages.metadata import as_iso_date

    dates = rules.metadata.dates
    yield from _both("metadata.dates", dates, lambda text: as_iso_date(text, dates.formats) is not None)


def _language_examples(rules: Rules) -> Iterator[Example]:
    from ..stages.units import is_instruction

    for code, language in rules.languages.items():
        yield from _both(f"languages.{code}.instruction", language.instruction,
                         lambda text: is_instruction(text, rules.words))
        for field in type(language).model_fields:
            value = getattr(language, field)
            if isinstance(value, PatternRule):
                yield from _both(f"languages.{code}.{field}", value, _pattern(value))
        for index, rule in enumerate(language.ui_patterns):
            yield from _both(f"languages.{code}.ui_patterns[{index}]", rule, _pattern(rule))
