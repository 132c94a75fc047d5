"""Counting words in every script the corpus is written in.

Chinese and Japanese are written without spaces between words: "台灯会记住你选的亮度" is one ``\\w+`` run, a
whole sentence. Wherever a rule has a word limit ("a sign-off has at most 8 words", "an article's body has at
least 20"), such text counts one word for every ``chars_per_word`` of its characters (a setting of the rule,
2 by default: most Chinese words are two characters long), and the rest of the text one word per run of
non-space characters that holds a letter or digit ("A-Z", "don't" and "e.g." are one word each; a dash is none).
Korean is written with spaces and counts like the Latin scripts.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable

from .memo import MISSING, Memo

# Kana (hiragana, katakana, their phonetic extensions, half-width katakana) and the CJK ideographs (the
# unified block, extension A, the compatibility block): the characters of scripts written without spaces.
UNSPACED = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
UNSPACED_CHARACTER = re.compile(f"[{UNSPACED}]")
UNSPACED_RUN = re.compile(f"[{UNSPACED}]+")
# A run of non-space characters that holds a letter or digit, matched from its first character: what is
# before its first letter or digit is neither space nor one, so no match starts inside a run.
_WORD = re.compile(r"[^\s\w]*\w\S*")
_RUN = re.compile(r"\w+")


def word_count(text: str, chars_per_word: int) -> int:
    """The words of ``text``: each run of non-space characters holding a letter or digit in the spaced
    scripts, and one word per ``chars_per_word`` characters of the unspaced ones ("Windows 10 の設定を開く":
    2 + 6 // 2 = 5)."""
    return _remembered(_word_counts, text, _WORD, chars_per_word)


def word_runs(text: str, chars_per_word: int) -> int:
    """The ``\\w+`` runs of ``text``'s spaced scripts ("don't" and "e.g." two each), and one word per
    ``chars_per_word`` characters of the unspaced ones: the count the link-share and size rules of the
    boilerplate and furniture stages were set with, made to read Chinese and Japanese, where a ``\\w+`` run
    is a whole clause."""
    return _remembered(_word_runs, text, _RUN, chars_per_word)


# Counts remembered by (text, chars_per_word): the furniture passes count the same block's words again and
# again (its headings, sign-off lines, link texts: over 400 corpus posts 9.9 k counts of 1.8 k texts), and a
# site's template lines recur from post to post. A count costs a findall over the text (~2-3 us for a
# paragraph), a remembered one a dict look-up; the texts asked are mostly the blocks' own strings, whose hash
# Python keeps. 2,048 entries each: 0.8 MB together after 1,500 corpus posts. A text longer than
# ``_LONGEST_REMEMBERED`` is counted afresh, so a page of long blocks cannot fill the memos with megabytes
# (99 % of the repeated counts over those 400 posts are of shorter texts).
_word_counts = Memo(maxsize=2048)
_word_runs = Memo(maxsize=2048)
_LONGEST_REMEMBERED = 500


def _remembered(memo: Memo, text: str, spaced_word: re.Pattern, chars_per_word: int) -> int:
    if len(text) > _LONGEST_REMEMBERED:
        return _counted(text, spaced_word, chars_per_word)
    key = (text, chars_per_word)
    found = memo.get(key, MISSING)
    if found is MISSING:
        found = memo.get_or(key, lambda: _counted(text, spaced_word, chars_per_word))
    return found


def _counted(text: str, spaced_word: re.Pattern, chars_per_word: int) -> int:
    if text.isascii():  # (most text: no unspaced characters to look for; isascii is a flag, not a scan)
        return len(spaced_word.findall(text))
    spaced, unspaced = UNSPACED_CHARACTER.subn(" ", text)
    return len(spaced_word.findall(spaced)) + unspaced // chars_per_word


def at_most_words(text: str, limit: int, chars_per_word: int) -> bool:
    """Whether ``text`` has at most ``limit`` words (see ``word_count``)."""
    return word_count(text, chars_per_word) <= limit


def link_share(link_texts: Iterable[str], text: str, chars_per_word: int) -> float:
    """The share of ``text``'s words that its links' texts hold: the ``word_runs`` of ``link_texts`` over those
    of ``text`` ("[Read the guide](...) first." 3 of 4, "Also: [Title](...)" 1 of 2). The one measure every rule
    of "a block made of links" reads (link-only lines, rows and lists of links, label-link lines, link-dense
    lists), so they count alike. 0 when the links hold no word; ``math.inf`` when they do and ``text`` holds
    none. ``text``'s words are counted only when the links hold some: most blocks a rule asks about hold none."""
    linked = sum(word_runs(link, chars_per_word) for link in link_texts)
    if not linked:
        return 0.0
    words = word_runs(text, chars_per_word)
    return linked / words if words else math.inf
