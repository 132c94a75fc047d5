"""Search over the procedure store: BM25, support boost, duplicates collapsed, the CLI."""
from __future__ import annotations

import json

import pytest

from project_paths import shared_path
from corpus_records import BIKE, BREAD, GARDEN, document, procedure
from extractor.cli import main
from extractor.corpus.search import fts_query, query_kind, search
from extractor.corpus.store import index_records

TEA = """Green tea turns bitter when the water is too hot or the leaves steep for too long. Let boiled water
cool for a few minutes, use about one teaspoon of leaves per cup, and pour it off after two minutes. A second
and third infusion from the same leaves is normal and often tastes sweeter than the first."""

KEY_STEPS = ["Open Settings with Win+I.", "Choose Accounts, then Your info.",
             "Select Sign in with a Microsoft account instead.", "Enter your account e-mail and password."]
CHECK_STEPS = ["Open Settings with Win+I.", "Choose System, then Activation.", "Expand the activation state panel."]
GAME_STEPS = ["Open the game launcher.", "Go to Connections.", "Link your console account and confirm."]
WIDELY = ["Open the start menu and search for cmd now", "Type ipconfig flushdns then press the enter key"]
RARELY = ["Hold the power button for ten whole seconds", "Type ipconfig flushdns then press the enter key"]


def corpus():
    # ids follow this order: the rarely supported procedure comes first, so only the boost can put it second
    return [
        document("tea.md", "Brewing notes", TEA, procedures=[procedure("Reset cached names", RARELY)]),
        document("key.md", "Windows activation and your account", GARDEN, procedures=[
            procedure("How to link your product key to a Microsoft account", KEY_STEPS),
            procedure("How to check that your key is linked", CHECK_STEPS)]),
        document("game.md", "Console gaming tips", BREAD,
                 procedures=[procedure("Link your gaming accounts", GAME_STEPS)]),
        document("dns-1.md", "Network tips one", BIKE, date="2024-01-01",
                 procedures=[procedure("Reset cached names", WIDELY)]),
        document("dns-2.md", "Network tips two", BREAD + BIKE, procedures=[procedure("Reset cached names", WIDELY)]),
        document("dns-3.md", "Network tips six", GARDEN + TEA, procedures=[procedure("Reset cached names", WIDELY)]),
        # spun copies of dns-1 (same body, other titles, undated): collapsed onto dns-1
        *[document(f"dns-1-copy{i}.md", f"Network tips copy {i}", BIKE, date=None,
                   procedures=[procedure("Reset cached names", WIDELY)]) for i in range(3)],
    ]


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "p.sqlite")
    index_records(path, corpus())
    return path


def test_fts_query_ors_distinct_words_without_stopwords():
    assert fts_query("How do I link the key to my key?") == '"link" OR "key"'
    assert fts_query("to the of") is None


def test_query_kind_follows_the_question_verb():
    assert query_kind("link windows product key to microsoft account") == "task"
    assert query_kind("How do I know if my key is linked?") == "check"
    assert query_kind("verify the key is linked") == "check"


def test_a_checking_question_prefers_the_check_procedure(tmp_path):
    """Two procedures of one article sharing nearly every word: the question's verb picks between them."""
    path = str(tmp_path / "intent.sqlite")
    index_records(path, [document("key.md", "Your key and your account", GARDEN, procedures=[
        procedure("Link the product key to the account", ["Open Settings.", "Open the account page.",
                                                          "Link the product key."]),
        procedure("See whether the product key is linked to the account", [
            "Open Settings.", "Open the account page.", "Read the product key line."], kind="check")])])
    assert [h.title for h in search(path, "link the product key to my account")][0] == \
        "Link the product key to the account"
    assert [h.title for h in search(path, "how do I know if the product key is linked to my account")][0] == \
        "See whether the product key is linked to the account"


def test_best_procedure_first(db):
    hits = search(db, "link windows product key to microsoft account")
    assert hits[0].title == "How to link your product key to a Microsoft account"
    assert hits[0].path == "key.md"
    assert [s.text for s in hits[0].steps] == KEY_STEPS
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_support_from_distinct_articles_boosts_and_duplicates_collapse(db):
    hits = search(db, "flushdns")
    assert [h.sources for h in hits] == [3, 1]  # widely supported first although indexed later
    assert hits[0].articles == 6  # the three copies of dns-1 count as articles, not as sources
    assert sorted(hits[0].source_paths) == ["dns-1.md", "dns-2.md", "dns-3.md"]
    assert not any("copy" in h.path for h in hits)


def test_limit_and_no_match(db):
    assert len(search(db, "open settings account", limit=1)) == 1
    assert search(db, "zebra") == []
    assert search(db, "the of to") == []


def test_search_command_text_and_json(db, capsys):
    assert main(["search", "--db", db, "link product key microsoft account", "-n", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. How to link your product key to a Microsoft account")
    assert "   source: key.md" in out and "   2. Choose Accounts, then Your info." in out
    assert main(["search", "--db", db, "flushdns", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["sources"] for h in hits] == [3, 1] and hits[0]["steps"][1]["text"] == WIDELY[1]


def test_search_command_exit_codes(db, tmp_path, capsys):
    assert main(["search", "--db", db, "zebra"]) == 1
    assert main(["search", "--db", str(tmp_path / "missing.sqlite"), "key"]) == 2
    assert main(["search", "--db", db, "key", "-n", "0"]) == 2


@pytest.mark.slow
def test_seed_procedure_ranks_first_on_the_dev_set(tmp_path):
    """The issue's bar: index the dev-set output and ask for the seed article's task."""
    articles = shared_path("eval", "dev", "articles")
    out, db = str(tmp_path / "dev.jsonl"), str(tmp_path / "dev.sqlite")
    assert main(["extract", str(articles), "-o", out, "-q"]) == 0
    assert main(["index", out, "--db", db, "-q"]) == 0
    hits = search(db, "link windows product key to microsoft account")
    assert hits[0].path.endswith("000_186e4fbb752d805a.txt")
    assert "product key" in (hits[0].title or "").lower() and "linked" not in (hits[0].title or "").lower()
