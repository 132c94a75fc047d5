"""Property tests: generated Markdown articles and the invariants every record keeps.

The strategies build articles from the parts real how-to pages mix: YAML front matter, headings,
paragraphs with Markdown escapes, ordered and bulleted lists nested a few deep, HTML blocks, code
fences, quotes, and boilerplate-looking lines. Every word carries a unique token (``t17``), so a
token found in both a boilerplate item and the content means the same text landed in both.
"""
from __future__ import annotations

import itertools
import json
import re

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import ExtractorError
from extractor.model import DocumentRecord
from extractor.pipeline import extract_bytes
from extractor.schema import schema_text

VALIDATOR = jsonschema.Draft202012Validator(json.loads(schema_text()))
TOKEN = re.compile(r"\bt\d+\b")
VERBS = ["Open", "Click", "Press", "Select", "Type", "Choose", "Restart", "Enable"]
ESCAPES = ["\\*", "\\_", "\\#", "\\[", "\\]", "1\\.", "\\`", "&amp;", "\\\\", "<br>", "**bold**", "`code`",
           "[link](https://example.com/x)", "![img](a.png)"]
BOILERPLATE = ["Related posts:", "Share this article", "Read more", "Advertisement", "All rights reserved.",
               "Download now", "Table of contents", "Follow us on Twitter"]


class Tokens:
    """Hands out t1, t2, ... so that every generated word can be traced to one block."""

    def __init__(self):
        self.counter = itertools.count(1)

    def __call__(self) -> str:
        return f"t{next(self.counter)}"


@st.composite
def sentence(draw, tokens):
    words = draw(st.lists(st.sampled_from(["the", "menu", "window", "option", "settings", "and"]), min_size=1, max_size=6))
    extras = draw(st.lists(st.sampled_from(ESCAPES), max_size=2))
    verb = draw(st.sampled_from(VERBS))
    return " ".join([verb, tokens(), *words, *extras, tokens()]) + "."


@st.composite
def list_block(draw, tokens, depth=0):
    ordered = draw(st.booleans())
    lines = []
    for number in range(1, draw(st.integers(1, 5)) + 1):
        marker = f"{number}." if ordered else draw(st.sampled_from(["-", "*", "+"]))
        indent = "   " * depth if ordered or depth == 0 else "  " * depth
        lines.append(f"{indent}{marker} {draw(sentence(tokens))}")
        if depth < 3 and draw(st.integers(0, 4)) == 0:
            lines.extend(draw(list_block(tokens, depth + 1)))
    return lines


@st.composite
def block(draw, tokens):
    kind = draw(st.sampled_from(["heading", "paragraph", "list", "list", "html", "code", "quote", "boilerplate",
                                 "escaped-steps"]))
    if kind == "heading":
        return [f"{'#' * draw(st.integers(1, 4))} {draw(sentence(tokens))}"]
    if kind == "paragraph":
        return [" ".join(draw(st.lists(sentence(tokens), min_size=1, max_size=3)))]
    if kind == "list":
        return draw(list_block(tokens))
    if kind == "html":
        tag = draw(st.sampled_from(["div", "section", "aside", "table"]))
        return [f'<{tag} class="box">', f"<p>{tokens()} inner {tokens()}</p>", f"</{tag}>"]
    if kind == "code":
        return ["```sh", f"echo {tokens()}", "```"]
    if kind == "quote":
        return [f"> {draw(sentence(tokens))}", f"> > {draw(sentence(tokens))}"]
    if kind == "escaped-steps":
        return [f"{n}\\. {draw(sentence(tokens))}  " for n in range(1, draw(st.integers(2, 4)) + 1)]
    return [f"{draw(st.sampled_from(BOILERPLATE))} {tokens()}"]


@st.composite
def front_matter(draw, tokens):
    if not draw(st.booleans()):
        return []
    lines = ["---", f"title: Guide {tokens()}"]
    if draw(st.booleans()):
        lines.append(f"tags: [{tokens()}, {tokens()}]")
    if draw(st.booleans()):
        lines.append(f"date: 2024-0{draw(st.integers(1, 9))}-1{draw(st.integers(0, 9))}")
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["weird: : value", "nested:\n  key: [1, 2", "a: &x 1\nb: *x"])))
    return lines + ["---"]


@st.composite
def article(draw):
    tokens = Tokens()
    lines = draw(front_matter(tokens))
    for _ in range(draw(st.integers(0, 12))):
        lines.extend(draw(block(tokens)))
        lines.append("")
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return newline.join(lines)


def spans(record: DocumentRecord):
    for procedure in record.procedures:
        yield procedure.source
        stack = list(procedure.steps)
        while stack:
            step = stack.pop()
            yield step.source
            stack.extend(step.substeps)


def check_order(steps):
    starts = [step.source.line_start for step in steps]
    assert starts == sorted(starts), f"steps out of source order: {starts}"
    for step in steps:
        check_order(step.substeps)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article())
def test_invariants_of_every_record(text):
    data = text.encode("utf-8")
    try:
        record = extract_bytes(data, "generated.md")
    except ExtractorError as exc:  # an error value is allowed; any other exception is a bug
        raise AssertionError(f"a generated article failed: {exc.stage}: {exc.reason}") from None
    lines = len(text.replace("\r\n", "\n").split("\n"))
    for span in spans(record):
        assert 1 <= span.line_start <= span.line_end <= lines, (span, lines)
    for procedure in record.procedures:
        check_order(procedure.steps)
    content_tokens = set(TOKEN.findall(record.content.text))
    for item in record.boilerplate:
        assert 1 <= item.source.line_start <= item.source.line_end <= lines
        assert not content_tokens & set(TOKEN.findall(item.text)), f"{item.kind} text also in content"
    assert not list(VALIDATOR.iter_errors(json.loads(record.model_dump_json())))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise_anything_but_an_error_value(data):
    try:
        record = extract_bytes(data, "bytes.md")
    except ExtractorError:
        return
    assert not list(VALIDATOR.iter_errors(json.loads(record.model_dump_json())))
