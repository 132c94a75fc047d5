"""The review page in headless Chromium: loads fast and clean, counts right, highlights, filters, stays safe."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from page_fixtures import browser, open_page  # noqa: F401  (pytest fixtures; also puts tests/ on the path)
from check_records import dev_output, good_record, need_shared, seeded_bad_record, write_jsonl
from extractor import extract_file, extract_text
from extractor.checks.records import read_records
from extractor.checks.review import ReviewOptions, build_review

pytestmark = pytest.mark.browser

MALICIOUS = """---
title: "Fix it </script><script>window.pwned = 'title'</script>"
---

# Fix it <img src=x onerror="window.pwned='heading'">

<script>window.pwned = 'script'</script>

Some text with <img src="http://example.invalid/x.png" onerror="window.pwned='img'"> and @INDEX@ in it.

1. Click [here](javascript:window.pwned='link') to <b onmouseover="window.pwned='hover'">start</b>.
2. Open [the site](JaVaScRiPt:window.pwned='link2') and press **Win+R**.
3. Type `</script><script>window.pwned='code'</script>` and press Enter.
"""


def write_review(tmp_path: Path, records_path: Path, options: ReviewOptions = ReviewOptions()) -> tuple[Path, dict]:
    page, summary = build_review(read_records([str(records_path)]), options)
    out = tmp_path / "review.html"
    out.write_text(page, encoding="utf-8")
    return out, summary


def test_dev_set_review_is_small_fast_clean_and_counts_right(tmp_path, open_page):
    need_shared("eval", "dev", "articles")
    path, summary = write_review(tmp_path, dev_output())
    size = path.stat().st_size
    assert size < 5_000_000, f"{size:,} bytes"
    page = open_page(path)
    seconds = page.load()
    assert seconds < 2.0, f"loaded in {seconds:.2f}s"
    assert page.console == [] and page.external_requests == []
    p = page.page
    assert summary["articles"] == 84
    assert p.locator(".article-row").count() == 84
    assert p.locator("#n-all").inner_text() == "84"
    assert p.locator('[data-count="procedures"] b').inner_text() == str(summary["procedures"])
    p.screenshot(path="/tmp/extractor-review-summary.png")
    # Every article opens without an error.
    for index in range(0, 84, 7):
        p.locator(".article-row").nth(index).click()
        assert p.locator("#source .line").count() > 0
    assert page.console == [] and page.external_requests == []


def test_clicking_a_step_highlights_its_source_lines(tmp_path, open_page):
    source = tmp_path / "pair-keyboard.md"
    from check_records import GOOD_ARTICLE

    source.write_text("\n\n\n" + "Filler line to scroll past.\n" * 120 + GOOD_ARTICLE, encoding="utf-8")
    record = json.loads(extract_file(source).model_dump_json())
    # sources are read only under the source root (issue 14), so the page is built with this one
    path, _ = write_review(tmp_path, write_jsonl(tmp_path / "out.jsonl", [record]), ReviewOptions(source_root=str(tmp_path)))
    page = open_page(path)
    page.load()
    p = page.page
    p.locator(".article-row").first.click()
    step = record["procedures"][0]["steps"][2]
    first, last = step["source"]["line_start"], step["source"]["line_end"]
    assert p.locator(".step.active").count() == 0
    p.locator('.step[data-step="3"]').click()
    active = [int(n) for n in p.locator("#source .line.active").evaluate_all("els => els.map(e => e.dataset.line)")]
    assert active == list(range(first, last + 1))
    assert p.locator('.step[data-step="3"]').get_attribute("class").split().count("active") == 1
    assert p.locator(f'#source .line[data-line="{first}"]').is_visible()
    box, pane = p.locator(f'#source .line[data-line="{first}"]').bounding_box(), p.locator("#source").bounding_box()
    assert pane["y"] <= box["y"] <= pane["y"] + pane["height"], "the step's lines are scrolled into view"
    # Procedure, step and boilerplate lines carry their colours.
    assert "in-step" in p.locator(f'#source .line[data-line="{first}"]').get_attribute("class")
    p.locator('.step[data-step="1"]').click()
    assert p.locator("#source .line.active").count() == 1
    p.locator(f'#source .line[data-line="{first}"]').click()  # and back: a source line selects its step
    assert p.locator(".step.active").get_attribute("data-step") == "3"
    p.screenshot(path="/tmp/extractor-review-article.png")
    assert page.console == []


def test_filters(tmp_path, open_page):
    no_procedures = good_record()
    no_procedures["procedures"] = []
    no_procedures["source"]["path"] = "nothing-to-do.md"
    error = {"schema_version": "1.0.0", "kind": "error", "source": {"path": "gone.md"},
             "error": {"stage": "read", "reason": "no such file or directory", "type": "ReadError"}}
    records = write_jsonl(tmp_path / "out.jsonl", [good_record(), seeded_bad_record(), no_procedures, error])
    path, _ = write_review(tmp_path, records)
    page = open_page(path)
    page.load()
    p = page.page

    def shown():
        return p.locator(".article-row .path").all_inner_texts()

    assert len(shown()) == 4
    p.click('[data-filter="findings"]')
    assert shown() == ["seeded-bad.md", "gone.md"]
    p.click('[data-filter="noproc"]')
    assert shown() == ["nothing-to-do.md"]
    p.click('[data-filter="errors"]')
    assert shown() == ["gone.md"]
    p.locator(".article-row").first.click()
    assert "no such file or directory" in p.locator('[data-testid="error"]').inner_text()
    p.click('[data-filter="all"]')
    p.fill("#search", "seeded")
    assert shown() == ["seeded-bad.md"]
    assert [p.locator(f"#n-{name}").inner_text() for name in ("all", "findings", "noproc", "errors")] == ["4", "2", "1", "1"]
    assert page.console == []


def test_malicious_article_runs_nothing(tmp_path, open_page):
    source = tmp_path / "evil.md"
    source.write_text(MALICIOUS, encoding="utf-8")
    record = json.loads(extract_file(source).model_dump_json())
    record["procedures"][0]["steps"][0]["links"].append({"text": "x", "url": "javascript:window.pwned='record'"})
    path, _ = write_review(tmp_path, write_jsonl(tmp_path / "out.jsonl", [record]))
    html = path.read_text(encoding="utf-8")
    assert html.count("<script") == 5  # index, summary, meta, the article's data, the page script
    page = open_page(path)
    page.load()
    p = page.page
    p.locator(".article-row").first.click()
    for step in p.locator(".step").all():
        step.click()
        step.hover()
    for link in p.locator("#extracted a").all():
        assert link.get_attribute("href").startswith(("http:", "https:", "mailto:"))
    assert p.locator("a[href^='javascript' i]").count() == 0
    assert p.locator("#source img, #extracted img, #source script").count() == 0
    assert "window.pwned" in p.locator("#source").inner_text()  # shown as text
    assert p.evaluate("typeof window.pwned") == "undefined"
    assert page.external_requests == []


def test_a_thousand_articles_load_lazily(tmp_path, open_page):
    base = good_record()
    records = []
    for n in range(1000):
        record = json.loads(json.dumps(base))
        record["source"]["path"] = f"article-{n:04d}.md"
        record["metadata"]["title"] = f"Pair keyboard number {n}"
        records.append(record)
    path, summary = write_review(tmp_path, write_jsonl(tmp_path / "out.jsonl", records))
    page = open_page(path)
    assert page.load() < 2.0
    p = page.page
    assert p.locator("#n-all").inner_text() == "1000"
    assert p.locator(".article-row").count() == 200  # the list renders a page at a time
    p.locator("#list").evaluate("list => { list.scrollTop = list.scrollHeight; }")
    for _ in range(40):  # the next page renders when the end of the list scrolls into view
        if p.locator(".article-row").count() > 200:
            break
        p.wait_for_timeout(50)
    assert p.locator(".article-row").count() == 400
    p.fill("#search", "number 999")
    assert p.locator(".article-row .path").all_inner_texts() == ["article-0999.md"]
    p.locator(".article-row").first.click()
    assert p.locator(".step").count() == 4
    assert page.console == [] and page.external_requests == []


# --- moving through the page (issue 13): relative paths, j/k, step-text search, chart bars --------------

PRINTER = """# Clear a stuck print queue

1. Open **Services** with **Win+R** and `services.msc`.
2. Stop the **Print Spooler**.
3. Start it again.
"""


def ux_records(tmp_path: Path) -> Path:
    keyboard = good_record()
    keyboard["source"]["path"] = "/data/scraped/site-a/pair-keyboard.md"
    printer = extract_text(PRINTER, "/data/scraped/site-b/printer.md").model_dump(mode="json")
    empty = extract_text("# Notes\n\nJust some words.\n", "/data/scraped/site-b/notes.md").model_dump(mode="json")
    return write_jsonl(tmp_path / "out.jsonl", [keyboard, printer, empty])


@pytest.fixture
def ux_page(tmp_path, open_page):
    html, _ = build_review(read_records([str(ux_records(tmp_path))]))
    path = tmp_path / "review.html"
    path.write_text(html, encoding="utf-8")
    opened = open_page(path)
    opened.load()
    yield opened
    assert opened.console == []


def shown(p):
    return p.locator(".article-row .path").all_inner_texts()


def test_paths_are_relative_to_the_common_root(ux_page):
    assert shown(ux_page.page) == ["site-a/pair-keyboard.md", "site-b/printer.md", "site-b/notes.md"]
    assert "/data/scraped" in ux_page.page.locator("#root").inner_text()


def test_search_box_looks_in_step_text(ux_page):
    p = ux_page.page
    p.fill("#search", "spooler")
    assert shown(p) == ["site-b/printer.md"]
    p.fill("#search", "pairing button")
    assert shown(p) == ["site-a/pair-keyboard.md"]


def test_j_and_k_move_between_articles(ux_page):
    p = ux_page.page
    p.keyboard.press("j")
    assert p.locator(".article-row.selected .path").inner_text() == "site-a/pair-keyboard.md"
    p.keyboard.press("j")
    p.keyboard.press("j")
    assert p.locator(".article-row.selected .path").inner_text() == "site-b/notes.md"
    p.keyboard.press("k")
    assert p.locator(".article-row.selected .path").inner_text() == "site-b/printer.md"
    assert "Clear a stuck print queue" in p.locator(".article-head h2").inner_text()
    p.focus("#search")
    p.keyboard.press("j")  # typing in the search box is not navigation
    p.fill("#search", "")
    assert p.locator(".article-row.selected .path").inner_text() == "site-b/printer.md"


def test_a_chart_bar_lists_the_articles_it_counts(ux_page):
    p = ux_page.page
    p.locator('.bar-row[data-facet="key:Win+R"]').click()
    assert shown(p) == ["site-b/printer.md"]
    p.click('[data-filter="all"]')
    assert shown(p) == ["site-b/printer.md"]  # the chart filter stays until cleared
    p.click("#facet")
    assert len(shown(p)) == 3
    p.click("#show-summary")
    p.locator('.bar-row[data-facet="procs:0"]').click()
    assert shown(p) == ["site-b/notes.md"]
