"""Quality gate: the gold sets' scores may not slip below the floor reached so far, per set and per site.

Raise a floor when the extractor gets better; never lower one to make a change pass. A pooled figure
can hide one site falling while another rises, so every site of a set has floors of its own (a site is
the corpus folder that holds the post, see ``extractor.checks.by_site``). Each set is extracted as one
batch, the way a user runs a folder (the site template is learned from it).

The whole-set figures come from ../shared/eval/score.py, the scorer the project is judged by; the
per-site ones from ``extractor eval``'s scorer (the same figures, checked by tests/test_eval.py).
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extractor.checks.by_site import evaluate_by_site, site_of_each_post
from extractor.checks.evaluate import load_gold
from extractor.checks.records import read_records
from extractor.runner import run
from extractor.writers.records import JsonLinesSink

from check_records import dev_output
from project_paths import shared_path

# Lower bounds (step F1, procedure exact, content kept) and upper bounds (boilerplate leak), a little
# under the figures measured when each was set (benchmarks/sites_bench.py prints them).
FLOORS = {
    "dev": {
        "all": {"step_f1": 0.985, "procedure_exact": 0.945, "content_kept": 0.99, "title_accuracy": 0.99},
        "network-issues": {"step_f1": 0.99, "procedure_exact": 0.95, "content_kept": 0.99},
        "site-printer-issues": {"step_f1": 0.97, "procedure_exact": 0.94, "content_kept": 0.99},
        "other": {"step_f1": 0.985, "procedure_exact": 0.93, "content_kept": 0.99},
    },
    "dev2": {
        "all": {"step_f1": 0.975, "procedure_exact": 0.915, "content_kept": 0.985},
        "site-app-tips": {"step_f1": 0.99, "procedure_exact": 0.99, "content_kept": 0.99},
        "site-blue-screen-error": {"step_f1": 0.98, "procedure_exact": 0.89, "content_kept": 0.99},
        "site-driver-error": {"step_f1": 0.96, "procedure_exact": 0.92, "content_kept": 0.975},
        "site-graphic-issues": {"step_f1": 0.98, "procedure_exact": 0.925, "content_kept": 0.975},
    },
}
CEILINGS = {
    "dev": {"all": {"boilerplate_leak": 0.01}, "network-issues": {"boilerplate_leak": 0.005},
            "site-printer-issues": {"boilerplate_leak": 0.015}, "other": {"boilerplate_leak": 0.005}},
    "dev2": {site: {"boilerplate_leak": 0.01} for site in FLOORS["dev2"]},
}
CORPORA = {"dev": ("corpus", "techidaily"), "dev2": ("corpus", "techidaily-more")}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request, tmp_path_factory):
    name = request.param
    articles = shared_path("eval", name, "articles")
    gold_dir = shared_path("eval", name, "gold")
    if name == "dev":
        out = dev_output()  # the dev set extracted once per session, shared with the other dev-set tests
    else:
        out = tmp_path_factory.mktemp(name) / f"{name}.jsonl"
        report = run([str(articles)], JsonLinesSink(str(out)))
        assert report.errors == 0
    result = subprocess.run([sys.executable, str(shared_path("eval", "score.py")), "--gold", str(gold_dir),
                             "--pred", str(out), "--json"], capture_output=True, text=True, check=True)
    pooled = json.loads(result.stdout.strip().splitlines()[-1])
    sites = site_of_each_post([shared_path(*CORPORA[name])])
    by_site = evaluate_by_site(load_gold(str(gold_dir)), list(read_records([str(out)])), sites)
    return name, pooled, by_site


def test_every_set_and_site_holds_its_floors(scored):
    name, pooled, by_site = scored
    assert set(by_site) - {"all"} == set(FLOORS[name]) - {"all"}, "a site appeared or vanished: give it floors"
    slipped = []
    for site, floors in FLOORS[name].items():
        metrics = pooled if site == "all" else by_site[site]
        slipped += [f"{name}/{site} {m} {metrics[m]:.4f} < {v}" for m, v in floors.items() if metrics[m] < v]
        slipped += [f"{name}/{site} {m} {metrics[m]:.4f} > {v}" for m, v in CEILINGS[name][site].items()
                    if metrics[m] > v]
    assert not slipped, "; ".join(slipped)


def test_the_project_scorer_agrees_with_the_shared_one(scored):
    name, pooled, by_site = scored
    for metric in ("step_f1", "procedure_exact", "boilerplate_leak", "content_kept"):
        assert by_site["all"][metric] == pytest.approx(pooled[metric], abs=1e-4), metric
