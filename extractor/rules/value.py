"""The ``Rules`` value, and the compiled views of it that stages read."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..memo import MISSING, Memo
from ..words import UNSPACED_CHARACTER
from .fields import _Rule
from .literals import _anchored as anchored
from .literals import case_blind_literals, first_characters, lowered_for_literals
from .sections import (AnnotationsSection, BoilerplateSection, FurnitureSection, HtmlCardsSection, HtmlSection,
                       Language, LanguageDetectionSection, MetadataSection, PageTypesSection, SiteTemplateSection,
                       StepLimits, StepsSection)
from .toml import dump_toml


# -- the combined view stages read --------------------------------------------------------------

@dataclass(frozen=True)
class StepRules:
    """Every language's step words in one place, compiled: what ``units``, ``procedures``, ``build``
    and ``annotate`` read."""

    verbs: frozenset[str]
    lead_words: frozenset[str]
    lead_clause: re.Pattern
    imperative_form: re.Pattern
    infinitive_form: re.Pattern
    action_words: frozenset[str]
    modal_subjects: frozenset[str]
    modal_verbs: frozenset[str]
    infinitive_markers: frozenset[str]
    step_label: re.Pattern
    method_label: re.Pattern
    method_word: re.Pattern  # a word of lang method_words anywhere ("How to fix ...", "3 ways to ..."), plurals too
    number_words: tuple[str, ...]
    paragraph_number: re.Pattern
    inline_number: re.Pattern
    inline_cjk_number: re.Pattern
    steps_intro: re.Pattern
    steps_heading: re.Pattern
    sequence_heading: re.Pattern
    numbered_heading: re.Pattern
    ranked_heading: re.Pattern
    requirements_heading: re.Pattern
    caution_item: re.Pattern
    sub_numbered_heading: re.Pattern
    menu_path: re.Pattern
    platform_label: re.Pattern
    platform_heading: re.Pattern
    listicle_title: re.Pattern
    caution_intro: re.Pattern
    outline_intro: re.Pattern
    advice_intro: re.Pattern
    means_label: re.Pattern
    alternatives_intro: re.Pattern
    purpose_intro: re.Pattern
    sequel_intro: re.Pattern
    legend_intro: re.Pattern
    note_prefix: re.Pattern
    continuation_start: re.Pattern
    continuation_exclude: re.Pattern
    purpose_clause: re.Pattern
    inline_note: re.Pattern
    outcome_cue: re.Pattern
    check_title: re.Pattern
    ui_patterns: tuple[re.Pattern, ...]
    keys: dict[str, str]
    limits: StepLimits
    # "un", "deux", "一": the number each language's number_words stand for (languages' lists differ in length)
    number_values: dict[str, int] = field(default_factory=dict)
    # words written without spaces (Chinese, Japanese) are matched as text, not as words
    joined_verbs: tuple[str, ...] = ()
    joined_actions: tuple[str, ...] = ()
    joined_lead_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class LanguageWords:
    """What the language detector reads: each function word's weight per language (a word several
    languages list counts for each, divided), and the cut-offs."""

    cutoffs: LanguageDetectionSection
    weights: dict[str, dict[str, float]]  # word -> {language: weight}
    script_languages: tuple[str, ...] = ("ja", "zh")  # told by their script, not by words
    _outside: dict = field(default_factory=dict, compare=False, repr=False)  # languages -> words_outside

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({lang for by_lang in self.weights.values() for lang in by_lang}
                            | set(self.script_languages)))

    def words_outside(self, languages: frozenset[str]) -> frozenset[str]:
        """The function words that count for some language not in ``languages`` (one set per set of
        languages asked about: a run meets few)."""
        found = self._outside.get(languages)
        if found is None:
            found = self._outside[languages] = frozenset(
                word for word, by_lang in self.weights.items() if not languages.issuperset(by_lang))
        return found


@dataclass(frozen=True)
class HtmlStepWords:
    instructions: re.Pattern
    step_heading: re.Pattern
    quantity: re.Pattern


class _PatternProxy:
    """A compiled pattern with a faster way to one of its methods: everything it does not define (``sub``,
    ``pattern``, ``flags`` ...) is the wrapped pattern's (``pattern_object``)."""

    pattern_object: re.Pattern

    def __getattr__(self, name: str):
        if name == "pattern_object":  # (unpickling: not set yet)
            raise AttributeError(name)
        return getattr(self.pattern_object, name)


class PrefilteredPattern(_PatternProxy):
    """A compiled pattern whose ``search`` first asks a cheaper question: does the (ASCII) text hold,
    in any case, the leading literal of one of the pattern's alternatives? When none is there the
    pattern cannot match, and the regex is not run. Results are the pattern's own (the same Match,
    or None); anything else (``match``, ``pattern``, ``flags`` ...) is the pattern's.

    ``search`` of the HTML steps-container words runs on every element's class/id (75 k calls over
    the AEB pages), and almost none hold one of the words."""

    def __init__(self, pattern: re.Pattern, alternatives: list[str]) -> None:
        self.pattern_object = pattern
        self.needles = _leading_literals(alternatives)
        # any needle in the text, in one scan (the same answer as testing them one by one)
        self._any_needle = re.compile("|".join(map(re.escape, self.needles))).search if self.needles else None
        self._possible = Memo(maxsize=8192)  # a page's class names recur from element to element

    def search(self, string: str, *args):
        if self.needles and not args:
            possible = self._possible.get(string)
            if possible is None:
                possible = self._possible.get_or(string, lambda: self._may_match(string))
            if not possible:
                return None
        return self.pattern_object.search(string, *args)

    def search_once(self, string: str):
        """``search`` without remembering the pre-check's answer: for a caller that remembers its own
        answers (``html_steps.names_instructions``), where a second memo only costs."""
        if self.needles and string.isascii() and self._any_needle(string.lower()) is None:  # type: ignore[misc]
            return None
        return self.pattern_object.search(string)

    def _may_match(self, string: str) -> bool:
        if not string.isascii():
            return True
        return self._any_needle(string.lower()) is not None  # type: ignore[misc]

    may_match = _may_match  # False: ``search`` cannot match ``string`` (it holds none of the leading literals)

    def part_may_match(self, string: str) -> bool:
        """``may_match``, remembered (the memo ``search`` keeps)."""
        possible = self._possible.get(string)
        if possible is None:
            possible = self._possible.get_or(string, lambda: self._may_match(string))
        return possible


def _leading_literals(alternatives: list[str]) -> tuple[str, ...]:
    """The lower-cased literal each regex fragment starts with ("recipe-?steps?" -> "recipe"), or ()
    when one of them starts with anything else or is not plain ASCII (then no pre-check is safe:
    case-insensitive matching folds some non-ASCII letters onto ASCII ones)."""
    from re import _parser  # the stdlib's own parse of a pattern: what a fragment starts with

    needles = []
    for fragment in alternatives:
        literal = []
        try:
            parsed = _parser.parse(fragment)
        except re.error:
            return ()
        for op, value in parsed:
            if op is not _parser.LITERAL:
                break
            literal.append(chr(value))
        needle = "".join(literal).lower()
        if not needle or not needle.isascii() or not needle.isalnum():
            return ()
        needles.append(needle)
    return tuple(needles)


_NEVER = re.compile(r"(?!)")  # a language-specific pattern no language gives matches nothing


def _union(patterns: list[re.Pattern | None]) -> re.Pattern:
    given = [p for p in patterns if p is not None]
    if not given:
        return _NEVER
    union = given[0] if len(given) == 1 else re.compile("|".join(f"(?:{p.pattern})" for p in given), given[0].flags)
    if union.groups or all(map(anchored, given)):
        return union  # (an anchored pattern is tried at the start alone: there is nothing to spare)
    wrapped = UnionPattern(union, given)
    # (when most parts need no literal, most texts are searched whole anyway: the look for literals only costs)
    return wrapped if 2 * sum(needles is not None for needles in wrapped.needles) >= len(given) else union


class UnionPattern(_PatternProxy):
    """Every language's pattern for one cue as one compiled union, whose ``search`` runs only the parts
    that can match: each language's pattern needs one of a few strings ("should", "you", "voil",
    "erfolgreich": ``literals.case_blind_literals``), and a text that holds none of a part's strings is
    not searched with it. A case-blind union of ten languages tries every alternative at every position
    (0.5 to 1 us a character: 300 us for a paragraph the outcome cue searches, which the procedures stage
    asks of the paragraphs after every run), so an English paragraph is searched with few parts.

    The answer is the union's own: the same Match. The union's leftmost match is at the first position
    where any part matches, by the first part (in order) that matches there; a part that matches nowhere
    changes neither, so the union of the other parts, in their order, finds the same span (a union with
    groups is not wrapped: their numbering would change). Everything else (``match``, ``sub``,
    ``pattern`` ...) is the whole union's.

    The answer for a whole text is remembered (``_found``): the stages ask the same cue of the same
    paragraph more than once, and a site's template paragraphs recur from post to post (over 400 corpus
    posts, 11.6 k searches of 13 cues, 3.6 k distinct cue and text pairs; a search costs about 12 us, a
    remembered answer well under one). A Match is immutable, so handing the same one out again is safe."""

    def __init__(self, union: re.Pattern, parts: list[re.Pattern]) -> None:
        self.pattern_object = union
        self.parts = parts
        self.needles = [case_blind_literals(part) for part in parts]
        self._unions: dict[tuple[int, ...], re.Pattern] = {}  # by the parts left
        self._found = Memo(maxsize=1024)  # the answer (a Match or None) by text searched whole

    def search(self, string: str, *args):
        if args:
            return self.pattern_object.search(string, *args)
        found = self._found.get(string, MISSING)
        if found is MISSING:
            found = self._found.get_or(string, lambda: self._search(string))
        return found

    def _search(self, string: str):
        lowered = lowered_for_literals(string)
        if lowered is None:
            return self.pattern_object.search(string)
        left = []
        for index, needles in enumerate(self.needles):
            if needles is None:
                left.append(index)
                continue
            for needle in needles:
                if needle in lowered:
                    left.append(index)
                    break
        if len(left) == len(self.parts):
            return self.pattern_object.search(string)
        if not left:
            return None
        key = tuple(left)
        union = self._unions.get(key)
        if union is None:
            union = self._unions[key] = re.compile("|".join(f"(?:{self.parts[i].pattern})" for i in key),
                                                   self.pattern_object.flags)
        return union.search(string)

    def __reduce__(self):
        return UnionPattern, (self.pattern_object, self.parts)


class FirstCharacterPattern(_PatternProxy):
    """A pattern whose ``match`` is not tried on a text starting with an ASCII character no match can start
    with (``literals.first_characters``): "Step 1:", "Schritt 2", "First step:" start with a few letters
    only, and the step label pattern, every language's step and number words in one, costs several us
    a try (the units and furniture passes try it on every paragraph and bold label). The same answers;
    everything else is the pattern's."""

    def __init__(self, pattern: re.Pattern, firsts: frozenset[str]) -> None:
        self.pattern_object = pattern
        self.firsts = firsts
        self._starts = frozenset(firsts | {c.upper() for c in firsts})  # in either case

    def match(self, string: str, *args):
        if not args and string and string[0] not in self._starts and string[0].isascii():
            return None
        return self.pattern_object.match(string, *args)

    def __reduce__(self):
        return FirstCharacterPattern, (self.pattern_object, self.firsts)


def _first_character_guarded(pattern: re.Pattern) -> re.Pattern:
    firsts = first_characters(pattern)
    return pattern if firsts is None else FirstCharacterPattern(pattern, firsts)


# -- the value --------------------------------------------------------------------------------------

class Rules(_Rule):
    """One validated rule set. Build it with ``default_rules()`` or ``Rules.load(path)``."""

    boilerplate: BoilerplateSection
    steps: StepsSection
    html: HtmlSection
    metadata: MetadataSection
    site_template: SiteTemplateSection
    language_detection: LanguageDetectionSection
    furniture: FurnitureSection
    annotations: AnnotationsSection
    html_cards: HtmlCardsSection
    page_types: PageTypesSection
    languages: dict[str, Language]

    @classmethod
    def load(cls, path: str | Path) -> Rules:
        """The packaged rules with the user's TOML file at ``path`` merged over them."""
        from .load import load_rules

        return load_rules(Path(path))

    @cached_property
    def words(self) -> StepRules:
        """Every language's step words together: for text whose language is not known."""
        return _step_rules(self, list(self.languages.values()))

    @cached_property
    def verb_languages(self) -> frozenset[str]:
        """The languages whose instructions the rules can recognise (they list imperative verbs)."""
        return frozenset(code for code, lang in self.languages.items() if lang.imperative_verbs)

    def words_for(self, language: str | None) -> StepRules:
        """The step words an article in ``language`` is read with: the instruction test's words of its own
        language and English (technical text in any language quotes English labels and commands), or of
        every language when the language is not known or has no verbs of its own."""
        if language not in self.verb_languages:
            return self.words
        words = self.words_by_language.get(language)
        if words is None:  # (a verb of another language never makes a step)
            words = self.words_by_language[language] = _step_rules(
                self, [lang for code, lang in self.languages.items() if code in (language, "en")], known=True)
        return words

    @cached_property
    def words_by_language(self) -> dict[str, StepRules]:  # filled by words_for, one entry per language met
        return {}

    @cached_property
    def furniture_rules(self):  # -> data.furniture.FurnitureRules (compiled per language on use)
        from ..data.furniture import compile_furniture

        return compile_furniture(self.furniture)

    @cached_property
    def page_type_rules(self):  # -> readers.html_page_type.PageTypeRules
        from ..readers.html_page_type import compile_page_types

        return compile_page_types(self.page_types)

    @cached_property
    def annotation_rules(self):  # -> stages.annotation_rules.AnnotationRules
        from ..stages.annotation_rules import compile_annotations

        return compile_annotations(self.annotations)

    @cached_property
    def language_words(self) -> LanguageWords:
        weights: dict[str, dict[str, float]] = {}
        for code, lang in self.languages.items():
            for word in lang.function_words:
                weights.setdefault(word.lower(), {})[code] = 1.0
        for by_lang in weights.values():
            for code in by_lang:
                by_lang[code] = 1.0 / len(by_lang)
        return LanguageWords(self.language_detection, weights)

    @cached_property
    def html_steps(self) -> HtmlStepWords:
        langs = list(self.languages.values())
        container_words = [w for lang in langs for w in lang.html.container_words]
        containers = "|".join(container_words)
        headings = "|".join(w for lang in langs for w in lang.html.step_heading_words)
        return HtmlStepWords(
            instructions=PrefilteredPattern(
                # a word of its own: between separators, or a camelCase part ("recipeInstructions"); the case
                # test is case-sensitive (else "methodology" and "redirection" would hold "method", "direction")
                re.compile(rf"(?:^|[\s_-]|(?-i:[a-z](?=[A-Z])))(?:{containers or '(?!)'})(?:[\s_-]|$|(?-i:[A-Z]))",
                           re.IGNORECASE), container_words),
            step_heading=re.compile(rf"^(?:(?:the\s+)?(?:{headings or '(?!)'}))\s*:?$", re.IGNORECASE),
            quantity=re.compile(r"^\s*(?:[\d½¼¾⅓⅔⅛]%s)" % "".join(
                rf"|{re.escape(w)}\b" for lang in langs for w in lang.html.quantity_words), re.IGNORECASE),
        )

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON of the whole value (sorted keys, word lists sorted)."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False,
                               separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def to_toml(self) -> str:
        """The whole rule set as one TOML file, in the shape a ``--rules`` file takes."""
        return dump_toml(self.model_dump(mode="json"))

    # Equal rule sets are equal values whatever their history; Options (frozen) hashes them.
    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rules) and other.digest == self.digest

    def __getstate__(self):  # compiled views are rebuilt where they are needed, not pickled
        state = super().__getstate__()
        state["__dict__"] = {k: v for k, v in state["__dict__"].items() if k in type(self).model_fields}
        return state


def _longest_first(words) -> str:
    """The words as one regex alternation, longest first ("十一" must not stop at "十"); one that never
    matches when there are none."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True)) or "(?!)"


def _step_rules(rules: Rules, verb_langs: list[Language], known: bool = False) -> StepRules:
    """The compiled step words. The instruction test's words (verbs, action and lead words, modals,
    the imperative's shape) come from ``verb_langs``; everything else (step labels, cues, titles of
    lists that are no procedure) from every language: a heading in another language still says what it
    says, and a label or a rejecting title cannot make a step of a sentence in another language."""
    langs = list(rules.languages.values())

    def words(field: str, among: list[Language] = langs) -> frozenset[str]:
        return frozenset().union(*(getattr(lang, field) for lang in among))

    def pattern(field: str, among: list[Language] = langs) -> re.Pattern:
        return _union([getattr(lang, field).pattern if getattr(lang, field) else None for lang in among])

    number_words = tuple(w for lang in langs for w in lang.number_words)
    number_values = {w.lower(): index for lang in langs for index, w in enumerate(lang.number_words, 1)}
    ordinal_forms = [(form, index) for lang in langs for index, entry in enumerate(lang.ordinal_words, 1)
                     for form in entry.split("|")]
    number_values.update((form.lower(), index) for form, index in ordinal_forms)
    ordinals = _longest_first(form for form, _ in ordinal_forms)
    template = rules.steps.step_label_template
    # in an article whose language is known, a step word of another language that means something else in
    # this one is no label ("Fase 1" heads a phase in Dutch)
    false_friends = words("not_step_words", verb_langs) if known else frozenset()
    step_words = "|".join(w for lang in langs for w in lang.step_words if w.lower() not in false_friends) or "(?!)"
    suffixes = "|".join(w for lang in langs for w in lang.step_suffixes) or "(?!)"
    counts = "|".join(w for lang in langs for w in lang.step_count_words) or "(?!)"
    numbers = _longest_first(number_words)
    label = (template.replace("{step_words}", step_words).replace("{number_words}", numbers).replace("{ordinal_words}", ordinals)
             .replace("{step_suffixes}", suffixes).replace("{step_count_words}", counts))
    verbs = words("imperative_verbs", verb_langs) | words("first_person_plural_verbs", verb_langs)
    actions, leads = words("action_words", verb_langs), words("lead_words", verb_langs)
    method_words = "|".join(w for lang in langs for w in lang.method_words)
    method = rules.steps.method_label_template
    method_label = (re.compile(method.replace("{method_words}", method_words).replace("{number_words}", numbers),
                               re.IGNORECASE) if method and method_words else _NEVER)
    method_word = (re.compile(r"(?<![^\W\d_])(?:" + method_words + r")(?:e?s)?(?![^\W\d_])", re.IGNORECASE)
                   if method_words else _NEVER)
    keys: dict[str, str] = {}
    for lang in langs:
        keys.update(lang.keys)
    return StepRules(
        verbs=verbs, lead_words=leads, lead_clause=pattern("lead_clause", verb_langs),
        imperative_form=pattern("imperative_form", verb_langs), infinitive_form=pattern("infinitive_form", verb_langs) if known else _NEVER,
        action_words=actions, modal_subjects=words("modal_subjects", verb_langs),
        modal_verbs=words("modal_verbs", verb_langs), infinitive_markers=words("infinitive_markers", verb_langs),
        step_label=_first_character_guarded(re.compile(label, re.IGNORECASE)), number_words=number_words,
        method_label=_first_character_guarded(method_label),
        method_word=method_word,
        paragraph_number=rules.steps.paragraph_number.pattern, inline_number=rules.steps.inline_number.pattern,
        inline_cjk_number=rules.steps.inline_cjk_number.pattern,
        steps_intro=pattern("steps_intro"), steps_heading=pattern("steps_heading"),
        sequence_heading=pattern("sequence_heading"), numbered_heading=rules.steps.numbered_heading.pattern,
        ranked_heading=_union([rules.steps.ranked_heading.pattern if rules.steps.ranked_heading else None]), listicle_title=pattern("listicle_title"),
        requirements_heading=_union([rules.steps.requirements_heading.pattern if rules.steps.requirements_heading else None]),
        caution_item=_union([rules.steps.caution_item.pattern if rules.steps.caution_item else None]),
        sub_numbered_heading=_union([rules.steps.sub_numbered_heading.pattern if rules.steps.sub_numbered_heading else None]),
        menu_path=_union([rules.steps.menu_path.pattern if rules.steps.menu_path else None]),
        platform_label=_union([rules.steps.platform_label.pattern if rules.steps.platform_label else None]),
        platform_heading=_union([rules.steps.platform_heading.pattern if rules.steps.platform_heading else None]),
        caution_intro=pattern("caution_intro"), outline_intro=pattern("outline_intro"), advice_intro=pattern("advice_intro"), note_prefix=pattern("note_prefix"),
        means_label=pattern("means_label"),
        alternatives_intro=pattern("alternatives_intro"), purpose_intro=pattern("purpose_intro"),
        sequel_intro=pattern("sequel_intro"),
        legend_intro=pattern("legend_intro"),
        continuation_start=pattern("continuation_start"), continuation_exclude=pattern("continuation_exclude"),
        purpose_clause=pattern("purpose_clause"),
        inline_note=pattern("inline_note"), outcome_cue=pattern("outcome_cue"), check_title=pattern("check_title"),
        ui_patterns=tuple(p.pattern for lang in langs for p in lang.ui_patterns),
        keys=keys, limits=rules.steps.limits,
        number_values=number_values,
        joined_verbs=_joined(verbs), joined_actions=_joined(actions), joined_lead_words=_joined(leads),
    )




def _joined(words: frozenset[str]) -> tuple[str, ...]:
    """Words of scripts written without spaces, longest first (matched as text at a position)."""
    return tuple(sorted((w for w in words if UNSPACED_CHARACTER.search(w)), key=len, reverse=True))
