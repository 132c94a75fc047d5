"""Search the procedure store: BM25 over titles and steps, boosted by support, duplicates collapsed.

The query's words (stopwords dropped, see ``ranking.STOPWORDS``) are OR-ed into an FTS5 query, so a
procedure need not contain every word; BM25 rewards the ones that contain more, and rarer, words.
Results come in tiers before any score is compared: procedures a reader can follow without buying
anything come before procedures that sell a product (``promotes_product``; unless the query names
that product), and within each, procedures containing every query word come before those
containing only some. A match that lacks some query word and scores about zero (the words it has
are in most procedures, so BM25 gives them no weight) is no match.
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

from .ranking import (CHECK_QUERY_WORDS, COLUMN_WEIGHTS, MIN_SCORE, MIN_SCORE_STORE_SIZE, OTHER_INTENT_WEIGHT,
                      STOPWORDS)
from .store import connect

_WORD = re.compile(r"\w+", re.UNICODE)
SOURCES_SHOWN = 10


@dataclass(frozen=True)
class HitStep:
    text: str
    depth: int = 0
    number: int | None = None
    code: list[str] = field(default_factory=list)  # the step's code blocks (commands to type)


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
    promotes_product: str | None = None  # the product the steps sell (ranked after manual procedures)
    all_words: bool = True  # the procedure contains every word of the query


def query_words(text: str) -> list[str]:
    """The distinct words of ``text`` that take part in a search (stopwords dropped)."""
    return [w for w in dict.fromkeys(_WORD.findall(text.lower())) if w not in STOPWORDS]


def fts_query(text: str, join: str = "OR") -> str | None:
    """An FTS5 query joining the distinct words of ``text`` with ``join``; None when no word is left."""
    return f" {join} ".join(f'"{w}"' for w in query_words(text)) or None


# One row per procedure group: its best procedure by (tier, score); tiers are "sells a product the
# query does not name" (after) and "lacks some query word" (after), in that order.
_MATCHES = f"""
WITH matches AS MATERIALIZED (
    SELECT rowid AS id, bm25(procedures_fts, {", ".join(map(str, COLUMN_WEIGHTS))}) AS bm25
    FROM procedures_fts WHERE procedures_fts MATCH :any
), complete AS MATERIALIZED (
    SELECT rowid AS id FROM procedures_fts WHERE procedures_fts MATCH :all
), scored AS (
    SELECT p.id AS id, p.group_id AS group_id,
           CASE WHEN p.promotes_product IS NULL OR instr(:query, lower(p.promotes_product)) > 0
                THEN 0 ELSE 1 END AS sells,
           CASE WHEN m.id IN (SELECT id FROM complete) THEN 0 ELSE 1 END AS partial,
           m.bm25 * g.boost * (CASE WHEN p.kind = :kind THEN 1.0 ELSE {OTHER_INTENT_WEIGHT} END) AS rank
    FROM matches m
    JOIN procedures p ON p.id = m.id
    JOIN procedure_groups g ON g.id = p.group_id
), best AS (
    SELECT *, row_number() OVER (PARTITION BY group_id ORDER BY sells, partial, rank, id) AS nth FROM scored
)
SELECT id, rank, partial FROM best
WHERE nth = 1 AND (partial = 0 OR rank < -:min_score)
ORDER BY sells, partial, rank, id LIMIT :limit
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
    params = {"any": match, "all": fts_query(query, "AND"), "query": query.lower(), "kind": query_kind(query),
              "limit": limit}
    with closing(connect(db_path, readonly=True)) as conn:
        # in a small store every word is common and BM25 weighs them all ~0: keep such matches there
        size = conn.execute("SELECT COUNT(*) FROM procedures").fetchone()[0]
        params["min_score"] = MIN_SCORE if size >= MIN_SCORE_STORE_SIZE else -1.0
        rows = conn.execute(_MATCHES, params).fetchall()
        return [_hit(conn, pid, -rank, not partial) for pid, rank, partial in rows]


def _hit(conn: sqlite3.Connection, procedure_id: int, score: float, all_words: bool = True) -> Hit:
    title, section_path, path, article_title, group_id, sources, articles, product = conn.execute(
        "SELECT p.title, p.section_path, a.path, a.title, p.group_id, g.source_count, g.article_count,"
        " p.promotes_product"
        " FROM procedures p JOIN articles a ON a.id = p.article_id JOIN procedure_groups g ON g.id = p.group_id"
        " WHERE p.id = ?", (procedure_id,)).fetchone()
    steps = [HitStep(text, depth, number, _code(conn, step_id)) for step_id, text, depth, number in conn.execute(
        "SELECT id, text, depth, number FROM steps WHERE procedure_id = ? ORDER BY position", (procedure_id,))]
    return Hit(procedure_id, score, title, json.loads(section_path), path, article_title, sources, articles, steps,
               _source_paths(conn, group_id, path), product, all_words)


def _code(conn: sqlite3.Connection, step_id: int) -> list[str]:
    return [text for (text,) in conn.execute(
        "SELECT text FROM step_code WHERE step_id = ? ORDER BY position", (step_id,))]


def _source_paths(conn: sqlite3.Connection, group_id: int, first: str) -> list[str]:
    """Canonical articles supporting the group (a duplicate article stands for its canonical one)."""
    rows = conn.execute(
        "SELECT a.path FROM procedure_group_sources s JOIN articles a ON a.id = s.article_id"
        " WHERE s.group_id = ? ORDER BY a.path LIMIT ?", (group_id, SOURCES_SHOWN + 1)).fetchall()
    paths = [first] + [r[0] for r in rows if r[0] != first]
    return paths[:SOURCES_SHOWN]
