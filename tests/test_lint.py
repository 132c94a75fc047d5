"""extractor lint: stable codes at the right place, rules as data documented in the README, exit codes."""
from __future__ import annotations

import json
import re

import pytest

from check_records import EXPECTED_FINDINGS, ROOT, dev_output, good_record, need_shared, seeded_bad_record, write_jsonl
from extractor.checks.lint import CHECK_NAMES, SEVERITIES, lint_record, lint_rules, select_rules
from extractor.checks.records import Loaded
from extractor.cli import main
from extractor.data import boilerplate_rules


def findings(record, **select):
    return lint_record(Loaded("test", record), select_rules(**select) if select else None)


def test_clean_record_has_no_findings():
    assert findings(good_record()) == []


def test_seeded_bad_record_is_flagged_at_the_right_places():
    found = {(f.code, f.procedure, f.step, f.line) for f in findings(seeded_bad_record())}
    expected = {(code, *where) for code, where in EXPECTED_FINDINGS.items()}
    assert found == expected


def test_every_rule_is_data_with_a_check_and_a_readme_row():
    rules = lint_rules()
    codes = [r.code for r in rules]
    assert len(set(codes)) == len(codes)
    assert {r.name for r in rules} == CHECK_NAMES
    assert all(r.severity in SEVERITIES and r.meaning and r.example for r in rules)
    readme = (ROOT / "docs" / "checking.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z]\d{3})` \|", readme, re.MULTILINE))
    assert documented == set(codes), "update the lint rule table in docs/checking.md"
    phrase_names = {rule.name for rule in boilerplate_rules().phrases}
    step_phrases = next(r for r in rules if r.name == "boilerplate-in-step").params["boilerplate_phrases"]
    assert set(step_phrases) <= phrase_names


def test_select_and_ignore_by_code_or_prefix():
    codes = {f.code for f in findings(seeded_bad_record(), select=["P2"], ignore=["P204"])}
    assert codes == {"P201", "P202", "P203", "P205"}
    with pytest.raises(ValueError, match="X999"):
        select_rules(["X999"])


def test_cli_formats_and_exit_codes(tmp_path, capsys):
    out = write_jsonl(tmp_path / "out.jsonl", [good_record(), seeded_bad_record()])
    assert main(["lint", str(out)]) == 1  # warnings fail by default
    text = capsys.readouterr().out
    assert "seeded-bad.md:11: S102 warning one-word-step" in text
    assert "[procedure 1, step 2]" in text
    assert main(["lint", str(out), "--format", "json", "--select", "S102"]) == 1
    rows = json.loads(capsys.readouterr().out)
    located = [(r["code"], r["procedure"], r["step"], r["line"], r["source"]) for r in rows]
    assert located == [("S102", 1, "2", 11, "seeded-bad.md")]
    assert main(["lint", str(out), "--select", "S108,P204"]) == 0  # info only
    assert main(["lint", str(out), "--select", "S108,P204", "--fail-on", "info"]) == 1
    assert main(["lint", str(out), "--fail-on", "never"]) == 0
    assert main(["lint", str(out), "--ignore", "NOPE"]) == 2
    capsys.readouterr()


def test_unreadable_and_error_records_are_findings(tmp_path, capsys):
    error = {"schema_version": "1.0.0", "kind": "error", "source": {"path": "gone.md"},
             "error": {"stage": "read", "reason": "no such file or directory", "type": "ReadError"}}
    out = write_jsonl(tmp_path / "out.jsonl", [error, {"kind": "document"}])
    assert main(["lint", str(out), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [(r["code"], r["severity"]) for r in rows] == [("R002", "warning"), ("R001", "error")]


def test_dev_set_exit_code_follows_the_documented_severities(capsys):
    need_shared("eval", "dev", "articles")
    out = str(dev_output())
    assert main(["lint", out, "--format", "json", "--fail-on", "never"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["code"] for r in rows} <= {r.code for r in lint_rules()}
    for fail_on in SEVERITIES:
        expected = int(any(SEVERITIES.index(r["severity"]) >= SEVERITIES.index(fail_on) for r in rows))
        assert main(["lint", out, "-q", "--fail-on", fail_on]) == expected
        capsys.readouterr()
