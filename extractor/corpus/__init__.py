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
