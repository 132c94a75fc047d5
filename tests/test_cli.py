"""The command line: exit codes, outputs, and no tracebacks."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extractor.cli import main


def run_cli(*args: str, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True, timeout=120)


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert "extractor" in capsys.readouterr().out


def test_usage_error_exits_2():
    result = run_cli("extract")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_extract_jsonl_and_failed_input(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Good\n---\n\n1. Open **Settings**.\n2. Click **Accounts**.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run_cli("extract", str(good), str(tmp_path / "missing.md"), "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["kind"] for r in records] == ["document", "error"]
    assert records[0]["metadata"]["title"] == "Good"
    assert records[1]["error"]["stage"] == "read"
    assert b"1 documents" in result.stderr and b"1 errors" in result.stderr


def test_extract_directory_output_and_stdin(tmp_path):
    out = tmp_path / "records"
    result = run_cli("extract", "-", "-o", str(out), stdin=b"# Hello\n\nSome text.\n")
    assert result.returncode == 0, result.stderr
    files = list(out.glob("*.json"))
    assert len(files) == 1
    assert json.loads(files[0].read_text(encoding="utf-8"))["metadata"]["title"] == "Hello"


def test_stdout_jsonl():
    result = run_cli("extract", "-", "-o", "-", "-q", stdin=b"plain text\n")
    assert result.returncode == 0
    assert json.loads(result.stdout)["content"]["text"] == "plain text"
