"""Furniture rules (extractor/data/furniture.toml): every rule's examples and not_examples, by name."""
from __future__ import annotations

import pytest

from dataclasses import replace

from extractor.data.furniture import furniture_rules
from extractor.document import Document
from extractor.pipeline import read_markdown
from extractor.stages.furniture import label_furniture

RULES = furniture_rules()
CASES = [(rule.name, text, True) for rule in RULES.rules for text in rule.examples] + \
        [(rule.name, text, False) for rule in RULES.rules for text in rule.not_examples]


def labelled_by(name: str, text: str) -> set[str]:
    """Rule names the stage gives the blocks of ``text`` (a Markdown snippet), every language on, with
    only the named rule and the rules it needs as neighbours (so an earlier rule cannot take its example)."""
    rule = next(r for r in RULES.rules if r.name == name)
    context = tuple(r for r in RULES.rules if r.kind in rule.near and not r.near and r is not rule)
    doc = Document(path="<example>", lines=text.split("\n"))
    read_markdown(doc, text)
    label_furniture(doc, languages=RULES.languages, rules=replace(RULES, rules=context + (rule,)))
    return {block.boilerplate[1] for block in doc.blocks if block.boilerplate}


@pytest.mark.parametrize(("rule", "text", "expected"), CASES,
                         ids=[f"{name}-{'ex' if expected else 'not'}{i}" for i, (name, _, expected) in enumerate(CASES)])
def test_rule_examples(rule, text, expected):
    got = labelled_by(rule, text)
    if expected:
        assert rule in got, f"rule {rule!r} does not label its example {text!r} (labelled: {sorted(got)})"
    else:
        assert rule not in got, f"rule {rule!r} labels its not_example {text!r}"
