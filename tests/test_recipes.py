"""Recipe pages: steps from recipe-plugin markup, scored on recipes-dev with the project's scorer.

59 real recipe pages whose JSON-LD was removed, so the steps must come from the visible page
(see ../shared/eval/README.md). Raise the floor when the extractor gets better; never lower it.
"""
from __future__ import annotations

import json
import subprocess
import sys

from extractor.pipeline import extract_or_error

from project_paths import shared_path

FLOORS = {"step_f1": 0.93, "step_precision": 0.98, "procedure_recall": 0.96}


def test_recipes_dev_step_f1_holds_its_floor(tmp_path):
    pages = shared_path("eval", "recipes-dev", "pages")
    gold = shared_path("eval", "recipes-dev", "gold")
    scorer = shared_path("eval", "score.py")
    out = tmp_path / "recipes.jsonl"
    with out.open("w", encoding="utf-8") as sink:
        for page in sorted(pages.iterdir()):
            record = extract_or_error(str(page))
            assert record.kind == "document", record
            sink.write(record.model_dump_json() + "\n")
    result = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(out), "--json"],
                            capture_output=True, text=True, check=True)
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    for name, floor in FLOORS.items():
        assert metrics[name] >= floor, f"{name} {metrics[name]} fell below {floor}"
