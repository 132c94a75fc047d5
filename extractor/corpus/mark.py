"""``extract --dedupe``: a post-pass over finished output that sets ``duplicate_of`` in place.

It reads the output twice instead of holding every record in memory: the first pass keeps only
each record's sketch, the second rewrites the records whose ``duplicate_of`` changes. A JSON Lines
file is rewritten to ``OUT.partial`` and renamed over ``OUT``; in a directory, each changed
``.json`` is replaced atomically. Lines that do not change are copied byte for byte; error records
and lines that are not records pass through untouched.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..model import DocumentRecord
from ..writers.files import atomic_write
from .dedupe import DEFAULT_SKETCH, DuplicateGroup, duplicate_of, find_duplicate_groups
from .minhash import SketchOptions
from .records import parse_record, iter_records, record_files


@dataclass(frozen=True)
class MarkReport:
    groups: list[DuplicateGroup]
    changed: int  # records whose duplicate_of was rewritten


def mark_output(target: str, options: SketchOptions = DEFAULT_SKETCH, *, exact: bool = False) -> MarkReport:
    """Group the records in ``target`` (a .jsonl file or a directory) and write ``duplicate_of`` back.

    ``exact``: group only bodies identical as written (``group_exact``) instead of near duplicates."""
    documents = (r for r in iter_records([target]) if isinstance(r, DocumentRecord))
    groups = find_duplicate_groups(documents, options, exact=exact)
    canonical = duplicate_of(groups)
    if os.path.isdir(target):
        changed = sum(_rewrite_json(path, canonical) for path in record_files([target]))
    else:
        changed = _rewrite_jsonl(target, canonical)
    return MarkReport(groups, changed)


def _updated(data: bytes, origin: str, canonical: dict[str, str]) -> bytes | None:
    """The record re-serialised with its new ``duplicate_of``, or None when it stays as it is."""
    record = parse_record(data, origin)
    if not isinstance(record, DocumentRecord) or record.duplicate_of == canonical.get(record.source.path):
        return None
    return record.model_copy(update={"duplicate_of": canonical.get(record.source.path)}).model_dump_json().encode()


def _rewrite_jsonl(path: str, canonical: dict[str, str]) -> int:
    changed = 0
    partial = f"{path}.partial"
    with open(path, "rb") as src, open(partial, "wb") as out:
        for number, line in enumerate(src, 1):
            new = _updated(line, f"{path}:{number}", canonical) if line.strip() else None
            if new is None:
                out.write(line)
            else:
                out.write(new + b"\n")
                changed += 1
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    return changed


def _rewrite_json(path: str, canonical: dict[str, str]) -> int:
    if not path.endswith(".json"):
        return 0
    new = _updated(Path(path).read_bytes(), path, canonical)
    if new is None:
        return 0
    # directory output is pretty-printed; keep it that way
    record = DocumentRecord.model_validate_json(new)
    atomic_write(Path(path), record.model_dump_json(indent=2).encode())
    return 1
