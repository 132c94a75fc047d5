"""Corpus knowledge: what a whole batch of records says together.

    records          read .jsonl / .json / directories back as DocumentRecords
    minhash          shingles, one-permutation MinHash sketches, LSH bands (never all pairs)
    dedupe           near-duplicate articles and the canonical-record rule
    mark             extract --dedupe: write duplicate_of back into finished output
    procedure_groups equal or near-equal procedures across articles, and their support
    store            the SQLite procedure store (schema.sql), incremental and idempotent
    search           BM25 over the store, boosted by support, duplicates collapsed
    ranking          search knobs, as data

Imports model and writers; nothing here imports the pipeline or the CLI.
"""
from __future__ import annotations

from .dedupe import DuplicateGroup, canonical_key, find_duplicate_groups, groups_document, mark_duplicates
from .mark import mark_output
from .procedure_groups import ProcedureGroup, group_procedures
from .records import load_documents
from .search import Hit, search
from .store import content_digest, index_records, table_counts

__all__ = ["DuplicateGroup", "canonical_key", "find_duplicate_groups", "groups_document", "mark_duplicates",
           "mark_output", "ProcedureGroup", "group_procedures", "load_documents", "Hit", "search",
           "content_digest", "index_records", "table_counts"]
