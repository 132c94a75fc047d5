"""The rule set: every heuristic extractor applies, as one frozen, validated value.

    Rules
    ├── boilerplate   data/boilerplate.toml      what is cut from the content, under which kind
    ├── steps         data/steps.toml            language-neutral step patterns, limits, origin examples
    ├── html          data/html_boilerplate.toml page chrome and main-content scoring (HTML reader)
    ├── metadata      data/metadata.toml         front-matter key spellings, date formats
    ├── site_template data/site_template.toml    when a line recurring across a site is its template
    ├── furniture     data/furniture.toml        the web's widgets in ten languages (stages/furniture.py)
    ├── language_detection data/languages.toml   cut-offs for telling an article's language
    ├── annotations   data/annotations.toml      key names, what is no UI element, product marking
    ├── html_cards    data/html_cards.toml       recipe and how-to cards in HTML: groups, ingredients, labels
    ├── page_types    data/html_page_types.toml  what tells a forum thread, a product page (HTML reader)
    └── languages     data/lang/<code>.toml      words of one language: verbs, step labels, cues, months ...

A pattern in any file may name a language word list: ``%month_name%`` and ``%weekday_name%`` stand for
every language's month and weekday names (``rules/vocabulary.py``), so dates are read in one place.

``default_rules()`` loads the packaged files once per process; ``Rules.load(path)`` merges a user's
TOML file over them (see ``merge`` for how). Everything is checked at load, before any input is read:
unknown keys, unknown boilerplate kinds (against ``model.BoilerplateKind``), broken regular
expressions and wrong types raise ``RulesError`` naming the file, the rule and the field.

Every language's words apply to every article (one page often mixes two): a language file adds words,
it never switches another language off. ``Rules.words`` is that union, compiled once; stages read
it, never a language directly. One exception, the instruction test of the procedures stage: it
reads the verbs of the language the text is in, and English (``Rules.words_for(language)``).

``Rules.digest`` is a SHA-256 of the canonical JSON of the validated value: records carry it
(``source.rules_digest``) and the run state keys on it together with ``code_digest()``, so a changed
rule or a changed line of code can never hide behind a stale record (black keys its cache the same way).
"""
from __future__ import annotations

import contextlib
import contextvars
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .fields import CasePatternRule, Described, PatternRule
from .load import default_rules, load_rules, merge
from .sections import (LIST_FIELDS, METADATA_FIELDS, BoilerplateSection, HtmlSection, Language, MetadataSection,
                       StepLimits, StepsSection)
from .toml import dump_toml
from .value import HtmlStepWords, Rules, StepRules

__all__ = [
    "LIST_FIELDS", "METADATA_FIELDS", "BoilerplateSection", "CasePatternRule", "Described", "HtmlSection",
    "HtmlStepWords", "Language", "MetadataSection", "PatternRule", "Rules", "StepLimits", "StepRules", "StepsSection",
    "active_rules", "code_digest", "default_rules", "dump_toml", "load_rules", "merge", "using",
]


# -- the rules in force for the document being extracted ----------------------------------------

# Readers that do not take the rules as an argument yet (the HTML reader's step-container words)
# read them from here; the pipeline sets it around each document, so ``--rules`` reaches them too.
_active: contextvars.ContextVar[Rules | None] = contextvars.ContextVar("extractor_rules", default=None)


def active_rules() -> Rules:
    rules = _active.get()
    return rules if rules is not None else default_rules()


@contextlib.contextmanager
def using(rules: Rules) -> Iterator[Rules]:
    """``with using(rules): ...`` makes ``rules`` the active rules inside the block."""
    token = _active.set(rules)
    try:
        yield rules
    finally:
        _active.reset(token)


# -- the code's identity ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over the package's own files (code and data), read once per process: an edited
    installed package is a different extractor, whatever its version string says."""
    root = Path(__file__).resolve().parent.parent  # extractor/
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
