"""The furniture stage skips work a post cannot use (issue 15): each skip is a precondition beside its pass, and a
pass it skips could have changed nothing. Own texts, and every example of furniture.toml."""
from __future__ import annotations

from dataclasses import replace

import pytest

import extractor.stages.furniture as furniture
from extractor.data.furniture import furniture_rules
from extractor.document import Document
from extractor.pipeline import read_markdown
from extractor.stages.furniture import label_furniture

RULES = furniture_rules()

# own posts: a widget's inner line, a run of link lines, a label and its link, a comment thread, a post's end
OWN = [
    "Rating: 4.1 / 5 (based on 20 votes)\n\nAna Ruiz\n\nMarch 3, 2021 10:15 / Updated by Jane Roe",
    "# Dimming a lamp\n\nTurn the knob to the left until the light is soft enough to read by at night.\n\n"
    "[How to rewire an old brass lamp](https://lamps.example/rewire)\n\n"
    "[Choosing a warm bulb for the bedroom](https://lamps.example/bulbs)\n\nThe lamp keeps the level you chose.\n",
    "# Dimming a lamp\n\nTurn the knob to the left.\n\nAlso: [Choosing a warm bulb](https://lamps.example/bulbs)\n",
    "# Lamp shades\n\nA shade of linen softens the light and keeps the glare off the page.\n\n"
    "Related posts:\n\n- [Rewiring a brass lamp](https://lamps.example/rewire)\n- [Warm bulbs](https://lamps.example/bulbs)\n\n"
    "Excellent\n\nShare this post\n",
    "# Lamp shades\n\nA shade of linen softens the light and keeps the glare off the page.\n\n---\n\n"
    "Subscribe to our newsletter\n\nWritten by Ana, who mends lamps on weekends.\n",
]
EXAMPLES = [text for rule in RULES.rules for text in rule.examples + rule.not_examples] + OWN


def labels(text: str) -> list:
    doc = Document(path="<example>.md", lines=text.split("\n"))
    read_markdown(doc, text)
    label_furniture(doc, languages=RULES.languages, rules=RULES)
    return [(block.kind, block.line_start, block.boilerplate) for block in doc.walk()]


@pytest.mark.parametrize("text", EXAMPLES, ids=[f"text{i}" for i in range(len(EXAMPLES))])
def test_the_skips_change_no_label(text, monkeypatch):
    """Every skip turned off (each precondition answers "may act"), the stage labels the same blocks alike."""
    skipping = labels(text)
    monkeypatch.setattr(furniture, "_labelled_near", lambda blocks, kinds: True)
    monkeypatch.setattr(furniture, "_beside_a_label", lambda blocks, index: True)
    monkeypatch.setattr(furniture, "_LINKED_SHAPES", ())
    assert labels(text) == skipping


def test_a_pass_beside_furniture_runs_and_acts():
    """The sandwich pass runs when a block carries a label of its rule's ``near`` kinds, and takes the short line
    between two of them; in a post with no such label it does not walk the blocks at all."""
    rule = next(r for r in RULES.rules if r.name == "widget-interior")
    context = tuple(r for r in RULES.rules if r.kind in rule.near and not r.near and r is not rule)
    text = OWN[0]
    doc = Document(path="<example>.md", lines=text.split("\n"))
    read_markdown(doc, text)
    label_furniture(doc, languages=RULES.languages, rules=replace(RULES, rules=context + (rule,)))
    assert doc.blocks[1].boilerplate == (doc.blocks[2].boilerplate[0], "widget-interior")

    plain = "# Lamps\n\nA lamp wants a clean shade.\n\nAna Ruiz\n\nThe bulb is warm.\n"
    doc = Document(path="<example>.md", lines=plain.split("\n"))
    read_markdown(doc, plain)
    assert not furniture._labelled_near(doc.blocks, rule.near)
    walked = []
    original = furniture._neighbour
    try:
        furniture._neighbour = lambda blocks, index, step: walked.append(index) or original(blocks, index, step)
        furniture._label_sandwiched(doc.blocks, rule)
    finally:
        furniture._neighbour = original
    assert walked == [] and all(block.boilerplate is None for block in doc.blocks)


def test_link_shapes_read_only_blocks_with_a_link(monkeypatch):
    """A run of link lines is taken (the shape acts on blocks with links); a paragraph without a link is never
    read by the link shapes."""
    assert {b for _, _, b in labels(OWN[1]) if b} == {("link_list", "link-run")}
    read = []
    original = furniture._apply
    monkeypatch.setattr(furniture, "_apply", lambda rule, *args, **kwargs: read.append(rule.how) or original(rule, *args, **kwargs))
    labels("# Lamps\n\nA lamp wants a clean shade.\n\nTurn it off at night.\n")
    assert not set(read) & set(furniture._LINKED_SHAPES)


def _split_step_lines_before(body: str, first_line: int) -> tuple[str, list[int]]:
    """``split_step_lines`` as it was before speed10 (the reference): every line asked for fence marks, and every
    line after a non-blank one asked ``_new_paragraph_after_item``."""
    from extractor.readers.markdown import (_FENCE, STEP_LINE, _closes_fence, _new_paragraph_after_item, _opens_fence,
                                            _resumes_markdown, _starts_list_item)

    lines, before, fence = body.split("\n"), [], None
    previous_is_text = previous_is_html = False
    for index, line in enumerate(lines):
        if not line:
            if not fence:
                previous_is_text = previous_is_html = False
            continue
        if "`" in line or "~" in line:
            match = _FENCE.match(line)
            if fence:
                if _closes_fence(match, fence):
                    fence = None
                continue
            if _opens_fence(match):
                fence = match.group(1)
                previous_is_text = previous_is_html = False
                continue
        elif fence:
            continue
        if (previous_is_text or previous_is_html) and STEP_LINE.match(line) and not _starts_list_item(lines[index - 1]):
            before.append(index)
        elif index and _new_paragraph_after_item(lines[index - 1], line):
            before.append(index)
        elif previous_is_html and _resumes_markdown(lines[index - 1], line):
            before.append(index)
        stripped = line.strip()
        previous_is_text = bool(stripped) and not stripped.startswith(("<", "|", "#", ">"))
        previous_is_html = stripped.startswith("<") and stripped.endswith(">")
    out, line_map, at = [], [], 0
    for index in before:
        out += lines[at:index]
        out.append("")
        line_map += range(first_line + at, first_line + index + 1)
        at = index
    out += lines[at:]
    line_map += range(first_line + at, first_line + len(lines))
    return "\n".join(out), line_map


def test_step_lines_split_as_before():
    """The item-opening guard and the body's fence-mark test change no split: random bodies of step lines, items that
    end a sentence, the paragraphs under them, fences, HTML lines, wide and Arabic digits, tabs."""
    import random

    from extractor.readers.markdown import split_step_lines

    starts = ["text", "Text ends.", "1. a", "1. Item ends.", "2) b", "**3)** c", "a. x", "```", "~~~", "``` a`b", "````",
              "<div>", "<p>x</p>", "<!-- c -->", "", "  4. y", "| t", "# h", "> q", "- i", "- Item.", "* b!", "+ c?",
              "10. z", "5\\. esc", "    code", "B) opt", "After that.", "Then:", "\tTab", "３. wide", "١. arabic",
              "① circ", "  - nested.", "~ tilde", "é lower", "Ünder"]
    rng = random.Random(10)
    bodies = ["\n".join(rng.choice(starts) for _ in range(rng.randint(1, 30))) for _ in range(4000)]
    for body in bodies + ["", "\n", "- Unplug the lamp.\nAfter a minute it cools."]:
        assert split_step_lines(body, 4) == _split_step_lines_before(body, 4), body
    assert split_step_lines("- Unplug the lamp.\nAfter a minute it cools.", 1)[0] == \
        "- Unplug the lamp.\n\nAfter a minute it cools."
