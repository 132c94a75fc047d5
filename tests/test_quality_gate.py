"""Quality gate: the dev-set scores may not slip below the floor reached so far.

Raise a floor when the extractor gets better; never lower one to make a change pass.
Figures come from ../shared/eval/score.py, the scorer the project is judged by.
"""
from __future__ import annotations

import json
import subprocess
import sys

from extractor.runner import run
from extractor.writers.records import JsonLinesSink

from project_paths import shared_path

FLOORS = {
    "step_f1": 0.985,
    "procedure_exact": 0.94,
    "content_kept": 0.99,
    "title_accuracy": 0.99,
}
CEILINGS = {"boilerplate_leak": 0.01}


def test_dev_set_scores_hold(tmp_path):
    articles = shared_path("eval", "dev", "articles")
    gold = shared_path("eval", "dev", "gold")
    scorer = shared_path("eval", "score.py")
    out = tmp_path / "dev.jsonl"
    report = run([str(articles)], JsonLinesSink(str(out)))
    assert report.errors == 0
    result = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(out), "--json"],
                            capture_output=True, text=True, check=True)
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    for name, floor in FLOORS.items():
        assert metrics[name] >= floor, f"{name} {metrics[name]} fell below {floor}"
    for name, ceiling in CEILINGS.items():
        assert metrics[name] <= ceiling, f"{name} {metrics[name]} rose above {ceiling}"
