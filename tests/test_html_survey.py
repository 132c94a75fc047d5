"""What the survey hands the HTML reader's other parts is what they would find walking the page
themselves (issue 15: output byte-identical)."""
from __future__ import annotations

from lxml import etree

from extractor.readers import html_choice, html_main
from extractor.readers.html import _base_url, parse
from extractor.readers.html_meta import page_metadata
from extractor.readers.html_page_type import page_kind
from extractor.readers.structured_data import read_json_ld
from extractor.rules import default_rules, using

PAGE = """<!doctype html><html lang="en"><head><title>Fixing a dripping tap</title>
<meta property="og:title" content="Fix a  dripping tap"><meta name="description" content="Washers wear out.">
<link rel="canonical" href="https://example.org/tap"><base href="/guides/">
<script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script></head>
<body><div role="main" hidden><p>An old copy.</p></div>
<noscript><p>Turn on scripts.</p></noscript>
<article><h1>Fixing a dripping tap</h1><time datetime="2024-03-01">March 1</time>
<meta itemprop="author" content="Sam"><p>Turn off the water under the sink before anything else.</p></article>
<div class="sr-only"><article><p>Hidden teaser.</p></article></div>
<main><div role="main"><p>Unscrew the handle and lift out the cartridge.</p></div></main>
<article><p>Related: descaling a kettle.</p><link rel="canonical" href="https://example.org/other"></article>
<button>Load more</button><script>var x = 1;</script></body></html>"""


def _surveyed():
    rules = default_rules()
    root = parse(PAGE)
    with using(rules):
        return rules, root, html_main.survey(root, rules.html)


def test_survey_lists_each_indexed_tag_as_iter_does():
    _, root, found = _surveyed()
    for tag in html_main.INDEXED_TAGS:
        assert found.tagged(tag) == list(root.iter(tag)), tag
    assert found.copies == list(root.iter("noscript", "button"))
    assert [el.get("role") for el in found.mains] == ["main", "main"]


def test_readers_given_the_lists_answer_as_with_their_own_walks():
    rules, root, found = _surveyed()
    with using(rules):
        assert page_metadata(root, found.tagged) == page_metadata(root)
        assert page_metadata(root)["title"] == "Fix a dripping tap" and page_metadata(root)["date"] == "2024-03-01"
        assert read_json_ld(root, found.tagged("script")) == read_json_ld(root)
        assert page_kind(root, None, found.typed, found.tagged) == page_kind(root, None, found.typed) == "forum"


def test_after_cleaning_only_what_is_still_in_the_body_counts_in_order():
    rules, root, found = _surveyed()
    body = root.find("body")
    with using(rules):
        html_main.clean(body, rules.html, [], found)
    for tag in ("article", "main", "time", "meta", "link", "base"):
        assert found.tagged(tag, body) == list(body.iter(tag)), tag
    assert len(found.tagged("article", body)) == 2  # the hidden teaser's article went with its wrapper
    walked = next((el for el in body.iter(etree.Element) if el.get("role") == "main"), None)
    assert found.role_main(body) is walked is not None and walked.getparent().tag == "main"
    assert _base_url(root, None, found.tagged("base", root)) == _base_url(root, None) is None  # <head> was dropped
    model = html_choice.choice_model()
    pick = [body]
    assert html_choice.candidates(body, pick, {}, model, found.role_main(body), lambda tag: found.tagged(tag, body)) \
        == html_choice.candidates(body, pick, {}, model)
