"""Decompression bombs and odd compressed inputs: every inflation streams with a running count and
stops at ``--max-bytes``, so a bomb is an error record and the run stays small.

The bombs are written at test time in tmp (``bombs.py``: a few KB and about 1 MB on disk, 1 GiB
inflated). Peak memory is the summed RSS of the run's whole process tree (workers included),
sampled every 20 ms with psutil when it is installed (the dask extra brings it); otherwise the
largest process of the tree as the kernel counts it (``RUSAGE_CHILDREN`` of a launcher process, so
nothing else the test session did counts).
"""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time

import pytest

from bombs import GIB, write_warc_bomb

pytest.importorskip("warcio")

PEAK_LIMIT_KB = 600 * 1024
LAUNCHER = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")


def extract_measured(*args) -> tuple[int, int]:
    """(exit code, peak RSS in KB of the run's process tree)."""
    command = [sys.executable, "-m", "extractor", "extract", *map(str, args), "-q"]
    try:
        import psutil
    except ImportError:
        result = subprocess.run([sys.executable, "-c", LAUNCHER, *command], capture_output=True, timeout=120)
        assert b"Traceback" not in result.stderr, result.stderr
        return result.returncode, int(result.stdout.split()[-1])
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    root, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            peak = max(peak, sum(p.memory_info().rss for p in [root, *root.children(recursive=True)]))
        except psutil.Error:
            pass
        time.sleep(0.02)
    assert b"Traceback" not in process.stderr.read()
    return process.returncode, peak // 1024


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    encoded, plain = folder / "encoded.warc.gz", folder / "plain.warc.gz"
    write_warc_bomb(encoded, content_encoding=True)
    write_warc_bomb(plain, content_encoding=False)
    assert encoded.stat().st_size < 4096 and plain.stat().st_size < 2 * 1024 * 1024
    return encoded, plain


# warcio (the fallback reader) inflates a 1 GiB record in Python to skip it: seconds, but flat
# memory; the plain bomb is left to the default reader to keep the suite quick.
@pytest.mark.parametrize("kind, reader", [("content-encoding", "fastwarc"), ("plain", "fastwarc"),
                                          ("content-encoding", "warcio")])
def test_warc_bombs_become_error_records_in_little_memory(bombs, tmp_path, monkeypatch, kind, reader):
    if reader == "fastwarc":
        pytest.importorskip("fastwarc")
    monkeypatch.setenv("EXTRACTOR_WARC_READER", reader)
    bomb = bombs[0] if kind == "content-encoding" else bombs[1]
    for extra in ([], ["-j", "2", "--max-memory", "1G"]):
        out = tmp_path / f"out{len(extra)}.jsonl"
        code, peak_kb = extract_measured(bomb, "-o", out, *extra)
        assert code == 1 and peak_kb < PEAK_LIMIT_KB, (extra, peak_kb)
        [record] = [json.loads(line) for line in out.read_bytes().splitlines()]
        assert record["kind"] == "error" and record["error"]["stage"] == "limits"
        assert "--max-bytes" in record["error"]["reason"] and record["source"]["url"] == "http://example.org/bomb"


def test_html_gz_keeps_every_member_and_stops_a_bomb(tmp_path):
    from extractor import extract_bytes
    from extractor.errors import LimitExceeded
    from extractor.options import Options
    from extractor.readers.html_decode import gunzip

    page = (gzip.compress(b"<html><body><h1>How to fold</h1><ol><li>Fold it.</li>")
            + gzip.compress(b"<li>Press it flat.</li></ol></body></html>"))
    (tmp_path / "two.html.gz").write_bytes(page)
    record = extract_bytes(page, "two.html.gz")
    assert [s.text for s in record.procedures[0].steps] == ["Fold it.", "Press it flat."]
    bomb = gzip.compress(b"<p>" + b"x" * (8 << 20)) * 3  # three members, 24 MiB inflated
    with pytest.raises(LimitExceeded):
        gunzip(bomb, 16 << 20)
    with pytest.raises(LimitExceeded):
        extract_bytes(bomb, "bomb.html.gz", options=Options(max_bytes=16 << 20))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_fifo_named_like_a_warc_is_refused_at_once(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    out = tmp_path / "out.jsonl"
    stop = threading.Timer(30, lambda: open(fifo, "wb").close())  # unblocks a reader that waits, if the fix regresses
    stop.start()
    try:
        result = subprocess.run([sys.executable, "-m", "extractor", "extract", str(fifo), "-o", str(out),
                                  "--timeout", "0"], capture_output=True, timeout=60)
    finally:
        stop.cancel()
    assert result.returncode == 1, result.stderr
    [record] = [json.loads(line) for line in out.read_bytes().splitlines()]
    assert record["error"]["stage"] == "read" and "regular file" in record["error"]["reason"]
