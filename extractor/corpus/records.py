"""Read finished records for corpus work: ``.jsonl`` files, ``.json`` files, directories of them, or ``-``.

Corpus tools want typed ``DocumentRecord`` objects and nothing else: error records and lines that
do not parse are not raised but collected as ``Skipped`` values the CLI can report. (The checks
package has a lower-level reader that keeps raw dicts for validation; this one validates.)
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from pydantic import TypeAdapter, ValidationError

from ..checks.records import STDIN, record_files_under
from ..model import DocumentRecord, Record
_RECORD = TypeAdapter(Record)


@dataclass(frozen=True)
class Skipped:
    """An input that gave no document: where (``file:line``) and why."""

    origin: str
    reason: str
    error_record: bool = False  # an extraction error record (expected in batch output), not bad input


@dataclass
class Loaded:
    documents: list[DocumentRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def record_files(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; directories walked (sorted) for ``.jsonl`` and ``.json``."""
    for path in paths:
        if os.path.isdir(path):
            yield from record_files_under(path)
        else:
            yield path


def iter_records(paths: Iterable[str]) -> Iterator[DocumentRecord | Skipped]:
    """Every document record in ``paths``, in order; anything else comes back as ``Skipped``."""
    for path in record_files(paths):
        if path == STDIN:
            for number, line in enumerate(sys.stdin.buffer, 1):
                if line.strip():
                    yield parse_record(line, f"<stdin>:{number}")
            continue
        try:
            with open(path, "rb") as fh:
                if path.endswith(".jsonl"):
                    for number, line in enumerate(fh, 1):
                        if line.strip():
                            yield parse_record(line, f"{path}:{number}")
                else:
                    yield from _parse_document(fh.read(), path)
        except OSError as exc:
            yield Skipped(path, exc.strerror or str(exc))


def _parse_document(data: bytes, origin: str) -> Iterator[DocumentRecord | Skipped]:
    """A ``.json`` file: one record, or an array of them (``extract -o all.json``)."""
    if data.lstrip()[:1] != b"[":
        yield parse_record(data, origin)
        return
    try:
        items = json.loads(data)
    except (ValueError, RecursionError) as exc:
        yield Skipped(origin, f"not JSON: {exc}")
        return
    for index, item in enumerate(items):
        yield parse_record(json.dumps(item).encode("utf-8"), f"{origin}[{index}]")


def parse_record(data: bytes, origin: str) -> DocumentRecord | Skipped:
    try:
        record = _RECORD.validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        return Skipped(origin, f"not a record: {first['msg']} at {'.'.join(map(str, first['loc'])) or 'top'}")
    if not isinstance(record, DocumentRecord):
        return Skipped(origin, f"error record ({record.error.stage}: {record.error.reason})", error_record=True)
    return record


def load_documents(paths: Iterable[str]) -> Loaded:
    loaded = Loaded()
    for item in iter_records(paths):
        if isinstance(item, Skipped):
            loaded.skipped.append(item)
        else:
            loaded.documents.append(item)
    return loaded
