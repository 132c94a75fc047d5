"""Records for the tests of the checks (validate, lint, eval, stats, review): a hand-made article with
known problems, and the dev set's extracted output (built once per test session). The texts are our own."""
from __future__ import annotations

import json
import subprocess
import sys
from functools import lru_cache
from pathlib import Path


from extractor import extract_text
from project_paths import shared_path as need_shared  # noqa: F401  (re-exported for the check tests)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_ARTICLES = SHARED / "eval" / "dev" / "articles"
DEV_GOLD = SHARED / "eval" / "dev" / "gold"
SCORE_PY = SHARED / "eval" / "score.py"

GOOD_ARTICLE = """---
title: Pair a keyboard
---

# Pair a keyboard

Short intro to pairing a wireless keyboard with a laptop.

## Pair it

1. Open **Settings** with **Win+I**.
2. Click **Bluetooth & devices**.
3. Turn on the keyboard and hold its pairing button.
4. Select the keyboard in the list.
"""


def good_record() -> dict:
    return json.loads(extract_text(GOOD_ARTICLE, "pair-keyboard.md").model_dump_json())


def _step(text: str, line: int, number: int | None = None, **extra) -> dict:
    return {"number": number, "text": text, "markdown": text, "source": {"line_start": line, "line_end": line}, **extra}


def _procedure(title, steps, start, origin="ordered-list") -> dict:
    return {"title": title, "origin": origin, "steps": steps,
            "source": {"line_start": start, "line_end": max(s["source"]["line_end"] for s in steps) if steps else start}}


def seeded_bad_record() -> dict:
    """One document record with one instance of (almost) every lint problem, at known places."""
    record = good_record()
    record["source"]["path"] = "seeded-bad.md"
    record["procedures"] = [
        _procedure("Broken steps", [
            _step("", 10, 1),                                               # 1.1 S101 empty
            _step("Settings", 11, 2),                                       # 1.2 S102 one word
            _step("Click **Save** to keep it.", 12, 3),                     # 1.3 S103 markup
            _step("Open the &quot;Run&quot; box.", 13, 5),                  # 1.4 S104 escape; P202 gap 3 -> 5
            _step("Restart the laptop now.", 14, 6),                        # 1.5
            _step("Restart the laptop now.", 15, 7),                        # 1.6 S105 duplicate of 1.5
            _step("Click Next and get 30% off today.", 16, 1),              # 1.7 S106 promo; P203 restart 7 -> 1
            _step("Download the tool.", 17, 2, links=[{"text": "tool", "url": "https://bit.ly/abc123"}]),  # 1.8 S107
            _step("The window closes by itself.", 18, 3),                   # 1.9 S108
            _step("Press Win+R. 2) Type cmd and press Enter.", 19, 4),      # 1.10 S109
        ], 10),
        _procedure(None, [_step("Unplug the mouse.", 30, 1)], 30),          # 2: P201 single step, P204 untitled
        _procedure("Nothing here", [], 40),                                 # 3: P205 empty
    ]
    prose = ("This paragraph explains in plain words why a keyboard may fail to pair. The radio can be asleep. "
             "Batteries can be low, and some laptops turn Bluetooth off to save power when the lid is closed. "
             "Checking these three things first saves a lot of time later on.")
    record["boilerplate"] = [{"kind": "link_list", "rule": "link-dense", "text": prose, "links": [],
                              "source": {"line_start": 50, "line_end": 50}},
                             {"kind": "promo", "rule": "promo-offer", "text": prose, "links": [],  # promos are prose: fine
                              "source": {"line_start": 60, "line_end": 60}}]
    return record


EXPECTED_FINDINGS = {  # code -> (procedure, step, line)
    "S101": (1, "1", 10), "S102": (1, "2", 11), "S103": (1, "3", 12), "S104": (1, "4", 13),
    "P202": (1, "4", 13), "S105": (1, "6", 15), "S106": (1, "7", 16), "P203": (1, "7", 16),
    "S107": (1, "8", 17), "S108": (1, "9", 18), "S109": (1, "10", 19),
    "P201": (2, None, 30), "P204": (2, None, 30), "P205": (3, None, 40), "B301": (None, None, 50),
}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def dev_output() -> Path:
    """The dev articles extracted once per session into a temporary .jsonl (needs ../shared)."""
    import tempfile

    out = Path(tempfile.mkdtemp(prefix="extractor-dev-")) / "dev.jsonl"
    result = subprocess.run([sys.executable, "-m", "extractor", "extract", str(DEV_ARTICLES), "-o", str(out), "-q"],
                            capture_output=True, timeout=300)
    assert out.exists(), result.stderr.decode(errors="replace")
    return out
