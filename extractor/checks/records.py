"""Read extractor's output back: a ``.jsonl`` file, a ``.json`` file, a directory of them, or stdin.

Every check (validate, lint, eval, stats, review) starts here. Reading never raises for bad
input: a line that is not JSON, or a path that does not exist, comes back as a ``Loaded`` with a
``problem`` and no data, so the caller can report it beside the good records.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import IO, Any, Iterable, Iterator

from pydantic import TypeAdapter, ValidationError

from ..model import DocumentRecord, ErrorRecord, Record

STDIN = "-"
RECORD_SUFFIXES = (".json", ".jsonl")


@dataclass(frozen=True)
class Loaded:
    """One record as read: ``origin`` says where it came from (``out.jsonl:12``, ``out/a.json``)."""

    origin: str
    data: Any = None
    problem: str | None = None

    @property
    def source_path(self) -> str:
        """The ``source.path`` of the record, or its origin when it has none."""
        source = self.data.get("source") if isinstance(self.data, dict) else None
        if isinstance(source, dict) and isinstance(source.get("path") or source.get("url"), str):
            return source.get("path") or source.get("url")
        if isinstance(source, str):
            return source
        return self.origin


def read_records(paths: Iterable[str]) -> Iterator[Loaded]:
    """Records from each path in turn; directories are walked (sorted) for ``.json`` and ``.jsonl``.

    JSON Lines (files and stdin) are read a line at a time, so a huge batch never sits in memory.
    """
    for path in paths:
        if path == STDIN:
            yield from _parse_stream(sys.stdin, "<stdin>")
        elif os.path.isdir(path):
            for file in record_files_under(path):
                yield from _read_file(file)
        else:
            yield from _read_file(path)


def record_files_under(root: str) -> Iterator[str]:
    """The ``.json`` and ``.jsonl`` files below ``root``, in sorted order, hidden files left out."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(RECORD_SUFFIXES) and not name.startswith("."):
                yield os.path.join(folder, name)


def _read_file(path: str) -> Iterator[Loaded]:
    try:
        with open(path, encoding="utf-8") as fh:
            if path.endswith(".json"):
                yield from _parse_text(fh.read(), path)
            else:
                yield from _parse_stream(fh, path)
    except (OSError, UnicodeDecodeError) as exc:
        yield Loaded(path, problem=f"cannot read: {getattr(exc, 'strerror', None) or exc}")


def _parse_stream(fh: IO[str], origin: str) -> Iterator[Loaded]:
    """JSON Lines when the first line is a whole JSON value; else the whole text as one document."""
    number, first = 0, ""
    for number, first in enumerate(fh, 1):
        if first.strip():
            break
    else:
        return
    try:
        value = json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        yield from _parse_text(first + fh.read(), origin, first_line=number)
        return
    if isinstance(value, list):
        yield from (Loaded(f"{origin}:{number}[{i}]", item) for i, item in enumerate(value))
    else:
        yield Loaded(f"{origin}:{number}", value)
    yield from _parse_lines(fh, origin, number + 1)


def _parse_text(text: str, origin: str, first_line: int = 1) -> Iterator[Loaded]:
    """A whole JSON document (one record or a list of them), else JSON Lines."""
    if not text.strip():
        return
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        yield from _parse_lines(text.split("\n"), origin, first_line)
        return
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield Loaded(f"{origin}[{index}]", item)
    else:
        yield Loaded(origin, data)


def _parse_lines(lines: Iterable[str], origin: str, first_line: int = 1) -> Iterator[Loaded]:
    for number, line in enumerate(lines, first_line):
        if not line.strip():
            continue
        try:
            yield Loaded(f"{origin}:{number}", json.loads(line))
        except json.JSONDecodeError as exc:
            yield Loaded(f"{origin}:{number}", problem=f"not JSON: {exc.msg} at column {exc.colno}")
        except RecursionError:
            yield Loaded(f"{origin}:{number}", problem="not JSON: nested too deeply")


_RECORD = TypeAdapter(Record)


def parse_record(loaded: Loaded) -> DocumentRecord | ErrorRecord | str:
    """The record as a model, or a one-line reason why it is not one."""
    if loaded.problem:
        return loaded.problem
    try:
        return _RECORD.validate_python(loaded.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "/" + "/".join(str(part) for part in first["loc"]) if first["loc"] else ""
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        return f"not a valid record: {where or 'record'}: {first['msg']}{more}"
    except RecursionError:
        return "not a valid record: nested too deeply"
