"""The strings a pattern's match must hold (``rules.literals``): a pre-check that leaves every answer
as the pattern gives it (issue 15: output byte-identical)."""
from __future__ import annotations

import random
import re
import sys

from extractor.data.furniture import furniture_rules
from extractor.rules.literals import (FOLDS_TO_ASCII, MAX_NEEDLES, case_blind_literals, first_characters,
                                      guarded_search, lowered_for_literals, required_literals)
from extractor.rules.value import FirstCharacterPattern, UnionPattern, _union

TEXTS = ["", "we use cookies on this site", "this website uses cookies.", "our 30-day refund policy",
         "a money back guarantee", "a money-back guarantee!", "cookies", "nothing to see here",
         "contact me at the shop", "e-mail me about it", "you can reach me via post", "ask on our discord server"]


def test_each_alternative_gives_its_longest_run():
    assert required_literals(re.compile(r"we (?<!\wwe )(?:use|serve) cookies\b")) == (" cookies",)
    assert required_literals(re.compile(r"\bapple|pear\b")) == ("apple", "pear")
    assert required_literals(re.compile(r"word1|word2")) == ("word",)  # sre's parser factors the prefix out


def test_groups_alternations_and_repeats_give_their_strings():
    # sre factors the shared "\b" out of both groups: an alternation inside a sequence
    assert required_literals(re.compile(r"(?:\bmoney[- ]back guarantee\b)|(?:\b\d+[- ]day (?:refund|money[- ]back)\b)")) \
        == ("back guarantee", "day ")
    assert required_literals(re.compile(r"(?:grab|gets) (?:our|my) kit")) == (" kit",)  # four characters or more: fewest
    assert required_literals(re.compile(r"(?:grab|fetch) (?:our|my) x")) == ("grab", "fetch")
    assert required_literals(re.compile(r"(?:ab)+c")) == ("ab",)
    assert required_literals(re.compile(r"cookies?|cookie banner")) == ("cookie",)  # a string holding another goes


def test_no_strings_when_an_alternative_has_none_or_the_case_folds():
    assert required_literals(re.compile(r"\d+|x")) is None
    assert required_literals(re.compile(r"(?:web)?site")) == ("site",)
    assert required_literals(re.compile(r"(?:web)?")) is None
    assert required_literals(re.compile(r"cookies", re.IGNORECASE)) is None  # "COOKIES" holds no "cookies"
    assert required_literals(re.compile(r"(?i:cookies) x")) == (" x",)  # a group with flags of its own gives none
    many = "|".join(f"{chr(ord('a') + n)}word{n}" for n in range(MAX_NEEDLES + 1))  # no shared prefix
    assert required_literals(re.compile(many)) is None


def test_guarded_search_answers_as_the_pattern():
    patterns = [r"we (?<!\wwe )(?:use|serve) cookies\b", r"(?:\bmoney[- ]back guarantee\b)|(?:\b\d+[- ]day refund\b)",
                r"\b(?:you can )?(?:contact|reach|e-?mail) me (?:about|at|via)\b", r"\bask (?:in|on) our discord\b"]
    for source in patterns:
        pattern = re.compile(source)
        for text in TEXTS:
            assert (guarded_search(pattern)(text) is None) == (pattern.search(text) is None), (source, text)


def test_furniture_phrases_answer_as_their_patterns():
    """Every free part of every furniture rule, on its own examples and others', and on random cuts of them."""
    rules = furniture_rules()
    texts = [t.lower() for rule in rules.rules for t in rule.examples + rule.not_examples]
    rng = random.Random(15)
    texts += [t[rng.randrange(len(t) + 1):][: rng.randrange(1, 80)] for t in texts if t]
    for rule in rules.rules:
        matcher = rule.pattern_for(frozenset(rule.patterns))
        if matcher is None:
            continue
        for _, free in matcher.parts:
            if free is None:
                continue
            guarded = guarded_search(free)
            for text in texts:
                assert (guarded(text) is None) == (free.search(text) is None), (rule.name, text)


def test_an_anchored_pattern_is_matched_at_the_start():
    """sre's search tries ``^`` at every position of the text (failing at each but the first): a pattern
    anchored at the start is matched there instead (the same match), with no pre-check."""
    from extractor.rules.literals import anchored_search

    anchored = re.compile(r"^(?:share this|follow us)\b", re.IGNORECASE)
    assert guarded_search(anchored) == anchored.match == anchored_search(anchored)
    free = re.compile(r"(?:share this|follow us)\b")
    assert guarded_search(free) != free.search and anchored_search(free) == free.search
    for pattern in (anchored, re.compile(r"\A(?:a|b)c"), re.compile(r"(?:^x|^y)z"), re.compile(r"^(?:(?:«|←)\s*)?next")):
        assert anchored_search(pattern) == pattern.match
        for text in ("Share this post", "xx share this", "", "Follow us\nshare this", "bc ac", "yz", "xyz", "← next",
                     "a ← next", "next"):
            found, expected = anchored_search(pattern)(text), pattern.search(text)
            assert (found and found.span()) == (expected and expected.span()), (pattern.pattern, text)
    for pattern in (re.compile(r"^a", re.MULTILINE), re.compile(r"(?:^a|b)"), re.compile(r"(?m)^a")):
        assert anchored_search(pattern) == pattern.search


def test_guarded_folded_phrases_answer_as_their_patterns():
    """The boilerplate phrase rules (``FoldedPattern(guarded=True)``) on their own examples and others'."""
    from extractor.rules import default_rules
    from extractor.rules.folded import FoldedPattern, lowered_text

    boilerplate = default_rules().boilerplate
    texts = [t for rule in boilerplate.phrase for t in rule.examples + rule.not_examples] + TEXTS
    texts += [t.upper() for t in texts] + ["Copyright \u00a9 2024. All Rights Reserved", "ſteps K"]
    for rule, folded in zip(boilerplate.phrase, boilerplate.phrase_folded):
        plain = FoldedPattern(rule.pattern)
        for text in texts:
            lowered = lowered_text(text)
            assert folded.holds(text, lowered) == plain.holds(text, lowered) == (rule.pattern.search(text) is not None), \
                (rule.name, text)


def test_case_blind_literals_are_lower_cased_and_plain():
    assert case_blind_literals(re.compile(r"\b(?:Lamp is READY|the lamp glows)\b", re.IGNORECASE)) \
        == ("lamp is ready", "the lamp glows")
    # a non-ASCII letter ends a run (a case-blind "é" also takes characters "lower" does not give it)
    assert case_blind_literals(re.compile(r"lampe prête", re.IGNORECASE)) == ("lampe pr",)
    assert case_blind_literals(re.compile(r"灯已经亮了|亮灯")) == ("灯已经亮了", "亮灯")  # CJK: two count as four
    assert case_blind_literals(re.compile(r"灯已经亮了|亮")) is None
    assert case_blind_literals(re.compile(r"\bon\b|lamp", re.IGNORECASE)) is None  # "on" is in most texts
    assert case_blind_literals(re.compile(r"(?:dim|glow)?s", re.IGNORECASE)) is None


def test_only_four_characters_fold_onto_ascii_letters_unlike_lower():
    letter = re.compile("[a-z]", re.IGNORECASE)
    folding = [chr(c) for c in range(128, sys.maxunicode + 1)
               if letter.fullmatch(chr(c)) or any(part.isascii() for part in chr(c).lower())]
    assert all(FOLDS_TO_ASCII.fullmatch(c) for c in folding) and len(folding) == 4
    assert lowered_for_literals("The Lamp’s ON") == "the lamp’s on"
    assert lowered_for_literals("\u017fet up the lamp") is None


def test_union_pattern_searches_as_the_union_does():
    # two "languages" of an outcome cue; the union of the parts a text can hold gives the whole union's match
    parts = [re.compile(r"\b(?:the lamp (?:is|stays) (?:now )?ready|you(?:.ll| will) see)\b", re.IGNORECASE),
             re.compile(r"\bla lampe est (?:maintenant )?prête\b|\bvoilà\b", re.IGNORECASE),
             re.compile(r"灯(?:已经)?亮了")]
    union = _union(parts)
    assert isinstance(union, UnionPattern) and all(union.needles)
    texts = ["Plug it in. The lamp is now READY, you will see.", "Et voilà: la lampe est prête.", "Nothing here.",
             "Voilà, you'll see the lamp is ready", "灯亮了。然后灯已经亮了", "The lamp i\u0307s ready", "\u017fet: you will see",
             "THE LAMP STAYS READY — voilà", "", "you will seem"]
    whole = re.compile("|".join(f"(?:{p.pattern})" for p in parts), re.IGNORECASE)
    for text in texts:
        found, expected = union.search(text), whole.search(text)
        assert (found and (found.span(), found.group())) == (expected and (expected.span(), expected.group())), text
    union = _union(parts)
    assert union.search("Nothing here.") is None and not union._unions  # no part could match: none was run
    union.search("Et voilà")
    assert list(union._unions) == [(1,)]  # only the part that holds "voil" was run


def test_union_pattern_remembers_its_answer_for_a_text():
    parts = [re.compile(r"\byou(?:.ll| will) see\b", re.IGNORECASE), re.compile(r"\bvoilà\b", re.IGNORECASE)]
    union = _union(parts)
    text = "Plug it in and you will see it glow."
    first = union.search(text)
    assert first is not None and first.group() == "you will see"
    # asked again (as a later stage asks of the same paragraph): the same Match, the union not run again
    union._unions.clear()
    assert union.search("Plug it in and you will see it glow.") is first and not union._unions
    assert union.search("Nothing to see.") is None and union.search("Nothing to see.") is None
    # a search from a position is the whole union's, never a remembered answer
    assert union.search(text, first.end()) is None
    assert union.search(text, 3).span() == first.span()


def test_anchored_or_grouped_unions_stay_plain():
    assert not isinstance(_union([re.compile(r"^lamp", re.I), re.compile(r"^lampe", re.I)]), UnionPattern)
    assert not isinstance(_union([re.compile(r"(lamp) on", re.I), re.compile(r"lampe", re.I)]), UnionPattern)


def test_first_characters_pass_over_what_takes_no_character():
    assert first_characters(re.compile(r"^(?=\w)(?:Step|first)\s*\d", re.IGNORECASE)) == frozenset("sf")
    assert first_characters(re.compile(r"(?:\d+|[A-C])\)")) == frozenset("0123456789abc")
    assert first_characters(re.compile(r"x?y*")) is None  # may match nothing
    assert first_characters(re.compile(r"\w+:")) is None and first_characters(re.compile(r"[^:]+:")) is None
    assert first_characters(re.compile("\u017ftep", re.IGNORECASE)) == frozenset("s")  # long s takes "s"


def test_a_step_label_guarded_by_its_first_characters_matches_as_the_pattern():
    from extractor.data import step_rules

    rules = step_rules()
    texts = ["Step 1: Open the lamp app", "STEP 2 – Pair it", "First step: plug it in", "Schritt 3: Lampe", "Étape 4 :",
             "\u017ftep 5: odd", "第1步：打开", "ステップ2：", "Then open it", "Insert the bulb", "", "  Step 6", "Method 2: Reset",
             "Option 1 – By hand", "Fix 3", "方法2：", "mobile app: step 7"]
    for pattern in (rules.step_label, rules.method_label):
        assert isinstance(pattern, FirstCharacterPattern)
        for text in texts:
            found, plain = pattern.match(text), pattern.pattern_object.match(text)
            assert (found and (found.span(), found.groups())) == (plain and (plain.span(), plain.groups())), text
