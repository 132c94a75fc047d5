"""The title of a post with no front matter title: the first level-1 heading a reader sees."""
from __future__ import annotations

from extractor import extract_text


def test_an_html_h1_in_a_markdown_body_is_the_title():
    record = extract_text(
        '<p align="center">\n<img src="https://lamp.example/logo.png" alt="Lamp logo"/>\n</p>\n\n'
        "<h1>Lamp &amp; Shade – Setup</h1>\nA short guide to setting the lamp up.<br />\n\n"
        "## What you need\n\n- A lamp\n- A shade\n")
    assert record.metadata.title == "Lamp & Shade – Setup"


def test_a_markdown_h1_before_an_html_one_wins_and_front_matter_wins_over_both():
    body = "# Set up the lamp\n\nSome words.\n\n<h1>Another heading</h1>\n\n## Parts\n\nMore words.\n"
    assert extract_text(body).metadata.title == "Set up the lamp"
    assert extract_text("---\ntitle: From the front matter\n---\n" + body).metadata.title == "From the front matter"


def test_without_any_h1_the_first_heading_is_the_title():
    assert extract_text("## Parts of the lamp\n\nWords.\n\n### Bulb\n\nMore.\n").metadata.title == "Parts of the lamp"


def test_a_pelican_or_multimarkdown_header_is_the_front_matter():
    record = extract_text("Title: Pair the lamp\nDate: 2024-03-05\nSlug: pair-lamp\n  (second line of the slug)\n\n"
                          "Pair it in three steps.\n\n1. Hold the button.\n2. Open the app.\n3. Tap Pair.\n")
    assert record.metadata.title == "Pair the lamp"
    assert record.metadata.date.startswith("2024-03-05")
    assert record.metadata.extra["slug"] == "pair-lamp (second line of the slug)"
    assert "Slug" not in record.content.text and "Pair it in three steps." in record.content.text
    (procedure,) = record.procedures
    assert [s.text for s in procedure.steps] == ["Hold the button.", "Open the app.", "Tap Pair."]
    assert procedure.steps[0].source.line_start == 8  # line numbers count the header


def test_a_post_opening_with_a_label_line_has_no_header():
    for text in ("Note: unplug the lamp first.\n\n# Clean the lamp\n\nWipe it.\n",
                 "Title: Clean the lamp\nwipe it with a dry cloth\n\nMore words.\n",  # a line that is no "Key: value"
                 "Title: Clean the lamp\nDate: today"):  # no blank line ends it
        record = extract_text(text)
        assert record.metadata.extra == {} and text.split("\n")[0].split(":")[0] in record.content.text, text


def test_a_generators_nested_block_gives_the_fields_the_top_level_lacks():
    computed = "---\neleventyComputed:\n  title: Lampe installieren\n---\nText.\n"
    assert extract_text(computed).metadata.title == "Lampe installieren"
    both = "---\ntitle: Top level\nparams:\n  title: Nested\n  author: Ana\n---\nText.\n"
    meta = extract_text(both).metadata
    assert meta.title == "Top level" and meta.author in (["Ana"], "Ana")


def test_front_matter_yaml_refuses_is_read_line_by_line():
    # a colon in an unquoted title and an unclosed flow list: YAML refuses the block, the lines are whole
    record = extract_text("---\ntitle: Lamp 2: the dimmer\ndate: 2024-03-05\ntags: [lamp, dimmer\ncategories:\n"
                          "  - Home\n  - 'Light'\nmenu:\n  main: {weight: 3\n---\n\n## Parts\n\nWords.\n")
    assert record.metadata.title == "Lamp 2: the dimmer"
    assert record.metadata.date.startswith("2024-03-05")
    assert record.metadata.tags == ["lamp", "dimmer"] and record.metadata.categories == ["Home", "Light"]
    assert [w.code for w in record.warnings] == ["front-matter-invalid", "front-matter-salvaged"]
