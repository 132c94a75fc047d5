"""Case-insensitive class/id patterns matched on lower-cased labels give the pattern's own answers
(issue 15: output byte-identical)."""
from __future__ import annotations

import re

from extractor.rules import default_rules
from extractor.rules.folded import FoldedPattern, _merge_frames, _top_level_alternatives, lowered_label

# Labels a page could carry, with the characters where folding and lower-casing part ways: the Kelvin
# sign and long s fold onto ASCII letters, dotless i onto "i", and "İ".lower() is two characters.
LABELS = ["post-body", "SIDEBAR widget", "share_Buttons", "footerNav", "site-footerLinks", "FooterNav x",
          "footer", "nav-Menu", "\u212a-ad", "\u017fidebar", "\u0131nav", "\u0130nav", "ad\u212a",
          "Comment-List", "x [y] (z)", "", "AD", "ads", "  ", "related\tposts", "cta Button", "ctaButton"]


def _same(pattern: re.Pattern, labels=LABELS) -> None:
    folded = FoldedPattern(pattern)
    for label in labels:
        assert folded.holds(label, lowered_label(label)) == (pattern.search(label) is not None), (pattern, label)


def test_top_level_alternatives_skip_groups_classes_and_escapes():
    assert _top_level_alternatives(r"a|(?:b|c)|[|]|\||d") == ["a", "(?:b|c)", "[|]", r"\|", "d"]
    assert _top_level_alternatives(r"[]|]x|y") == ["[]|]x", "y"]
    assert _top_level_alternatives("abc") == ["abc"]


def test_cased_alternatives_stay_as_written():
    folded = FoldedPattern(re.compile(r"(?:(?:^|\s)nav(?:\s|$)|(?:^|\s)footer(?-i:[A-Z]))|\Sbar|\x41d", re.IGNORECASE))
    assert folded.folded.pattern == r"\Sbar|(?:^|\s)nav(?:\s|$)"  # "\S" reads no case: it folds
    assert folded.rest.pattern == r"(?:^|\s)footer(?-i:[A-Z])|\x41d"
    assert not folded.folded.flags & re.IGNORECASE and folded.rest.flags & re.IGNORECASE


def test_pieces_fold_when_they_take_the_same_ascii_characters():
    folds = [r"\bad\b", r"\W+ad\D", r"«\s*prev", r"[:»›→]?$", r"ad\-x", r"a.c", r"(?<!\w)ad(?=s)", r"x{1,2}",
             r"[^a-z]ad", r"©\s*\d{4}"]
    stays = ["Ad", r"\x61d", r"\u0061d", "\u017fidebar", "[\u017f]x", "\u212a", r"(a)\1", r"(?P<n>a)", r"(?#c)a",
             r"(?i:a)", r"[A-Z]x", r"\N{LATIN SMALL LETTER A}"]
    for source in folds:
        folded = FoldedPattern(re.compile(source, re.IGNORECASE))
        assert folded.rest is None, source
    for source in stays:
        folded = FoldedPattern(re.compile(source, re.IGNORECASE))
        assert folded.folded is None, source


def test_alternatives_in_one_frame_are_merged():
    assert _merge_frames(["(?:^|-)ad(?:-|$)", "cookie", "(?:^|-)nav(?:-|$)", "(x)?ad(y)", "(a)(b)", "(?:^|-)x(?:-|$)?"]) \
        == ["cookie", "(x)?ad(y)", "(a)(b)", "(?:^|-)x(?:-|$)?", "(?:^|-)(?:ad|nav)(?:-|$)"]
    _same(re.compile(r"(?:^|[\s_-])ad(?:[\s_-]|$)|(?:(?:^|[\s_-])(?:nav|menu)(?:[\s_-]|$))|cookie", re.IGNORECASE),
          LABELS + ["x-nav", "navbar", "main-menu-x", "ad", "bad-ad", "cookies"])


def test_whole_pattern_flags_and_back_references_are_not_split():
    for source in (r"(?x) a | b", r"(a)x\1|y", r"(?P<n>a)(?P=n)|b"):
        folded = FoldedPattern(re.compile(source, re.IGNORECASE))
        assert folded.folded is None and folded.rest.pattern == source


def test_folded_patterns_answer_as_the_patterns():
    for source in (r"(?:^|[\s_-])(?:ads?|sidebar)(?:[\s_-]|$)", r"footer(?-i:[A-Z])|nav", r"[^a-z]ad", r"\Sidebar",
                   r"k-ad|\x41D", r"comment-?list", r"\u212a-ad|\u017fidebar", r"[a-z]+nav", r"(?i:ad)X",
                   "\u212a-ad|\u017fidebar", "[\u017f]idebar|nav", r"\Bav|\W+ad|\D\d", "«\\s*nav|x\\S+y"):
        _same(re.compile(source, re.IGNORECASE))
    _same(re.compile(r"ad", 0))  # not case-insensitive: matched as written


def test_the_region_rules_answer_as_written():
    html = default_rules().html
    any_region, protect, patterns = html.region_folded
    labels = LABELS + [example for rule in html.region for example in (*rule.examples, *rule.not_examples)]
    _same(html.any_region, labels)
    _same(html.protect.pattern, labels)
    for rule, folded in zip(html.region, patterns):
        assert (folded is None) == (rule.pattern is None)
        if rule.pattern is not None:
            _same(rule.pattern, labels)
    assert any_region.folded is not None  # the case-sensitive bit of one rule does not keep the rest folding
    assert any_region.folded.pattern.count("(?:^|[\\s_-])") == 1  # the rules' shared frame, tested once
    for pattern, folded in zip((html.score.negative, html.score.positive), html.score.folded):
        _same(pattern, labels)
        assert folded.rest is None


def test_the_phrase_rules_answer_as_written():
    boilerplate = default_rules().boilerplate
    texts = LABELS + ["We Use Cookies to improve this site.", "ALL RIGHTS RESERVED", "© 2024 Example Ltd",
                      "Previous Post: setting up", "« Older Entries", "Home › Guides › Printers", "By Jane Doe",
                      "Tags: printers, drivers", "Call us: (555) 123-4567", "Sign In", "LEARN MORE »", "Ad",
                      "Use the \u212aelvin scale", "Sponsored content:", "12 Comments", "30-Day Money Back"]
    texts += [example for rule in boilerplate.phrase for example in (*rule.examples, *rule.not_examples)]
    assert len(boilerplate.phrase_folded) == len(boilerplate.phrase)
    for rule, folded in zip(boilerplate.phrase, boilerplate.phrase_folded):
        assert folded.pattern is rule.pattern
        _same(rule.pattern, texts)
    # "\S" (the byline rule) and "«", "[:»›→]" (post navigation) fold too
    assert any(folded.rest is None for rule, folded in zip(boilerplate.phrase, boilerplate.phrase_folded)
               if r"\S" in rule.pattern.pattern)


def test_a_leading_word_boundary_becomes_a_lookbehind_after_the_literal():
    from extractor.rules.folded import literal_led
    assert literal_led(r"\bwe use cookies\b") == r"we use cookies(?<!\wwe use cookies)\b"
    assert literal_led(r"\bcookies?\b") == r"cookie(?<!\wcookie)s?\b"  # the repeated "s" stays after it
    assert literal_led(r"(?:\bab)|(?:\b(?:cd|ef)x)|©\s*\d") == r"ab(?<!\wab)|(?:cd(?<!\wcd)|ef(?<!\wef))x|©\s*\d"
    for source in (r"\b\d+ off", r"\b(a|b)x", r"\b(?:a|b)?x", r"\ba+", r"\b-x", r"x|\b\d", r"x|", r"^ab|\bcd"):
        assert literal_led(source) == source, source  # no literal start for every alternative: as written
    assert literal_led(r"\bab", re.IGNORECASE) == r"\bab"


def test_literal_led_patterns_find_the_same_matches():
    from extractor.rules.folded import literal_led
    texts = ["we use cookies", "xwe use cookies", "_we use cookies", "éwe use cookies", "1we use cookies", "a we use cookies",
             "cookie", "cookies.", "cookiesx", "ab cd", "xab", "-ab", "ab", "cdx efx", "zcdx efx", "© 2024", "ßab ab",
             "", "\u0301ab", "٣ab", "ab\u0301"]
    for source in (r"\bwe use cookies\b", r"\bcookies?\b", r"(?:\bab)|(?:\b(?:cd|ef)x)|©\s*\d", r"\bab|\bcd\b"):
        new = re.compile(literal_led(source))
        assert new.pattern != source
        for text in texts:
            assert [m.span() for m in re.finditer(source, text)] == [m.span() for m in new.finditer(text)], (source, text)


def test_characters_without_case_fold_onto_nothing_else():
    # lowered_text lets a text through when its non-ASCII characters keep their case (lower() and
    # upper() leave them): then no other character may match one of them case-insensitively, or a
    # folded pattern could part ways with the pattern on it. The whole of Unicode, once.
    import sys
    uncased = [chr(i) for i in range(128, sys.maxunicode + 1) if chr(i).lower() == chr(i) == chr(i).upper()]
    ranges, start = [], None
    for previous, char in zip([None, *uncased], uncased):
        if previous is None or ord(char) != ord(previous) + 1:
            if start is not None:
                ranges.append((start, previous))
            start = char
    ranges.append((start, uncased[-1]))
    cls = "".join(f"{re.escape(a)}-{re.escape(b)}" if a != b else re.escape(a) for a, b in ranges)
    any_uncased = re.compile(f"[{cls}]", re.IGNORECASE)
    keep = set(uncased)
    others = [chr(i) for i in range(sys.maxunicode + 1) if chr(i) not in keep and not 0xD800 <= i <= 0xDFFF]
    assert not [char for char in others if any_uncased.fullmatch(char)]


def test_lowered_text_lets_through_texts_whose_non_ascii_has_no_case():
    from extractor.rules.folded import lowered_text
    assert lowered_text("We Use Cookies") == "we use cookies"
    assert lowered_text("It’s “Free” — Today") == "it’s “free” — today"
    assert lowered_text("Café") is None and lowered_text("\u212aelvin") is None and lowered_text("\u0130stanbul") is None
    assert lowered_text("ſome") is None and lowered_text("Привет") is None
    texts = ["It’s “Free” — © 2024", "« Previous Post", "Home › Guides", "We use cookies — Accept",
             "ALL RIGHTS RESERVED ™", "Tags: a, b", "By Jane · 5 min", "30‑Day Money Back"]
    boilerplate = default_rules().boilerplate
    for rule, folded in zip(boilerplate.phrase, boilerplate.phrase_folded):
        for text in texts:
            assert folded.holds(text, lowered_text(text)) == (rule.pattern.search(text) is not None), (rule.name, text)


def test_the_instructions_prefilter_hides_no_match():
    # PrefilteredPattern (rules/value.py) skips the regex when no needle is in the lower-cased label;
    # its needles are searched in one scan
    instructions = default_rules().html_steps.instructions
    assert instructions.needles
    labels = LABELS + ["recipe-instructions", "wprm-recipe-INSTRUCTIONS", "Zubereitung", "entry-content", "x_steps",
                       "step-list", "how-to-directions", "\u017fteps", "methodology", "procedimento preparo", "nav"]
    for label in labels:
        found, plain = instructions.search(label), instructions.pattern_object.search(label)
        assert (found and found.span()) == (plain and plain.span()), label
        assert instructions._may_match(label) == (not label.isascii()
                                                  or any(n in label.lower() for n in instructions.needles))
