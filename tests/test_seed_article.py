"""The seed article's bars (issue 2): two procedures of 5 and 3 steps, Win+I and Settings on step 1,
the 37 'Also read' links in boilerplate, the outcome of the check procedure, a valid record."""
from __future__ import annotations

import json

import jsonschema

from extractor import extract_file
from extractor.schema import load_schema

from project_paths import shared_path


def test_seed_article():
    record = extract_file(shared_path("eval", "dev", "articles", "000_186e4fbb752d805a.txt"))
    assert [len(p.steps) for p in record.procedures] == [5, 3]
    first = record.procedures[0].steps[0]
    assert "Win+I" in first.shortcuts
    assert "Settings" in first.ui_elements
    assert record.procedures[0].steps[1].ui_elements == ["Accounts"]
    check = record.procedures[1]
    assert check.kind.value == "check"
    assert check.outcome == "Windows is activated with a digital license."
    also_read = [b for b in record.boilerplate if b.kind.value == "link_list"]
    assert sum(len(b.links) for b in also_read) == 37
    assert "Also read" not in record.content.text
    jsonschema.validate(json.loads(record.model_dump_json()), load_schema())
