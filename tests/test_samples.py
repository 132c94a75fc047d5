"""Golden tests: each article in samples/ against its expected record (samples/NAME.expected.json).

Regenerate after an intended change, then read the diff like a reviewer would:

    EXTRACTOR_UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/test_samples.py && git diff samples/
"""
from __future__ import annotations

import json
import os

import pytest

from extractor import extract_bytes

from project_paths import ROOT, SAMPLES

ARTICLES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".md", ".mdx", ".txt", ".markdown"))


def record_of(path) -> dict:
    """The record, without ``source.rules_digest``: it changes with every rule edit, and what a rule
    edit changes in the records is what a golden shows (tests/test_rules.py checks the digest)."""
    relative = path.relative_to(ROOT).as_posix()
    record = json.loads(extract_bytes(path.read_bytes(), relative).model_dump_json())
    record["source"].pop("rules_digest", None)
    return record


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.name)
def test_sample_matches_golden(article):
    expected_path = article.with_name(article.stem + ".expected.json")
    actual = record_of(article)
    if os.environ.get("EXTRACTOR_UPDATE_GOLDENS"):
        expected_path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert expected_path.exists(), f"no golden for {article.name}: run with EXTRACTOR_UPDATE_GOLDENS=1"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected


def test_every_sample_has_a_golden_and_vice_versa():
    goldens = {p.name.removesuffix(".expected.json") for p in SAMPLES.glob("*.expected.json")}
    assert goldens == {p.stem for p in ARTICLES}
