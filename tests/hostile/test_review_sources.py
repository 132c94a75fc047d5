"""``review`` on crafted records: a source is shown only when it is a regular file under the source
root whose bytes match the record's ``source.sha256``; anything else shows the cleaned content with
a note. Nothing outside the root is embedded, a FIFO never hangs the command, a NUL in a path never
aborts the page."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from extractor import extract_bytes
from extractor.checks.records import Loaded
from extractor.checks.review import ReviewOptions, build_review

ARTICLE = b"# Oil a hinge\n\n1. Lift the door.\n2. Drip oil on the pin.\n"
SECRET = b"# Secret\n\nTOP-SECRET-LINE must never reach the page\n"


def loaded_for(path: str, data: bytes = ARTICLE, sha256: str | None = "of-data") -> Loaded:
    record = json.loads(extract_bytes(data, "x.md").model_dump_json())
    record["source"]["path"] = path
    record["source"]["sha256"] = hashlib.sha256(data).hexdigest() if sha256 == "of-data" else sha256
    return Loaded(origin=f"crafted:{path!r}", data=record)


def page_for(records, root) -> str:
    page, _ = build_review(records, ReviewOptions(source_root=str(root)))
    return page


@pytest.fixture
def tree(tmp_path):
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "good.md").write_bytes(ARTICLE)
    (outside / "secret.md").write_bytes(SECRET)
    (root / "link.md").symlink_to(outside / "secret.md")
    os.mkfifo(root / "fifo.md")
    return root, outside


def test_a_source_under_the_root_with_the_same_bytes_is_shown(tree):
    root, _ = tree
    page = page_for([loaded_for("good.md")], root)
    assert "Drip oil on the pin." in page and "showing the cleaned content" not in page


def test_a_source_whose_bytes_changed_is_not_shown(tree):
    root, _ = tree
    page = page_for([loaded_for("good.md", sha256="0" * 64)], root)
    assert "sha256" in page and "showing the cleaned content" in page


@pytest.mark.parametrize("where", ["absolute", "dotdot", "symlink"])
def test_nothing_outside_the_source_root_is_embedded(tree, where):
    root, outside = tree
    path = {"absolute": str(outside / "secret.md"), "dotdot": "../outside/secret.md", "symlink": "link.md"}[where]
    page = page_for([loaded_for(path, sha256=hashlib.sha256(SECRET).hexdigest())], root)  # even with its sha256
    assert "TOP-SECRET-LINE" not in page
    assert "outside the source root" in page


def test_etc_files_are_never_embedded(tree):
    root, _ = tree
    page = page_for([loaded_for("/etc/passwd", sha256=None), loaded_for("/etc/hostname")], root)
    assert "root:x:0:0" not in page


def test_a_fifo_never_hangs_and_a_nul_never_aborts_the_page(tree, tmp_path):
    root, _ = tree
    records = tmp_path / "crafted.jsonl"
    with open(records, "w", encoding="utf-8") as fh:
        for loaded in (loaded_for("fifo.md"), loaded_for("nul\0name.md"), loaded_for("good.md")):
            fh.write(json.dumps(loaded.data) + "\n")
    result = subprocess.run([sys.executable, "-m", "extractor", "review", str(records), "-o", str(tmp_path / "r.html"),
                             "--source-root", str(root)], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "not a regular file" in page and "Drip oil on the pin." in page
