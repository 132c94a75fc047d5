"""extractor validate: every record of real output passes; hand-broken records fail with the pointer."""
from __future__ import annotations

import copy
import json

import pytest

from check_records import DEV_ARTICLES, dev_output, good_record, need_shared, write_jsonl
from extractor.checks.records import Loaded, read_records
from extractor.checks.validate import validate_record
from extractor.cli import main


def problems(record) -> list[tuple[str, str]]:
    return [(p.pointer, p.message) for p in validate_record(Loaded("test", record)).problems]


def test_good_record_is_valid():
    assert problems(good_record()) == []


@pytest.mark.parametrize("breakage, pointer", [
    (lambda r: r["procedures"][0].pop("steps"), "/procedures/0/steps"),
    (lambda r: r["procedures"][0]["steps"][2].pop("text"), "/procedures/0/steps/2/text"),
    (lambda r: r.__setitem__("schema_version", "9.9.9"), "/schema_version"),
    (lambda r: r["procedures"][0]["steps"][1]["source"].__setitem__("line_start", 0), "/procedures/0/steps/1/source/line_start"),
    (lambda r: r["metadata"].__setitem__("colour", "blue"), "/metadata/colour"),
    (lambda r: r.__setitem__("kind", "recipe"), "/kind"),
])
def test_broken_record_reports_the_pointer(breakage, pointer):
    record = good_record()
    breakage(record)
    found = problems(record)
    assert found, "a broken record must be invalid"
    assert pointer in [p for p, _ in found], found


def test_cli_reports_origin_source_and_pointer(tmp_path, capsys):
    broken = copy.deepcopy(good_record())
    del broken["procedures"][0]["steps"][0]["text"]
    out = write_jsonl(tmp_path / "out.jsonl", [good_record(), broken])
    with open(out, "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    assert main(["validate", str(out)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert f"{out}:2: pair-keyboard.md: /procedures/0/steps/0/text: required field 'text' is missing" in lines
    assert any(line.startswith(f"{out}:3: (record): not JSON") for line in lines)
    assert len(lines) == 2
    assert "3 records, 1 valid, 2 invalid" in captured.err


def test_cli_accepts_directory_and_json_format(tmp_path, capsys):
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(good_record(), indent=2), encoding="utf-8")
    assert main(["validate", str(folder), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["validate", str(tmp_path / "missing.jsonl")]) == 1


def test_every_dev_set_record_is_valid():
    need_shared("eval", "dev", "articles")
    records = list(read_records([str(dev_output())]))
    assert len(records) == len(list(DEV_ARTICLES.iterdir()))
    invalid = [(v.origin, v.problems) for v in map(validate_record, records) if not v.valid]
    assert invalid == []
