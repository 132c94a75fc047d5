"""The rules in ``extractor/data/annotations.toml``, loaded once.

A tiny loader of its own so that the data restructuring in ``extractor/data/__init__.py`` can take
it over later: everything here is read through ``annotation_rules()``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import load_toml


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


@lru_cache(maxsize=1)
def annotation_rules() -> AnnotationRules:
    raw = load_toml("annotations.toml")
    ui = raw["ui"]
    return AnnotationRules(
        keys=dict(raw["keys"]), ui_stop_words=frozenset(ui["stop_words"]), typed_cue=_words(ui["typed_cues"]),
        cross_reference=re.compile(rf"(?i:{_words(ui['cross_references'])})\s+(?:\d+|[IVX]+|[A-Z])\b\.?"),
        promotion=_promotion(raw["promotion"]))


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _promotion(raw: dict) -> PromotionRules:
    # A name is one to four capitalised words ("Driver Easy", "CCleaner", "AVG Driver Updater 2");
    # matched case-sensitively, so "download the driver" names nothing.
    name = r"(?P<name>[A-Z][\w.+&-]*[\w+](?:\s+(?:[A-Z][\w.+&-]*[\w+]|\d+(?:\.\d+)*)){0,3})"
    acquire = (rf"\b(?i:{_words(raw['acquire_verbs'])})\s+(?:(?i:{_words(raw['fillers'])})\s+){{0,5}}{name}")
    titled = rf"\b(?i:{_words(raw['title_verbs'])})\s+(?:(?i:{_words(raw['fillers'])})\s+){{0,5}}{name}"
    return PromotionRules(
        acquire=re.compile(acquire),
        titled=re.compile(titled),
        commercial=re.compile(rf"\b(?:{_words(raw['commercial_cues'])})\b", re.IGNORECASE),
        product_link=re.compile(rf"(?:{_words(raw['product_link_words'])})", re.IGNORECASE),
        not_products=frozenset(n.lower() for n in raw["not_products"]),
        trailing_words=frozenset(raw["name_trailing_words"]),
        min_letters_in_url=int(raw["min_name_letters_in_url"]),
        cost_window=int(raw["cost_window_steps"]),
    )
