"""The rule set as one value: checked at load, examples that hold, and part of the run's identity."""
from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import extractor
from extractor import extract_text
from extractor.checks.rule_examples import rule_examples
from extractor.errors import RulesError
from extractor.model import BoilerplateKind
from extractor.rules import Rules, default_rules

from project_paths import ROOT

RULES = default_rules()
EXAMPLES = list(rule_examples(RULES))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.rule}:{'yes' if e.expected else 'no'}:{e.text[:30]}")
def test_rule_example_holds(example):
    word = "should" if example.expected else "should not"
    assert example.holds(), f"rule {example.rule} {word} decide on {example.text!r}"


def test_every_boilerplate_kind_and_step_origin_has_an_example():
    kinds = {rule.kind for group in ("markup", "region", "lead_in", "phrase", "promo_link", "structural")
             for rule in getattr(RULES.boilerplate, group) if rule.examples}
    learned_from_a_batch = {"template"}  # examples are batches: tests/test_site_template.py
    furniture = {rule.kind for rule in RULES.furniture.rule if rule.examples}
    assert kinds | learned_from_a_batch | furniture == {kind.value for kind in BoilerplateKind}
    origins = {name for name, origin in RULES.steps.origin.items() if origin.examples}
    assert origins >= {"ordered-list", "bulleted-list", "numbered-paragraphs", "run-on", "step-labels",
                       "step-headings", "step-markup", "json-ld", "microdata"}


# -- checked at load ------------------------------------------------------------------------------

def _user_rules(tmp_path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, words", [
    ('[[boilerplate.phrase]]\nname = "byline"\nkind = "sidebar"\n', ["site.toml", "'byline'", "kind"]),
    ('[[boilerplate.phrase]]\nname = "byline"\ncolour = "red"\n', ["site.toml", "'byline'", "colour", "unknown key"]),
    ('[[boilerplate.phrase]]\nname = "my-rule"\nkind = "promo"\npattern = "(unclosed"\n',
     ["site.toml", "'my-rule'", "pattern", "not a regular expression"]),
    ('[steps.limits]\nmin_steps = "two"\n', ["site.toml", "min_steps"]),
    ('[languages.en.steps_intro]\npattern = "[a-"\n', ["site.toml", "steps_intro", "not a regular expression"]),
    ("[boilerplate\n", ["site.toml", "not valid TOML"]),
    ("[html.link_density]\nmin_links = 0\n", ["site.toml", "html.link_density.min_links"]),
    ('[[boilerplate.phrase]]\nname = "new-rule"\npattern = "x"\n', ["site.toml", "'new-rule'", "kind", "Field required"]),
    ('[[furniture.rule]]\nname = "cookie-consent"\nkind = "sidebar"\n', ["site.toml", "'cookie-consent'", "kind"]),
    ('[[furniture.rule]]\nname = "my-box"\nkind = "promo"\nexamples = ["Shop now"]\n'
     '[furniture.rule.patterns]\nen = ["Shop now"]\n', ["site.toml", "'my-box'", "lower case"]),
    ('[[furniture.rule]]\nname = "my-box"\nkind = "promo"\n[furniture.rule.patterns]\nen = ["shop now"]\n',
     ["site.toml", "'my-box'", "needs examples"]),
    ('[furniture.settings]\nlink_only_share = 2\n', ["site.toml", "link_only_share"]),
    # the language's patterns are checked joined, as the stage matches them; the one at fault is named
    ('[[furniture.rule]]\nname = "my-box"\nkind = "promo"\nexamples = ["shop now"]\n'
     '[furniture.rule.patterns]\nen = ["shop now", "buy (now"]\n', ["site.toml", "'my-box'", "language en", "missing )"]),
])
def test_an_invalid_rule_file_names_the_file_the_rule_and_the_field(tmp_path, text, words):
    with pytest.raises(RulesError) as caught:
        Rules.load(_user_rules(tmp_path, text))
    for word in words:
        assert word in str(caught.value)


def test_a_user_file_changes_adds_and_switches_off_rules_by_name(tmp_path):
    path = _user_rules(tmp_path, """
[[boilerplate.phrase]]
name = "byline"
enabled = false

[[boilerplate.phrase]]
name = "site-footer"
kind = "navigation"
pattern = '''^lamp corner footer$'''
examples = ["Lamp Corner footer"]

[steps.limits]
min_steps = 3

[languages.en]
imperative_verbs = "frobnicate"
""")
    rules = Rules.load(path)
    names = [rule.name for rule in rules.boilerplate.phrase]
    assert "byline" not in names and names[-1] == "site-footer"
    assert rules.steps.limits.min_steps == 3 and rules.languages["en"].imperative_verbs == {"frobnicate"}
    assert "frobnicate" in rules.words.verbs and "wipe" not in rules.words.verbs  # other languages add theirs
    assert rules.digest != RULES.digest and RULES.steps.limits.min_steps == 2  # defaults untouched
    record = extract_text("Intro.\n\n1. Wipe the lid.\n2. Lift the tray.\n", rules=rules)
    assert record.procedures == [] and record.source.rules_digest == rules.digest


def test_a_user_file_switches_a_furniture_rule_off_and_adds_one(tmp_path):
    text = "# Lamps\n\nA lamp wants a clean shade.\n\nWas this article helpful?\n\nLamp Corner weekly picks\n"
    record = extract_text(text)
    assert "helpful" not in record.content.text and "weekly picks" in record.content.text
    rules = Rules.load(_user_rules(tmp_path, """
[[furniture.rule]]
name = "rating-question"
enabled = false

[[furniture.rule]]
name = "weekly-picks"
kind = "promo"
match = "whole"
max_chars = 80
examples = ["Lamp Corner weekly picks"]
[furniture.rule.patterns]
en = ["lamp corner weekly picks"]
"""))
    record = extract_text(text, rules=rules)
    assert "helpful" in record.content.text and "weekly picks" not in record.content.text
    assert [b.rule for b in record.boilerplate] == ["weekly-picks"]


def test_a_user_file_reaches_the_annotation_words(tmp_path):
    # annotations.toml is a section of the one rule set like the others: a site whose own repair tool
    # is part of the platform says so in its rules file, and its procedures stop counting as sales
    text = ("## Fix it\n\n1. Download and install NetMender.\n2. Run NetMender and click Repair "
            "(needs the Pro version).\n")
    assert [p.promotes_product for p in extract_text(text).procedures] == ["NetMender"]
    rules = Rules.load(_user_rules(tmp_path, '[annotations.promotion]\nnot_products = ["NetMender", "Windows"]\n'))
    record = extract_text(text, rules=rules)
    assert [p.promotes_product for p in record.procedures] == [None]
    assert record.source.rules_digest == rules.digest != default_rules().digest


def test_a_user_file_reaches_the_html_reader(tmp_path):
    # the HTML main-content rules are the rules' html section, not a file the reader reads by itself:
    # a site whose articles sit in a "widget" box switches the sidebar region off by name
    prose = "A lamp wants a clean shade and a bulb that suits the room it lights every evening. " * 3
    page = (f"<html><body><main><article><h1>Lamps</h1><p>{prose}</p>"
            f"<div class='widget'><p>Dust the shade with a soft brush before the season turns warm again.</p></div>"
            f"<p>{prose}</p></article></main></body></html>")
    assert "soft brush" not in extract_text(page, "lamp.html").content.text
    rules = Rules.load(_user_rules(tmp_path, '[[html.region]]\nname = "sidebar"\nenabled = false\n'))
    assert "soft brush" in extract_text(page, "lamp.html", rules=rules).content.text


def test_month_names_live_in_the_language_files_and_reach_every_date_pattern(tmp_path):
    # three rule files read dates; each says %month_name% and the language files say what the months are
    rules = default_rules()
    assert "%month_name%" not in json.dumps(rules.model_dump(mode="json"), ensure_ascii=False)
    forum, shape = rules.html.forum.date_pattern, rules.site_template.shape_mask.pattern
    assert forum.search("19 décembre 2024") and shape.search("posted 0 décembre 0000")
    assert not forum.search("19 lampmoon 2024") and not shape.search("posted 0 lampmoon 0000")
    user = Rules.load(_user_rules(tmp_path, '[languages.xx]\nmonth_names = ["Lampmoon"]\n'))
    assert user.html.forum.date_pattern.search("19 lampmoon 2024")
    assert user.site_template.shape_mask.pattern.search("posted 0 lampmoon 0000")
    assert re.fullmatch(user.furniture.fragments["date"], "19 lampmoon 2024", re.IGNORECASE)
    assert not re.fullmatch(default_rules().furniture.fragments["date"], "19 lampmoon 2024", re.IGNORECASE)


def test_the_digest_is_canonical_and_in_every_record():
    assert RULES.digest == Rules.model_validate(RULES.model_dump(mode="json")).digest
    assert extract_text("# T\n\nText.\n").source.rules_digest == RULES.digest


# -- format dispatch ----------------------------------------------------------------------------------

PAGE = ("<!DOCTYPE html>\n<html><head><title>Pot a fern | Garden notes</title></head><body><article>"
        "<h1>Pot a fern</h1><p>Ferns like a roomy pot and a bit of shade, so pick a spot first.</p>"
        "<ol><li>Fill the pot with compost.</li><li>Set the fern in the middle.</li></ol></article></body></html>")


def test_extract_text_reads_an_html_document_as_html():
    record = extract_text(PAGE)
    assert record.source.format == "html" and record.metadata.title == "Pot a fern"
    assert [s.text for s in record.procedures[0].steps] == ["Fill the pot with compost.", "Set the fern in the middle."]
    assert extract_text("Some <b>bold</b> text.\n\n<div>x</div>\n").source.format == "markdown"
    assert extract_text(PAGE, format="markdown").source.format == "markdown"


def test_extract_text_resolves_relative_links_against_url():
    page = PAGE.replace("Set the fern", 'Set the <a href="/ferns">fern</a>')
    record = extract_text(page, url="https://garden.example/notes/pot")
    assert record.source.url == "https://garden.example/notes/pot"
    assert record.procedures[0].steps[1].links[0].url == "https://garden.example/ferns"


def _cli(*args, stdin: str | None = None, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def test_html_on_stdin_is_read_as_html_and_input_format_forces_one():
    out = _cli("extract", "-", stdin=PAGE)
    record = json.loads(out.stdout)
    assert out.returncode == 0 and record["source"]["format"] == "html"
    assert record["metadata"]["title"] == "Pot a fern"
    forced = json.loads(_cli("extract", "-", "--input-format", "markdown", stdin=PAGE).stdout)
    assert forced["source"]["format"] == "markdown"


# -- the command stops before reading inputs -------------------------------------------------------

@pytest.mark.parametrize("text, rule", [
    ('[[boilerplate.lead_in]]\nname = "also-read"\nkind = "sidebar"\n', "also-read"),
    ('[[boilerplate.phrase]]\nname = "cta-button"\nshape = "round"\n', "cta-button"),
    ('[[boilerplate.markup]]\nname = "ad-slot"\npattern = "class=(("\n', "ad-slot"),
])
def test_an_invalid_rule_file_stops_extract_before_any_input_is_read(tmp_path, text, rule):
    article = tmp_path / "a.md"
    article.write_text("1. Open the lid.\n2. Lift the tray.\n", encoding="utf-8")
    out_path = tmp_path / "out.jsonl"
    result = _cli("extract", str(article), "-o", str(out_path), "--rules", str(_user_rules(tmp_path, text)))
    assert result.returncode == 2
    assert "site.toml" in result.stderr and repr(rule) in result.stderr
    assert not out_path.exists() and not list(tmp_path.glob("out.jsonl*"))


# -- the run's identity: an edited packaged rule redoes the inputs --------------------------------

@pytest.fixture
def installed_copy(tmp_path):
    """A copy of the package, as if installed: editing its data files must be noticed."""
    site = tmp_path / "site"
    shutil.copytree(Path(extractor.__file__).parent, site / "extractor",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = dict(os.environ, PYTHONPATH=str(site))
    return site / "extractor", env


def test_editing_a_packaged_rule_redoes_every_input_and_no_edit_skips_all(tmp_path, installed_copy):
    package, env = installed_copy
    articles = tmp_path / "in"
    articles.mkdir()
    for n in range(3):
        (articles / f"a{n}.md").write_text(f"# Fix {n}\n\n1. Open the lid.\n2. Lift the tray.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"

    def run():
        result = _cli("extract", str(articles), "-o", str(out), env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return result.stderr

    assert "skipped" not in run()
    assert "3 unchanged (skipped)" in run()
    steps = package / "data" / "steps.toml"
    steps.write_text(steps.read_text(encoding="utf-8").replace("continuation_max_chars = 400",
                                                                "continuation_max_chars = 401"), encoding="utf-8")
    assert "skipped" not in run()
    assert "3 unchanged (skipped)" in run()


def test_a_broken_packaged_rule_file_exits_2_before_reading_inputs(tmp_path, installed_copy):
    package, env = installed_copy
    rules = package / "data" / "boilerplate.toml"
    rules.write_text(rules.read_text(encoding="utf-8").replace('kind = "byline"', 'kind = "bylines"', 1),
                     encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("1. Open the lid.\n2. Lift the tray.\n", encoding="utf-8")
    result = _cli("extract", str(article), "-o", str(tmp_path / "out.jsonl"), env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "boilerplate.toml" in result.stderr and "'author-box'" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_rules_travel_with_the_options():
    from extractor import Options

    assert Options().resolved().rules is RULES
    assert Options(rules=RULES) == Options().resolved()
    assert "rules" not in repr(Options(rules=RULES))


# -- extractor rules ------------------------------------------------------------------------------

def test_rules_prints_the_effective_rule_set_as_toml_that_loads_back(tmp_path):
    import tomllib

    out = _cli("rules")
    assert out.returncode == 0 and RULES.digest in out.stdout
    assert Rules.model_validate(tomllib.loads(out.stdout)).digest == RULES.digest
    user = _user_rules(tmp_path, "[steps.limits]\nmin_steps = 3\n")
    merged = json.loads(_cli("rules", "--json", "--rules", str(user)).stdout)
    assert merged["steps"]["limits"]["min_steps"] == 3
    assert _cli("rules", "--digest", "--rules", str(user)).stdout.strip() == Rules.load(user).digest


def test_rules_check_validates_a_file_and_runs_its_examples(tmp_path):
    good = _user_rules(tmp_path, '[[boilerplate.phrase]]\nname = "site-footer"\nkind = "navigation"\n'
                                 "pattern = '^lamp corner footer$'\nexamples = [\"Lamp Corner footer\"]\n")
    assert _cli("rules", "--check", str(good)).returncode == 0
    failing = _user_rules(tmp_path, '[[boilerplate.phrase]]\nname = "site-footer"\nkind = "navigation"\n'
                                    "pattern = '^lamp corner footer$'\nexamples = [\"A lamp\"]\n")
    result = _cli("rules", "--check", str(failing))
    assert result.returncode == 1 and "boilerplate.phrase.site-footer" in result.stderr
    broken = _user_rules(tmp_path, '[[boilerplate.phrase]]\nname = "site-footer"\nkind = "footer"\n')
    result = _cli("rules", "--check", str(broken))
    assert result.returncode == 2 and "'site-footer'" in result.stderr and "site.toml" in result.stderr


def test_rules_explain_names_the_rule_behind_each_block_and_step(tmp_path):
    article = tmp_path / "lamp.md"
    article.write_text("# Fix the lamp\n\nBy Pat Lee\n\n1. Unplug the lamp.\n2. Open the cover.\n\n"
                       "Also read:\n\n* [Desk lamps](https://a.example/1)\n* [Bulbs](https://a.example/2)\n",
                       encoding="utf-8")
    out = _cli("rules", "--explain", str(article)).stdout
    assert "L3" in out and "cut: byline (rule byline)" in out
    assert "cut: link_list (rule also-read)" in out
    assert "rule ordered list markup; kept in 'Fix the lamp'" in out
    assert "origin ordered-list, 2 steps" in out


def test_rules_explain_reads_step_candidates_with_the_articles_own_words(tmp_path):
    # "移動" is an action in the Japanese words, not in the Chinese ones: this Chinese page has no task heading,
    # and the explanation must not list candidates the extraction never saw.
    article = tmp_path / "phone.md"
    article.write_text("# 手机设置说明\n\n这是一篇关于手机的说明文章，我们会介绍常见的设置项目和它们的用途。\n\n"
                       "## 移動設置\n\n- 打开设置页面\n- 点击网络选项\n", encoding="utf-8")
    out = _cli("rules", "--explain", str(article)).stdout
    assert "task heading" not in out
    assert out.split("step candidates:")[1].split("procedures:")[0].strip() == "(none)"
