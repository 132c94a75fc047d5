"""Near-duplicate articles: group records whose cleaned content is the same or nearly the same.

Only ``content.text`` is compared (it already leaves out ads, link lists and other boilerplate),
as 3-word shingles sketched with MinHash and paired through LSH bands, never all pairs
(see ``extractor.corpus.minhash``). Two records are duplicates when their estimated Jaccard
similarity reaches ``SketchOptions.threshold`` (0.7 by default: spun copies that differ only in
title, date and affiliate blocks score 0.9-1.0, most copies with one sentence in five dropped or one
word in twenty replaced still score above 0.7; articles that share a template but were rewritten for
another problem score about 0.5 and stay apart); groups are closed transitively.

The canonical record of a group -- the one the others point to with ``duplicate_of`` -- is chosen by
``canonical_key``: the earliest ``metadata.date`` (undated records last), then the one with the most
steps, then the longest cleaned text, then the smallest ``source.path``. The rule only looks at the
records, so the same inputs always give the same canonical record, whatever their order.

``group_exact`` is the strict alternative (``extractor dedupe --exact``): records are grouped only
when their ``content.body_sha256`` is equal, that is when their sources are the same text byte for
byte -- blank lines included -- once front matter, title heading and boilerplate are cut out. It
finds verbatim re-posts and never joins two different texts, but misses copies whose ads sat in other
places (cutting an ad leaves its blank lines behind) or that were edited at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from ..model import DocumentRecord
from .minhash import Sketch, SketchOptions, similar_groups, text_sketch

DEFAULT_SKETCH = SketchOptions()


@dataclass(frozen=True)
class Sketched:
    """What dedupe keeps of a record: its path, its sketch and its canonical-record key."""

    path: str
    sketch: Sketch
    key: tuple


@dataclass(frozen=True)
class DuplicateGroup:
    members: tuple[str, ...]  # source paths, canonical first, the rest sorted

    @property
    def canonical(self) -> str:
        return self.members[0]

    @property
    def duplicates(self) -> tuple[str, ...]:
        return self.members[1:]


def canonical_key(record: DocumentRecord) -> tuple:
    """Sort key whose smallest value is the canonical record (see the module docstring)."""
    steps = sum(len(p.steps) for p in record.procedures)
    return rank_key(record.metadata.date, steps, len(record.content.text), record.source.path)


def rank_key(date: str | None, steps: int, text_length: int, path: str) -> tuple:
    """``canonical_key`` from the fields it needs (the store keeps these, not whole records)."""
    return (date is None, date or "", -steps, -text_length, path)


def sketch_record(record: DocumentRecord, options: SketchOptions = DEFAULT_SKETCH) -> Sketched:
    return Sketched(record.source.path, text_sketch(record.content.text, options), canonical_key(record))


@dataclass(frozen=True)
class Fingerprinted:
    """What exact dedupe keeps of a record: its path, ``content.body_sha256`` and canonical-record key."""

    path: str
    body: str | None  # None in records made before schema 1.1.0
    key: tuple


def group_sketched(items: Sequence[Sketched], options: SketchOptions = DEFAULT_SKETCH) -> list[DuplicateGroup]:
    """Duplicate groups (two or more records each), ordered by canonical path.

    Records with the same ``source.path`` are treated as one (the first wins)."""
    kept = _first_per_path(items)
    return _groups(kept, similar_groups([item.sketch for item in kept], options))


def fingerprint_record(record: DocumentRecord) -> Fingerprinted:
    return Fingerprinted(record.source.path, record.content.body_sha256, canonical_key(record))


def group_exact(items: Sequence[Fingerprinted]) -> list[DuplicateGroup]:
    """Groups of records whose bodies are identical as written (records without a digest stay alone)."""
    kept = _first_per_path(items)
    by_body: dict[str, list[int]] = {}
    for index, item in enumerate(kept):
        if item.body:
            by_body.setdefault(item.body, []).append(index)
    return _groups(kept, [indexes for indexes in by_body.values() if len(indexes) > 1])


def _first_per_path(items):
    unique = {}
    for item in items:
        unique.setdefault(item.path, item)
    return list(unique.values())


def _groups(kept, index_groups) -> list[DuplicateGroup]:
    groups = []
    for indexes in index_groups:
        members = sorted((kept[i] for i in indexes), key=lambda item: item.key)
        groups.append(DuplicateGroup((members[0].path, *sorted(m.path for m in members[1:]))))
    return sorted(groups, key=lambda g: g.canonical)


def find_duplicate_groups(records: Iterable[DocumentRecord], options: SketchOptions = DEFAULT_SKETCH, *,
                          exact: bool = False) -> list[DuplicateGroup]:
    """Near-duplicate groups of ``records``, or with ``exact`` the groups of identical bodies."""
    if exact:
        return group_exact([fingerprint_record(r) for r in records])
    return group_sketched([sketch_record(r, options) for r in records], options)


def duplicate_of(groups: Iterable[DuplicateGroup]) -> dict[str, str]:
    """Map every non-canonical path to its canonical path."""
    return {path: group.canonical for group in groups for path in group.duplicates}


def groups_document(groups: Sequence[DuplicateGroup]) -> dict:
    """The ``groups.json`` shape: ``{"groups": [[canonical, duplicate, ...], ...]}``."""
    return {"groups": [list(g.members) for g in groups]}


def mark_duplicates(records: Iterable[DocumentRecord], groups: Iterable[DuplicateGroup]) -> list[DocumentRecord]:
    """Copies of ``records`` with ``duplicate_of`` set (or cleared) from ``groups``."""
    canonical = duplicate_of(groups)
    return [r if r.duplicate_of == canonical.get(r.source.path)
            else r.model_copy(update={"duplicate_of": canonical.get(r.source.path)}) for r in records]

