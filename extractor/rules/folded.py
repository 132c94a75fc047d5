"""Case-insensitive patterns matched on lower-cased ASCII labels: the same answers, faster."""
from __future__ import annotations

import re
from functools import lru_cache

from .literals import anchored_search, guarded_search


class FoldedPattern:
    r"""A case-insensitive pattern asked about short ASCII labels (class/id strings) many times:
    ``holds(text, lowered)`` says whether it matches ``text``, where ``lowered`` is ``text.lower()``
    for an ASCII ``text`` and None otherwise (see ``lowered_label``; ``lowered_text`` also lowers a
    text whose non-ASCII characters have no case). The pattern's top-level
    alternatives that fold (below) are compiled once more, case-sensitively, and matched against
    ``lowered``: sre then compares characters without folding each one, and a
    literal start becomes a literal prefix it can scan for (about half the time over the AEB pages'
    20 k class/id strings). An alternative folds when each of its pieces (a character, an escape, a
    character class) takes an ASCII character case-insensitively exactly when it takes that character
    lower-cased case-sensitively, which ``_folds`` checks on all 128 of them: "\S", "»", "[^a-z]" do,
    "A", "\x41", "ſ" (long s, which folds onto "s") do not. Those, scoped flags such as
    ``(?-i:[A-Z])`` and back-references stay case-insensitive on ``text``.

    Why the answers are the same: on ASCII text ``str.lower`` maps exactly A-Z to a-z and keeps every
    position and every character's kind (word, space, digit: what ``\b``, ``\s``, ``\W`` read), and
    each piece that consumes a character takes it in the twin exactly when it does in the pattern
    (checked, not assumed); the engine's course depends on nothing else. Case folding differs from
    lower-casing for a few non-ASCII characters of the text (the Kelvin sign K and "ſ" fold onto "k"
    and "s", dotless "ı" onto "i", and "İ".lower() is two characters): a text with a non-ASCII
    character that has case goes to the pattern itself (``lowered`` None)."""

    __slots__ = ("pattern", "folded", "rest", "_search_folded", "_search_pattern", "_search_rest")

    def __init__(self, pattern: re.Pattern, guarded: bool = False) -> None:
        self.pattern = pattern
        folded, rest = _foldable_alternatives(pattern)
        folded = _merge_frames(folded)
        flags = pattern.flags & ~re.IGNORECASE
        self.folded = re.compile(literal_led("|".join(folded), flags), flags) if folded else None
        self.rest = re.compile("|".join(rest), pattern.flags) if rest else None
        # ``guarded``: the lowered text is first asked for the strings every match holds (rules/literals.py),
        # which pays on paragraphs; on class/id labels of a few characters the search is as cheap
        self._search_folded = None if self.folded is None else \
            guarded_search(self.folded) if guarded else anchored_search(self.folded)
        self._search_pattern = anchored_search(pattern)
        self._search_rest = None if self.rest is None else anchored_search(self.rest)

    def holds(self, text: str, lowered: str | None) -> bool:
        if lowered is None:
            return self._search_pattern(text) is not None
        return (self._search_folded is not None and self._search_folded(lowered) is not None) or \
            (self._search_rest is not None and self._search_rest(text) is not None)


def lowered_label(text: str) -> str | None:
    """``text.lower()`` when ``text`` is ASCII (what ``FoldedPattern.holds`` takes), else None."""
    return text.lower() if text.isascii() else None


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def lowered_text(text: str) -> str | None:
    """``text.lower()`` when each of its non-ASCII characters has no case (’ “ ” — «: lower-
    and upper-casing keep it), else None: a block text for ``FoldedPattern.holds``. Such a character
    is its own lower case, and no other character folds onto it (tests/test_folded_patterns.py
    checks the whole of Unicode), so a piece of a pattern takes it case-insensitively exactly when
    it takes it case-sensitively; lower-casing moves no position. Curly quotes and dashes make
    half of the English blocks non-ASCII."""
    if text.isascii():
        return text.lower()
    rest = "".join(_NON_ASCII.findall(text))
    return text.lower() if rest.lower() == rest == rest.upper() else None


# Flags for the whole pattern ("(?x)"), back-references and conditionals tie the alternatives together.
_WHOLE_ONLY = re.compile(r"\(\?[a-zA-Z]+\)|\\\d|\(\?P=|\(\?\(")
# Escapes that read a character's kind or a position, never its case ("\S" takes "A" as it takes "a").
_KIND_ESCAPES = frozenset("sSdDwWbBAZ")
# Group openings that leave the flags and the groups' numbering alone.
_PLAIN_OPENINGS = ("(?:", "(?=", "(?!", "(?<=", "(?<!")
_ASCII = tuple(map(chr, range(128)))


def _foldable_alternatives(pattern: re.Pattern) -> tuple[list[str], list[str]]:
    """(alternatives that match the same lower-cased, the others) of a pattern's top level; all of it
    as one of the others when it is not case-insensitive, is verbose or refers to its own groups."""
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or pattern.flags & re.VERBOSE or not isinstance(source, str) \
            or _WHOLE_ONLY.search(source):
        return [], [source]
    folded: list[str] = []
    rest: list[str] = []
    _sort_alternatives(source, pattern.flags, folded, rest)
    return folded, rest


def _sort_alternatives(source: str, flags: int, folded: list[str], rest: list[str]) -> None:
    for alternative in _top_level_alternatives(source):
        if alternative.startswith("(?:") and _group_end(alternative) == len(alternative) - 1:
            _sort_alternatives(alternative[3:-1], flags, folded, rest)  # "(?:a|b)": its own alternatives, sorted likewise
        elif _folds(alternative, flags):
            folded.append(alternative)
        else:
            rest.append(alternative)


def _folds(alternative: str, flags: int) -> bool:
    """Every piece of ``alternative`` that takes a character takes each ASCII character
    case-insensitively exactly when it takes it lower-cased case-sensitively; the rest is syntax that
    reads no case (groups that neither number differently nor set flags, quantifiers, anchors, escapes
    of a character's kind). Anything else (a scoped flag, "(?P=name)", "\x41", "\1") does not fold."""
    index = 0
    while index < len(alternative):
        char = alternative[index]
        if char == "\\":
            escape = alternative[index + 1:index + 2]
            index += 2
            if escape in _KIND_ESCAPES:
                continue
            if not escape or escape.isalnum():  # "\x41", "\u0041", "\N{...}", "\1", "\0", "\n"
                return False
            piece = alternative[index - 2:index]  # an escaped sign: that sign
        elif char == "[":
            end = _class_end(alternative, index)
            if end < 0:
                return False
            piece, index = alternative[index:end + 1], end + 1
        elif char == "(":
            opening = next((o for o in _PLAIN_OPENINGS if alternative.startswith(o, index)), None)
            if opening is None and alternative.startswith("(?", index):
                return False  # flags, named groups and their references, conditionals, comments
            index += len(opening or "(")
            continue
        elif char in ")|*+?{}^$":
            index += 1
            continue
        elif char == ".":
            piece, index = char, index + 1
        else:
            piece, index = re.escape(char), index + 1
        if not _same_on_ascii(piece, flags):
            return False
    return True


@lru_cache(maxsize=1024)
def _same_on_ascii(piece: str, flags: int) -> bool:
    """``piece`` (one character's worth of pattern) takes each ASCII character case-insensitively
    exactly when it takes it lower-cased, case-sensitively."""
    try:
        insensitive, sensitive = re.compile(piece, flags), re.compile(piece, flags & ~re.IGNORECASE)
    except re.error:
        return False
    return all((insensitive.fullmatch(char) is None) == (sensitive.fullmatch(char.lower()) is None) for char in _ASCII)


def _class_end(source: str, start: int) -> int:
    """The index of the "]" that closes the character class opened at ``start`` (-1: none)."""
    index = start + 1
    if source[index:index + 1] == "^":
        index += 1
    if source[index:index + 1] == "]":  # "[]...]" and "[^]...]": a leading "]" is a literal
        index += 1
    while index < len(source):
        if source[index] == "\\":
            index += 2
            continue
        if source[index] == "]":
            return index
        index += 1
    return -1


def _merge_frames(alternatives: list[str]) -> list[str]:
    r"""Alternatives written in the same frame, a group before and a group after ("(?:^|[\s_-])nav(?:[\s_-]|$)",
    "(?:^|[\s_-])menu(?:[\s_-]|$)"), as one: "(?:^|[\s_-])(?:nav|menu)(?:[\s_-]|$)". Something matches
    one of them exactly when something matches the merged one, and sre then tests the frame once per
    position instead of once per alternative (the region rules share one frame: 2.6x faster)."""
    framed: dict[tuple[str, str], list[str]] = {}
    out: list[str] = []
    for alternative in alternatives:
        frame = _frame(alternative)
        if frame is None:
            out.append(alternative)
        else:
            before, middle, after = frame
            framed.setdefault((before, after), []).append(middle)
    for (before, after), middles in framed.items():
        out.append(before + (f"(?:{'|'.join(middles)})" if len(middles) > 1 else middles[0]) + after)
    return out


def _frame(alternative: str) -> tuple[str, str, str] | None:
    """(leading group, what is between, trailing group) of an alternative, or None when it is not so made."""
    if not alternative.startswith("("):
        return None
    first = _group_end(alternative)
    middle_start = first + 1
    if first < 0 or middle_start >= len(alternative) or alternative[middle_start] in "*+?{":
        return None  # no group, nothing after it, or a repeated one
    for index, char, depth in _syntax(alternative):
        if index > middle_start and char == "(" and depth == 0 \
                and _group_end(alternative[index:]) == len(alternative) - index - 1:
            return alternative[:middle_start], alternative[middle_start:index], alternative[index:]
    return None


def _syntax(source: str):
    """(index, character, parenthesis depth before it) for each character of ``source`` that is
    syntax: not escaped, not inside a character class."""
    depth, index, in_class = 0, 0, False
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            if source[index + 1:index + 2] == "^":
                index += 1
            if source[index + 1:index + 2] == "]":  # "[]...]" and "[^]...]": a leading "]" is a literal
                index += 1
        else:
            yield index, char, depth
            depth += (char == "(") - (char == ")")
        index += 1


def _group_end(source: str) -> int:
    """The index of the parenthesis that closes the one ``source`` starts with (-1: none)."""
    return next((index for index, char, depth in _syntax(source) if char == ")" and depth == 1), -1)


def _top_level_alternatives(source: str) -> list[str]:
    """``source`` cut at each ``|`` outside parentheses, character classes and escapes."""
    cuts = [index for index, char, depth in _syntax(source) if char == "|" and depth == 0]
    return [source[start + 1:end] for start, end in zip([-1, *cuts], [*cuts, len(source)])]


# Characters with a meaning of their own in a pattern (outside a class); a run of the others is literal text.
_SPECIAL = frozenset("\\.^$*+?{}[]()|")
_QUANTIFIERS = ("*", "+", "?", "{")


def literal_led(source: str, flags: int = 0) -> str:
    r"""``source`` written so that each of its alternatives starts with a literal character, when a
    leading word boundary is all that stands in the way: "\bwe use cookies\b" becomes
    "we use cookies(?<!\wwe use cookies)\b", and "\b(?:a|b)x" becomes "(?:a(?<!\wa)|b(?<!\wb))x". sre tries a
    pattern that starts with "\b" at every position of the text; one that starts with a literal (or
    with one of a few literal characters) it scans for first, which is several times faster on text
    that holds no match (the furniture and phrase rules: most blocks hold none).

    The same matches, spans and groups: "\bL" with L literal text starting with a word character
    holds at i exactly when L is at i and i is the start or the character before i is not a word
    character, which is what "L(?<!\wL)" asks once L has been read; the lookbehind captures nothing.
    "\b(?:a|b)" and "(?:\ba|\bb)" are one pattern. Anything else (a case-insensitive or verbose
    pattern, a capturing or repeated group after "\b", an alternative left without a literal start)
    leaves ``source`` as written."""
    if flags & (re.IGNORECASE | re.VERBOSE):
        return source
    alternatives = [_lead(_unwrapped(alternative), flags) for alternative in _top_level_alternatives(source)]
    if any(alternative is None or not _starts_literal(alternative) for alternative in alternatives):
        return source
    return "|".join(alternatives)


def _unwrapped(alternative: str) -> str:
    """An alternative that is one non-capturing group of one alternative, without the group."""
    while alternative.startswith("(?:") and _group_end(alternative) == len(alternative) - 1 \
            and len(_top_level_alternatives(alternative[3:-1])) == 1:
        alternative = alternative[3:-1]
    return alternative


def _lead(alternative: str, flags: int) -> str | None:
    r"""``alternative`` with its leading "\b" turned into a lookbehind after the literal text it guards
    (None when that cannot be done); an alternative without a leading "\b" as it is."""
    if not alternative.startswith("\\b"):
        return alternative
    rest = alternative[2:]
    if rest.startswith("(?:"):
        end = _group_end(rest)
        if end < 0 or rest[end + 1:end + 2] in _QUANTIFIERS:
            return None
        inner = [_lead("\\b" + _unwrapped(part), flags) for part in _top_level_alternatives(rest[3:end])]
        if any(part is None or not _starts_literal(part) for part in inner):
            return None
        return f"(?:{'|'.join(inner)}){rest[end + 1:]}"  # type: ignore[arg-type]
    length = 0
    while length < len(rest) and rest[length] not in _SPECIAL:
        length += 1
    if rest[length:length + 1] in _QUANTIFIERS:
        length -= 1  # "cookies?": the "s" is repeated, "cookie" is the literal text
    literal = rest[:max(length, 0)]
    if not literal or not re.fullmatch(r"\w", literal[0], flags):
        return None
    return f"{literal}(?<!\\w{literal}){rest[len(literal):]}"


def _starts_literal(alternative: str) -> bool:
    """The alternative starts with a literal character, or with a non-capturing group whose every
    alternative does."""
    if alternative.startswith("(?:"):
        end = _group_end(alternative)
        return end > 0 and alternative[end + 1:end + 2] not in _QUANTIFIERS \
            and all(_starts_literal(part) for part in _top_level_alternatives(alternative[3:end]))
    return bool(alternative) and alternative[0] not in _SPECIAL and alternative[1:2] not in _QUANTIFIERS
