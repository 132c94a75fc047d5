"""extractor eval on WCXB ground truth: the same figures as ../shared/eval/wcxb_score.py."""
from __future__ import annotations

import json
import subprocess
import sys

from project_paths import shared_path
from extractor.checks.records import read_records
from extractor.checks.wcxb import evaluate_wcxb, is_wcxb_gold, load_wcxb_gold, word_prf
from extractor.cli import main


def _gold(folder, key, main_content, kind="article", with_=(), without=()):
    page = {"url": f"https://example.org/{key}", "file_id": key, "_internal": {"page_type": {"primary": kind}},
            "ground_truth": {"title": None, "main_content": main_content, "with": list(with_), "without": list(without)}}
    (folder / f"{key}.json").write_text(json.dumps(page), encoding="utf-8")


def _record(key, text, kind="document"):
    record = {"kind": kind, "source": {"path": f"pages/{key}.html.gz"}}
    if kind == "document":
        record["content"] = {"markdown": text, "text": text}
    return json.dumps(record)


def _case(tmp_path):
    gold = tmp_path / "gt"
    gold.mkdir()
    _gold(gold, "0001", "Boil the water. Pour it over the leaves.", with_=["Pour it over"], without=["Subscribe now"])
    _gold(gold, "0002", "First post text. Second post, a reply.", kind="forum", with_=["a reply"])
    _gold(gold, "0003", "", kind="product")  # nothing is the main content: only an empty answer scores
    _gold(gold, "0004", "Never extracted.", kind="category")
    out = tmp_path / "out.jsonl"
    out.write_text("\n".join([_record("0001", "Boil the water. Pour it over the leaves. Subscribe now"),
                              _record("0002", "First post text."), _record("0003", ""), _record("9999", "x")]) + "\n")
    return gold, out


def test_word_prf():
    assert word_prf("a b c", "a b c") == (1.0, 1.0, 1.0)
    assert word_prf("", "") == (1.0, 1.0, 1.0)
    assert word_prf("x", "") == (0.0, 0.0, 0.0)
    precision, recall, f1 = word_prf("a a b", "a b c d")
    assert (precision, recall) == (2 / 3, 2 / 4) and abs(f1 - 4 / 7) < 1e-9


def test_figures_per_page_and_type(tmp_path):
    gold, out = _case(tmp_path)
    assert is_wcxb_gold(str(gold))
    report = evaluate_wcxb(load_wcxb_gold(str(gold)), read_records([str(out)]))
    metrics = report.metrics
    assert metrics["pages"] == 4 and metrics["missing"] == 1
    assert metrics["by_type"]["collection"]["f1"] == 0.0  # "category" is reported as collection
    assert metrics["by_type"]["product"]["f1"] == 1.0
    first = next(p for p in report.pages if p.key == "0001")
    assert first.with_found == 1.0 and first.without_leaked == 1.0 and first.recall == 1.0


def test_cli_scores_wcxb_gold_like_wcxb_score_py(tmp_path, capsys):
    gold, out = _case(tmp_path)
    assert main(["eval", "--gold", str(gold), "--json", str(out)]) == 0
    ours = json.loads(capsys.readouterr().out)
    script = shared_path("eval", "wcxb_score.py")
    theirs = json.loads(subprocess.run([sys.executable, str(script), "--gt", str(gold), "--pred", str(out), "--json"],
                                       capture_output=True, text=True, check=True).stdout)["extractor"]
    for key in ("pages", "missing", "f1", "precision", "recall", "with_found", "without_leaked"):
        assert ours[key] == theirs[key], key
    assert {k: v["f1"] for k, v in ours["by_type"].items()} == {k: v["f1"] for k, v in theirs["by_type"].items()}
    assert main(["eval", "--gold", str(gold), "--min", "f1=0.99", str(out)]) == 1
