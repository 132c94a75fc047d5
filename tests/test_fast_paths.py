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


def _plain_parser(mdx: bool):
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"maxNesting": 40}).enable(["table", "strikethrough"])
    return md.disable("code") if mdx else md


def test_block_rules_tried_by_first_character_give_markdown_its_tokens():
    import random
    from pathlib import Path

    starts = ["", "Some text", "  indented text", "    four spaces in", "\tTab", "> quoted", ">", "- item", "-",
              "* item", "*", "+ item", "1. first", "2) second", "9. ninth", "10. tenth", "3 not", "1.", "```", "```py", "~~~", "``` a`b",
              "# Title", "#", "###### six", "#hashtag", "[ref]: https://example.com/x", "[link](u) text", "[",
              "<div>", "<!-- note -->", "</div>", "<span>inline</span>", "***", "---", "___", "- - -", "* * *",
              "===", "| a | b |", "|---|---|", "a | b", "--- | ---", ":--|--:", "\\# escaped", "1\\. escaped",
              "Â accented", "_emphasis_", "`code`", "~~strike~~",
              "      six in", "   - three in", "  | a |", "  |:-:|", "- | a |", "-:", "|", ": a",
              " \t- tab after a space", "\t\ttwo tabs", "  \t  mixed", "  ", "\t", " \t ", "- \tafter a marker",
              ">\tquote and tab", "> > nested", ">     code in a quote", "-    spaced item", "1.\ttab item", ">  - quoted item"]
    rng = random.Random(15)
    texts = ["\n".join(rng.choice(starts) for _ in range(rng.randint(1, 30))) for _ in range(400)]
    texts += ["\n".join(rng.choice(starts) for _ in range(12)) + rng.choice(["", "\n", "\n\n"]) for _ in range(100)]
    texts += ["> " * 60 + "deep", "- " * 60 + "deep", "1. a\n" * 3 + "   > b\n   > - c\n\n     d", "a\n=", "[a]:\n"]
    texts += [path.read_text(encoding="utf-8") for path in sorted(Path(__file__).parent.parent.glob("samples/*.md"))]
    texts += [text + end for text in texts[:50] for end in (" ", "\t", "\n  ", "\n\t\n")]  # how the text ends
    for mdx in (False, True):
        gated, plain = parser(mdx), _plain_parser(mdx)
        assert gated.block.ruler.getRules("paragraph") != plain.block.ruler.getRules("paragraph")  # gated here
        for text in texts:
            assert [t.as_dict() for t in gated.parse(text)] == [t.as_dict() for t in plain.parse(text)], text


def test_tab_prefilter_passes_every_html_block_that_marks_tabs():
    from extractor.readers.markdown import _TAB_EVENT, _may_mark_tabs

    marks = ["<Tabs>", "<TABS groupId='os'>", "<TabItem value='a'>", "<tab>", "</Tabs >", "</TABS>",
             "<!-- tab -->", "<!--TABITEM-->", "<!-- tabs -->", "<!--  /tabpane -->"]
    others = ["<table><tr><td>a</td></tr></table>", "<div tabindex='0'>", "<p>Stab</p>", "<!-- ads -->", "tabs"]
    for raw in marks + others + [f"<div>{mark}</div>" for mark in marks]:
        assert _may_mark_tabs(raw) or _TAB_EVENT.search(raw) is None, raw
    assert not any(_may_mark_tabs(raw) for raw in others[1:3])  # (it passes a table: "<tab" starts "<table")


def test_html_fragment_spaces_fold_as_the_pattern_did():
    from extractor.readers.html_fragment import visible_text

    fragment = "<p>a\u00a0 b</p>\n\t<div>c\u2003d\u3000</div>&nbsp;e\x1c f\x85"
    assert visible_text(fragment) == re.sub(r"\s+", " ", "a\u00a0 b  c\u2003d\u3000 \u00a0e\x1c f\x85").strip()



def test_block_tokens_pushed_the_fast_way_equal_markdown_its():
    from dataclasses import fields

    from markdown_it.token import Token

    from extractor.readers.markdown import _StateBlock

    state = _StateBlock("text", parser(), {}, [])
    opened, closed = state.push("paragraph_open", "p", 1), state.push("paragraph_close", "p", -1)
    assert opened == Token("paragraph_open", "p", 1, block=True, level=0)
    assert closed == Token("paragraph_close", "p", -1, block=True, level=0)
    assert all(hasattr(opened, field.name) for field in fields(Token))  # every field set
    assert opened.attrs is not closed.attrs and opened.meta is not closed.meta


def _split_step_lines_line_by_line(body: str, first_line: int) -> tuple[str, list[int]]:
    """split_step_lines as it was written before it gathered the insertions first (the reference)."""
    from extractor.readers.markdown import (_FENCE, STEP_LINE, _closes_fence, _opens_fence, _resumes_markdown,
                                            _starts_list_item)

    out, line_map, fence = [], [], None
    previous_is_text = previous_is_html = False
    for index, line in enumerate(body.split("\n")):
        number, match = first_line + index, _FENCE.match(line)
        if fence:
            if _closes_fence(match, fence):
                fence = None
            out.append(line)
            line_map.append(number)
            continue
        if _opens_fence(match):
            fence = match.group(1)
            previous_is_text = previous_is_html = False
            out.append(line)
            line_map.append(number)
            continue
        if (previous_is_text or previous_is_html) and STEP_LINE.match(line) and not _starts_list_item(out[-1]):
            out.append("")
            line_map.append(number)
        elif previous_is_html and _resumes_markdown(out[-1], line):
            out.append("")
            line_map.append(number)
        out.append(line)
        line_map.append(number)
        stripped = line.strip()
        previous_is_text = bool(stripped) and not stripped.startswith(("<", "|", "#", ">"))
        previous_is_html = stripped.startswith("<") and stripped.endswith(">")
    return "\n".join(out), line_map


def test_step_lines_split_as_line_by_line():
    import random

    from extractor.readers.markdown import split_step_lines

    starts = ["text", "1. a", "2) b", "**3)** c", "a. x", "```", "~~~", "``` a`b", "````", "<div>", "<p>x</p>", "<!-- c -->", "",
              "  4. y", "| t", "# h", "> q", "- i", "10. z", "5\\. esc", "    code", "B) opt"]
    rng = random.Random(15)
    bodies = ["\n".join(rng.choice(starts) for _ in range(rng.randint(1, 25))) for _ in range(3000)]
    for body in bodies + ["", "\n", "text\n2. step"]:
        first = rng.randint(1, 5)
        assert split_step_lines(body, first) == _split_step_lines_line_by_line(body, first), body
