"""The compiled form of the rules' ``annotations`` section (``extractor/data/annotations.toml``).

Stages read it through ``annotation_rules()``: the rules in force for the document (a ``--rules`` file
reaches it like every other section), compiled once per rule set (``Rules.annotation_rules``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules import active_rules
from ..rules.sections import AnnotationsSection, PromotionWords


@dataclass(frozen=True)
class PromotionRules:
    acquire: re.Pattern  # acquire verb, fillers, then the product name as group "name"
    titled: re.Pattern  # a title verb ("Use"), fillers, then the product name as group "name"
    commercial: re.Pattern
    product_link: re.Pattern
    not_products: frozenset[str]
    trailing_words: frozenset[str]
    min_letters_in_url: int
    cost_window: int


@dataclass(frozen=True)
class AnnotationRules:
    keys: dict[str, str]
    ui_stop_words: frozenset[str]
    typed_cue: str  # a regex alternation of the words that have the reader type the next label
    cross_reference: re.Pattern
    promotion: PromotionRules


def annotation_rules() -> AnnotationRules:
    return active_rules().annotation_rules


def compile_annotations(section: AnnotationsSection) -> AnnotationRules:
    ui = section.ui
    return AnnotationRules(
        keys=dict(section.keys), ui_stop_words=frozenset(ui.stop_words), typed_cue=_words(ui.typed_cues),
        cross_reference=re.compile(rf"(?i:{_words(ui.cross_references)})\s+(?:\d+|[IVX]+|[A-Z])\b\.?"),
        promotion=_promotion(section.promotion))


def _words(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _promotion(words: PromotionWords) -> PromotionRules:
    # A name is one to four capitalised words ("Driver Easy", "CCleaner", "AVG Driver Updater 2");
    # matched case-sensitively, so "download the driver" names nothing.
    name = r"(?P<name>[A-Z][\w.+&-]*[\w+](?:\s+(?:[A-Z][\w.+&-]*[\w+]|\d+(?:\.\d+)*)){0,3})"
    acquire = (rf"\b(?i:{_words(words.acquire_verbs)})\s+(?:(?i:{_words(words.fillers)})\s+){{0,5}}{name}")
    titled = rf"\b(?i:{_words(words.title_verbs)})\s+(?:(?i:{_words(words.fillers)})\s+){{0,5}}{name}"
    return PromotionRules(
        acquire=re.compile(acquire),
        titled=re.compile(titled),
        commercial=re.compile(rf"\b(?:{_words(words.commercial_cues)})\b", re.IGNORECASE),
        product_link=re.compile(rf"(?:{_words(words.product_link_words)})", re.IGNORECASE),
        not_products=frozenset(n.lower() for n in words.not_products),
        trailing_words=frozenset(words.name_trailing_words),
        min_letters_in_url=words.min_name_letters_in_url,
        cost_window=words.cost_window_steps,
    )
