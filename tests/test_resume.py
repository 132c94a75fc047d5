"""Kill a real ``extractor extract`` with SIGKILL at a random moment, run it again: exactly N valid records.

Also the crash windows a SIGKILL rarely hits, made on purpose: a line written after the last commit
of the run state, and a rewrite interrupted between its commit and its rename.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from pydantic import TypeAdapter

from extractor.model import Record
from extractor.runstate import DIRECTORY_STATE, state_path

N = 150
RECORD = TypeAdapter(Record)


def make_inputs(folder, n=N):
    folder.mkdir()
    for i in range(n):
        steps = "".join(f"{k}. Click **Button {i}-{k}** and wait.\n" for k in range(1, 4 + i % 5))
        (folder / f"article-{i:04d}.md").write_text(
            f"---\ntitle: Article {i}\ntags: [a, b]\n---\n\n# Article {i}\n\n{'Some text. ' * (i % 40)}\n\n{steps}",
            encoding="utf-8")


def extract(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "extractor", "extract", *map(str, args), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, **kwargs)


def count(out):
    if out.is_file():
        return len(out.read_bytes().splitlines())
    return len(list(out.glob("*.json"))) if out.is_dir() else 0


def kill_at_random_point(args, seconds_range=(0, 0), after_records=0):
    """SIGKILL a live run once its output holds ``after_records`` records (if asked) and a random
    delay more has passed; returns how many records the output held then."""
    out = args[args.index("-o") + 1]
    for _ in range(5):
        process = extract(*args)
        while after_records and count(out) < after_records and process.poll() is None:
            time.sleep(0.002)
        time.sleep(random.uniform(*seconds_range))
        alive = process.poll() is None
        process.send_signal(signal.SIGKILL)  # the parent only, as a crash or the OOM killer would
        process.wait(timeout=30)
        try:  # its worker processes notice the closed pipe and exit; make sure nothing of ours lingers
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if alive:
            return count(out)
        seconds_range = (0, seconds_range[1] / 2)  # it had finished already: kill sooner
    pytest.fail("could not kill the run while it was still going")


def check_records(records, inputs):
    paths = [r.source.path for r in records]
    assert len(paths) == len(set(paths)), "a record appears twice"
    assert sorted(paths) == sorted(inputs), "a record is missing"
    assert all(r.kind == "document" for r in records)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigkill_then_resume_gives_exactly_one_record_per_input(tmp_path, jobs):
    src, out, clean = tmp_path / "in", tmp_path / "out.jsonl", tmp_path / "clean.jsonl"
    make_inputs(src)
    inputs = [str(p) for p in sorted(src.iterdir())]
    # A kill while records are being written, another at any moment, then a run to the end.
    assert 0 < kill_at_random_point([src, "-o", out, "-j", jobs], after_records=random.randint(1, N // 2)) < N
    kill_at_random_point([src, "-o", out, "-j", jobs], (0.2, 2.0))
    finished = extract(src, "-o", out, "-j", jobs)
    assert finished.wait(timeout=120) == 0, finished.stderr.read()
    raw = out.read_bytes().splitlines()
    check_records([RECORD.validate_json(line) for line in raw], inputs)
    assert extract(src, "-o", clean).wait(timeout=120) == 0
    assert out.read_bytes() == clean.read_bytes()  # same bytes, same order as a run never killed


def test_sigkill_then_resume_directory_output(tmp_path):
    src, out = tmp_path / "in", tmp_path / "records"
    make_inputs(src)
    assert 0 < kill_at_random_point([src, "-o", out, "-j", "2"], after_records=random.randint(1, N // 2)) < N
    finished = extract(src, "-o", out, "-j", "2")
    assert finished.wait(timeout=120) == 0, finished.stderr.read()
    files = sorted(out.glob("*.json"))
    check_records([RECORD.validate_json(p.read_bytes()) for p in files], [str(p) for p in sorted(src.iterdir())])
    assert not list(out.glob(".tmp-*"))
    done = sqlite3.connect(out / DIRECTORY_STATE).execute("SELECT COUNT(*) FROM inputs WHERE status='document'")
    assert done.fetchone()[0] == N


def test_uncommitted_tail_is_cut_and_redone(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out.jsonl"
    make_inputs(src, 10)
    assert extract(src, "-o", out).wait(timeout=120) == 0
    whole = out.read_bytes()
    with open(out, "ab") as fh:  # a crash after writing lines but before committing them
        fh.write(whole.splitlines(keepends=True)[3] + b'{"schema_version": "1.0.0", "kind": "docu')
    assert extract(src, "-o", out).wait(timeout=120) == 0
    assert out.read_bytes() == whole


def test_interrupted_rewrite_is_finished_on_restart(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out.jsonl"
    make_inputs(src, 6)
    assert extract(src, "-o", out).wait(timeout=120) == 0
    whole = out.read_bytes()
    # The state says the rewrite is committed, but the process died before renaming it into place.
    (tmp_path / "out.jsonl.rewrite").write_bytes(whole)
    out.write_bytes(b"garbage that the rename would have replaced\n" * 3)
    db = sqlite3.connect(state_path(str(out)))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('rewriting', ?)", (str(out) + ".rewrite",))
    db.commit()
    db.close()
    result = extract(src, "-o", out)
    assert result.wait(timeout=120) == 0
    assert out.read_bytes() == whole
    assert not (tmp_path / "out.jsonl.rewrite").exists()


def test_output_shorter_than_its_state_starts_over(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out.jsonl"
    make_inputs(src, 4)
    assert extract(src, "-o", out).wait(timeout=120) == 0
    whole = out.read_bytes()
    out.write_bytes(whole[:10])  # someone truncated the output: the state no longer describes it
    assert extract(src, "-o", out).wait(timeout=120) == 0
    assert out.read_bytes() == whole
    assert [json.loads(line)["kind"] for line in whole.splitlines()] == ["document"] * 4


def test_second_run_on_the_same_output_is_refused_and_a_damaged_state_is_set_aside(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out.jsonl"
    make_inputs(src, 3)
    from extractor.runstate import Output

    holder = Output(str(out))  # a run in progress
    try:
        result = subprocess.run([sys.executable, "-m", "extractor", "extract", str(src), "-o", str(out)],
                                capture_output=True, timeout=60)
        assert result.returncode == 2 and b"another run" in result.stderr and b"Traceback" not in result.stderr
    finally:
        holder.close()
    (tmp_path / "out.jsonl.state.sqlite").write_bytes(b"this is not a database" * 100)
    assert extract(src, "-o", out).wait(timeout=120) == 0
    assert len(out.read_bytes().splitlines()) == 3
    assert (tmp_path / "out.jsonl.state.sqlite.corrupt").exists()


def _fault_at(fraction, total, exc):
    """A stand-in for ``runstate._copy_line`` that raises ``exc`` once ``fraction`` of ``total`` lines are copied."""
    from extractor import runstate

    real, copied = runstate._copy_line, [0]

    def copy(old, new, offset, length):
        copied[0] += 1
        if copied[0] > fraction * total:
            raise exc
        return real(old, new, offset, length)
    return copy


@pytest.mark.slow  # about 3 s: 1,000 inputs, each run reads them all
def test_interrupted_end_of_run_rewrite_keeps_the_old_file_and_state(tmp_path, monkeypatch):
    """Ctrl-C or a full disk while the end-of-run rewrite is 80 % done: the old file and the old state
    stand together, and the next run finishes the job (every line whole, the changed record current)."""
    import errno

    from extractor import runstate
    from extractor.cli import main

    src, out, n = tmp_path / "in", tmp_path / "out.jsonl", 1000
    monkeypatch.setattr(runstate, "LINES_PAGE", 300)  # the fault (at 80 %) lands on a later page of lines
    src.mkdir()
    for i in range(n):
        (src / f"a{i:05d}.md").write_bytes(b"# A%d\n\n1. Open %d.\n2. Close.\n" % (i, i))
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0
    (src / "a00007.md").write_bytes(b"# Changed\n\n1. Open it.\n2. Close it.\n")
    for fault, code in ((KeyboardInterrupt(), 130), (OSError(errno.ENOSPC, "No space left on device"), 3)):
        with monkeypatch.context() as patch:
            patch.setattr(runstate, "_copy_line", _fault_at(0.8, n, fault))
            assert main(["extract", str(src), "-o", str(out), "-q"]) == code
        assert not (tmp_path / "out.jsonl.rewrite").exists()
        [json.loads(line) for line in out.read_bytes().splitlines()]  # the old file, whole
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0
    records = [RECORD.validate_json(line) for line in out.read_bytes().splitlines()]
    check_records(records, [str(p) for p in sorted(src.iterdir())])
    changed = next(r for r in records if r.source.path.endswith("a00007.md"))
    assert changed.metadata.title == "Changed"
    finished = out.read_bytes()
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0  # and later runs agree
    assert out.read_bytes() == finished


def test_a_state_damaged_in_the_middle_is_set_aside_and_never_wedges_later_runs(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out.jsonl"
    make_inputs(src)
    assert extract(src, "-o", out).wait(timeout=120) == 0
    whole = out.read_bytes()
    state = tmp_path / "out.jsonl.state.sqlite"
    size = state.stat().st_size
    assert size > 8 * 4096
    with open(state, "r+b") as fh:  # the header stays good: the damage shows only when pages are read
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(b"\xa5garbage" * 1024)
    for args in ([], ["--force"], []):
        result = subprocess.run([sys.executable, "-m", "extractor", "extract", str(src), "-o", str(out), *args],
                                capture_output=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert out.read_bytes() == whole
    first = subprocess.run([sys.executable, "-m", "extractor", "extract", str(src), "-o", str(out)],
                           capture_output=True, timeout=120)
    assert b"unchanged" in first.stderr and b"Traceback" not in first.stderr
    assert (tmp_path / "out.jsonl.state.sqlite.corrupt").exists()


def test_force_sets_aside_a_damaged_state_too(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out.jsonl"
    make_inputs(src, 150)
    assert extract(src, "-o", out).wait(timeout=120) == 0
    state = tmp_path / "out.jsonl.state.sqlite"
    with open(state, "r+b") as fh:
        fh.seek(state.stat().st_size // 2 // 4096 * 4096)
        fh.write(b"\x00\xff" * 2048)
    result = subprocess.run([sys.executable, "-m", "extractor", "extract", str(src), "-o", str(out), "--force"],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert b"set aside" in result.stderr and b"state.sqlite.corrupt" in result.stderr
    assert len(out.read_bytes().splitlines()) == 150


def test_warc_records_unchanged_since_the_last_run_are_skipped(tmp_path):
    pytest.importorskip("warcio")
    sys.path.insert(0, os.path.dirname(__file__))
    from test_warc import write_common_crawl_like

    crawl, out = tmp_path / "cc.warc.gz", tmp_path / "out.jsonl"
    write_common_crawl_like(crawl)
    first = subprocess.run([sys.executable, "-m", "extractor", "extract", str(crawl), "-o", str(out)],
                           capture_output=True, timeout=120)
    assert first.returncode == 0 and b"3 documents" in first.stderr, first.stderr
    whole = out.read_bytes()
    again = subprocess.run([sys.executable, "-m", "extractor", "extract", str(crawl), "-o", str(out)],
                           capture_output=True, timeout=120)
    assert again.returncode == 0 and b"0 documents" in again.stderr and b"3 unchanged" in again.stderr, again.stderr
    assert out.read_bytes() == whole


def test_records_of_deleted_inputs_leave_a_directory_output(tmp_path):
    src, out = tmp_path / "in", tmp_path / "records"
    make_inputs(src, 5)
    assert extract(src, "-o", out).wait(timeout=120) == 0
    (out / "notes.txt").write_text("not ours")
    gone = sorted(src.iterdir())[2]
    gone.unlink()
    assert extract(src, "-o", out).wait(timeout=120) == 0
    records = [RECORD.validate_json(p.read_bytes()) for p in sorted(out.glob("*.json"))]
    check_records(records, [str(p) for p in sorted(src.iterdir())])
    assert (out / "notes.txt").exists()  # only files the run state says we wrote are removed


def test_run_state_rows_become_durable_at_the_commit_and_are_read_back_before_it(tmp_path):
    """done() rows wait in the state for its next commit (one executemany): the planner sees them at
    once, another reader only after the commit, and an interrupted run (close without commit) loses
    exactly what it would have lost before: every row since the last commit."""
    from extractor.runstate import RunState

    path = str(tmp_path / "state.sqlite")
    state = RunState(path)
    state.begin_run()
    state.done("a.md", 0, sha256="aa", version="v1", status="document", stage=None, error=None, offset=0, length=5)
    assert state.prior("a.md") == state.prior("a.md") and state.prior("a.md").sha256 == "aa"
    assert state.prior("a.md").run == state.run  # "listed twice in this run" still holds before the commit
    other = sqlite3.connect(path)
    assert other.execute("SELECT COUNT(*) FROM inputs").fetchone()[0] == 0
    state.commit(5)
    assert other.execute("SELECT path, sha256, offset, length FROM inputs").fetchall() == [("a.md", "aa", 0, 5)]
    assert other.execute("SELECT value FROM meta WHERE key = 'committed_size'").fetchone() == ("5",)
    state.done("b.md", 1, sha256="bb", version="v1", status="error", stage="parse", error="bad", offset=5, length=3)
    state.seen("b.md", 7)  # changes the waiting row, as the UPDATE changed the inserted one
    assert state.prior("b.md").status == "error"
    state.close()  # interrupted before the next commit
    state = RunState(path)
    assert state.prior("b.md") is None and state.prior("a.md").sha256 == "aa" and state.committed_size == 5
    state.close()
