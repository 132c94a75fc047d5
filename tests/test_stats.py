"""extractor stats: the review page's summary as a terminal table."""
from __future__ import annotations

import json

from check_records import good_record, seeded_bad_record, write_jsonl
from extractor.checks.records import read_records
from extractor.checks.stats import bucket, summarise
from extractor.cli import main

ERROR = {"schema_version": "1.0.0", "kind": "error", "source": {"path": "gone.md"},
         "error": {"stage": "read", "reason": "no such file or directory", "type": "ReadError"}}


def records(tmp_path):
    empty = good_record()
    empty["procedures"] = []
    return write_jsonl(tmp_path / "out.jsonl", [good_record(), seeded_bad_record(), empty, ERROR, {"kind": "?"}])


def test_summary_counts(tmp_path):
    s = summarise(read_records([str(records(tmp_path))]))
    assert (s.articles, s.documents, s.errors, s.unreadable) == (5, 3, 1, 1)
    assert s.procedures == 1 + 3 and s.steps == 4 + 10 + 1 + 0
    assert s.without_procedures == 1
    assert s.procedures_per_article == {"0": 1, "1": 1, "2": 0, "3": 1, "4": 0, "5": 0, "6+": 0}
    assert s.steps_per_procedure["1"] == 1 and s.steps_per_procedure["4"] == 1 and s.steps_per_procedure["10-14"] == 1
    assert s.boilerplate_kinds == {"link_list": 1, "promo": 1}
    assert s.shortcuts == [("Win+I", 1)] and ("Bluetooth & devices", 1) in s.ui_elements
    assert s.with_findings == 3  # the seeded record, the error record, the unreadable one
    assert s.finding_codes["R001"] == 1 and s.finding_codes["R002"] == 1


def test_buckets():
    assert [bucket(v, (1, 2, 3, 5, 10)) for v in (1, 2, 4, 9, 10, 99, 0)] == ["1", "2", "3-4", "5-9", "10+", "10+", "<1"]


def test_cli_table_and_json(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = str(records(tmp_path))
    assert main(["stats", out]) == 0
    table = capsys.readouterr().out
    for expected in ("Procedures per article", "Steps per procedure", "Boilerplate kinds", "Top UI elements", "Top shortcuts"):
        assert expected in table
    assert "Win+I" in table and "│ articles" in table
    assert main(["stats", out, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["procedures"] == 4
    assert main(["stats", str(write_jsonl(tmp_path / "none.jsonl", []))]) == 1
