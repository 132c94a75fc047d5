"""The SQLite procedure store: what it holds, and that re-indexing is incremental and idempotent."""
from __future__ import annotations

import hashlib
import json
import sqlite3

from corpus_records import BIKE, BREAD, GARDEN, document, error, procedure, step, write_jsonl
from extractor.cli import main
from extractor.corpus.store import content_digest, index_records, table_counts
from extractor.model import Boilerplate, Span

BED_STEPS = ["Mark out the bed with string and pegs.", "Screw the four boards together at the corners.",
             "Line the base with cardboard to smother weeds.", "Fill the frame with topsoil and compost."]
CHAIN_STEPS = ["Shift onto the smallest sprocket.", "Wipe the chain with a rag while pedalling backwards.",
               "Put one drop of lubricant on each roller.", "Wipe off the excess after a few minutes."]


def records():
    ad = Boilerplate(kind="ad", rule="affiliate-block", text="Buy seeds", source=Span(line_start=3, line_end=3))
    bed = procedure("Build the bed", BED_STEPS, section_path=["Raised beds", "Building"])
    bed.steps[1] = step(BED_STEPS[1], 11, ui_elements=["Drill"], shortcuts=["Ctrl+S"],
                        substeps=[step("Pre-drill each hole.", 12)])
    return [
        document("a/bed.md", "Raised Beds for Beginners", GARDEN, date="2024-01-01", procedures=[bed],
                 boilerplate=[ad, ad]),
        document("a/bed-copy.md", "Build a Raised Bed This Weekend", GARDEN, date="2024-02-01", procedures=[bed]),
        document("b/chain.md", "Quiet Your Chain", BIKE, procedures=[procedure("Lubricate the chain", CHAIN_STEPS)]),
        document("c/bread.md", "Sourdough Starter", BREAD),
    ]


def file_sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_store_holds_articles_procedures_steps_and_annotations(tmp_path):
    db = str(tmp_path / "p.sqlite")
    report = index_records(db, records())
    assert (report.added, report.updated, report.unchanged) == (4, 0, 0)
    counts = table_counts(db)
    assert counts["articles"] == 4 and counts["procedures"] == 3
    assert counts["steps"] == 4 + 1 + 4 + 1 + 4  # two copies of the bed procedure with one substep each, and the chain
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT label FROM ui_elements").fetchall() == [("Drill",), ("Drill",)]
    assert conn.execute("SELECT DISTINCT keys FROM shortcuts").fetchall() == [("Ctrl+S",)]
    sub = conn.execute("SELECT s.depth, p.text FROM steps s JOIN steps p ON p.id = s.parent_id LIMIT 1").fetchone()
    assert sub == (1, BED_STEPS[1])
    assert conn.execute("SELECT kind, rule, count FROM boilerplate_counts").fetchall() == [("ad", "affiliate-block", 2)]
    section = conn.execute("SELECT section_path FROM procedures WHERE title = 'Build the bed' LIMIT 1").fetchone()[0]
    assert json.loads(section) == ["Raised beds", "Building"]


def test_store_groups_duplicate_articles_and_repeated_procedures(tmp_path):
    db = str(tmp_path / "p.sqlite")
    index_records(db, records())
    conn = sqlite3.connect(db)
    dup = conn.execute("SELECT a.path, c.path FROM articles a JOIN articles c ON c.id = a.duplicate_of").fetchall()
    assert dup == [("a/bed-copy.md", "a/bed.md")]  # the earlier-dated copy is canonical
    groups = conn.execute("SELECT procedure_count, article_count, source_count FROM procedure_groups").fetchall()
    assert sorted(groups) == [(1, 1, 1), (2, 2, 1)]  # the bed procedure: two articles, one source once copies collapse
    sources = conn.execute("SELECT g.source_count, count(*) FROM procedure_group_sources s"
                           " JOIN procedure_groups g ON g.id = s.group_id GROUP BY s.group_id").fetchall()
    assert all(expected == found for expected, found in sources) and len(sources) == 2
    # only the canonical copy is in the full-text index
    assert conn.execute("SELECT count(*) FROM procedures_fts").fetchone()[0] == 2


def test_reindexing_the_same_records_changes_nothing(tmp_path):
    db = str(tmp_path / "p.sqlite")
    index_records(db, records())
    counts, digest, sha = table_counts(db), content_digest(db), file_sha(db)
    report = index_records(db, records())
    assert (report.added, report.updated, report.unchanged, report.regrouped) == (0, 0, 4, False)
    assert table_counts(db) == counts
    assert content_digest(db) == digest
    assert file_sha(db) == sha


def test_index_is_incremental_across_runs(tmp_path):
    db = str(tmp_path / "p.sqlite")
    first, second = records()[:1], records()[1:]
    index_records(db, first)
    index_records(db, second)
    together = str(tmp_path / "together.sqlite")
    index_records(together, records())
    assert table_counts(db) == table_counts(together)
    conn = sqlite3.connect(db)  # duplicates are found across runs
    assert conn.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0] == 1


def test_a_changed_record_replaces_the_old_one(tmp_path):
    db = str(tmp_path / "p.sqlite")
    index_records(db, records())
    changed = records()
    changed[2] = document("b/chain.md", "Quiet Your Chain", BIKE,
                          procedures=[procedure("Clean the chain", ["Soak a rag in degreaser.", "Run it through."])])
    report = index_records(db, changed)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 3)
    conn = sqlite3.connect(db)
    titles = conn.execute("SELECT p.title FROM procedures p JOIN articles a ON a.id = p.article_id"
                          " WHERE a.path = 'b/chain.md'").fetchall()
    assert titles == [("Clean the chain",)]
    assert conn.execute("SELECT count(*) FROM procedures_fts WHERE procedures_fts MATCH 'lubricant'").fetchone()[0] == 0
    orphans = "SELECT count(*) FROM steps s LEFT JOIN procedures p ON p.id = s.procedure_id WHERE p.id IS NULL"
    assert conn.execute(orphans).fetchone()[0] == 0


def test_index_command_skips_error_records_and_reports_bad_input(tmp_path, capsys):
    good = write_jsonl(tmp_path / "out.jsonl", records() + [error("x/broken.md")])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    db = str(tmp_path / "p.sqlite")
    assert main(["index", str(good), "--db", db]) == 0
    assert "4 added, 0 updated, 0 unchanged, 1 error records skipped" in capsys.readouterr().err
    assert main(["index", str(good), str(bad), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "0 added, 0 updated, 4 unchanged" in err and "bad.jsonl:1" in err


def test_index_refuses_files_that_are_not_stores(tmp_path, capsys):
    good = write_jsonl(tmp_path / "out.jsonl", records())
    text = tmp_path / "notes.txt"
    text.write_text("not a database, just some notes\n" * 100)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    before = other.read_bytes()
    assert main(["index", str(good), "--db", str(text)]) == 2
    assert main(["index", str(good), "--db", str(other)]) == 2
    assert main(["search", "--db", str(other), "bed"]) == 2
    assert other.read_bytes() == before  # somebody else's database is left alone
    assert "not a procedure store" in capsys.readouterr().err


def test_a_path_repeated_in_one_run_keeps_the_first_record_and_stays_idempotent(tmp_path):
    db = str(tmp_path / "p.sqlite")
    batch = records() + [document("b/chain.md", "Another chain record", BREAD)]
    assert index_records(db, batch).repeated == 1
    sha = file_sha(db)
    again = index_records(db, batch)
    assert (again.added, again.updated, again.unchanged, again.repeated) == (0, 0, 4, 1)
    assert file_sha(db) == sha
    title = sqlite3.connect(db).execute("SELECT title FROM articles WHERE path = 'b/chain.md'").fetchone()
    assert title == ("Quiet Your Chain",)


def test_new_grouping_settings_regroup_unchanged_records(tmp_path, monkeypatch):
    db = str(tmp_path / "p.sqlite")
    index_records(db, records())
    monkeypatch.setattr("extractor.corpus.store.GROUPING", "something else")
    assert index_records(db, records()).regrouped
    assert not index_records(db, records()).regrouped


def test_prune_removes_articles_missing_from_the_batch(tmp_path):
    db = str(tmp_path / "p.sqlite")
    index_records(db, records())
    assert index_records(db, records()[:2], prune=False).removed == 0  # by default indexing only adds
    report = index_records(db, records()[:2], prune=True)
    assert (report.removed, report.unchanged) == (2, 2)
    fresh = str(tmp_path / "fresh.sqlite")
    index_records(fresh, records()[:2])
    assert table_counts(db) == table_counts(fresh)
    assert content_digest(db) == content_digest(fresh)


def test_index_command_twice_leaves_the_file_as_it_was(tmp_path):
    out = write_jsonl(tmp_path / "out.jsonl", records())
    db = str(tmp_path / "p.sqlite")
    assert main(["index", str(out), "--db", db, "-q"]) == 0
    counts, digest, sha = table_counts(db), content_digest(db), file_sha(db)
    assert main(["index", str(out), "--db", db, "-q"]) == 0
    assert (table_counts(db), content_digest(db), file_sha(db)) == (counts, digest, sha)


def test_corpus_api_is_pinned():
    import extractor.corpus as corpus

    assert sorted(corpus.__all__) == sorted([
        "DuplicateGroup", "canonical_key", "find_duplicate_groups", "groups_document", "mark_duplicates",
        "mark_output", "ProcedureGroup", "group_procedures", "load_documents", "Hit", "search",
        "content_digest", "index_records", "table_counts",
    ])
    assert all(hasattr(corpus, name) for name in corpus.__all__)
