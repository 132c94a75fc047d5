"""Hostile input: every case ends as a record or an error record, the run stays bounded, YAML never executes.

The big and odd inputs are generated in tmp_path at test time (nothing large is committed). One
``extractor extract`` run takes them all, with two workers and tight limits (``--timeout``,
``--max-memory``) so that the slow and the greedy ones become ``limits`` error records quickly.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from pydantic import TypeAdapter

from extractor.model import Record
from extractor.readers.front_matter import split_front_matter

RECORD = TypeAdapter(Record)
TIMEOUT = "4"
MAX_MEMORY = "1500M"


def laughs(levels: int = 9) -> bytes:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return ("---\n" + "\n".join(lines) + "\ntitle: Laughs\n---\n# Body\n").encode()


def executing_tags(marker) -> list[bytes]:
    """Front matter that would create ``marker`` if any YAML tag ever ran code."""
    command = f"touch {marker}"
    return [
        f"---\ntitle: !!python/object/apply:os.system ['{command}']\n---\n# A\n".encode(),
        f"---\ntitle: !!python/object/apply:subprocess.call [['touch', '{marker}']]\n---\n# B\n".encode(),
        f"---\nx: !!python/object/new:os.system ['{command}']\n---\n# C\n".encode(),
        b"---\n!!python/name:os.system\n---\n# D\n",
    ]


def build_cases(root, marker) -> dict[str, bytes]:
    cases = {
        "empty.md": b"",
        "binary.md": bytes(range(256)) * 400,
        "nul-bytes.md": b"# Title\n\nText\x00with\x00NULs.\n\n1. Open it.\n2. Close it.\n",
        "invalid-utf8.md": b"# Caf\xe9 \xff\xfe\n\n1. Open the \xe9 menu.\n2. Save.\n",
        "utf16-no-bom.md": "# Title\n\n1. Open Settings.\n2. Click Save.\n".encode("utf-16-le"),
        "million-lines.md": b"line of text\n" * 1_000_000,
        "long-line.md": b"# Long\n\n" + b"word " * 20_000 + b"\n",
        "nested-lists.md": b"- " * 10_000 + b"deep\n",
        "nested-ordered.md": b"".join(b" " * (3 * i) + b"1. item\n" for i in range(2_000)),
        "nested-quotes.md": b"> " * 10_000 + b"deep\n",
        "mixed-nesting.md": b"> - " * 5_000 + b"deep\n",
        "front-matter-only.md": b"---\ntitle: Only front matter\n---\n",
        "front-matter-unclosed.md": b"---\ntitle: never closed\n\n1. Open it.\n2. Close it.\n",
        "yaml-tabs.md": b"---\ntitle:\tTabbed\n\tkey: value\n---\n# Body\n",
        "yaml-duplicate-keys.md": b"---\ntitle: First\ntitle: Second\n---\n# Body\n",
        "yaml-billion-laughs.md": laughs(),
        "toml-unclosed.md": b"+++\ntitle = 'x'\n",
        "crlf.md": b"# Title\r\n\r\n1. Open it.\r\n2. Close it.\r\n",
        "lone-cr.md": b"# Title\r\r1. Open it.\r2. Close it.\r",
        "page-1m-elements.html": b"<html><body><div>" + b"<p>x</p>" * 1_000_000 + b"</div></body></html>",
        "html-deep.html": b"<div>" * 100_000 + b"text",
    }
    for i, data in enumerate(executing_tags(marker)):
        cases[f"yaml-python-tag-{i}.md"] = data
    return cases


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    marker = root.parent / f"{root.name}-EXECUTED"
    inputs = root / "in"
    inputs.mkdir()
    for name, data in build_cases(root, marker).items():
        (inputs / name).write_bytes(data)
    big = inputs / "big-50mb.md"
    with open(big, "wb") as fh:  # 50 MB of plausible Markdown
        block = b"## Step group\n\n1. Open **Settings** and pick *Accounts*.\n2. Press Win+I, see [docs](https://x.y).\n\n"
        fh.write(block * (50 * 1024 * 1024 // len(block)))
    odd = inputs / "name with\nnewline"
    odd.mkdir()
    (odd / "article\nwith newline.md").write_bytes(b"# Odd names\n\n1. One.\n2. Two.\n")
    (inputs / os.fsdecode(b"bad-\xff-name.md")).write_bytes(b"# Bad bytes in the name\n")
    (inputs / "bad-\\xff-name.md").write_bytes(b"# A backslash in the name\n")  # must not share its path
    os.symlink(inputs, inputs / "loop-to-self")  # a directory loop: walked once
    os.symlink(inputs / "ping.md", inputs / "pong.md")  # a file loop: an error record
    os.symlink(inputs / "pong.md", inputs / "ping.md")
    locked = inputs / "unreadable.md"
    locked.write_bytes(b"# Locked\n")
    locked.chmod(0)
    os.mkfifo(inputs / "fifo.md")  # would block forever if opened for reading
    return root, inputs, marker


def run_extract(*args, preexec_fn=None):
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "extractor", "extract", *map(str, args)],
                            capture_output=True, timeout=120, preexec_fn=preexec_fn)
    return result, time.monotonic() - started


def without_root_file_access():
    """In the child, before exec: give up root's power to read any file whatever its mode
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), from the bounding and inheritable sets too, so exec does
    not hand them back. Root then reads a mode-000 file as its owner would: not at all."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    dac_caps = (1, 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH (linux/capability.h)
    for cap in dac_caps:
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    header, data = Header(0x20080522, 0), (Data * 2)()  # _LINUX_CAPABILITY_VERSION_3
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    keep = ~sum(1 << cap for cap in dac_caps) & 0xFFFFFFFF
    for name in ("effective", "permitted", "inheritable"):
        setattr(data[0], name, getattr(data[0], name) & keep)
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


def test_every_hostile_input_ends_as_a_record_within_the_limits(hostile):
    root, inputs, marker = hostile
    out = root / "out.jsonl"
    result, seconds = run_extract(inputs, "-o", out, "-j", "2", "--timeout", TIMEOUT, "--max-memory", MAX_MEMORY)
    assert result.returncode == 1, result.stderr  # finished, with error records for the bad ones
    assert b"Traceback" not in result.stderr
    assert seconds < 60
    records = [RECORD.validate_json(line) for line in out.read_bytes().splitlines()]
    by_name = {r.source.path.rsplit("/", 1)[-1]: r for r in records}
    expected = set(build_cases(root, marker)) | {"big-50mb.md", "article\nwith newline.md", "bad-\\xff-name.md",
                                                  "bad-\\\\xff-name.md",
                                                  "ping.md", "pong.md", "unreadable.md", "fifo.md"}
    assert set(by_name) == expected and len(records) == len(expected)
    assert by_name["binary.md"].kind == "error" and by_name["binary.md"].error.stage == "read"
    assert by_name["fifo.md"].kind == "error" and "regular file" in by_name["fifo.md"].error.reason
    assert by_name["ping.md"].kind == "error" and by_name["ping.md"].error.stage == "read"
    for name in ("empty.md", "crlf.md", "lone-cr.md", "front-matter-only.md", "front-matter-unclosed.md",
                 "yaml-tabs.md", "yaml-duplicate-keys.md", "yaml-billion-laughs.md", "nested-lists.md",
                 "nested-quotes.md", "long-line.md", "invalid-utf8.md", "article\nwith newline.md"):
        assert by_name[name].kind == "document", (name, by_name[name])
    for name in ("big-50mb.md", "million-lines.md", "page-1m-elements.html"):
        record = by_name[name]
        assert record.kind == "document" or record.error.stage == "limits", (name, record)
    assert by_name["front-matter-only.md"].metadata.title == "Only front matter"
    assert not marker.exists(), "a YAML tag executed code"


def test_line_endings_give_the_same_steps(hostile):
    root, inputs, marker = hostile
    out = root / "endings.jsonl"
    result, _ = run_extract(inputs / "crlf.md", inputs / "lone-cr.md", "-o", out)
    assert result.returncode == 0, result.stderr
    crlf, cr = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert crlf["metadata"]["title"] == cr["metadata"]["title"] == "Title"
    assert crlf["content"]["text"] == cr["content"]["text"]


def test_directory_output_names_stay_inside(hostile):
    root, inputs, marker = hostile
    out = root / "records"
    odd = [p for p in inputs.iterdir() if "\n" in p.name][0]
    result, _ = run_extract(odd, inputs / os.fsdecode(b"bad-\xff-name.md"), inputs / "crlf.md", "-o", out)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert len(names) == 3
    assert all("\n" not in name and name.isprintable() and name.endswith(".json") for name in names)


@pytest.mark.parametrize("index", range(4))
def test_yaml_tags_never_execute_in_process(tmp_path, index):
    marker = tmp_path / "EXECUTED"
    text = executing_tags(marker)[index].decode()
    front_matter, body, line, warnings = split_front_matter(text)
    assert not marker.exists()
    assert all(not callable(v) for v in front_matter.values())
    assert body.lstrip().startswith("#")


def test_billion_laughs_is_quick_and_small(tmp_path):
    from extractor import extract_bytes

    started = time.monotonic()
    record = extract_bytes(laughs(10), "laughs.md")
    assert time.monotonic() - started < 5
    assert len(record.model_dump_json()) < 200_000


def test_unreadable_file_is_a_read_error(hostile):
    root, inputs, marker = hostile
    as_root = sys.platform.startswith("linux") and os.geteuid() == 0  # root would read it: run without that power
    result, _ = run_extract(inputs / "unreadable.md", "-o", root / "locked.jsonl",
                            preexec_fn=without_root_file_access if as_root else None)
    record = json.loads((root / "locked.jsonl").read_text(encoding="utf-8"))
    assert result.returncode == 1 and record["error"]["stage"] == "read"



def test_undecodable_names_give_one_record_each(tmp_path):
    """Bytes that are not UTF-8 show as \\xNN; a name that really holds \\xNN never shows the same."""
    names = [b"bad-\xff-name.md", b"bad-\\xff-name.md", b"bad-\xfe\\-x.html", b"bad-\\xfe\\\\-x.html"]
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        (folder / os.fsdecode(name)).write_bytes(b"# Title\n\n1. Open it.\n2. Close it.\n")
    out = tmp_path / "out.jsonl"
    result, _ = run_extract(folder, "-o", out)
    assert result.returncode == 0, result.stderr
    paths = [json.loads(line)["source"]["path"] for line in out.read_bytes().splitlines()]
    assert len(paths) == len(set(paths)) == 4
    from extractor.paths import fs_path
    assert sorted(os.fsencode(fs_path(p)).rsplit(b"/", 1)[-1] for p in paths) == sorted(names)


DEEP_STEPS = (b"<p>Intro text about the kettle.</p><h2>Steps</h2><ol><li>Fill the kettle.</li><li>Add vinegar.</li>"
              b"<li>Boil it.</li></ol><p>Done and dusted.</p></body></html>")


@pytest.mark.parametrize("depth", [300, 1_000, 3_000, 100_000])
def test_deep_html_keeps_its_text_and_steps_and_says_it_was_flattened(depth):
    """libxml2 drops everything below 256 levels (2048 with huge_tree) without a word; old pages nest
    hundreds of unclosed <font> tags."""
    from extractor import extract_bytes

    page = b"<html><body><h1>Descale a kettle</h1>\n" + b"<font size=2>" * depth + b"\n" + DEEP_STEPS
    record = extract_bytes(page, "deep.html")
    assert record.kind == "document"
    assert "Intro text about the kettle." in record.content.text and "Done and dusted." in record.content.text
    assert [s.text for p in record.procedures for s in p.steps] == ["Fill the kettle.", "Add vinegar.", "Boil it."]
    assert [w.code for w in record.warnings if w.code == "html-depth"] == ["html-depth"]
    assert record.procedures[0].steps[0].source.line_start == 3  # line numbers survive the flattening


def test_deep_html_of_closed_divs_keeps_its_text():
    from extractor import extract_bytes

    page = b"<html><body>" + b"<div><span>a</span>" * 400 + b"<p>The very bottom.</p>" + b"</div>" * 400 + \
        b"<p>After it all.</p></body></html>"
    record = extract_bytes(page, "divs.html")
    everything = record.content.text + " ".join(b.text for b in record.boilerplate)  # main content or not: kept
    assert "The very bottom." in everything and "After it all." in everything
    assert any(w.code == "html-depth" for w in record.warnings)


@pytest.mark.parametrize("target", ["out.jsonl", "records"])
def test_an_output_path_that_cannot_be_created_is_a_usage_error(tmp_path, target):
    """Exit 1 means "some inputs failed"; an unusable -o is the caller's problem: exit 2, one line, no traceback."""
    article = tmp_path / "a.md"
    article.write_bytes(b"# A\n\n1. One.\n2. Two.\n")
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    result, _ = run_extract(article, "-o", blocker / target)
    assert result.returncode == 2, result.stderr
    assert b"Traceback" not in result.stderr and b"cannot use" in result.stderr
