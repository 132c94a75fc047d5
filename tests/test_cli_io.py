"""What ``extract`` does with its output path, stderr and the terminal (issue 13)."""
from __future__ import annotations

import json
import os
import pty
import stat
import subprocess
import sys

import pytest

from extractor.cli import main
from extractor.install import install_hint
from project_paths import SAMPLES

ARTICLE = "---\ntitle: Pair a mouse\n---\n\n1. Open **Settings**.\n2. Click **Bluetooth**.\n"


def run_cli(*args: str, stdin: bytes | None = None, **kwargs):
    return subprocess.run([sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True,
                          timeout=120, **kwargs)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "pair.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_json_output_is_one_array_not_a_directory(tmp_path, article):
    out = tmp_path / "result.json"
    assert main(["extract", str(article), str(article), "-o", str(out), "-q", "-j", "1"]) == 0
    assert out.is_file()
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [r["metadata"]["title"] for r in records] == ["Pair a mouse", "Pair a mouse"]


def test_trailing_slash_asks_for_a_directory(tmp_path, article):
    out = tmp_path / "result.json"
    assert main(["extract", str(article), "-o", f"{out}/", "-q", "-j", "1"]) == 0
    assert out.is_dir() and len(list(out.glob("*.json"))) == 1


def test_existing_directory_named_json_is_a_usage_error_that_says_what_to_type(tmp_path, article, capsys):
    (tmp_path / "old.json").mkdir()
    assert main(["extract", str(article), "-o", str(tmp_path / "old.json"), "-j", "1"]) == 2
    assert "old.json/" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["out.jsonl", "records", "one.json"])
def test_written_files_get_the_umask_mode(tmp_path, article, target):
    result = run_cli("extract", str(article), "-o", str(tmp_path / target), "-q", "-j", "1",
                     preexec_fn=lambda: os.umask(0o022))
    assert result.returncode == 0, result.stderr
    files = [p for p in (tmp_path / target).rglob("*") if p.is_file() and not p.name.startswith(".")] \
        if (tmp_path / target).is_dir() else [tmp_path / target]
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_review_page_gets_the_umask_mode(tmp_path, article):
    records = tmp_path / "r.jsonl"
    assert main(["extract", str(article), "-o", str(records), "-q", "-j", "1"]) == 0
    page = tmp_path / "review.html"
    result = run_cli("review", str(records), "-o", str(page), preexec_fn=lambda: os.umask(0o022))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(page.stat().st_mode) == 0o644


def test_output_under_a_regular_file_exits_2_with_a_sentence(tmp_path, article):
    (tmp_path / "plain").write_text("x")
    result = run_cli("extract", str(article), "-o", str(tmp_path / "plain" / "out.jsonl"))
    assert result.returncode == 2
    assert b"is a file, not a directory" in result.stderr and b"Errno" not in result.stderr


def test_empty_directory_warns(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.rst").write_text("nothing we read")
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert "warning: no inputs in" in err and ".md" in err


def test_howto_into_a_records_file_refuses(tmp_path, article, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(article), "-o", str(out), "-q", "-j", "1"]) == 0
    before = out.read_bytes()
    assert main(["extract", str(article), "-o", str(out), "--format", "howto-jsonld", "-j", "1"]) == 2
    assert "holds extractor records" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_install_hint_names_this_checkout():
    hint = install_hint("web")
    assert "[web]" in hint and "pip install" in hint
    assert "'extractor[web]'" not in hint  # that name on the package index is another project


def test_default_jobs_is_the_usable_cpus():
    from extractor.cli.commands.extract import usable_cpus

    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert usable_cpus() == expected
    result = run_cli("extract", "--help")
    assert f"here {expected}" in result.stdout.decode()


def test_ctrl_c_says_how_many_records_and_how_to_resume(tmp_path, article, monkeypatch, capsys):
    import extractor.runner

    def interrupted_run(paths, sink, *, progress, **kwargs):
        for _ in range(3):
            progress(type("Result", (), {"kind": "document"})())
        raise KeyboardInterrupt

    monkeypatch.setattr(extractor.runner, "run", interrupted_run)
    assert main(["extract", str(article), "-o", str(tmp_path / "o.jsonl"), "-j", "1"]) == 130
    err = capsys.readouterr().err
    assert "3 records written" in err and "run the same command again" in err


def _stderr_on_a_terminal(*args: str) -> str:
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "160"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "extractor", *args], stderr=slave, stdout=subprocess.DEVNULL,
                            env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=120)
    os.close(master)
    return out.decode("utf-8", "replace")


def test_progress_on_a_terminal_shows_done_of_total_rate_and_eta(tmp_path):
    total = sum(1 for p in SAMPLES.rglob("*") if p.suffix in (".md", ".html"))
    err = _stderr_on_a_terminal("extract", str(SAMPLES), "-o", str(tmp_path / "o.jsonl"), "-j", "1")
    assert f"/{total}" in err and "docs/s" in err and "ETA" in err


@pytest.mark.parametrize("flag", ["-q", "--no-progress"])
def test_quiet_and_no_progress_hide_the_bar(tmp_path, flag):
    err = _stderr_on_a_terminal("extract", str(SAMPLES), "-o", str(tmp_path / "o.jsonl"), "-j", "1", flag)
    assert "ETA" not in err
    assert ("documents," in err) == (flag == "--no-progress")  # -q also drops the summary
