"""Say which language an article is written in, when its front matter (or ``<html lang>``) does not.

Runs after ``boilerplate`` so that ad and link-list blocks (often titles in other languages) do not
vote. Two signals, both data (cut-offs in ``extractor/data/languages.toml``, words in each language's
``lang/<code>.toml``; compiled as ``Rules.language_words``):

* script: Han characters with kana are Japanese, Han without kana Chinese;
* function words: the short words every sentence of a language needs ("the", "und", "les", "yang"),
  counted over the article's visible text; a word several languages share counts for each, divided.

Too little text, or no clear winner, leaves ``metadata.language`` empty rather than guessing.
"""
from __future__ import annotations

import re
import string
from operator import itemgetter
from dataclasses import dataclass

from .. import document as d
from ..document import Document
from ..words import UNSPACED_CHARACTER
from ..rules import Rules, active_rules
from ..rules.value import LanguageWords
from ..rules.sections import FunctionWordCutoffs, ScriptCutoffs

_WORD = re.compile(r"\w+")  # digits and such never match a function word; plain \w+ is fastest
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_LETTER = re.compile(r"[^\W\d_]")
_SKIPPED = (d.CODE, d.HTML, d.DIRECTIVE)
# Every ASCII character that is not a word character (``\w`` takes letters, digits and "_" of ASCII) as a
# space: an ASCII text's ``split()`` after ``translate`` gives the words ``_WORD.findall`` does, in order.
_ASCII_NON_WORD = {code: " " for code in range(128) if not re.match(r"\w", chr(code))}
# The same as one bytes table that lower-cases too: an ASCII text's ``encode`` + ``translate`` + ``split`` gives
# its words (``text.lower().translate(_ASCII_NON_WORD).split()``) as bytes, at about twice the speed
_ASCII_WORD_BYTES = bytes.maketrans(bytes(_ASCII_NON_WORD) + string.ascii_uppercase.encode("ascii"),
                                     b" " * len(_ASCII_NON_WORD) + string.ascii_lowercase.encode("ascii"))


def detect_language_stage(doc: Document, rules: Rules) -> None:
    """Read the article's language from its text, and fill ``metadata.language`` with it when the
    source gave none. ``doc.text_language`` is what the procedures stage picks its word lists by: the
    text's language whatever the page declares (often the CMS's default), judged on less evidence
    when the article is short."""
    if doc.metadata is None:
        return
    cutoffs = rules.language_detection.function_words
    evidence = read_evidence(visible_text(doc, cutoffs.max_chars), rules)
    language = evidence.language()
    if not doc.metadata.language:
        doc.metadata.language = language
    doc.text_language = language or evidence.language(min_hits=cutoffs.min_hits_for_steps)


def visible_text(doc: Document, max_chars: int) -> str:
    """The title and the text of the content blocks (not boilerplate, not code), up to max_chars."""
    parts: list[str] = [doc.metadata.title] if doc.metadata is not None and doc.metadata.title else []
    size = 0
    for block in doc.blocks:
        if block.is_boilerplate:
            continue
        for inner in block.walk():
            if inner.is_boilerplate or inner.kind in _SKIPPED or inner.kind in (d.LIST, d.ITEM, d.QUOTE):
                continue
            parts.append(inner.text)
            size += len(inner.text)
        if size >= max_chars:
            break
    return "\n".join(parts)[:max_chars]


def detect_language(text: str, rules: Rules | None = None, min_hits: int | None = None) -> str | None:
    """ISO 639-1 code of the language ``text`` is written in, or None when it cannot tell.

    ``min_hits``: function words needed for a decision (default: the rules', meant for articles).
    """
    return read_evidence(text, rules).language(min_hits)


@dataclass(frozen=True)
class Evidence:
    """What a text says of its language, counted once and judged as often as needed (an article's
    language is judged strictly for its metadata, then on less evidence for its word lists)."""

    cutoffs: FunctionWordCutoffs
    by_script: str | None = None
    scores: tuple[tuple[str, float], ...] = ()  # best first
    hits: int = 0  # function words found
    words: int = 0  # words in the text

    def language(self, min_hits: int | None = None) -> str | None:
        if self.by_script:
            return self.by_script
        cutoffs = self.cutoffs
        if self.hits < (cutoffs.min_hits if min_hits is None else min_hits) or not self.scores:
            return None
        if self.hits < cutoffs.min_word_share * self.words:
            return None  # a language we have no words for, sharing a few short ones with ours
        (best, score), *others = self.scores
        if others and others[0][1] >= score:
            return None  # a tie says nothing
        total = sum(value for _, value in self.scores)
        return best if score / total >= cutoffs.min_share else None


def detect_other_language(text: str, languages: frozenset[str], rules: Rules | None = None,
                          min_hits: int | None = None) -> str | None:
    """``detect_language(text, rules, min_hits)`` when that is a language outside ``languages``, else
    None. A text without Han or kana none of whose words is a function word of another language can
    only be read as one of ``languages`` or as none: it is not counted (a set test; over the AEB pages
    two blocks in three, whose language the furniture stage asks)."""
    words = (rules or active_rules()).language_words
    tokens = None
    if text.isascii():  # most block texts: no Han or kana, and words split in C
        if _ascii_words(words.words_outside(languages)).isdisjoint(
                text.encode("ascii").translate(_ASCII_WORD_BYTES).split()):
            return None  # (the test below, on bytes: most blocks end here)
        tokens = text.lower().translate(_ASCII_NON_WORD).split()
    elif not UNSPACED_CHARACTER.search(text):
        tokens = _WORD.findall(text.lower())
    if tokens is not None:
        outside = words.words_outside(languages)
        if outside.isdisjoint(tokens):
            return None
        if _outvoted(outside.intersection(tokens), languages, words.weights):
            return None
    language = _evidence(text, words, tokens).language(min_hits)
    return None if language in languages else language


# id of a ``words_outside`` set -> (that set, its ASCII words as bytes): one entry per set of languages asked
# about, as ``LanguageWords`` keeps one set for each
_ASCII_OUTSIDE: dict = {}


def _ascii_words(outside: frozenset[str]) -> frozenset[bytes]:
    """The ASCII words of ``outside`` as bytes (what an ASCII text's bytes words can equal), made once per set."""
    entry = _ASCII_OUTSIDE.get(id(outside))
    if entry is None or entry[0] is not outside:
        entry = _ASCII_OUTSIDE[id(outside)] = (outside, frozenset(w.encode("ascii") for w in outside if w.isascii()))
    return entry[1]


def _outvoted(found: set[str], languages: frozenset[str], weights: dict) -> bool:
    """Does one of ``languages`` count every one of ``found``, the text's function words of other languages?
    Then no other language can win: its score is a sum of terms (a word's weight times its count, the same for
    every language the word counts for) each of which that language's sum holds too, in the same order, beside
    terms of its own (none negative), and float addition never makes the longer sum smaller. It ties or wins,
    and a tie says nothing. Over the AEB pages' blocks a third hold another language's word, most of them
    words English shares ("is", "as", "no"), and are counted no further."""
    common = languages
    for word in found:
        common = common.intersection(weights[word])
        if not common:
            return False
    return True


def read_evidence(text: str, rules: Rules | None = None) -> Evidence:
    """Count the script and the function words of ``text`` (one pass over its words)."""
    return _evidence(text, (rules or active_rules()).language_words)


def _evidence(text: str, words: LanguageWords, tokens: list[str] | None = None) -> Evidence:
    """``read_evidence``; ``tokens``: ``text``'s lower-cased words when the caller has them."""
    cutoffs = words.cutoffs.function_words
    ascii_text = text.isascii()  # no Han or kana, and its words split in C
    by_script = None if ascii_text else _script_language(text, words.cutoffs.script)
    if by_script:
        return Evidence(cutoffs, by_script=by_script)
    weights = words.weights
    if tokens is None:
        lowered = text.lower()
        if ascii_text or not _NON_ASCII_WORD.search(lowered):
            # every word is ASCII (most texts: their only other characters are curly quotes, dashes, spaces):
            # split as bytes, each other character a "?", a non-word character as it was; the same words in
            # the same order as ``_WORD.findall``, at a third of its time. Counted with the ASCII words' weights
            tokens = lowered.encode("ascii", "replace").translate(_ASCII_WORD_BYTES).split()
            weights = _ascii_weights(words)
        else:
            tokens = _WORD.findall(lowered)
    # only the function words are counted (most words are not): the same words in the same order of
    # first appearance, so the same sums added in the same order. Plain dicts: a Counter's construction
    # and its Python-level __missing__ cost more than the counting on a block's few words
    counts: dict[str, int] = {}
    for token in tokens:
        if token in weights:
            counts[token] = counts.get(token, 0) + 1
    scores: dict[str, float] = {}
    for word, count in counts.items():
        for lang, weight in weights[word].items():
            scores[lang] = scores.get(lang, 0) + weight * count
    ranked = tuple(sorted(scores.items(), key=itemgetter(1), reverse=True))  # Counter.most_common()
    return Evidence(cutoffs, scores=ranked, hits=sum(counts.values()), words=len(tokens))


# A character that is a word character (``_WORD``) and not ASCII: a text without one has only ASCII words
_NON_ASCII_WORD = re.compile(r"[^\x00-\x7f\W]")
_ASCII_WEIGHTS: dict = {}  # id of a ``LanguageWords`` -> (it, its ASCII words' weights keyed by the words as bytes)


def _ascii_weights(words: LanguageWords) -> dict[bytes, dict[str, float]]:
    """``words.weights`` of the ASCII words, keyed by the words as bytes (what the bytes split gives)."""
    entry = _ASCII_WEIGHTS.get(id(words))
    if entry is None or entry[0] is not words:
        entry = _ASCII_WEIGHTS[id(words)] = (words, {word.encode("ascii"): weights for word, weights in words.weights.items()
                                                     if word.isascii()})
    return entry[1]


def _script_language(text: str, rules: ScriptCutoffs) -> str | None:
    if not UNSPACED_CHARACTER.search(text):
        return None  # most texts: no Han or kana at all
    han = len(_HAN.findall(text))
    kana = len(_KANA.findall(text))
    if (han + kana) / len(text) < rules.min_cjk_text_share:
        return None  # a few CJK titles in a Latin text: stop before letters are counted
    letters = len(_LETTER.findall(text))
    if not letters or (han + kana) / letters < rules.min_cjk_share:  # "・・・" is kana-range punctuation
        return None
    return "ja" if kana / (han + kana) >= rules.min_kana_share else "zh"


def primary_language(tag: str | None) -> str | None:
    """"fr-FR", "fr_CA", "FR" -> "fr"; None stays None."""
    if not tag:
        return None
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower() or None
