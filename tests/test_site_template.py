"""A site's template, learned from a batch: what recurs across different articles is boilerplate."""
from __future__ import annotations

import json
import re

import pytest

from extractor.corpus.template import key_hash, learn, line_key, line_keys, shape_of, site_key
from extractor.rules import default_rules
from extractor.runner import run
from extractor.runstate import Output

PROMO = "Tired of slow fixes? **FixItPro** repairs this in one click. [Get FixItPro](https://fixit.example/buy)"
RATING = ["How useful was this guide?", "* [1](https://blog.example/)", "* [2](https://blog.example/)",
          "* [3](https://blog.example/)", "Score: 4.{n} / 5 ({n}2 votes)"]
FILLER = "That is the whole trick."


TOPICS = ["kettle", "toaster", "blender", "scanner", "webcam", "headset", "keyboard", "tablet", "smartwatch",
          "doorbell", "thermostat", "projector"]
STORIES = ["after an update", "when the battery is low", "on cold mornings", "after a power cut",
           "once the warranty ends", "when guests arrive", "during video calls", "after a long trip",
           "in the middle of the night", "after a factory reset", "when the room gets warm", "right after setup"]


def article(n: int, *, related: list[str]) -> str:
    topic = TOPICS[n % len(TOPICS)] if n < 99 else "radio"
    story = STORIES[n % len(STORIES)] if n < 99 else "for no reason"
    lines = [
        "---", f"title: Fixing the {topic}", "---", "",
        f"# Fixing the {topic}", "",
        f"The {topic} stops answering {story}. Here is what brings the {topic} back for good.", "",
        PROMO, "",
        f"## Reset the {topic}", "",
        f"1. Hold the {topic} power key for ten seconds.",
        "2. Restart your computer.",
        f"3. Open the {topic} settings and choose Reset.", "",
        FILLER, "",
        f"Resetting clears the {topic} cache, which is where the stale state lived {story}.", "",
        f"If the {topic} still misbehaves {story}, look at its cable before anything else.", "",
        f"Some {topic} owners keep a spare {topic} charger for exactly this reason.", "",
        f"We tested this on three {topic} models bought {story}.", "",
        *[line.format(n=n % 10) for line in RATING], "",
        "Related reading:", "",
        *[f"[{title}](https://blog.example/{i})" for i, title in enumerate(related)], "",
    ]
    return "\n".join(lines)


TITLES = [f"Ten ways to tame a noisy {thing}" for thing in
          ("fan", "printer", "router", "speaker", "mouse", "screen", "drive", "pump", "dock", "hub", "lamp", "cable")]


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    for n in range(12):
        related = [TITLES[(n + k) % len(TITLES)] for k in range(4)]  # the related list rotates
        (folder / f"post-{n:02}.md").write_text(article(n, related=related), encoding="utf-8")
    # One article re-posted many times: its own lines must not look like template.
    for copy in range(15):
        (folder / f"repost-{copy:02}.md").write_text(article(99, related=TITLES[:3]), encoding="utf-8")
    return folder


@pytest.mark.parametrize("line, key, steplike, linked", [
    ("Score: 4.5 / 5 (180 votes)", "score: 0.0 / 0 (0 votes", False, False),
    ("* [Ten ways](https://x.example/a)", "ten ways", False, True),
    ("**Subscribe** to our _weekly_ letter!", "subscribe to our weekly letter", False, False),
    ("1. Restart your computer.", "0. restart your computer", True, False),
    ("1)[**Download**](https://x.example/d) and install it.", "0)download and install it", True, False),
    ("Step 2: Open the lid", "step 0: open the lid", True, False),
    # a footer set as a quote and a component's inner lines are keyed like any line: they reach template learning
    ('> *"Light is a mood."*', "light is a mood", False, False),
    ("Join 5,000 readers who get one repair guide every Friday.", "join 0,0 readers who get one repair guide every friday", False, False),
])
def test_line_key_folds_what_varies_from_copy_to_copy(line, key, steplike, linked):
    from extractor.data import step_rules

    found = line_key(line, step_rules().step_label)
    assert (found.key, found.steplike, found.linked) == (key, steplike, linked)


# (a component's or a shortcode's tag line alone is no line of text: its block is judged by the lines inside it)
@pytest.mark.parametrize("line", ["", "   ", "## A heading", "```python", "| a | b |", "![](https://x.example/i.png)",
                                  '<Callout type="info">', "</NewsletterBox>", "{{< newsletter >}}"])
def test_lines_that_are_never_template(line):
    assert line_key(line) is None


def test_a_paragraph_right_after_a_numbered_step_counts_with_the_step():
    keys = line_keys(["1. Open the lid.", "", "![](shot.png)", "", "Then wait a minute.", "", "Unrelated prose."])
    assert keys[4].steplike and not keys[6].steplike


def test_site_key_prefers_the_front_matter_host(tmp_path):
    assert site_key(str(tmp_path / "a" / "x.md"), "title: T\nurl: https://www.blog.example/x") == "blog.example"
    assert site_key(str(tmp_path / "a" / "x.md")) == str(tmp_path / "a")


def test_learning_keeps_recurring_furniture_and_drops_reposts_and_steps(site):
    # (near copies are not what this site is about: its intros are written from one pattern, each with the
    # post's own story; the near lines' test is below)
    learned = learn(map(str, sorted(site.iterdir())), _rules_without_near()).templates().for_site(str(site))

    def template(line):
        return key_hash(line_key(line).key) in learned

    assert template(PROMO)
    assert template(RATING[0]) and template("Score: 4.1 / 5 (12 votes)")
    assert template(f"[{TITLES[0]}](https://blog.example/0)")  # a rotating related link
    assert not template("2. Restart your computer.")  # a step wherever it appears
    assert not template("The radio stops answering for no reason. Here is what brings the radio back "
                        "for good.")  # 15 copies of one article count once


def _rules_without_near():
    rules = default_rules()
    return rules.model_copy(update={"site_template": rules.site_template.model_copy(update={"near": None})})


def _records(path):
    return {json.loads(line)["source"]["path"].rsplit("/", 1)[-1]: json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()}


def _extract(site, out, **kwargs):
    output = Output(str(out))
    try:
        report = run([str(site)], output.sink, state=output.state, **kwargs)
        output.finish()
    finally:
        output.close()
    return report


def test_a_batch_labels_the_template_and_keeps_the_article(site, tmp_path):
    _extract(site, tmp_path / "out.jsonl")
    record = _records(tmp_path / "out.jsonl")["post-03.md"]
    text = record["content"]["text"]
    assert "FixItPro" not in text and "How useful was this guide" not in text and "Score:" not in text
    assert not any(title in text for title in TITLES)
    assert "stops answering after a power cut" in text and "stale state lived" in text
    assert FILLER in text  # shared by every article, but it sits between content
    assert [len(p["steps"]) for p in record["procedures"]] == [3]
    kinds = {(b["kind"], b["rule"]) for b in record["boilerplate"]}
    assert ("template", "site-template") in kinds


def test_one_file_alone_learns_nothing(site, tmp_path):
    _extract(site / "post-03.md", tmp_path / "one.jsonl")
    record = _records(tmp_path / "one.jsonl")["post-03.md"]
    assert all(b["kind"] != "template" for b in record["boilerplate"])


def test_a_changed_template_redoes_the_records_and_an_unchanged_one_skips_them(site, tmp_path):
    out = tmp_path / "out.jsonl"
    assert _extract(site, out).documents == 27
    assert _extract(site, out).skipped == 27
    for n in range(12):  # a new promo on most of the site's pages changes what was learned
        path = site / f"post-{n:02}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nNew: **GadgetCare** plans from $4 a month.\n",
                        encoding="utf-8")
    report = _extract(site, out)
    assert report.skipped == 0 and report.documents == 27
    assert "GadgetCare" not in _records(out)["post-03.md"]["content"]["text"]


def test_learning_can_be_turned_off(site, tmp_path):
    _extract(site, tmp_path / "off.jsonl", learn_templates=False)
    assert "FixItPro" in _records(tmp_path / "off.jsonl")["post-03.md"]["content"]["text"]


def _cli(*argv):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "extractor", *map(str, argv)], capture_output=True, text=True)


def test_profile_writes_a_reviewable_file_that_applies_to_a_single_file(site, tmp_path):
    profile = tmp_path / "site.toml"
    done = _cli("profile", site, "-o", profile)
    assert done.returncode == 0, done.stderr
    text = profile.read_text(encoding="utf-8")
    assert "[[site_template.template]]" in text and '"how useful was this guide",' in text
    alone = _cli("extract", site / "post-03.md", "--rules", profile)
    assert alone.returncode == 0, alone.stderr
    record = json.loads(alone.stdout)
    assert "FixItPro" not in record["content"]["text"]
    assert "stops answering after a power cut" in record["content"]["text"]


def test_a_broken_profile_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[site_template.template]]\nsite = 'x'\nanywere = ['typo']\n", encoding="utf-8")
    post = tmp_path / "post.md"
    post.write_text("# T\n\nText.\n", encoding="utf-8")
    done = _cli("extract", post, "--rules", bad)
    assert done.returncode == 2 and "anywere" in done.stderr and "Traceback" not in done.stderr


def test_a_later_run_of_a_few_new_posts_keeps_the_sites_template(site, tmp_path):
    out = tmp_path / "out.jsonl"
    assert _cli("extract", site, "-o", out).returncode == 0
    new = site / "post-new.md"
    new.write_text(article(5, related=TITLES[:2]).replace("kettle", "heater"), encoding="utf-8")
    assert _cli("extract", new, "-o", out).returncode == 0
    assert "FixItPro" not in _records(out)["post-new.md"]["content"]["text"]


MONTHS = ["January", "March", "May", "July", "September", "November"]
AUTHORS = ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Eng"]
CATEGORIES = ["Kitchen", "Office", "Garden", "Audio", "Video"]


def byline(n: int) -> str:
    """A dated author line whose date, author and category change from post to post (no two alike)."""
    return (f"{MONTHS[n % len(MONTHS)]} {n + 3}, 20{10 + n} 09:{n + 10} / Updated by"
            f"[{AUTHORS[n % len(AUTHORS)]}](https://blog.example/a) to[{CATEGORIES[n % len(CATEGORIES)]}]"
            "(https://blog.example/c)")


@pytest.fixture
def site_with_bylines(tmp_path):
    folder = tmp_path / "bylines"
    folder.mkdir()
    for n in range(12):
        text = article(n, related=[TITLES[(n + k) % len(TITLES)] for k in range(4)])
        head, rest = text.split("\n\n", 1)  # the byline goes right under the title heading
        (folder / f"post-{n:02}.md").write_text(f"{head}\n\n{byline(n)}\n\n{rest}", encoding="utf-8")
    return folder


def test_a_lines_shape_masks_numbers_link_texts_and_dates():
    shape = shape_of(default_rules().site_template)
    first, second = line_key(byline(1), shape=shape), line_key(byline(2), shape=shape)
    assert first.key != second.key and first.shape == second.shape
    assert line_key("Also: [A title of a related post](https://x.example/1)", shape=shape).shape is None  # all masked
    assert line_key("We march on 3 fronts", shape=shape).shape is None  # "march" is no month here: shape = key


def test_variants_of_one_line_are_learned_as_one(site_with_bylines, tmp_path):
    templates = learn(map(str, sorted(site_with_bylines.iterdir())), default_rules()).templates()
    learned = templates.for_site(str(site_with_bylines))
    shape = shape_of(default_rules().site_template)
    assert key_hash(line_key(byline(40), shape=shape).shape) in learned
    assert key_hash(line_key(byline(40)).key) not in learned  # no single variant recurs
    _extract(site_with_bylines, tmp_path / "out.jsonl")
    record = _records(tmp_path / "out.jsonl")["post-05.md"]
    assert "Updated by" not in record["content"]["text"]
    assert "stops answering" in record["content"]["text"]


def _one_at_a_time(paths, rules, keep_text=False):
    from extractor.corpus.template import SiteLearner

    learner = SiteLearner(rules.site_template, rules.words.step_label, keep_text)
    for path in paths:
        learner.add_file(path)
    return learner


@pytest.fixture
def two_sites(site, site_with_bylines, tmp_path):
    """Two sites' posts interleaved, a FIFO and a folder among them (never learned from)."""
    import os

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    (tmp_path / "folder.md").mkdir()
    posts = [str(p) for pair in zip(sorted(site.iterdir()), sorted(site_with_bylines.iterdir())) for p in pair]
    return [str(fifo), *posts[:5], str(tmp_path / "folder.md"), *posts[5:], *map(str, sorted(site.iterdir()))]


@pytest.mark.parametrize("cap", [1000, 4])
def test_learning_in_two_passes_samples_the_same_inputs_as_one_at_a_time(two_sites, cap):
    """``learn`` reads the sites first and keys only the inputs left in each site's sample; with a
    sample smaller than the site (cap 4) later inputs push earlier ones out, and the result must be
    what reading every input in turn gives, to the byte."""
    rules = default_rules()
    rules = rules.model_copy(update={"site_template": rules.site_template.model_copy(update={"sample_per_site": cap})})
    both = learn(two_sites, rules, keep_text=True), _one_at_a_time(two_sites, rules, keep_text=True)
    assert both[0].templates().dumps() == both[1].templates().dumps()
    assert both[0].templates()  # something was learned, so the comparison says something
    samples = [{name: (site.seen, [(list(keys), list(shapes), near) for keys, shapes, near in site.docs])
                for name, site in learner._sites.items()} for learner in both]
    assert samples[0] == samples[1]
    assert both[0]._text == {h: t for h, t in both[1]._text.items() if h in both[0]._text}


def test_the_site_pass_in_worker_processes_learns_what_one_process_does(two_sites):
    """``process_executor(2).map`` spreads both passes, and the sites' templates (one site per
    worker), over two worker processes; the template is the same, and so is the digest that is part
    of the run identity."""
    from extractor.runner import process_executor

    rules = default_rules()
    mapper = process_executor(2).map
    expected = learn(two_sites, rules).templates()
    assert len(expected.by_site) == 2
    assert learn(two_sites, rules, mapper=mapper).templates(mapper).dumps() == expected.dumps()
    assert learn(two_sites, rules, mapper=mapper).templates().dumps() == expected.dumps()


def test_a_dead_helper_worker_costs_nothing_but_time():
    """An item whose worker died is done again in the calling process: the same list comes back."""
    import os

    from extractor.runner import pool_map

    assert pool_map(2, _die_once_in_a_worker, [os.getpid()] * 6) == [os.getpid()] * 6


def _die_once_in_a_worker(parent: int) -> int:
    import os

    if os.getpid() != parent:
        os._exit(3)  # every worker dies on its first item
    return parent


def test_a_sample_without_texts_holds_the_numbers_a_sample_with_texts_holds(site):
    """The learner's samples come from its own cache of packed numbers (keyed by the line's hash); a
    profile's, with the texts, from ``line_key``: the same numbers in the same order, read twice (the second
    time from the cache)."""
    from extractor.corpus.template import Reading, _sample

    rules = default_rules()
    reading = Reading(rules.site_template.max_prose_chars, rules.words.step_label, shape_of(rules.site_template))
    with_text = Reading(reading.max_prose_chars, reading.step_label, reading.shape, keep_text=True)
    for path in sorted(site.iterdir()):
        body = path.read_text(encoding="utf-8").split("\n")
        body += ["1. Open the lid.", "   Then wait.", "Score: 4.5 / 5 (12 votes), 3 May 2024", "", "* [A](x)"]
        expected = _sample(body, with_text)[:2]
        assert expected[1], "the sample has shapes"
        for _ in range(2):
            packed, shapes, texts, near = _sample(body, reading)
            assert (packed, shapes, texts, near) == (*expected, None, None)


# -- a small batch: two posts of a site share their closing lines --------------------------------------

CLOSING = ["Thanks for reading the Fixit notebook.", "Questions about your gadget go to our help desk, weekdays."]
QUOTE = "Measure twice and cut once, as the old saying goes."


def small_post(topic: str, *, closing: bool, quote: str = "", late: str = "") -> str:
    lines = ["---", f"title: Quieting the {topic}", "---", "", f"# Quieting the {topic}", "",
             f"The {topic} hums louder every week. These are the checks that found the cause here.", "",
             quote, "",
             "1. Unplug it and wait a minute.", f"2. Open the {topic} cover.", f"3. Clean the {topic} vents.", "",
             f"A clean {topic} runs cooler, and a cooler {topic} runs quieter.", "",
             f"Check the {topic} feet too: a loose foot rattles against the desk.", "",
             f"Most {topic} noise comes from dust; the rest from worn bearings.", "",
             late, "", f"The {topic} should be quiet now; if not, the bearings need a look.", ""]
    if closing:
        lines += [*(f"{line}\n" for line in CLOSING)]
    return "\n".join(lines)


@pytest.fixture
def small_batch(tmp_path):
    """Three different posts of one site (2-5 is what a user extracts): two share their closing lines;
    two share a quotation in their first lines and a sentence in their tail followed by their own text."""
    folder = tmp_path / "small"
    folder.mkdir()
    late = "Please note that every model is built a little differently."
    posts = {"fan.md": small_post("fan", closing=True, quote=QUOTE, late=late),
             "fridge.md": small_post("fridge", closing=True, quote=QUOTE, late=late),
             "printer.md": small_post("printer", closing=False)}
    for name, text in posts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder, late


def test_a_small_batch_learns_the_closing_lines_two_posts_share_and_cuts_only_them(small_batch, tmp_path):
    folder, late = small_batch
    _extract(folder, tmp_path / "out.jsonl")
    records = _records(tmp_path / "out.jsonl")
    for name in ("fan.md", "fridge.md"):
        text = records[name]["content"]["text"]
        assert not any(line in text for line in CLOSING), name
        assert QUOTE in text  # shared, but high in the posts: never learned from two
        assert late in text  # shared and in the tail, but content follows it: stays
        assert "bearings need a look" in text
        assert ("template", "site-template") in {(b["kind"], b["rule"]) for b in records[name]["boilerplate"]}
    assert "hums louder" in records["printer.md"]["content"]["text"]
    # the same with worker processes
    _extract(folder, tmp_path / "j2.jsonl", jobs=2, force=True)
    assert [r["content"] for r in _records(tmp_path / "j2.jsonl").values()] == [r["content"] for r in records.values()]


def test_two_groups_teach_only_lines_in_every_holders_tail(small_batch):
    from extractor.corpus.template import FEW, TAIL

    folder, late = small_batch
    rules = default_rules()
    learner = learn(sorted(map(str, folder.iterdir())), rules, keep_text=True)
    (learned,) = learner.templates().by_site.values()
    texts = {learner.text_of(h): sureness for h, sureness in learned.items()}
    assert texts[CLOSING[0].lower().rstrip(".")] == FEW + TAIL  # few groups: the content guard applies
    assert line_key(QUOTE).key not in texts
    off = rules.model_copy(update={"site_template": rules.site_template.model_copy(update={"tail_min_groups": 3})})
    assert not learn(sorted(map(str, folder.iterdir())), off).templates()


def test_a_profiles_tail_lines_apply_only_in_a_posts_tail(small_batch, tmp_path):
    folder, _ = small_batch
    profile = tmp_path / "small.toml"
    done = _cli("profile", folder, "-o", profile)
    assert done.returncode == 0, done.stderr
    assert "tail = [" in profile.read_text(encoding="utf-8")
    alone = tmp_path / "alone.md"  # a new post holding the closing line high up, and at its end
    alone.write_text(small_post("lamp", closing=True, quote=CLOSING[0]), encoding="utf-8")
    done = _cli("extract", alone, "--rules", profile)
    assert done.returncode == 0, done.stderr
    text = json.loads(done.stdout)["content"]["text"]
    assert text.count(CLOSING[0]) == 1 and CLOSING[1] not in text


def test_a_later_run_of_one_new_post_keeps_what_two_posts_taught(small_batch, tmp_path):
    folder, _ = small_batch
    out = tmp_path / "out.jsonl"
    assert _cli("extract", folder / "fan.md", folder / "fridge.md", "-o", out).returncode == 0
    new = folder / "lamp.md"
    new.write_text(small_post("lamp", closing=True), encoding="utf-8")
    assert _cli("extract", new, "-o", out).returncode == 0
    text = _records(out)["lamp.md"]["content"]["text"]
    assert not any(line in text for line in CLOSING) and "bearings need a look" in text


# -- a small docs batch: pages of one manual share closing passages that are content ----------------------

SHARED_NOTE = "Widgetron settings survive a restart, so nothing in this chapter needs repeating later."
SECTION_INTRO = "Each chapter below builds on the one before it; keep the bracket screws within reach."
TEAM_PITCH = "Our team answers every question posted in the forum within one working day."
NAV_LINKS = "[Home](https://w.example/) · [Forum](https://w.example/forum) · [Store](https://w.example/store)"


def manual_page(topic: str) -> str:
    return "\n".join([
        "---", f"title: \"Widgetron manual: {topic}\"", "---", "",
        f"This chapter covers {topic} on the Widgetron base unit, model year two.", "",
        "1. Switch the unit off at the wall.", f"2. Lift the {topic} panel with the flat key.",
        "3. Switch the unit on again.", "",
        f"The {topic} panel clicks when it sits right; a gap means a bent hinge.", "",
        SHARED_NOTE, "",
        "## Further chapters", "",
        SECTION_INTRO, "",
        "---", "",
        TEAM_PITCH, "",
        NAV_LINKS, ""])


@pytest.fixture
def manual(tmp_path):
    """Three pages of one manual (a user extracting a handful of docs pages): they share a closing note tied
    to their subject, a section intro under a heading, and the site's footer (a service pitch, a link line)."""
    folder = tmp_path / "manual"
    folder.mkdir()
    for topic in ("hinges", "filters", "remote pairing"):
        (folder / f"{topic.replace(' ', '-')}.md").write_text(manual_page(topic), encoding="utf-8")
    return folder


def test_a_small_docs_batch_keeps_its_shared_closing_content_and_cuts_its_shared_footer(manual, tmp_path):
    _extract(manual, tmp_path / "out.jsonl")
    records = _records(tmp_path / "out.jsonl")
    assert len(records) == 3
    for name, record in records.items():
        text = record["content"]["text"]
        assert SHARED_NOTE in text, name  # tied to the title ("widgetron"), no link, no furniture word
        assert SECTION_INTRO in text, name  # the body right under a heading
        assert "Our team answers" not in text, name  # a service pitch: furniture
        assert "Forum" not in text, name  # a line of links: furniture
    _extract(manual, tmp_path / "j2.jsonl", jobs=2, force=True)
    assert [r["content"] for r in _records(tmp_path / "j2.jsonl").values()] == [
        r["content"] for r in records.values()]


def test_the_content_guard_is_data_and_only_for_lines_of_few_groups(manual):
    from extractor.corpus.template import FEW, plain

    rules = default_rules()
    learner = learn(sorted(map(str, manual.iterdir())), rules, keep_text=True)
    (learned,) = learner.templates().by_site.values()
    texts = {learner.text_of(h): sureness for h, sureness in learned.items()}
    note = line_key(SHARED_NOTE).key
    assert texts[note].startswith(FEW) and plain(texts[note]) == "anywhere"  # three of three groups
    guard = rules.site_template.content_guard
    off = rules.model_copy(update={"site_template": rules.site_template.model_copy(
        update={"content_guard": guard.model_copy(update={"below_groups": 1})})})
    learned_off = learn(sorted(map(str, manual.iterdir())), off).templates()
    assert not any(s.startswith(FEW) for keys in learned_off.by_site.values() for s in keys.values())


def test_without_the_guard_a_small_docs_batch_loses_its_shared_closing_content(manual, tmp_path):
    """What the guard is for: with it off (``below_groups = 1``), three pages are enough to cut their shared
    note and section intro as the site's template."""
    from extractor.options import Options
    from extractor.rules import using

    rules = default_rules()
    guard = rules.site_template.content_guard
    off = rules.model_copy(update={"site_template": rules.site_template.model_copy(
        update={"content_guard": guard.model_copy(update={"below_groups": 1})})})
    _extract(manual, tmp_path / "off.jsonl", options=Options(rules=off))
    for name, record in _records(tmp_path / "off.jsonl").items():
        text = record["content"]["text"]
        assert SHARED_NOTE not in text and SECTION_INTRO not in text, name


def test_a_profile_marks_the_lines_of_few_groups_and_guards_them_on_a_single_file(manual, tmp_path):
    profile = tmp_path / "manual.toml"
    done = _cli("profile", manual, "-o", profile)
    assert done.returncode == 0, done.stderr
    written = profile.read_text(encoding="utf-8")
    assert "few = [" in written and json.dumps(line_key(SHARED_NOTE).key) in written
    alone = tmp_path / "alone.md"
    alone.write_text(manual_page("fan blades"), encoding="utf-8")
    done = _cli("extract", alone, "--rules", profile)
    assert done.returncode == 0, done.stderr
    text = json.loads(done.stdout)["content"]["text"]
    assert SHARED_NOTE in text and SECTION_INTRO in text and "Our team answers" not in text


@pytest.mark.parametrize("text", [
    "Follow us for a new guide every week.", "This manual is sponsored by Acme Cloud hosting.",
    "文中如有错漏，欢迎留言指正。", "公众号每周更新，扫码关注即可。", "記事が役に立ったらフォローしてください。",
    "Abonnez-vous pour recevoir les prochains guides.", "Berlangganan untuk panduan berikutnya."])
def test_furniture_words_of_the_content_guard(text):
    assert default_rules().site_template.content_guard.furniture.pattern.search(text.lower())


def test_a_footer_line_long_only_by_its_link_targets_is_learned(tmp_path):
    """A site's pitch line of a dozen topic links has hundreds of characters of URLs and a sentence of text:
    the length that makes a line prose is counted without link targets."""
    topics = ["Web", "Data", "Cloud", "Games", "Audio"]
    links = ", ".join(f"[{t}](https://translations.example.org/archive/topics/{t.lower()}/every-post-ever-written"
                      f"-in-this-topic-since-the-project-began/index.html)" for t in topics)
    pitch = f"The archive keeps every translation by topic ({links}); corrections are welcome."
    assert len(pitch) > 600
    folder = tmp_path / "site"
    folder.mkdir()
    for topic in ("kettles", "toasters", "blenders"):
        (folder / f"{topic}.md").write_text("\n".join([
            "---", f"title: Descaling {topic}", "---", "",
            f"Hard water leaves a crust inside {topic}; vinegar loosens it.", "",
            f"Soak the {topic} parts for an hour, then rinse them twice.", "", pitch, ""]), encoding="utf-8")
    _extract(folder, tmp_path / "out.jsonl")
    for name, record in _records(tmp_path / "out.jsonl").items():
        text = record["content"]["text"]
        assert "The archive keeps every translation" not in text, name
        assert "vinegar loosens it" in text and "rinse them twice" in text, name
    assert line_key("x" * 601) is None  # long prose is still never template


def test_a_later_run_of_one_new_page_keeps_the_guard_three_pages_taught(manual, tmp_path):
    out = tmp_path / "out.jsonl"
    assert _cli("extract", manual, "-o", out).returncode == 0
    new = manual / "fan-blades.md"
    new.write_text(manual_page("fan blades"), encoding="utf-8")
    assert _cli("extract", new, "-o", out).returncode == 0
    text = _records(out)["fan-blades.md"]["content"]["text"]
    assert SHARED_NOTE in text and SECTION_INTRO in text and "Our team answers" not in text


STEP_RESULT = "The lamp should now blink twice and then glow a steady amber light."


def lamp_page(system: str, fetch: str, run: str) -> str:
    """A short page of a setup guide: its last step and that step's expected result are the same on every page."""
    return "\n".join([
        "---", f"title: \"Pairing on {system}\"", "---", "",
        f"## Step 1: fetch the {system} helper", "", fetch, "",
        "## Step 2: run the helper", "", run, "",
        "## Step 3: check the pairing", "", "In a terminal, run:", "", "```", "lampctl status", "```", "",
        STEP_RESULT, ""])


PAGES = {"haiku": lamp_page("Haiku", "Open the package manager, search for lampctl and press Install.",
                            "Double-click the helper in the Applications folder and accept the prompt."),
         "plan9": lamp_page("Plan9", "Copy the archive from the mirror into your home directory and unpack it.",
                            "Type the helper's name in a new window; it asks for the lamp's serial number.")}


def test_a_step_sections_closing_result_shared_by_two_pages_stays(tmp_path):
    """Two pages of one guide close on the same last step and its expected result: no heading is right above
    the sentence and it shares no title word, but it lies in a "Step N" section, so it is part of a step."""
    folder = tmp_path / "guide"
    folder.mkdir()
    for name, page in PAGES.items():
        (folder / f"{name}.md").write_text(page, encoding="utf-8")
    _extract(folder, tmp_path / "out.jsonl")
    for name, record in _records(tmp_path / "out.jsonl").items():
        assert STEP_RESULT in record["content"]["text"], name


def test_the_ascii_twin_of_the_shape_mask_masks_as_the_mask_does():
    from extractor.corpus.template import _ascii_twin, shape_of
    from extractor.rules import default_rules

    shape = shape_of(default_rules().site_template)
    assert shape.ascii_mask is not None and not shape.ascii_mask.flags & re.IGNORECASE
    lines = ["posted on march 0, 0000 by the lamp team", "updated 0 mai 0000 · 0 min", "monday 0 pm - sunday 0 am",
             "marchand 0 lamps", "0 mars, 0 märz", "tue 0 jul 0000", "0 comments", "“lamps” — 0 june, 0 am"]
    for line in lines:
        assert shape.ascii_mask.sub("§", line) == shape.mask.sub("§", line), line
    assert shape.ascii_mask.sub("§", "posted on march 0") == "posted on § 0"
    # a pattern the twin could read otherwise keeps no twin
    assert _ascii_twin(re.compile(r"\bMarch\b", re.IGNORECASE)) is None
    assert _ascii_twin(re.compile(r"\x6darch", re.IGNORECASE)) is None
    assert _ascii_twin(re.compile("\u017fun", re.IGNORECASE)) is None
    assert _ascii_twin(re.compile(r"march\b", re.IGNORECASE)).pattern == r"march\b"


# A Chinese blog closes each post with a pointer to the post's discussion thread: the same five characters
# ("the discussion is at"), then a link whose text names the post. The link text is masked, so the shape is
# the five characters alone: as much as "Discuss it at:" says, though fewer than shape_min_letters letters.
CJK_TOPICS = [("台灯", "调亮一点"), ("水壶", "烧得更快"), ("耳机", "连得更稳")]


def cjk_post(n: int) -> str:
    thing, goal = CJK_TOPICS[n]
    return "\n".join([
        "---", f"title: 让{thing}{goal}", "---", "",
        f"# 让{thing}{goal}", "",
        f"很多人问我怎样让{thing}{goal}。其实办法很简单，下面一步一步说明。", "",
        f"1. 先关掉{thing}的电源。",
        f"2. 打开{thing}的设置，选择重置。",
        f"3. 等一分钟再打开{thing}。", "",
        f"这样做以后，{thing}就会{goal}了。", "",
        f"> 讨论地址是：[精读《让{thing}{goal}》· 第 {n + 3} 期](https://forum.example/t/{n + 3})", "",
        "**每周都有新的话题，周一发布，欢迎常来看看。**", "",
        "> 版权所有：转载请注明出处", "",
    ])


def test_a_cjk_lines_shape_counts_its_characters_as_words():
    shape = shape_of(default_rules().site_template)
    first = line_key("> 讨论地址是：[精读《台灯》](https://forum.example/t/1)", shape=shape)
    second = line_key("> 讨论地址是：[精读《水壶》· 第 9 期](https://forum.example/t/9)", shape=shape)
    assert first.key != second.key and first.shape is not None and first.shape == second.shape
    assert line_key("> 见：[精读《台灯》](https://forum.example/t/1)", shape=shape).shape is None  # one character: no shape


def test_a_small_cjk_batch_learns_the_closing_pointer_by_its_shape(tmp_path):
    folder = tmp_path / "blog"
    folder.mkdir()
    for n in range(len(CJK_TOPICS)):
        (folder / f"post-{n}.md").write_text(cjk_post(n), encoding="utf-8")
    learned = learn(map(str, sorted(folder.iterdir())), default_rules()).templates().for_site(str(folder))
    shape = shape_of(default_rules().site_template)
    lines = cjk_post(0).splitlines()
    pointer = next(line for line in lines if "讨论地址" in line)
    own = next(line for line in lines if "就会" in line)
    assert key_hash(line_key(pointer, shape=shape).shape) in learned
    assert key_hash(line_key(own, shape=shape).key) not in learned  # the post's own closing line


# -- near copies: a small site's template lines with the post's subject written in -----------------------

def near_post(n: int, *, box: bool = True) -> str:
    app, device = [("Lumen", "desk lamp"), ("Brew", "kettle"), ("Tunes", "speaker"), ("Sprout", "plant sensor")][n]
    head = [f"> This page is about {app} for the {device}. To try it, get the {app} app from the store.", ""] if box else []
    return "\n".join([
        "---", f"title: Pairing the {device}", "---", "", *head,
        f"The {device} pairs over Bluetooth once its light blinks.", "",
        "## Pair it", "",
        f"1. Hold the {device} button until the light blinks.",
        f"2. Open the {app} app and choose Add device.",
        f"3. Wait until the {device} shows up, then tap it.", "",
        f"Pairing takes under a minute, and the {device} remembers your phone afterwards.", "",
        f"It also reconnects by itself when the {device} is back in range of the phone.", "",
        f"Our team reviews every report about {app} on the {device} within two working days.", "",
    ])


def test_near_copies_at_a_posts_ends_are_learned_from_a_small_site(tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    for n in range(3):
        (folder / f"pair-{n}.md").write_text(near_post(n), encoding="utf-8")
    _extract(folder, tmp_path / "out.jsonl")
    for name, record in _records(tmp_path / "out.jsonl").items():
        text = record["content"]["text"]
        assert "This page is about" not in text, name  # at the head, near copies in three posts
        assert "Our team reviews every report" not in text, name  # the closing line, in every post's tail
        assert "pairs over Bluetooth" in text and "reconnects by itself" in text
        assert len(record["procedures"][0]["steps"]) == 3


def test_a_head_line_needs_near_copies_in_three_posts_and_large_sites_learn_none(tmp_path):
    rules = default_rules()
    two = tmp_path / "two"
    two.mkdir()
    for n in range(2):
        (two / f"pair-{n}.md").write_text(near_post(n), encoding="utf-8")
    learner = learn(sorted(map(str, two.iterdir())), rules, keep_text=True)
    texts = {learner.text_of(h): s for keys in learner.templates().by_site.values() for h, s in keys.items()}
    assert not any(t.startswith("this page is about") for t in texts)  # a lead two posts share stays
    assert any(t.startswith("our team reviews") and s == "near:tail" for t, s in texts.items())
    # a site of more inputs than near.max_docs: exact repetition only
    few = rules.model_copy(update={"site_template": rules.site_template.model_copy(
        update={"near": rules.site_template.near.model_copy(update={"max_docs": 1})})})
    assert not learn(sorted(map(str, two.iterdir())), few).templates()


def test_numbered_paragraphs_of_cjk_manuals_are_steps_not_template(tmp_path):
    folder = tmp_path / "manual"
    folder.mkdir()
    for tool, check in (("maven", "mvn -v"), ("gradle", "gradle -v"), ("node", "node -v")):
        (folder / f"{tool}.md").write_text("\n".join([
            f"# 安装 {tool}", "", f"下面说明在 Linux 上安装 {tool} 的办法。", "",
            f"（1）下载 {tool} 的压缩包并解压。", "", "（2）设置环境变量。", "",
            f"设置以后，{tool} 的命令在任何目录都能用。", "",
            f"（3）检验是否安装成功，执行 `{check}` 命令", ""]), encoding="utf-8")  # the last step: in the tail
    learner = learn(sorted(map(str, folder.iterdir())), default_rules(), keep_text=True)
    texts = {learner.text_of(h) for keys in learner.templates().by_site.values() for h in keys}
    assert not any("检验是否安装成功" in (t or "") for t in texts)
