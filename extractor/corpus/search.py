"""Search the procedure store: BM25 over titles and steps, boosted by support, duplicates collapsed.

The query's words (stopwords dropped, see ``ranking.STOPWORDS``) are OR-ed into an FTS5 query, so a
procedure need not contain every word; BM25 rewards the ones that contain more, and rarer, words.
Each match's BM25 (column weights in ``ranking.COLUMN_WEIGHTS``) is multiplied by its procedure
group's ``boost`` (more independent supporting articles, higher) and lowered when the procedure's kind
does not answer the kind of question asked (``ranking.OTHER_INTENT_WEIGHT``), and only the best match of each
procedure group is kept: a procedure copied into a hundred spun posts, or repeated across articles,
comes back once, with the articles that support it.
"""
from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field

from .ranking import CHECK_QUERY_WORDS, COLUMN_WEIGHTS, OTHER_INTENT_WEIGHT, STOPWORDS
from .store import connect

_WORD = re.compile(r"\w+", re.UNICODE)
SOURCES_SHOWN = 10


@dataclass(frozen=True)
class HitStep:
    text: str
    depth: int = 0
    number: int | None = None


@dataclass(frozen=True)
class Hit:
    procedure_id: int
    score: float  # higher is better
    title: str | None
    section_path: list[str]  # headings from the top of the article down to the procedure
    path: str  # the article of the best match (a canonical article: spun copies are not searched)
    article_title: str | None
    sources: int  # distinct supporting articles, near-duplicate articles counted once
    articles: int  # distinct supporting articles
    steps: list[HitStep] = field(default_factory=list)
    source_paths: list[str] = field(default_factory=list)  # up to SOURCES_SHOWN, path first


def fts_query(text: str) -> str | None:
    """An FTS5 query OR-ing the distinct words of ``text``; None when no word is left."""
    words = [w for w in dict.fromkeys(_WORD.findall(text.lower())) if w not in STOPWORDS]
    return " OR ".join(f'"{w}"' for w in words) or None


_MATCHES = f"""
WITH matches AS MATERIALIZED (
    SELECT rowid AS id, bm25(procedures_fts, {", ".join(map(str, COLUMN_WEIGHTS))}) AS bm25
    FROM procedures_fts WHERE procedures_fts MATCH ?
)
SELECT id, MIN(rank) AS rank FROM (
    SELECT p.id AS id, p.group_id AS group_id,
           m.bm25 * g.boost * (CASE WHEN p.kind = ? THEN 1.0 ELSE {OTHER_INTENT_WEIGHT} END) AS rank
    FROM matches m
    JOIN procedures p ON p.id = m.id
    JOIN procedure_groups g ON g.id = p.group_id
) GROUP BY group_id ORDER BY rank, id LIMIT ?
"""


def query_kind(text: str) -> str:
    """The procedure kind a query asks for: ``check`` for a checking question, else ``task``."""
    return "check" if CHECK_QUERY_WORDS.intersection(_WORD.findall(text.lower())) else "task"


def search(db_path: str, query: str, limit: int = 10) -> list[Hit]:
    """The best ``limit`` procedures for ``query``, best first (empty when the query has no words).

    Raises ``UsageError`` when ``db_path`` is not a procedure store."""
    match = fts_query(query)
    if match is None or limit < 1:
        return []
    with closing(connect(db_path, readonly=True)) as conn:
        rows = conn.execute(_MATCHES, (match, query_kind(query), limit)).fetchall()
        return [_hit(conn, pid, -rank) for pid, rank in rows]


def _hit(conn: sqlite3.Connection, procedure_id: int, score: float) -> Hit:
    title, section_path, path, article_title, group_id, sources, articles = conn.execute(
        "SELECT p.title, p.section_path, a.path, a.title, p.group_id, g.source_count, g.article_count"
        " FROM procedures p JOIN articles a ON a.id = p.article_id JOIN procedure_groups g ON g.id = p.group_id"
        " WHERE p.id = ?", (procedure_id,)).fetchone()
    steps = [HitStep(text, depth, number) for text, depth, number in conn.execute(
        "SELECT text, depth, number FROM steps WHERE procedure_id = ? ORDER BY position", (procedure_id,))]
    return Hit(procedure_id, score, title, json.loads(section_path), path, article_title, sources, articles, steps,
               _source_paths(conn, group_id, path))


def _source_paths(conn: sqlite3.Connection, group_id: int, first: str) -> list[str]:
    """Canonical articles supporting the group (a duplicate article stands for its canonical one)."""
    rows = conn.execute(
        "SELECT a.path FROM procedure_group_sources s JOIN articles a ON a.id = s.article_id"
        " WHERE s.group_id = ? ORDER BY a.path LIMIT ?", (group_id, SOURCES_SHOWN + 1)).fetchall()
    paths = [first] + [r[0] for r in rows if r[0] != first]
    return paths[:SOURCES_SHOWN]
