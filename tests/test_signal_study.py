"""benchmarks/signal_study.py: what a signal separates on a gold set (own text, a two-source set)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
signal_study = pytest.importorskip("signal_study")

from extractor.corpus.template import shape_of  # noqa: E402
from extractor.rules import default_rules  # noqa: E402


def post(thing: str, closing: str) -> str:
    return "\n".join([
        "---", f"title: Oiling the {thing}", "---", "",
        f"The {thing} squeaks when its hinge runs dry.", "",
        f"1. Put one drop of oil on the {thing} hinge.", f"2. Move the {thing} back and forth.", "",
        closing, ""])


@pytest.fixture
def gold_set(tmp_path):
    root = tmp_path / "set"
    things = {"door": "Our shop sells hinge oil for the door at half price this week. [Order](https://shop.example/oil?d=1)",
              "gate": "Our shop sells hinge oil for the gate at half price this week. [Order](https://shop.example/oil?g=2)",
              "lid": "Thanks for reading, see you next Friday."}
    for thing, closing in things.items():
        folder = root / "articles" / ("shop" if thing != "lid" else "other")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{thing}.md").write_text(post(thing, closing), encoding="utf-8")
        gold = {"title": f"Oiling the {thing}", "procedures": [], "boilerplate": [closing[:40]],
                "content": [f"The {thing} squeaks when its hinge"]}
        (root / "gold").mkdir(exist_ok=True)
        (root / "gold" / f"{thing}.md.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_a_near_copy_in_another_post_of_the_source_is_flagged_and_the_posts_own_lines_are_not(gold_set):
    tally = signal_study.study(gold_set, shape_of(default_rules().site_template))
    assert tally["boilerplate"]["snippets"] == 3 and tally["content"]["snippets"] == 3
    assert tally["boilerplate"]["near"] == 2  # the shop's two promo lines; the other source's sign-off has no partner
    assert tally["boilerplate"]["exact"] == 0  # each names its post's thing
    assert tally["content"]["near"] == 2  # the shop's two leads differ only by the thing: near, as the study says
    assert tally["boilerplate"]["host_repeat"] == 2 and tally["content"]["host_repeat"] == 0  # both promos link the shop


def test_the_study_prints_a_row_per_set_and_kind(gold_set, capsys):
    assert signal_study.main([str(gold_set)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["set", "kind", "snippets"] and len(out) == 3
