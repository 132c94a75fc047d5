"""Step annotations: UI elements, normalised keyboard shortcuts, and a procedure's expected outcome."""
from __future__ import annotations

import re
from functools import lru_cache

from ..data import StepRules, step_rules
from ..memo import MISSING, Memo
from .annotation_rules import annotation_rules

_MODIFIERS = {"Win", "Ctrl", "Alt", "Shift", "Cmd", "Option", "Fn"}
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"”’']?|$)")
_QUOTED = re.compile(r"[\"“]([^\"“”]{3,200}?)[\"”]")
_KEY_SEPARATOR = r"\s*(?:\+|,(?:\s*and\b)?|\band\b)\s*"


# What the annotations of a step text are, for the step rules in force: the same steps recur from
# post to post on a site (spun copies, repeated how-to blocks).
_shortcut_patterns = Memo(maxsize=1)
_shortcuts = Memo(maxsize=2048)
_ui_elements = Memo(maxsize=2048)


def _shortcut_pattern() -> tuple[re.Pattern, dict[str, str]]:
    # the key names of the rules in force, plus the extra names in data/annotations.toml
    return _shortcut_patterns.for_owner(step_rules()).get_or(None, lambda: _compiled_shortcuts(
        tuple({**annotation_rules().keys, **step_rules().keys}.items())))


@lru_cache(maxsize=4)
def _compiled_shortcuts(items: tuple[tuple[str, str], ...]) -> tuple[re.Pattern, dict[str, str]]:
    keys = dict(items)
    names = sorted(keys, key=len, reverse=True)
    key = r"(?:%s|F(?:1[0-2]|[1-9])|[A-Z0-9])" % "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    one = rf"(?:the\s+)?{key}(?:\s+key)?"
    # "Ctrl + Alt + Up Arrow", "Ctrl, Shift and Esc"; never "Shift and right-click" (a mouse action)
    combo = rf"(?<![\w+]){one}(?:{_KEY_SEPARATOR}{one})+(?![\w+])(?!\s*-?\s*click)"
    return re.compile(combo, re.IGNORECASE), {k.lower(): v for k, v in keys.items()}


def shortcuts_in(text: str) -> list[str]:
    """Key combinations in a step, normalised: "**Win** + **I**", "Windows logo key and R" -> Win+I, Win+R."""
    memo = _shortcuts.for_owner(step_rules())
    found = memo.get(text, MISSING)
    return list(memo.get_or(text, lambda: _find_shortcuts(text)) if found is MISSING else found)


def _find_shortcuts(text: str) -> list[str]:
    pattern, aliases = _shortcut_pattern()
    found: list[str] = []
    for match in pattern.finditer(text):
        parts = re.split(_KEY_SEPARATOR, match.group(0), flags=re.IGNORECASE)
        keys = [_normalise_key(part, aliases) for part in parts]
        if any(k is None for k in keys) or not all(k in _MODIFIERS for k in keys[:-1]):
            continue  # a chord is modifiers then one key: not "Windows 7 and Windows", not "Win+R+Enter"
        if len(set(keys)) < 2:
            continue
        combo = "+".join(keys)  # type: ignore[arg-type]
        if combo not in found:
            found.append(combo)
    return found


def _normalise_key(part: str, aliases: dict[str, str]) -> str | None:
    name = re.sub(r"^the\s+|\s+key$", "", part.strip(), flags=re.IGNORECASE).strip()
    lowered = re.sub(r"\s+", " ", name.lower())
    if lowered in aliases:
        return aliases[lowered]
    if re.fullmatch(r"F(?:1[0-2]|[1-9])", name, re.IGNORECASE):
        return name.upper()
    if re.fullmatch(r"[A-Za-z0-9]", name):
        return name.upper()
    return None


def ui_elements_in(text: str, labels: list[str]) -> list[str]:
    """Labels the reader clicks or types: emphasised ones (**Settings**, `devmgmt.msc`) first, then
    capitalised names the text marks as controls ("the Settings app", "click OK"); never sentences or
    key names."""
    memo, key = _ui_elements.for_owner(step_rules()), (text, *labels)
    found = memo.get(key, MISSING)
    return list(memo.get_or(key, lambda: _find_ui_elements(text, labels)) if found is MISSING else found)


def _find_ui_elements(text: str, labels: list[str]) -> list[str]:
    _, aliases = _shortcut_pattern()
    rules = step_rules()
    found: list[str] = []
    named = [m.group(1) for pattern in rules.ui_patterns for m in pattern.finditer(text)]
    emphasised = len(labels)
    for index, label in enumerate(list(labels) + sorted(set(named), key=text.find)):
        if index >= emphasised and any(label in seen for seen in found):
            continue  # "Add" out of "**Add device**": the emphasised label already says it
        label = _without_leading_stop_words(label.strip().strip(":,;").strip())
        if not label or len(label) > rules.limits.ui_label_max_chars \
                or len(label.split()) > rules.limits.ui_label_max_words or label not in text:
            continue
        if not _reads_as_control(label, text):
            continue
        bare = re.sub(r"\s+key$", "", label, flags=re.IGNORECASE)
        if bare.lower() in aliases or re.fullmatch(r"[A-Za-z0-9]|F\d{1,2}", bare) or shortcuts_in(label):
            continue  # keys are shortcuts, not UI elements
        if label.endswith(".") and " " in label:
            continue
        if label not in found:
            found.append(label)
    return found


def _without_leading_stop_words(label: str) -> str:
    """"the Settings button" -> "Settings button", "Your" -> "": words that start a sentence, not a label."""
    stop = annotation_rules().ui_stop_words
    words = label.split()
    while words and words[0].lower().strip("’'") in stop:
        words.pop(0)
    return " ".join(words)


def _reads_as_control(label: str, text: str) -> bool:
    """False for prose: stop words only, cross-references ("Fix 2"), lower-case words the reader does not
    type ("cables", "the empty area"). Lower-case commands and file names stay (devmgmt.msc, ipconfig /all)."""
    rules = annotation_rules()
    if all(word.lower() in rules.ui_stop_words for word in label.split()):
        return False
    if rules.cross_reference.fullmatch(label):
        return False
    if label != label.lower():
        return True
    if re.search(r"[./\\_:\d]", label):
        return True
    if not _typed_cue(rules.typed_cue).search(text):
        return False  # no typing word at all: no pattern of this label need be built
    typed = rf"\b(?:{rules.typed_cue})\b(?:\s+(?:in|into|the|command|word|text))*\s*[\"“'‘]?\s*{re.escape(label)}"
    return re.search(typed, text, re.IGNORECASE) is not None


@lru_cache(maxsize=4)
def _typed_cue(cue: str) -> re.Pattern:
    return re.compile(rf"\b(?:{cue})\b", re.IGNORECASE)


def outcome_of(after: list, steps: list, rules: StepRules | None = None) -> str | None:
    """The result the text says to expect, from the paragraph right after the steps.

    A quoted message in that sentence is the outcome itself ("... a message that reads,
    "Windows is activated with a digital license."").
    """
    rules = rules or step_rules()
    for unit in after[: rules.limits.outcome_paragraphs]:
        if getattr(unit, "kind", None) != "text" or not rules.outcome_cue.search(unit.text):
            continue  # (the cues hold no anchor: one in a sentence is one in its paragraph)
        for sentence in _SENTENCE.findall(unit.text):
            if rules.outcome_cue.search(sentence):
                quoted = _QUOTED.search(sentence)
                return (quoted.group(1) if quoted else sentence).strip()
    return None
