"""What text a pattern's match must hold: a cheap question to ask before the regex is run."""
from __future__ import annotations

import re
from functools import lru_cache
from re import _parser  # the stdlib's own parse of a pattern (as rules.value reads leading literals)

# More strings than this and testing them one by one costs about what the pattern does.
MAX_NEEDLES = 16
GOOD_LENGTH = 4
_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT)


@lru_cache(maxsize=4096)
def guarded_search(pattern: re.Pattern):
    """``pattern.search``, not run on a text that holds none of ``required_literals(pattern)`` (it cannot
    match there: the same answers). A pattern anchored at the start is matched there (``anchored_search``):
    the pre-check would cost more than it saves."""
    if _anchored(pattern):
        return pattern.match
    search, needles = pattern.search, required_literals(pattern)
    if not needles:
        return search
    if len(needles) == 1:
        needle = needles[0]
        return lambda text: search(text) if needle in text else None
    return lambda text: search(text) if any(map(text.__contains__, needles)) else None


def anchored_search(pattern: re.Pattern):
    """``pattern.search``, or ``pattern.match`` when every match starts at the start of the text: the same
    match, and sre does not try (and fail) the pattern at every other position, which it does for ``^``."""
    return pattern.match if _anchored(pattern) else pattern.search


def _anchored(pattern: re.Pattern) -> bool:
    """Does every match start at the start of the text (``^``, ``\\A``)? Then sre gives up after the first
    position, and a pre-check costs more than it saves."""
    try:
        items = list(_parser.parse(pattern.pattern, pattern.flags))
    except (re.error, TypeError, ValueError, RecursionError):
        return False
    if pattern.flags & re.MULTILINE:
        return False
    return _starts_at_start(items)


def _starts_at_start(items: list) -> bool:
    if not items:
        return False
    op, value = items[0]
    if op is _parser.AT:
        return value in (_parser.AT_BEGINNING, _parser.AT_BEGINNING_STRING)
    if op is _parser.SUBPATTERN and not value[1] and not value[2]:
        return _starts_at_start(list(value[3]))
    if op is _parser.BRANCH:
        return all(_starts_at_start(list(branch)) for branch in value[1])
    return False


def required_literals(pattern: re.Pattern) -> tuple[str, ...] | None:
    r"""A few strings one of which every match of ``pattern`` holds, or None when none are known.

    A match of a sequence reads each of its plain characters in turn, so it holds every run of them
    (``we (?<!\wwe )(?:use|serve) cookies\b`` holds " cookies"), and a match of a group (or of a
    repeat of it at least once) holds one of the group's strings; a match of an alternation holds
    one of its alternatives' strings. When none of the strings is in a text, the pattern cannot match
    there, and ``string in text`` is a scan in C, several times faster than sre trying an alternation
    at each position of a paragraph (a pattern led by ``\b`` or ``\d`` gives sre no literal to look
    for). Of a sequence's choices, the fewest strings of four characters or more are kept (``_worth``). None: an
    alternative without such a string (classes and optional parts only), more than ``MAX_NEEDLES``
    strings, or a case-insensitive or verbose pattern (no pre-check: run the pattern)."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError, RecursionError):
        return None
    needles = _needles(list(parsed))
    if needles:  # a string that holds another is in a text only when that one is: the other is enough
        needles = tuple(n for n in needles if not any(o != n and o in n for o in needles))
    return needles if needles and len(needles) <= MAX_NEEDLES else None


def _needles(items: list) -> tuple[str, ...] | None:
    """Strings one of which every match of the sequence ``items`` (parsed (op, value) pairs) holds."""
    choices: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, value in items:
        if op is _parser.LITERAL:
            run.append(chr(value))
            continue
        if run:
            choices.append(("".join(run),))
            run = []
        inner = None
        if op is _parser.BRANCH:
            inner = _either(value[1])
        elif op is _parser.SUBPATTERN and not value[1] and not value[2]:  # a group that sets no flags
            inner = _needles(list(value[3]))
        elif op in _REPEATS and value[0] >= 1:
            inner = _needles(list(value[2]))
        if inner:
            choices.append(inner)
    if run:
        choices.append(("".join(run),))
    if not choices:
        return None
    return max(choices, key=_worth)


def _worth(strings: tuple[str, ...]) -> tuple[int, int, int]:
    """How good a choice of strings is: four characters or more are rare enough, then the fewer the better."""
    shortest = min(map(len, strings))
    return min(shortest, GOOD_LENGTH), -len(strings), shortest


def _either(branches) -> tuple[str, ...] | None:
    """An alternation's strings: one of each alternative's (None when an alternative has none)."""
    found: list[str] = []
    for branch in branches:
        inner = _needles(list(branch))
        if not inner:
            return None
        found.extend(inner)
    return tuple(dict.fromkeys(found))


def case_blind_literals(pattern: re.Pattern, shortest: int = 3) -> tuple[str, ...] | None:
    """``required_literals`` of a pattern as asked of ``text.lower()``, whatever its flags: the strings,
    lower-cased, one of which every match holds, or None (as ``required_literals``; also when one of
    them is shorter than ``shortest``, a CJK character counted twice: "er", "on" are in most texts, looking
    for them only costs).

    Only ASCII and CJK characters are kept in the strings (a non-ASCII letter ends a run): a
    case-insensitive pattern takes an ASCII letter's two cases and, in a text, only four other
    characters (``FOLDS_TO_ASCII``), and takes CJK characters as they are; ``str.lower`` maps those
    the same way, moving no position. A text holding one of the four is not asked (``lowered_for_literals``)."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.VERBOSE:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError, RecursionError):
        return None
    needles = _needles(_lowered(list(parsed)))
    if needles:
        needles = tuple(n for n in needles if not any(o != n and o in n for o in needles))
    if not needles or len(needles) > MAX_NEEDLES or min(map(_rarity, needles)) < shortest:
        return None
    return needles


def _rarity(string: str) -> int:
    """A string's length, a CJK character counted twice ("即可" is as rare as "ready")."""
    return len(string) + sum(not character.isascii() for character in string)


# The characters a case-insensitive pattern takes for an ASCII letter that ``str.lower`` does not lower to it:
# the Kelvin sign and long s ("s"), "İ" (lowered to two characters) and dotless "ı" (tests/test_literals.py
# checks the whole of Unicode).
FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered_for_literals(text: str) -> str | None:
    """``text.lower()``, to look for ``case_blind_literals`` in; None when the text holds a character of
    ``FOLDS_TO_ASCII`` (then ask the pattern)."""
    if not text.isascii() and FOLDS_TO_ASCII.search(text):
        return None
    return text.lower()


_BREAK = (_parser.ANY, None)  # what stands for a character a run of literals must not hold


def _lowered(items: list) -> list:
    """Parsed items with each ASCII or CJK literal lower-cased and every other literal as any character."""
    out = []
    for op, value in items:
        if op is _parser.LITERAL:
            character = chr(value)
            plain = character.isascii() or "\u3040" <= character <= "\u9fff"
            out.append((op, ord(character.lower())) if plain else _BREAK)
        elif op is _parser.BRANCH:
            out.append((op, (value[0], [_lowered(list(branch)) for branch in value[1]])))
        elif op is _parser.SUBPATTERN:
            out.append((op, (*value[:3], _lowered(list(value[3])))))
        elif op in _REPEATS:
            out.append((op, (value[0], value[1], _lowered(list(value[2])))))
        else:
            out.append((op, value))
    return out


def first_characters(pattern: re.Pattern) -> frozenset[str] | None:
    """The ASCII characters, lower-cased, a match of ``pattern`` can start with (with a non-ASCII one it may
    start too: ask the pattern then), or None when that is not known (a class such as ``\\w``, any character)
    or a match may be empty. Zero-width parts (``^``, lookarounds) are passed over: the first character a
    match takes is the first of what comes after them, so the set holds it whatever they ask. A
    case-insensitive pattern takes an ASCII character in either case, and four non-ASCII ones for ASCII
    letters (``FOLDS_TO_ASCII``), which are read as those letters."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.VERBOSE:
        return None
    try:
        found, empty = _first(list(_parser.parse(pattern.pattern, pattern.flags)))
    except (re.error, TypeError, ValueError, RecursionError):
        return None
    return None if found is None or empty else frozenset(found)


_ZERO_WIDTH = (_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT)
_SPACE_CHARACTERS = " \t\n\r\f\v\x1c\x1d\x1e\x1f"  # what ``\s`` takes of ASCII (str.isspace)
_FOLDED_LETTER = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}


def _first(items: list) -> tuple[set[str] | None, bool]:
    """(the first characters of a match of the sequence, whether it may match the empty string)."""
    found: set[str] = set()
    for op, value in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _parser.LITERAL:
            _add_character(found, chr(value))
            return found, False
        if op is _parser.IN:
            for member, item in value:
                if member is _parser.LITERAL:
                    _add_character(found, chr(item))
                elif member is _parser.RANGE and item[1] - item[0] < 256:
                    for code in range(item[0], item[1] + 1):
                        _add_character(found, chr(code))
                elif member is _parser.CATEGORY and item is _parser.CATEGORY_DIGIT:
                    found.update("0123456789")
                elif member is _parser.CATEGORY and item is _parser.CATEGORY_SPACE:
                    found.update(_SPACE_CHARACTERS)
                else:
                    return None, False  # a negated class, "\w" ...: any letter may start it
            return found, False
        if op is _parser.SUBPATTERN:
            inner, empty = _first(list(value[3]))
        elif op is _parser.BRANCH:
            inner, empty = set(), False
            for branch in value[1]:
                more, may_be_empty = _first(list(branch))
                if more is None:
                    return None, False
                inner |= more
                empty = empty or may_be_empty
        elif op in _REPEATS:
            inner, empty = _first(list(value[2]))
            empty = empty or value[0] == 0
        else:
            return None, False
        if inner is None:
            return None, False
        found |= inner
        if not empty:
            return found, False
    return found, True


def _add_character(found: set[str], character: str) -> None:
    if character.isascii():
        found.add(character.lower())
    elif character in _FOLDED_LETTER:
        found.add(_FOLDED_LETTER[character])
