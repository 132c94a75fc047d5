"""The rule set: every heuristic extractor applies, as one frozen, validated value.

    Rules
    ├── boilerplate   data/boilerplate.toml      what is cut from the content, under which kind
    ├── steps         data/steps.toml            language-neutral step patterns, limits, origin examples
    ├── html          data/html_boilerplate.toml page chrome and main-content scoring (HTML reader)
    ├── metadata      data/metadata.toml         front-matter key spellings, date formats
    └── languages     data/lang/<code>.toml      words of one language: verbs, step labels, cues ...

``default_rules()`` loads the packaged files once per process; ``Rules.load(path)`` merges a user's
TOML file over them (see ``merge`` for how). Everything is checked at load, before any input is read:
unknown keys, unknown boilerplate kinds (against ``model.BoilerplateKind``), broken regular
expressions and wrong types raise ``RulesError`` naming the file, the rule and the field.

Every language's words apply to every article (articles seldom say which language they are in, and
one page often mixes two): a language file adds words, it never switches another language off.
``Rules.words`` is that union, compiled once; stages read it, never a language directly.

``Rules.digest`` is a SHA-256 of the canonical JSON of the validated value: records carry it
(``source.rules_digest``) and the run state keys on it together with ``code_digest()``, so a changed
rule or a changed line of code can never hide behind a stale record (black keys its cache the same way).
"""
from __future__ import annotations

import contextvars
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Iterator

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, ValidationError

from .errors import RulesError
from .model import BoilerplateKind, Metadata


# -- field types: compiled at load, written back as text ------------------------------------------

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


# -- boilerplate.toml -----------------------------------------------------------------------------

class KindRule(Described):
    name: str
    kind: BoilerplateKind
    enabled: bool = True  # a user file sets false to switch a packaged rule off


class TextRule(KindRule):
    """Matched against visible text (phrases, lead-ins) or raw markup."""

    pattern: Pattern
    max_chars: int = Field(10**9, ge=1)


class RegionRule(KindRule):
    begin: Pattern
    end: Pattern


class PromoLinkRule(KindRule):
    text: Pattern
    url: Pattern
    max_chars: int = Field(10**9, ge=1)


class StructuralRule(KindRule):
    """A boilerplate decision made by the shape of a block (link density, repetition), not a phrase.

    The code names the rule; the data says its kind. Examples are whole Markdown articles, and
    extracting one must cut a block under this rule's name."""


class LinkDensity(_Rule):
    min_links: int = Field(ge=1)
    min_link_text_share: float = Field(gt=0, le=1)


class Duplicate(_Rule):
    min_chars: int = Field(ge=1)


class BoilerplateLimits(_Rule):
    markup_max_prose_chars: int = Field(ge=0)
    lead_in_max_chars: int = Field(ge=1)
    promo_step_min_chars: int = Field(ge=0)
    short_link_line_max_chars: int = Field(ge=1)
    tag_max_words: int = Field(ge=1)
    anchor_list_min_items: int = Field(ge=1)
    anchor_min_link_share: float = Field(ge=0, le=1)
    promo_lead_up_blocks: int = Field(ge=0)
    promo_lead_up_max_chars: int = Field(ge=0)
    merge_gap_lines: int = Field(ge=0)


class BoilerplateSection(_Rule):
    markup: tuple[TextRule, ...] = ()
    region: tuple[RegionRule, ...] = ()
    lead_in: tuple[TextRule, ...] = ()
    phrase: tuple[TextRule, ...] = ()
    promo_link: tuple[PromoLinkRule, ...] = ()
    structural: tuple[StructuralRule, ...] = ()
    link_density: LinkDensity
    duplicate: Duplicate
    limits: BoilerplateLimits

    def verdict(self, name: str) -> tuple[str, str]:
        """(kind, name) of a structural rule, for the stage that applies it."""
        return self.structural_verdicts[name]

    @cached_property
    def structural_verdicts(self) -> dict[str, tuple[str, str]]:
        return {rule.name: (rule.kind, rule.name) for rule in self.structural}

    @cached_property
    def lead_in_names(self) -> frozenset[str]:
        return frozenset(rule.name for rule in self.lead_in)

    # the names stages and checks used before the rules were one value
    @property
    def phrases(self) -> tuple[TextRule, ...]:
        return self.phrase

    @property
    def regions(self) -> tuple[RegionRule, ...]:
        return self.region


# -- steps.toml -----------------------------------------------------------------------------------

class StepLimits(_Rule):
    """Cut-offs of the step finder; steps.toml says why each value."""

    min_steps: int = Field(ge=1)
    pseudo_heading_max_chars: int = Field(ge=1)
    pseudo_heading_min_words: int = Field(ge=1)
    anchor_min_link_share: float = Field(ge=0, le=1)
    gerund_window_chars: int = Field(ge=1)
    instruction_window_chars: int = Field(ge=1)
    instruction_window_words: int = Field(ge=1)
    action_window_chars: int = Field(ge=1)
    intro_action_share: float = Field(ge=0, le=1)
    after_steps_action_share: float = Field(ge=0, le=1)
    continued_bullets_action_share: float = Field(ge=0, le=1)
    default_action_share: float = Field(ge=0, le=1)
    default_action_minimum: int = Field(ge=0)
    keep_instruction_share: float = Field(ge=0, le=1)
    label_max_gap: int = Field(ge=1)
    number_max_gap: int = Field(ge=1)
    lead_in_title_max_chars: int = Field(ge=1)
    command_line_max_chars: int = Field(ge=1)
    continuation_max_chars: int = Field(ge=1)
    language_sample_words: int = Field(ge=1)
    language_min_words: int = Field(ge=0)
    toc_min_key_chars: int = Field(ge=0)
    toc_min_hits: int = Field(ge=1)
    toc_hit_share: float = Field(ge=0, le=1)
    ui_label_max_chars: int = Field(ge=1)
    ui_label_max_words: int = Field(ge=1)
    outcome_paragraphs: int = Field(ge=0)
    ingredient_max_words: int = Field(ge=0)
    quantity_line_max_words: int = Field(ge=0)
    ingredient_list_share: float = Field(ge=0, le=1)


class OriginExamples(Described):
    """Articles (Markdown, or HTML when they start with ``<``) that must give a procedure of this origin."""


class StepsSection(_Rule):
    paragraph_number: CasePatternField
    inline_number: CasePatternField
    # "Step N" labels in every language: {step_words} and {number_words} are filled from the languages
    step_label_template: str
    english_min_share: float = Field(ge=0, le=1)
    limits: StepLimits
    origin: dict[str, OriginExamples] = {}


# -- lang/<code>.toml -----------------------------------------------------------------------------

class Instruction(Described):
    """Examples: sentences that read as an instruction (``units.is_instruction``)."""


class HtmlWords(_Rule):
    # class/id/itemprop words of a steps container (regex fragments: "instructions?")
    container_words: tuple[str, ...] = ()
    # heading texts under which the list is a recipe's or how-to's steps (regex fragments)
    step_heading_words: tuple[str, ...] = ()
    # words that start an ingredient line like a number does ("a pinch of salt"; plain text)
    quantity_words: tuple[str, ...] = ()


class Language(_Rule):
    """The words of one language. Every field is optional: a language gives what it knows."""

    language: str = ""  # its name in English, for people reading the file
    imperative_verbs: Words = frozenset()
    lead_words: Words = frozenset()
    action_words: Words = frozenset()
    common_words: Words = frozenset()
    modal_subjects: Words = frozenset()
    modal_verbs: Words = frozenset()
    infinitive_markers: Words = frozenset()
    instruction: Instruction = Instruction()
    step_words: tuple[str, ...] = ()
    number_words: tuple[str, ...] = ()
    lead_clause: PatternField | None = None
    steps_intro: PatternField | None = None
    steps_heading: PatternField | None = None
    continuation_start: PatternField | None = None
    continuation_exclude: PatternField | None = None
    inline_note: PatternField | None = None
    note_prefix: PatternField | None = None
    outcome_cue: PatternField | None = None
    check_title: PatternField | None = None
    ui_patterns: tuple[CasePatternField, ...] = ()
    keys: dict[str, str] = {}
    html: HtmlWords = HtmlWords()


# -- html_boilerplate.toml (read by readers/html_main.py) -------------------------------------------

class HtmlDrop(_Rule):
    tags: tuple[str, ...]
    hidden_classes: tuple[str, ...]


class HtmlProtect(_Rule):
    max_prose_share: float = Field(ge=0, le=1)
    pattern: Pattern


class HtmlRegion(KindRule):
    pattern: Pattern | None = None
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


class HtmlScore(_Rule):
    positive: Pattern
    negative: Pattern
    paragraph_tags: tuple[str, ...]
    min_paragraph_chars: int = Field(ge=0)
    sibling_share: float = Field(ge=0, le=1)
    sibling_min_score: float = Field(ge=0)


class HtmlLinkDensity(_Rule):
    min_links: int = Field(ge=1)
    max_share: float = Field(ge=0, le=1)


class HtmlSection(_Rule):
    drop: HtmlDrop
    protect: HtmlProtect
    region: tuple[HtmlRegion, ...] = ()
    score: HtmlScore
    link_density: HtmlLinkDensity


# -- metadata.toml --------------------------------------------------------------------------------

# Fields front matter may fill by name (``extra`` holds what fills none; list fields take lists).
METADATA_FIELDS = frozenset(Metadata.model_fields) - {"extra"}
LIST_FIELDS = frozenset(name for name, field in Metadata.model_fields.items()
                        if name != "extra" and "list" in str(field.annotation))


def _known_fields(value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    unknown = sorted(set(value) - METADATA_FIELDS)
    if unknown:
        raise ValueError(f"not a metadata field: {', '.join(unknown)} (fields: {', '.join(sorted(METADATA_FIELDS))})")
    return value


class DateFormats(Described):
    """Examples: dates written in one of ``formats``."""

    formats: tuple[str, ...]


class MetadataSection(_Rule):
    fields: Annotated[dict[str, tuple[str, ...]], AfterValidator(_known_fields)]
    dates: DateFormats


# -- the combined view stages read --------------------------------------------------------------

@dataclass(frozen=True)
class StepRules:
    """Every language's step words in one place, compiled: what ``units``, ``procedures``, ``build``
    and ``annotate`` read."""

    verbs: frozenset[str]
    lead_words: frozenset[str]
    lead_clause: re.Pattern
    action_words: frozenset[str]
    modal_subjects: frozenset[str]
    modal_verbs: frozenset[str]
    infinitive_markers: frozenset[str]
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
    limits: StepLimits


@dataclass(frozen=True)
class HtmlStepWords:
    instructions: re.Pattern
    step_heading: re.Pattern
    quantity: re.Pattern


_NEVER = re.compile(r"(?!)")  # a language-specific pattern no language gives matches nothing


def _union(patterns: list[re.Pattern | None]) -> re.Pattern:
    given = [p for p in patterns if p is not None]
    if not given:
        return _NEVER
    if len(given) == 1:
        return given[0]
    return re.compile("|".join(f"(?:{p.pattern})" for p in given), given[0].flags)


# -- the value --------------------------------------------------------------------------------------

class Rules(_Rule):
    """One validated rule set. Build it with ``default_rules()`` or ``Rules.load(path)``."""

    boilerplate: BoilerplateSection
    steps: StepsSection
    html: HtmlSection
    metadata: MetadataSection
    languages: dict[str, Language]

    @classmethod
    def load(cls, path: str | Path) -> Rules:
        """The packaged rules with the user's TOML file at ``path`` merged over them."""
        return load_rules(Path(path))

    @cached_property
    def words(self) -> StepRules:
        return _step_rules(self)

    @cached_property
    def html_steps(self) -> HtmlStepWords:
        langs = list(self.languages.values())
        containers = "|".join(w for lang in langs for w in lang.html.container_words)
        headings = "|".join(w for lang in langs for w in lang.html.step_heading_words)
        return HtmlStepWords(
            instructions=re.compile(rf"(?:^|[\s_-]|[a-z](?=[A-Z]))(?:{containers or '(?!)'})(?:[\s_-]|$|[A-Z])",
                                    re.IGNORECASE),
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


def _step_rules(rules: Rules) -> StepRules:
    langs = list(rules.languages.values())

    def words(field: str) -> frozenset[str]:
        return frozenset().union(*(getattr(lang, field) for lang in langs))

    def pattern(field: str) -> re.Pattern:
        return _union([getattr(lang, field).pattern if getattr(lang, field) else None for lang in langs])

    number_words = tuple(w for lang in langs for w in lang.number_words)
    template = rules.steps.step_label_template
    step_words = "|".join(w for lang in langs for w in lang.step_words) or "(?!)"
    label = template.replace("{step_words}", step_words).replace("{number_words}", "|".join(number_words) or "(?!)")
    keys: dict[str, str] = {}
    for lang in langs:
        keys.update(lang.keys)
    return StepRules(
        verbs=words("imperative_verbs"), lead_words=words("lead_words"), lead_clause=pattern("lead_clause"),
        action_words=words("action_words"), modal_subjects=words("modal_subjects"), modal_verbs=words("modal_verbs"),
        infinitive_markers=words("infinitive_markers"),
        step_label=re.compile(label, re.IGNORECASE), number_words=number_words,
        paragraph_number=rules.steps.paragraph_number.pattern, inline_number=rules.steps.inline_number.pattern,
        steps_intro=pattern("steps_intro"), steps_heading=pattern("steps_heading"), note_prefix=pattern("note_prefix"),
        continuation_start=pattern("continuation_start"), continuation_exclude=pattern("continuation_exclude"),
        inline_note=pattern("inline_note"), outcome_cue=pattern("outcome_cue"), check_title=pattern("check_title"),
        ui_patterns=tuple(p.pattern for lang in langs for p in lang.ui_patterns),
        english_words=rules.languages["en"].common_words if "en" in rules.languages else frozenset(),
        english_min_share=rules.steps.english_min_share, keys=keys, limits=rules.steps.limits,
    )


# -- loading ----------------------------------------------------------------------------------------

# The packaged files and the section of Rules each one fills.
SECTION_FILES = {"boilerplate": "boilerplate.toml", "steps": "steps.toml", "html": "html_boilerplate.toml",
                 "metadata": "metadata.toml"}
LANGUAGE_DIR = "lang"


def _data_dir():
    return resources.files("extractor.data")


def _read_toml(source, label: str) -> dict[str, Any]:
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"not valid TOML: {exc}", file=label) from None
    except OSError as exc:
        raise RulesError(f"cannot read: {exc.strerror or exc}", file=label) from None


def packaged_raw() -> tuple[dict[str, Any], dict[tuple, str]]:
    """The packaged rule files as one raw dict, and which file each top-level part came from."""
    data = _data_dir()
    raw: dict[str, Any] = {}
    origins: dict[tuple, str] = {}
    for section, name in SECTION_FILES.items():
        raw[section] = _read_toml(data.joinpath(name), _label(name))
        origins[(section,)] = _label(name)
    raw["languages"] = {}
    # English first: the order languages' patterns are tried in (and printed in)
    for entry in sorted(data.joinpath(LANGUAGE_DIR).iterdir(), key=lambda e: (e.name != "en.toml", e.name)):
        if entry.name.endswith(".toml"):
            code = entry.name.removesuffix(".toml")
            raw["languages"][code] = _read_toml(entry, _label(f"{LANGUAGE_DIR}/{entry.name}"))
            origins[("languages", code)] = _label(f"{LANGUAGE_DIR}/{entry.name}")
    return raw, origins


def _label(name: str) -> str:
    return f"extractor/data/{name}"


def merge(base: Any, over: Any) -> Any:
    """A user's rules over the packaged ones.

    Tables merge key by key; an array of named rules (``[[boilerplate.phrase]]``) merges by ``name``:
    a rule with a known name changes only the keys it gives, a new name is added at the end, and
    ``enabled = false`` takes a rule out. Any other value (a word list, a number) replaces the old one.
    """
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    if _named_rules(base) and _named_rules(over):
        merged_rules = [dict(rule) for rule in base]
        index = {rule["name"]: i for i, rule in enumerate(merged_rules)}
        for rule in over:
            if rule["name"] in index:
                merged_rules[index[rule["name"]]] = merge(merged_rules[index[rule["name"]]], rule)
            else:
                merged_rules.append(rule)
        return merged_rules
    return over


def _named_rules(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) and "name" in v for v in value)


def _drop_disabled(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_disabled(v) for k, v in value.items()}
    if _named_rules(value):
        return [_drop_disabled(v) for v in value if v.get("enabled", True) is not False]
    return value


def validate(raw: dict[str, Any], origins: dict[tuple, str], user: dict[str, Any] | None = None,
             user_label: str = "") -> Rules:
    """Validate merged raw rules; the first problem raises RulesError naming file, rule and field."""
    try:
        return Rules.model_validate(_drop_disabled(raw))
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        file = user_label if user is not None and _has_path(user, raw, loc) else _origin_of(loc, origins)
        rule, where = _rule_at(raw, loc)
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        raise RulesError(f"{where}: {message}", file=file, rule=rule, field=str(loc[-1]) if loc else None,
                         count=exc.error_count()) from None


def _origin_of(loc: tuple, origins: dict[tuple, str]) -> str:
    for length in (2, 1):
        if loc[:length] in origins:
            return origins[loc[:length]]
    return "rules"


def _rule_at(raw: Any, loc: tuple) -> tuple[str | None, str]:
    """The name of the rule a location falls in (the innermost table with a ``name``), and the
    location written as a TOML key path."""
    node, name, parts = raw, None, []
    for key in loc:
        if isinstance(key, int):
            parts[-1] += f"[{key}]"
        else:
            parts.append(str(key))
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("name"), str):
            name = node["name"]
    return name, ".".join(parts)


def _has_path(user: Any, merged: Any, loc: tuple) -> bool:
    """Did the user's file write the value at ``loc``? (named rules are followed by name)"""
    node_user, node_merged = user, merged
    for key in loc:
        if isinstance(key, int):
            if not isinstance(node_merged, list) or key >= len(node_merged) or not isinstance(node_user, list):
                return False
            item = node_merged[key]
            name = item.get("name") if isinstance(item, dict) else None
            match = [u for u in node_user if isinstance(u, dict) and u.get("name") == name] if name else []
            if not match:
                return False
            node_user, node_merged = match[0], item
        else:
            if not isinstance(node_user, dict) or key not in node_user:
                return isinstance(node_user, (str, int, float, list)) and node_user is not None
            node_user, node_merged = node_user[key], (node_merged or {}).get(key) if isinstance(node_merged, dict) else None
    return True


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The packaged rules, loaded and checked once per process."""
    raw, origins = packaged_raw()
    return validate(raw, origins)


def load_rules(path: Path) -> Rules:
    raw, origins = packaged_raw()
    user = _read_toml(path, str(path))
    return validate(merge(raw, user), origins, user=user, user_label=str(path))


# -- writing TOML (the standard library reads it but does not write it) --------------------------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def dump_toml(data: dict[str, Any]) -> str:
    """TOML for nested dicts and lists of strings, numbers, booleans and tables (None is left out)."""
    lines: list[str] = []
    _dump_table(data, [], lines)
    return "\n".join(lines).strip() + "\n"


def _dump_table(table: dict[str, Any], path: list[str], lines: list[str]) -> None:
    tables, arrays = [], []
    for key, value in table.items():
        if value is None:
            continue
        if isinstance(value, dict):
            tables.append((key, value))
        elif _is_array_of_tables(value):
            arrays.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in tables:
        # a table that holds only tables needs no header of its own ([a.b] implies [a])
        if not value or any(v is not None and not isinstance(v, dict) and not _is_array_of_tables(v)
                            for v in value.values()):
            lines += ["", f"[{'.'.join(_toml_key(k) for k in path + [key])}]"]
        _dump_table(value, path + [key], lines)
    for key, items in arrays:
        for item in items:
            lines += ["", f"[[{'.'.join(_toml_key(k) for k in path + [key])}]]"]
            _dump_table(item, path + [key], lines)


def _is_array_of_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # regular expressions read best as literal strings; anything a literal cannot hold is escaped
        if "'" not in value and "\n" not in value and not any(ord(c) < 32 for c in value):
            return f"'{value}'"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


# -- the rules in force for the document being extracted ----------------------------------------

# Readers that do not take the rules as an argument yet (the HTML reader's step-container words)
# read them from here; the pipeline sets it around each document, so ``--rules`` reaches them too.
_active: contextvars.ContextVar[Rules | None] = contextvars.ContextVar("extractor_rules", default=None)


def active_rules() -> Rules:
    return _active.get() or default_rules()


class using:
    """``with using(rules): ...`` makes ``rules`` the active rules for the block."""

    def __init__(self, rules: Rules):
        self.rules = rules

    def __enter__(self) -> Rules:
        self._token = _active.set(self.rules)
        return self.rules

    def __exit__(self, *exc) -> None:
        _active.reset(self._token)


# -- the code's identity ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over the package's own files (code and data), read once per process: an edited
    installed package is a different extractor, whatever its version string says."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(_package_files(root)):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _package_files(root: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            yield path
