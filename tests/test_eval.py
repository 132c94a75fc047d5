"""extractor eval: the same figures as ../shared/eval/score.py, on real output and on perturbed gold."""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys

import pytest

from check_records import DEV_GOLD, SCORE_PY, dev_output, need_shared, write_jsonl
from extractor.checks.evaluate import evaluate, load_gold, normalise, similarity
from extractor.checks.records import read_records
from extractor.cli import main


def score_py(gold_dir, pred) -> dict:
    result = subprocess.run([sys.executable, str(SCORE_PY), "--gold", str(gold_dir), "--pred", str(pred), "--json"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def ours(gold_dir, pred) -> dict:
    return evaluate(load_gold(str(gold_dir)), read_records([str(pred)])).metrics


def test_same_figures_as_score_py_on_the_dev_set():
    need_shared("eval", "score.py")
    pred = dev_output()
    expected = score_py(DEV_GOLD, pred)
    assert ours(DEV_GOLD, pred) == expected


def _perturb_steps(steps: list, rng: random.Random) -> list:
    out = []
    for step in steps:
        text = step if isinstance(step, str) else step.get("text", "")
        roll = rng.random()
        if roll < 0.12:
            continue  # missed
        if roll < 0.25:
            text = " ".join(text.split()[:-2]) or text  # shortened
        elif roll < 0.32:
            text = "**" + text + "** see ![shot](a.png)"  # markup left in
        new = {"text": text}
        if not isinstance(step, str) and step.get("substeps") and rng.random() < 0.7:
            new["substeps"] = _perturb_steps(step["substeps"], rng)
        out.append(new)
        if rng.random() < 0.08:
            out.append({"text": "Subscribe to our newsletter for more tips"})  # extra
    if len(out) > 2 and rng.random() < 0.2:
        i = rng.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]  # order broken
    return out


def perturbed_prediction(gold: dict, rng: random.Random) -> dict | None:
    if rng.random() < 0.1:
        return None  # no record for this document
    procedures = [{"title": p.get("title"), "steps": _perturb_steps(p.get("steps", []), rng)} for p in gold.get("procedures", [])]
    if len(procedures) > 1 and rng.random() < 0.2:
        first, second = procedures[:2]
        procedures[:2] = [{"title": first["title"], "steps": first["steps"] + second["steps"]}]  # merged
    if rng.random() < 0.1:
        junk = [{"text": "Best laptops of the year"}, {"text": "Ten printer tips"}]
        procedures.append({"title": "Related posts", "steps": junk})
    content = [s for s in gold.get("content", []) if rng.random() < 0.85]
    content += [s for s in gold.get("boilerplate", []) if rng.random() < 0.15]
    title = gold.get("title") if rng.random() < 0.9 else "Something else"
    return {"source": {"path": "out/" + gold["source"]}, "metadata": {"title": title},
            "content": {"text": "\n\n".join(content)}, "procedures": procedures}


def test_same_figures_as_score_py_on_perturbed_gold(tmp_path):
    need_shared("eval", "score.py")
    rng = random.Random(3)
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    predictions = []
    for path in sorted(DEV_GOLD.glob("*.json"))[::4]:  # a quarter of the dev gold keeps the test quick
        shutil.copy(path, gold_dir / path.name)
        prediction = perturbed_prediction(json.loads(path.read_text(encoding="utf-8")), rng)
        if prediction:
            predictions.append(prediction)
    pred = write_jsonl(tmp_path / "pred.jsonl", predictions)
    expected = score_py(gold_dir, pred)
    assert 0 < expected["step_f1"] < 1 and 0 < expected["procedure_exact"] < 1 and expected["missing_docs"] > 0
    assert ours(gold_dir, pred) == expected


def test_figures_on_a_small_hand_made_case(tmp_path):
    gold = {"source": "fix-wifi.md", "title": "Fix Wi-Fi",
            "procedures": [{"title": "Reset", "steps": ["Open Settings.", "Click Network.", "Click Reset now."]}],
            "boilerplate": ["Buy a new router today"], "content": ["Wi-Fi drops are common", "Routers age"]}
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "fix-wifi.md.json").write_text(json.dumps(gold), encoding="utf-8")
    record = {"source": {"path": "/somewhere/FIX-WIFI.md"}, "metadata": {"title": "Fix Wi‑Fi!"},
              "content": {"text": "Wi-Fi drops are common. Buy a new router today."},
              "procedures": [{"title": "Reset", "steps": [{"text": "Open **Settings**"}, {"text": "Click Network."},
                                                          {"text": "Share this page"}]}]}
    pred = write_jsonl(tmp_path / "pred.jsonl", [record])
    metrics = ours(tmp_path / "gold", pred)
    assert metrics["step_precision"] == metrics["step_recall"] == round(2 / 3, 4)
    assert metrics["procedure_recall"] == 1.0 and metrics["procedure_exact"] == 0.0
    assert metrics["boilerplate_leak"] == 1.0 and metrics["content_kept"] == 0.5 and metrics["title_accuracy"] == 1.0


def test_normalise_and_similarity():
    assert normalise("Click **Save** ![x](y.png) <b>now</b>!") == "click save now"
    assert similarity("open the settings app", "open the settings app now") >= 0.9
    assert similarity("open settings", "close the lid") < 0.8


def test_cli_json_verbose_and_floors(tmp_path, capsys):
    gold = {"source": "a.md", "title": None, "procedures": [{"title": "t", "steps": ["Do one thing.", "Do another."]}]}
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "a.md.json").write_text(json.dumps(gold), encoding="utf-8")
    record = {"source": {"path": "a.md"}, "procedures": [{"steps": [{"text": "Do one thing."}]}]}
    pred = write_jsonl(tmp_path / "pred.jsonl", [record])
    assert main(["eval", "--gold", str(tmp_path / "gold"), str(pred), "--json", "-v"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "a.md: missed-step: Do another." in out
    assert json.loads(out[-1])["step_recall"] == 0.5
    assert main(["eval", "--gold", str(tmp_path / "gold"), str(pred), "--min", "step_recall=0.9"]) == 1
    assert "below the bar: step_recall=0.5" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["eval", "--gold", str(tmp_path / "gold"), str(pred), "--min", "speed=3"])
    assert exc.value.code == 2


def test_by_site_scores_each_site_of_a_corpus(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    for site, name in (("lamps", "a.md"), ("bikes", "b.md")):
        (corpus / site).mkdir(parents=True)
        (corpus / site / name).write_text("# x\n", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    for name in ("a.md", "b.md", "c.md"):
        gold = {"source": name, "title": None, "procedures": [{"title": "t", "steps": ["Do one thing.", "Do another."]}]}
        (tmp_path / "gold" / f"{name}.json").write_text(json.dumps(gold), encoding="utf-8")
    records = [{"source": {"path": "a.md"}, "procedures": [{"steps": [{"text": "Do one thing."}, {"text": "Do another."}]}]},
               {"source": {"path": "b.md"}, "procedures": [{"steps": [{"text": "Do one thing."}]}]},
               {"source": {"path": "c.md"}, "procedures": []}]
    pred = write_jsonl(tmp_path / "pred.jsonl", records)
    assert main(["eval", "--gold", str(tmp_path / "gold"), str(pred), "--by-site", str(corpus), "--json"]) == 0
    by_site = json.loads(capsys.readouterr().out.splitlines()[-1])["by_site"]
    assert {site: row["docs"] for site, row in by_site.items()} == {"bikes": 1, "lamps": 1, "other": 1}
    assert by_site["lamps"]["step_f1"] == 1.0 and by_site["other"]["step_f1"] == 0.0
    assert main(["eval", "--gold", str(tmp_path / "gold"), str(pred), "--by-site", str(corpus)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[-4].split()[:3] == ["site", "docs", "step_f1"] and table[-2].split()[0] == "lamps"
    assert main(["eval", "--gold", str(tmp_path / "gold"), str(pred), "--by-site", str(tmp_path / "nowhere")]) == 2
    assert "--by-site" in capsys.readouterr().err
