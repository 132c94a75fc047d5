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
