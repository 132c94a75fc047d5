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
