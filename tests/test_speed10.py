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
