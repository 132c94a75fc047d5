"""Every command shown in the README and docs/ runs against the samples (issue 13).

Each fenced ``bash`` block is run line by line (``\\`` continues a line) with ``bash -c`` in a fresh
directory per page that holds ``samples/``, ``benchmarks/`` and ``.venv`` (links to this checkout),
with this environment's ``bin`` first on PATH, so ``extractor ...`` and ``.venv/bin/...`` both work.
Blocks of one page share that directory: a page can extract, then index, then search.

A command passes when it exits 0 or 1 (1 = finished, but inputs failed or checks found problems:
the documented meaning) and prints no traceback; 2 (a usage error) means the doc is wrong.

A block that cannot run here is marked on the line before its fence, with the reason, e.g.
``<!-- doc-test: skip needs network -->``. Marked blocks are left out of the run (not pytest skips, so the
suite reports no skips); ``test_every_left_out_block_says_why`` lists them and fails on one without a reason.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from project_paths import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SKIP = re.compile(r"<!--\s*doc-test:\s*skip\b\s*(?P<reason>.*?)\s*-->")
FENCE = re.compile(r"^```(\w*)\s*$")


def bash_blocks(page: Path) -> list[tuple[int, list[str], str | None]]:
    """(line number, commands, skip reason) for each ```bash block of ``page``."""
    blocks, lines = [], page.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        start, body = index, []
        index += 1
        while index < len(lines) and not lines[index].startswith("```"):
            body.append(lines[index])
            index += 1
        index += 1
        if fence.group(1) in ("bash", "sh", "shell"):
            previous = next((line for line in reversed(lines[:start]) if line.strip()), "")
            skip = SKIP.search(previous)
            blocks.append((start + 1, commands(body), skip.group("reason") if skip else None))
    return blocks


def commands(body: list[str]) -> list[str]:
    joined, pending = [], ""
    for line in body:
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        command = (pending + line).strip()
        pending = ""
        if command and not command.startswith("#"):
            joined.append(command)
    return joined


BLOCKS = [(page, line, cmds, skip) for page in PAGES for line, cmds, skip in bash_blocks(page)]
CASES = [(page, line, cmds) for page, line, cmds, skip in BLOCKS if skip is None]


def test_every_left_out_block_says_why():
    left_out = [(f"{page.name}:{line}", skip) for page, line, _, skip in BLOCKS if skip is not None]
    assert len(CASES) >= 5, "the docs show commands that run"
    for where, reason in left_out:
        assert reason.strip(), f"{where}: doc-test skip without a reason"


@pytest.fixture(scope="module")
def workdirs(tmp_path_factory):
    made: dict[str, Path] = {}

    def workdir(page: Path) -> Path:
        if page.name not in made:
            where = tmp_path_factory.mktemp(page.stem)
            for name in ("samples", "benchmarks"):
                (where / name).symlink_to(ROOT / name)
            (where / ".venv").symlink_to(Path(sys.prefix))
            made[page.name] = where
        return made[page.name]

    return workdir


@pytest.mark.slow
@pytest.mark.parametrize("page, line, cmds", CASES, ids=[f"{page.name}:{line}" for page, line, _ in CASES])
def test_command_runs(page, line, cmds, workdirs):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "NO_COLOR": "1", "EXTRACTOR_CACHE_DIR": str(workdirs(page) / ".cache")}
    for command in cmds:
        result = subprocess.run(["bash", "-c", command], cwd=workdirs(page), env=env, capture_output=True,
                                text=True, timeout=300, stdin=subprocess.DEVNULL)
        problem = f"{page.name}:{line}: `{command}` exited {result.returncode}\n{result.stderr[-2000:]}"
        assert result.returncode in (0, 1), problem
        assert "Traceback" not in result.stderr, problem


def test_readme_stays_short():
    assert len((ROOT / "README.md").read_bytes()) < 12_000, "move detail into docs/"


def test_site_builds_offline_and_strict(tmp_path):
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("mkdocs is missing: CI installs the docs extra")
        pytest.skip("mkdocs is not installed (pip install -e '.[docs]')")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
