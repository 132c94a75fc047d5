"""The review page as text (no browser needed): escaped data, no network references, the CLI."""
from __future__ import annotations

import hashlib
import json
import re

import page_fixtures  # noqa: F401  (puts tests/ on the path)
from check_records import good_record, write_jsonl
from extractor.checks.records import Loaded
from extractor.checks.review import ReviewOptions, build_review, script_json
from extractor.cli import main


def test_script_json_cannot_close_its_element():
    text = script_json({"t": "</script><script>alert(1)</script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script> & \u2028"}


def test_page_is_self_contained_and_locked_down(tmp_path):
    record = good_record()
    record["metadata"]["title"] = "</script><script>window.pwned=1</script> @SUMMARY@ /*@SCRIPT@*/"
    page, summary = build_review([Loaded("x", record)], ReviewOptions(read_sources=False))
    assert summary["articles"] == 1 and summary["procedures"] == 1
    assert page.count("<script") == 5 and "window.pwned=1</script>" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), "no network references"
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    script_src = csp.split("script-src")[1].split(";")[0]
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "'unsafe-inline'" not in script_src
    article = json.loads(re.search(r'<script type="application/json" id="article-0">(.*?)</script>', page).group(1))
    assert article["title"] == record["metadata"]["title"]  # the markers inside data are left alone


def test_source_file_is_shown_when_present_else_the_content(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("line one\nline two\n", encoding="utf-8")
    here, gone = good_record(), good_record()
    here["source"]["path"], gone["source"]["path"] = str(source), str(tmp_path / "gone.md")
    here["source"]["sha256"] = hashlib.sha256(source.read_bytes()).hexdigest()  # shown only when it still matches
    gone["source"]["sha256"] = "0" * 64
    page, _ = build_review([Loaded("x", here), Loaded("y", gone)], ReviewOptions(source_root=str(tmp_path)))
    articles = [json.loads(m) for m in re.findall(r'<script type="application/json" id="article-\d+">(.*?)</script>', page)]
    assert articles[0]["lines"] == ["line one", "line two", ""] and articles[0]["spans"] is True
    assert articles[1]["lines"] == gone["content"]["markdown"].split("\n") and articles[1]["spans"] is False
    assert "not found" in articles[1]["note"]


def test_cli_writes_the_page(tmp_path, capsys):
    out = tmp_path / "review.html"
    records = write_jsonl(tmp_path / "out.jsonl", [good_record()])
    assert main(["review", str(records), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "1 articles, 1 procedures" in capsys.readouterr().err
    assert main(["review", str(write_jsonl(tmp_path / "none.jsonl", [])), "-o", str(out), "-q"]) == 1
