"""The procedure store: an SQLite database of articles, procedures, steps and what links them.

The schema is ``schema.sql`` beside this module (documented in docs/corpus.md). Indexing is incremental
and idempotent: an article whose record is unchanged (same ``record_sha256``) is not touched, a
changed one is replaced, and the derived tables (near-duplicate articles, procedure groups) are
recomputed only when something changed -- so indexing the same records twice writes nothing and
leaves the file byte for byte as it was.

The derived tables are recomputed from the MinHash sketches kept in the database, so an index
built in several runs groups across all of them.
"""
from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from importlib.resources import files
from typing import Iterable, Iterator

from ..errors import UsageError
from ..model import DocumentRecord, Step
from .dedupe import DEFAULT_SKETCH, Sketched, group_sketched, rank_key
from .minhash import text_sketch
from .procedure_groups import PROCEDURE_SKETCH, ProcedureRef, SketchedProcedure, group_procedures, procedure_sketch
from .ranking import SUPPORT_WEIGHT

STORE_VERSION = "4"  # bump when the schema or the sketch shape (shingles, permutations) changes
# the grouping settings the derived tables were computed with; a store computed otherwise is regrouped
GROUPING = f"articles={DEFAULT_SKETCH} procedures={PROCEDURE_SKETCH} support_weight={SUPPORT_WEIGHT}"
TABLES = ("meta", "articles", "procedures", "steps", "ui_elements", "step_code", "shortcuts", "boilerplate_counts",
          "duplicate_groups", "procedure_groups", "procedure_group_sources", "procedures_fts")


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    repeated: int = 0  # records whose source.path came earlier in the same run (the first one counts)
    removed: int = 0  # articles pruned because this run did not include them
    regrouped: bool = False


def connect(path: str, *, readonly: bool = False) -> sqlite3.Connection:
    """Open a store, creating it (schema and all) when the file is new or empty.

    Raises ``UsageError`` when ``path`` is not an SQLite file, or is a database of something else:
    extractor never adds its tables to somebody else's database."""
    try:
        conn = (sqlite3.connect(f"file:{path}?mode=ro", uri=True) if readonly
                else sqlite3.connect(path, isolation_level=None))
        conn.execute("PRAGMA foreign_keys = ON")
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"{path}: not an SQLite database ({exc})") from None
    if not tables and not readonly:
        conn.executescript("BEGIN;" + files(__package__).joinpath("schema.sql").read_text("utf-8") + "COMMIT;")
        conn.execute("INSERT INTO meta VALUES ('store_version', ?)", (STORE_VERSION,))
    elif "meta" not in tables or conn.execute(
            "SELECT value FROM meta WHERE key = 'store_version'").fetchone() != (STORE_VERSION,):
        conn.close()
        raise UsageError(f"{path}: not a procedure store of this version (build one with 'extractor index')")
    return conn


def index_records(path: str, records: Iterable[DocumentRecord], *, prune: bool = False) -> IndexReport:
    """Add or update ``records`` in the store at ``path`` in one transaction; with ``prune``, also
    remove the articles whose path is not among ``records`` (the store then mirrors this batch)."""
    report = IndexReport()
    with closing(connect(path)) as conn:
        known = dict(conn.execute("SELECT path, record_sha256 FROM articles"))
        seen: set[str] = set()
        conn.execute("BEGIN")
        try:
            for record in records:
                if record.source.path in seen:
                    report.repeated += 1
                    continue
                seen.add(record.source.path)
                digest = record_digest(record)
                old = known.get(record.source.path)
                if old == digest:
                    report.unchanged += 1
                    continue
                if old is not None:
                    _delete_article(conn, record.source.path)
                    report.updated += 1
                else:
                    report.added += 1
                _insert_article(conn, record, digest)
                known[record.source.path] = digest
            if prune:
                for gone in sorted(set(known) - seen):
                    _delete_article(conn, gone)
                    report.removed += 1
            if report.added or report.updated or report.removed or _grouping(conn) != GROUPING:
                regroup(conn)
                report.regrouped = True
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return report


def _grouping(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'grouping'").fetchone()
    return row[0] if row else None


def record_digest(record: DocumentRecord) -> str:
    return hashlib.sha256(record.model_dump_json().encode("utf-8")).hexdigest()


def _pack(sketch: bytes) -> bytes | None:
    return sketch or None


def _unpack(blob: bytes | None) -> bytes:
    return blob or b""


def _delete_article(conn: sqlite3.Connection, path: str) -> None:
    conn.execute("DELETE FROM procedures_fts WHERE rowid IN "
                 "(SELECT p.id FROM procedures p JOIN articles a ON a.id = p.article_id WHERE a.path = ?)", (path,))
    conn.execute("UPDATE articles SET duplicate_of = NULL"
                 " WHERE duplicate_of = (SELECT id FROM articles WHERE path = ?)", (path,))
    conn.execute("DELETE FROM articles WHERE path = ?", (path,))


def _insert_article(conn: sqlite3.Connection, record: DocumentRecord, digest: str) -> None:
    meta, source = record.metadata, record.source
    steps = sum(len(p.steps) for p in record.procedures)
    cur = conn.execute(
        "INSERT INTO articles (path, record_sha256, source_sha256, url, format, title, description, date, updated,"
        " author, language, text, procedure_count, step_count, sketch) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (source.path, digest, source.sha256, source.url or meta.url, source.format, meta.title, meta.description,
         meta.date, meta.updated, meta.author, meta.language, record.content.text, len(record.procedures), steps,
         _pack(text_sketch(record.content.text, DEFAULT_SKETCH))))
    article_id = cur.lastrowid
    for position, procedure in enumerate(record.procedures):
        cur = conn.execute(
            "INSERT INTO procedures (article_id, position, title, section_path, kind, origin, outcome, promotes_product,"
            " requirements, line_start, line_end, step_count, sketch) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (article_id, position, procedure.title, json.dumps(procedure.section_path, ensure_ascii=False),
             procedure.kind.value, procedure.origin, procedure.outcome, procedure.promotes_product,
             json.dumps(procedure.requirements, ensure_ascii=False), procedure.source.line_start,
             procedure.source.line_end, len(procedure.steps), _pack(procedure_sketch(procedure))))
        _insert_steps(conn, cur.lastrowid, procedure.steps)
    counts: dict[tuple[str, str], int] = {}
    for block in record.boilerplate:
        key = (block.kind.value, block.rule)
        counts[key] = counts.get(key, 0) + 1
    conn.executemany("INSERT INTO boilerplate_counts VALUES (?,?,?,?)",
                     [(article_id, kind, rule, n) for (kind, rule), n in sorted(counts.items())])


def _insert_steps(conn: sqlite3.Connection, procedure_id: int, steps: list[Step]) -> None:
    position = 0

    def insert(step: Step, parent: int | None, depth: int) -> None:
        nonlocal position
        cur = conn.execute(
            "INSERT INTO steps (procedure_id, position, parent_id, depth, number, text, markdown, line_start, line_end)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (procedure_id, position, parent, depth, step.number, step.text, step.markdown,
             step.source.line_start, step.source.line_end))
        position += 1
        step_id = cur.lastrowid
        conn.executemany("INSERT INTO ui_elements VALUES (?,?,?)",
                         [(step_id, i, x) for i, x in enumerate(step.ui_elements)])
        conn.executemany("INSERT INTO step_code VALUES (?,?,?,?)",
                         [(step_id, i, c.language, c.text) for i, c in enumerate(step.code)])
        conn.executemany("INSERT INTO shortcuts VALUES (?,?,?)",
                         [(step_id, i, x) for i, x in enumerate(step.shortcuts)])
        for sub in step.substeps:
            insert(sub, step_id, depth + 1)

    for step in steps:
        insert(step, None, 0)


def regroup(conn: sqlite3.Connection) -> None:
    """Recompute the derived tables (duplicate groups, procedure groups) from the stored sketches."""
    articles = [Sketched(path, _unpack(blob), rank_key(date, steps, length, path))
                for path, blob, date, steps, length in
                conn.execute("SELECT path, sketch, date, step_count, length(text) FROM articles ORDER BY path")]
    groups = group_sketched(articles, DEFAULT_SKETCH)
    ids = dict(conn.execute("SELECT path, id FROM articles"))
    conn.execute("DELETE FROM duplicate_groups")
    conn.execute("UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
    canonical: dict[str, str] = {}
    for number, group in enumerate(groups, 1):
        conn.executemany("INSERT INTO duplicate_groups VALUES (?,?,?)",
                         [(number, ids[p], int(p == group.canonical)) for p in group.members])
        conn.executemany("UPDATE articles SET duplicate_of = ? WHERE id = ?",
                         [(ids[group.canonical], ids[p]) for p in group.duplicates])
        canonical.update((p, group.canonical) for p in group.duplicates)
    _regroup_procedures(conn, canonical)
    _sync_fts(conn)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('grouping', ?)", (GROUPING,))


def _sync_fts(conn: sqlite3.Connection) -> None:
    """Keep the full-text index to the procedures of articles that are not near-duplicates: search
    collapses duplicates anyway, and leaving out spun copies keeps queries fast and BM25's word
    statistics honest (a sentence copied into 100 posts is not 100 times as common)."""
    wanted = {pid for (pid,) in conn.execute(
        "SELECT p.id FROM procedures p JOIN articles a ON a.id = p.article_id WHERE a.duplicate_of IS NULL")}
    present = {rowid for (rowid,) in conn.execute("SELECT rowid FROM procedures_fts")}
    conn.executemany("DELETE FROM procedures_fts WHERE rowid = ?", [(pid,) for pid in sorted(present - wanted)])
    for pid in sorted(wanted - present):
        title, section_path, article_title = conn.execute(
            "SELECT p.title, p.section_path, a.title FROM procedures p JOIN articles a ON a.id = p.article_id"
            " WHERE p.id = ?", (pid,)).fetchone()
        steps = "\n".join(text for (text,) in conn.execute(
            "SELECT text FROM steps WHERE procedure_id = ? ORDER BY position", (pid,)))
        conn.execute("INSERT INTO procedures_fts (rowid, title, headings, steps, article_title) VALUES (?,?,?,?,?)",
                     (pid, title or "", " / ".join(json.loads(section_path)), steps, article_title or ""))


def _regroup_procedures(conn: sqlite3.Connection, canonical: dict[str, str]) -> None:
    rows = conn.execute("SELECT p.id, a.path, p.position, p.step_count, p.sketch FROM procedures p"
                        " JOIN articles a ON a.id = p.article_id ORDER BY a.path, p.position").fetchall()
    ids = {(path, position): pid for pid, path, position, _, _ in rows}
    article_ids = dict(conn.execute("SELECT path, id FROM articles"))
    items = [SketchedProcedure(ProcedureRef(path, position), _unpack(blob), steps)
             for _, path, position, steps, blob in rows]
    conn.execute("DELETE FROM procedure_groups")
    conn.execute("DELETE FROM procedure_group_sources")
    for number, group in enumerate(group_procedures(items, canonical), 1):
        members = [ids[(ref.path, ref.position)] for ref in group.members]
        conn.execute("INSERT INTO procedure_groups VALUES (?,?,?,?,?,?)",
                     (number, members[0], len(members), group.articles, group.sources,
                      1.0 + SUPPORT_WEIGHT * math.log(group.sources)))
        sources = sorted({article_ids[canonical.get(ref.path, ref.path)] for ref in group.members})
        conn.executemany("INSERT INTO procedure_group_sources VALUES (?,?)", [(number, a) for a in sources])
        conn.executemany("UPDATE procedures SET group_id = ? WHERE id = ? AND group_id IS NOT ?",
                         [(number, pid, number) for pid in members])


def table_counts(path: str) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def content_digest(path: str) -> str:
    """SHA-256 over every row of every table in a fixed order: equal digests mean equal contents,
    whatever the page layout of the file."""
    digest = hashlib.sha256()
    with closing(sqlite3.connect(path)) as conn:
        for table in TABLES:
            digest.update(table.encode())
            for row in _rows(conn, table):
                digest.update(repr(row).encode("utf-8"))
    return digest.hexdigest()


def _rows(conn: sqlite3.Connection, table: str) -> Iterator[tuple]:
    # every table has a unique key, so sorting the rows themselves gives one order
    rows = conn.execute(f"SELECT rowid, * FROM {table}" if table == "procedures_fts" else f"SELECT * FROM {table}")
    return iter(sorted(rows, key=repr))
