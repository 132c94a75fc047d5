"""HowTo JSON-LD out: JSON-LD parsers (extruct for the page, pyld for the graph, extractor's own
structured-data reader) read the procedures back with the same steps."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extractor import extract_bytes
from extractor.model import Procedure, Span, Step
from extractor.writers.howto import document_to_jsonld, is_sectioned, step_anchor

PAGE_URL = "https://example.org/guides/sourdough"
SCHEMA = "https://schema.org/"
# What a JSON-LD processor would load for "https://schema.org" (tests never touch the network).
LOCAL_CONTEXT = {"@context": {"@vocab": SCHEMA, "url": {"@id": f"{SCHEMA}url", "@type": "@id"}}}

GUIDE = """---
title: Keep a sourdough starter
description: Feed and store a starter.
---

# Keep a sourdough starter

## Feed the starter

1. Open the jar.

   Tip: use a wooden spoon.
2. Add flour and water:
   1. Weigh 50 g of flour.
   2. Pour in 50 g of warm water.
3. Stir it well.

   ![A stirred starter](https://example.org/img/stir.jpg)

## Store it

1. Cover the jar loosely.
2. Put the jar in the fridge.
"""


def guide_record():
    record = extract_bytes(GUIDE.encode(), "guide.md", url=PAGE_URL)
    assert [p.title for p in record.procedures] == ["Feed the starter", "Store it"]
    return record


def as_tree(steps: list[Step]) -> list[dict]:
    """What a HowTo can say about steps: text, images, notes, substeps."""
    return [{"text": s.text, "images": [(i.url, i.alt) for i in s.images], "notes": list(s.notes),
             "substeps": as_tree(s.substeps)} for s in steps]


def page_with(jsonld: dict, visible: str = "<p>Nothing to see.</p>") -> str:
    return (f'<!DOCTYPE html><html><head><title>Guide</title><script type="application/ld+json">'
            f"{json.dumps(jsonld)}</script></head><body><main>{visible}</main></body></html>")


# -- a plain reader of expanded JSON-LD (full IRIs, every value a list) -------------------------------
def _values(node: dict, name: str) -> list:
    return node.get(SCHEMA + name, [])


def _value(node: dict, name: str):
    values = _values(node, name)
    if not values:
        return None
    return values[0].get("@value", values[0].get("@id"))


def _is(node: dict, kind: str) -> bool:
    return SCHEMA + kind in node.get("@type", [])


def expanded_steps(nodes: list[dict]) -> list[dict]:
    out = []
    for node in sorted(nodes, key=lambda n: _value(n, "position")):
        elements = _values(node, "itemListElement")
        if _is(node, "HowToSection"):  # a heading step over its own steps
            text, substeps = _value(node, "name"), [e for e in elements if _is(e, "HowToStep")]
        else:
            text, substeps = _value(node, "text"), [e for e in elements if _is(e, "HowToStep")]
        images = [(_value(i, "url"), _value(i, "caption") or "") for i in _values(node, "image")]
        out.append({"text": text, "images": images, "notes": [_value(e, "text") for e in elements if _is(e, "HowToTip")],
                    "substeps": expanded_steps(substeps)})
    return out


def expand(document: dict) -> list[dict]:
    jsonld = pytest.importorskip("pyld.jsonld")

    def loader(url, options=None):
        assert url.rstrip("/") == "https://schema.org", url
        return {"contextUrl": None, "documentUrl": url, "document": LOCAL_CONTEXT}
    return jsonld.expand(document, {"documentLoader": loader})


def test_round_trip_through_extruct_and_pyld_gives_the_same_steps():
    extruct = pytest.importorskip("extruct")
    record = guide_record()
    found = extruct.extract(page_with(document_to_jsonld(record)), base_url=PAGE_URL, syntaxes=["json-ld"])["json-ld"]
    assert len(found) == 1
    howtos = [node for node in expand(found[0]) if _is(node, "HowTo")]
    assert [_value(h, "name") for h in howtos] == ["Feed the starter", "Store it"]
    for howto, procedure in zip(howtos, record.procedures):
        assert expanded_steps(_values(howto, "step")) == as_tree(procedure.steps)
        assert _value(howto, "url") == PAGE_URL
    first_step = sorted(_values(howtos[0], "step"), key=lambda n: _value(n, "position"))[0]
    assert _value(first_step, "url") == f"{PAGE_URL}#:~:text=Open%20the%20jar."


def test_extractors_own_reader_reads_the_jsonld_back():
    record = guide_record()
    page = page_with(document_to_jsonld(record))
    again = extract_bytes(page.encode(), "page.html", format="html", url=PAGE_URL)
    from_markup = [p for p in again.procedures if p.origin == "json-ld"]
    assert [p.title for p in from_markup] == ["Feed the starter", "Store it"]
    for read, written in zip(from_markup, record.procedures):
        strip_alt = [{**s, "images": [(url, "") for url, _ in s["images"]]} for s in as_tree(written.steps)]
        assert as_tree(read.steps) == strip_alt  # the JSON-LD reader keeps image URLs, not captions


def test_heading_steps_over_their_own_lists_become_sections():
    span = Span(line_start=1, line_end=1)
    groups = [Step(text=f"Prepare part {n}", source=span, notes=[f"Part {n} takes a minute."],
                   substeps=[Step(text=f"Cut piece {n}.{k}.", source=span) for k in (1, 2)]) for n in (1, 2)]
    procedure = Procedure(title="Build the shelf", origin="step-headings", steps=groups, source=span)
    assert is_sectioned(procedure)
    record = guide_record().model_copy(update={"procedures": [procedure]})
    document = document_to_jsonld(record)
    assert [s["@type"] for s in document["@graph"][0]["step"]] == ["HowToSection", "HowToSection"]
    howto = [n for n in expand(document) if _is(n, "HowTo")][0]
    assert expanded_steps(_values(howto, "step")) == as_tree(groups)
    as_list = procedure.model_copy(update={"origin": "ordered-list"})
    assert not is_sectioned(as_list)


def test_step_anchor_is_a_text_fragment_with_its_syntax_characters_escaped():
    anchor = step_anchor("https://example.org/a#old", "Press Ctrl-Alt, then Delete & wait for the login screen to come up")
    assert anchor == "https://example.org/a#:~:text=Press%20Ctrl%2DAlt%2C%20then%20Delete%20%26%20wait%20for%20the"


def test_a_page_without_url_has_no_step_urls():
    record = extract_bytes(GUIDE.encode(), "guide.md")
    text = json.dumps(document_to_jsonld(record))
    assert ":~:text=" not in text and "@id" not in text
    assert '"HowToTip"' in text and '"ImageObject"' in text


def test_cli_writes_one_jsonld_line_per_input_and_keeps_errors(tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text(GUIDE, encoding="utf-8")
    out = tmp_path / "howto.jsonl"
    result = subprocess.run([sys.executable, "-m", "extractor", "extract", str(guide), str(tmp_path / "missing.md"),
                             "--format", "howto-jsonld", "-o", str(out)], capture_output=True, timeout=60)
    assert result.returncode == 1, result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["@context"] == "https://schema.org"
    assert [h["name"] for h in lines[0]["@graph"]] == ["Feed the starter", "Store it"]
    assert lines[1]["kind"] == "error" and lines[1]["error"]["stage"] == "read"


def test_a_generic_heading_gives_way_to_the_page_title():
    record = extract_bytes(b"---\ntitle: Clean a coffee grinder\n---\n\n## Steps\n\n1. Unplug the grinder.\n"
                           b"2. Brush out the old grounds.\n", "grinder.md")
    assert record.procedures[0].title == "Steps"
    assert document_to_jsonld(record)["@graph"][0]["name"] == "Clean a coffee grinder"
