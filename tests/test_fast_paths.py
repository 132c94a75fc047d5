"""Shortcuts taken for speed give the answers of the long way (issue 15: output byte-identical)."""
from __future__ import annotations

import re

from extractor.data import step_rules
from extractor.readers.markdown import parse_markdown, parser
from extractor.stages.units import _may_match, _required_characters, _run_on_steps


def test_required_characters_are_the_top_level_literals_every_match_holds():
    assert _required_characters(step_rules().inline_number) == (")",)
    assert _required_characters(re.compile(r"x(?:y)(q|r)\)z?")) == ("x", "y", ")")
    assert _required_characters(re.compile(r"ab(c|d)e", re.IGNORECASE)) == ()  # cased letters fold
    assert _required_characters(re.compile(r"x(?i:y)\)")) == ("x", ")")


def test_the_prefilter_never_hides_a_match():
    pattern = step_rules().inline_number
    texts = ["To fix it: 1) Unplug the lamp. 2) Wait.", "No numbers here.", "Call (555) 0100.", "1)Open 2)Close"]
    for text in texts:
        assert _may_match(pattern, text) or pattern.search(text) is None
    assert _run_on_steps("To fix it: 1) Unplug the lamp. 2) Wait.", step_rules()) == [(1, 11), (2, 31)]
    assert _run_on_steps("Open the lid. Close it.", step_rules()) == []


def test_markdown_options_answer_as_markdown_it_defaults():
    options = parser().options
    assert options.get("tasklists", False) is False and options.get("missing") is None
    assert options["maxNesting"] == options.maxNesting


def test_inline_renderings_served_twice_are_separate_and_equal():
    body = "Click **Start** and [open](https://example.com/a) it.\n\nClick **Start** and [open](https://example.com/a) it.\n"
    first, second = parse_markdown(body)
    assert (first.text, first.links, first.labels) == (second.text, second.links, second.labels)
    first.links.append(("x", "y"))
    assert second.links == [("open", "https://example.com/a")]


def test_line_breaks_and_nuls_are_still_normalised():
    blocks = parse_markdown("a\r\nb\r\n\r\n# c\0d\n")
    assert [(b.kind, b.text, b.line_start) for b in blocks] == [("paragraph", "a b", 1), ("heading", "c\ufffdd", 4)]
