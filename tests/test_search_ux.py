"""Search as a user expects it (issue 13): manual steps before product pitches, all words before some,
"no match" exits 1, text output shows substeps and code, the query is the remaining words."""
from __future__ import annotations

import json

import pytest

from corpus_records import BIKE, BREAD, GARDEN, document, procedure, write_jsonl
from extractor.cli import main
from extractor.corpus.search import search
from extractor.corpus.store import index_records
from extractor.model import Code, Procedure, Span, Step

MANUAL = ["Open Device Manager.", "Right-click the network adapter and choose Disable.", "Enable it again."]
PITCH = ["Download and install PatchPilot.", "Run PatchPilot and click Scan to reset the network adapter.",
         "Click Fix All to reset every adapter (Pro version)."]
SOME_WORDS = ["Open the adapter list.", "Pick the adapter.", "Choose Properties."]


def with_code_and_substeps():
    first = Step(text="Open a terminal as administrator.", source=Span(line_start=5, line_end=5),
                 substeps=[Step(text="Type cmd in the search box.", source=Span(line_start=6, line_end=6)),
                           Step(text="Choose Run as administrator.", source=Span(line_start=7, line_end=7))])
    second = Step(text="Flush the resolver cache:", source=Span(line_start=8, line_end=9),
                  code=[Code(text="ipconfig /flushdns", language="bat")])
    return Procedure(title="Flush the DNS cache", origin="ordered-list", steps=[first, second],
                     source=Span(line_start=5, line_end=9))


def records():
    return [
        document("pitch.md", "Network adapter tool", BIKE, procedures=[
            procedure("Reset the network adapter with a tool", PITCH, promotes_product="PatchPilot")]),
        document("some.md", "Adapter properties", BREAD, procedures=[procedure("See adapter properties", SOME_WORDS)]),
        document("manual.md", "Reset a network adapter", GARDEN, procedures=[
            procedure("Reset the network adapter", MANUAL)]),
        document("dns.md", "DNS", GARDEN + BIKE, procedures=[with_code_and_substeps()]),
    ]


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "p.sqlite")
    index_records(path, records())
    return path


def test_manual_procedures_come_before_ones_that_sell_a_product(db):
    hits = search(db, "how do I reset the network adapter")
    assert hits[0].title == "Reset the network adapter"
    assert hits[-1].promotes_product == "PatchPilot"  # even after manual steps that have only some words


def test_a_query_naming_the_product_is_not_demoted(db):
    assert search(db, "patchpilot network adapter")[0].promotes_product == "PatchPilot"


def test_all_words_before_some_words(db):
    hits = search(db, "adapter adapter properties choose")
    assert [h.all_words for h in hits] == sorted((h.all_words for h in hits), reverse=True)
    assert hits[0].title == "See adapter properties" and hits[0].all_words
    assert not hits[1].all_words


def test_no_match_exits_1_with_a_sentence(db, capsys):
    assert main(["search", "--db", db, "zebra", "accordion"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "no match" in captured.err


def test_remaining_words_are_the_query_and_text_shows_substeps_and_code(db, capsys):
    assert main(["search", "--db", db, "flush", "dns", "cache", "-n", "1"]) == 0
    out = capsys.readouterr().out
    assert "Flush the DNS cache" in out
    assert "a) Type cmd in the search box." in out and "b) Choose Run as administrator." in out
    assert "ipconfig /flushdns" in out


def test_json_output_has_the_code_too(db, capsys):
    assert main(["search", "--db", db, "flush dns", "--json"]) == 0
    hit = json.loads(capsys.readouterr().out)[0]
    assert hit["steps"][-1]["code"] == ["ipconfig /flushdns"]


@pytest.mark.parametrize("command", ["validate", "lint", "stats"])
def test_json_flag_and_the_old_format_spelling_agree(command, tmp_path, capsys):
    path = write_jsonl(tmp_path / "r.jsonl", records())
    main([command, str(path), "--json"])
    new = capsys.readouterr().out
    main([command, str(path), "--format", "json"])
    assert capsys.readouterr().out == new
    json.loads(new)


@pytest.mark.parametrize("command", ["validate", "lint", "review", "stats", "eval", "index", "dedupe"])
def test_records_argument_has_one_name(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "RECORDS" in out and " OUT ...]" not in out and "OUT [OUT" not in out


def test_index_reads_a_json_array(tmp_path, capsys):
    array = tmp_path / "all.json"
    array.write_text("[" + ",".join(r.model_dump_json() for r in records()) + "]", encoding="utf-8")
    assert main(["index", str(array), "--db", str(tmp_path / "a.sqlite"), "-q"]) == 0
    assert search(str(tmp_path / "a.sqlite"), "flush dns")
