"""WARC in and out: a crawl written by ``fetch`` re-extracts offline to the same records as the live
run, and WARCs in Common Crawl's shape (other record types, encoded payloads) give their HTML pages."""
from __future__ import annotations

import gzip
import importlib.util
import io
import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("httpx")
pytest.importorskip("warcio")
pytest_httpserver = pytest.importorskip("pytest_httpserver")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402
from werkzeug.wrappers import Response  # noqa: E402

from extractor.fetch import warc  # noqa: E402
from extractor.fetch.crawl import crawl  # noqa: E402
from extractor.fetch.policy import FetchOptions  # noqa: E402
from extractor.inputs import expand  # noqa: E402
from extractor.options import Options  # noqa: E402
from extractor.runner import run  # noqa: E402

READERS = ["warcio", pytest.param("fastwarc", marks=pytest.mark.skipif(
    not importlib.util.find_spec("fastwarc"), reason="fastwarc not installed"))]
OPTIONS = FetchOptions(delay=0.0, read_timeout=2, retries=0, max_bytes=64 * 1024)

GUIDES = {
    "/guides/kettle": ("Descale a kettle", ["Unplug the kettle.", "Fill it with vinegar and water.",
                                            "Rinse the kettle three times."]),
    "/guides/bike": ("Fix a flat", ["Remove the wheel.", "Find the hole in the tube.", "Glue a patch over it."]),
    "/guides/plant": ("Repot a plant", ["Remove the plant from the old pot.", "Loosen the roots with your fingers.",
                                        "Place it in fresh soil."]),
    "/guides/gzipped": ("Oil a hinge", ["Lift the door off the hinge.", "Drip oil on the pin.",
                                        "Hang the door back."]),  # served with Content-Encoding: gzip
}


def guide_page(title: str, steps: list[str]) -> str:
    items = "".join(f"<li>{step}</li>" for step in steps)
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{title}</title></head><body>"
            f"<nav><a href=/>Home</a> <a href=/about>About</a></nav><main><article><h1>{title}</h1>"
            f"<p>This short guide shows how, with pictures.</p><h2>Steps</h2><ol>{items}</ol>"
            f"<img src=/img/done.png alt=Done></article></main><footer>Copyright 2026</footer></body></html>")


class ListSink:
    def __init__(self):
        self.records = []

    def write(self, record):
        self.records.append(record)

    def close(self):
        pass


@pytest.fixture
def site():
    srv = pytest_httpserver.HTTPServer(host="127.0.0.1", threaded=True)
    srv.start()
    srv.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /drafts\n", content_type="text/plain")
    for path, (title, steps) in GUIDES.items():
        body, headers = guide_page(title, steps).encode(), {}
        if path.endswith("gzipped"):
            body, headers = gzip.compress(body), {"Content-Encoding": "gzip"}
        srv.expect_request(path).respond_with_data(body, content_type="text/html; charset=utf-8", headers=headers)
    srv.expect_request("/old-kettle").respond_with_handler(
        lambda r: Response("", status=301, headers={"Location": "/guides/kettle"}))
    srv.expect_request("/gone").respond_with_data("nope", status=404, content_type="text/html")
    srv.expect_request("/manual.pdf").respond_with_data(b"%PDF-1.4", content_type="application/pdf")
    srv.expect_request("/big").respond_with_data("<html>" + "x" * 100_000, content_type="text/html")
    yield srv
    srv.clear()
    srv.stop()


def site_urls(srv) -> list[str]:
    return [srv.url_for(p) for p in (*GUIDES, "/old-kettle", "/gone", "/manual.pdf", "/drafts/next", "/big")] \
        + ["http://unknown-host.invalid/guide"]


def comparable(record) -> str:
    """A record as JSON, without its source path (a URL live, ``crawl.warc.gz#offset=N`` offline)."""
    data = record.model_dump(mode="json")
    data["source"].pop("path")
    return json.dumps(data, sort_keys=True)


def test_warc_written_by_fetch_reextracts_to_the_same_records_as_the_live_run(site, tmp_path):
    urls = site_urls(site)
    live = ListSink()
    run(urls, live, options=Options(fetch=OPTIONS))
    target = tmp_path / "crawl.warc.gz"
    report = crawl(urls, str(target), options=OPTIONS)
    offline = ListSink()
    run([str(target)], offline)

    assert len(live.records) == len(urls) == report.pages + len(report.errors)
    assert sorted(map(comparable, offline.records)) == sorted(map(comparable, live.records))
    documents = [r for r in live.records if r.kind == "document"]
    assert sorted(r.source.url for r in documents) == sorted(
        [site.url_for(p) for p in GUIDES] + [site.url_for("/guides/kettle")])
    for record in documents:  # the pages really were extracted, not just carried through
        title, steps = GUIDES["/" + record.source.url.split("/", 3)[3]]
        assert [s.text for s in record.procedures[0].steps] == steps
    errors = {r.source.url: r.error.type for r in live.records if r.kind == "error"}
    assert errors == {site.url_for("/gone"): "HTTPStatusError", site.url_for("/manual.pdf"): "NotHTML",
                      site.url_for("/drafts/next"): "RobotsDisallowed", site.url_for("/big"): "TooLarge",
                      "http://unknown-host.invalid/guide": "DNSError"}
    assert all(r.source.path.startswith(f"{target}#offset=") for r in offline.records)
    assert stored_headers_of(target, site.url_for("/guides/gzipped"))["X-Crawler-Content-Encoding"] == "gzip"


def stored_headers_of(path, url: str) -> dict:
    """The HTTP headers of the response record for ``url``, as stored (read with warcio directly)."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response" and record.rec_headers.get_header("WARC-Target-URI") == url:
                headers = dict(record.http_headers.headers)
                assert "Content-Encoding" not in headers  # the body is stored decoded
                return headers
    raise AssertionError(f"no response record for {url}")


def test_fetch_then_extract_on_the_command_line(site, tmp_path):
    target = tmp_path / "pages.warc"  # uncompressed works too
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text("# guides\n" + "\n".join(site.url_for(p) for p in GUIDES) + "\n\n", encoding="utf-8")
    fetched = subprocess.run([sys.executable, "-m", "extractor", "fetch", "--urls", str(urls_file), "-o", str(target),
                              "--delay", "0", "--no-cache"], capture_output=True, timeout=60,
                             env={**os.environ, "TMPDIR": str(tmp_path)})  # its host gate files
    assert fetched.returncode == 0, fetched.stderr
    out = tmp_path / "out.jsonl"
    extracted = subprocess.run([sys.executable, "-m", "extractor", "extract", str(target), "-o", str(out)],
                               capture_output=True, timeout=60)
    assert extracted.returncode == 0, extracted.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["source"]["url"] for r in records) == sorted(site.url_for(p) for p in GUIDES)
    assert all(r["kind"] == "document" and r["procedures"] for r in records)


def write_common_crawl_like(path) -> None:
    """Record types and payload encodings found in real crawls, written with warcio."""
    page = b"<html><body><h1>Oil a hinge</h1><ol><li>Lift the door.</li><li>Drip oil on the pin.</li></ol></body></html>"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record("cc.warc.gz", {"software": "test"}))

        def response(url, body, headers, status="200 OK"):
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=(
                StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True))))
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=(
                StatusAndHeaders(status, headers, protocol="HTTP/1.1"))))
            writer.write_record(writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\n"),
                                                          warc_content_type="application/warc-fields"))
        response("http://example.org/plain", page, [("Content-Type", "text/html; charset=UTF-8")])
        packed = gzip.compress(page)
        response("http://example.org/gzipped", packed, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
        response("http://example.org/chunked", b"%x\r\n%s\r\n0\r\n\r\n" % (len(page), page),
                 [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")])
        response("http://example.org/logo.png", b"\x89PNG\r\n", [("Content-Type", "image/png")])
        response("http://example.org/moved", b"", [("Location", "/plain"), ("Content-Type", "text/html")],
                 status="301 Moved Permanently")
        response("http://example.org/missing", b"<html>404</html>", [("Content-Type", "text/html")],
                 status="404 Not Found")


@pytest.mark.parametrize("reader", READERS)
def test_common_crawl_shape_yields_only_html_pages_decoded(tmp_path, reader):
    path = tmp_path / "cc.warc.gz"
    write_common_crawl_like(path)
    entries = list(warc.scan(str(path), reader))
    assert [(e.kind, e.url) for e in entries] == [("page", f"http://example.org/{name}")
                                                 for name in ("plain", "gzipped", "chunked")]
    bodies = {warc.read_at(str(path), e.offset, reader).body for e in entries}
    assert len(bodies) == 1 and next(iter(bodies)).startswith(b"<html><body><h1>Oil a hinge")


def test_both_readers_agree_on_a_fetched_warc(site, tmp_path):
    pytest.importorskip("fastwarc")
    target = tmp_path / "crawl.warc.gz"
    crawl(site_urls(site), str(target), options=OPTIONS)
    by_reader = {}
    for reader in ("warcio", "fastwarc"):
        entries = list(warc.scan(str(target), reader))
        by_reader[reader] = [(e.offset, e.kind, e.url, warc.read_at(str(target), e.offset, reader)) for e in entries]
    assert by_reader["warcio"] == by_reader["fastwarc"]
    assert len(by_reader["warcio"]) == len(site_urls(site))


def test_a_cut_short_warc_keeps_its_whole_records_and_reports_the_rest(tmp_path):
    whole = tmp_path / "cc.warc.gz"
    write_common_crawl_like(whole)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    last_page = list(warc.scan(str(whole)))[-1].offset
    cut.write_bytes(data[: last_page + 40])  # the last HTML response loses its end
    sink = ListSink()
    report = run([str(cut), str(tmp_path / "absent.warc.gz")], sink)
    kinds = [(r.kind, r.source.path.rsplit("/", 1)[-1]) for r in sink.records]
    assert [k for k, _ in kinds].count("document") == 2
    assert report.errors >= 2 and kinds[-1] == ("error", "absent.warc.gz")
    assert all(r.error.stage == "read" and r.error.reason for r in sink.records if r.kind == "error")


def test_offsets_are_input_ids(tmp_path):
    path = tmp_path / "cc.warc.gz"
    write_common_crawl_like(path)
    ids = list(expand(str(path)))
    assert len(ids) == 3 and all(i.startswith(f"{path}#offset=") for i in ids)
    sink = ListSink()
    run([ids[1], f"{path}#offset=7"], sink)
    assert sink.records[0].kind == "document" and sink.records[0].source.url == "http://example.org/gzipped"
    assert sink.records[1].kind == "error" and "offset 7" in sink.records[1].error.reason


def test_the_http_charset_decodes_the_page_live_and_offline(site, tmp_path):
    page = ("<html><body><h1>Crème brûlée</h1><ol><li>Heat the crème.</li><li>Caramelise the sugar.</li></ol>"
            "</body></html>").encode("cp1252")
    site.expect_request("/latin").respond_with_data(page, content_type="text/html; charset=windows-1252")
    url = site.url_for("/latin")
    live = ListSink()
    run([url], live, options=Options(fetch=OPTIONS))
    target = tmp_path / "latin.warc.gz"
    crawl([url], str(target), options=OPTIONS)
    offline = ListSink()
    run([str(target)], offline)
    for record in (live.records[0], offline.records[0]):
        assert "Crème brûlée" in record.content.text
        assert record.source.encoding in ("windows-1252", "cp1252")
    assert comparable(live.records[0]) == comparable(offline.records[0])


def test_an_interrupted_crawl_leaves_only_a_partial_file(site, tmp_path):
    target = tmp_path / "crawl.warc.gz"

    def stop_after_first(result):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        crawl([site.url_for(p) for p in GUIDES], str(target), options=OPTIONS, progress=stop_after_first)
    partial = tmp_path / "crawl.warc.gz.partial"
    assert not target.exists() and partial.exists()
    assert [e.kind for e in warc.scan(str(partial))] == ["page"]


def test_a_folder_of_crawls_is_walked_into_its_records(tmp_path):
    folder = tmp_path / "crawls" / "2026"
    folder.mkdir(parents=True)
    write_common_crawl_like(folder / "part-0.warc.gz")
    (folder / "notes.md").write_text("1. Open the lid.\n2. Close the lid.\n", encoding="utf-8")
    sink = ListSink()
    run([str(tmp_path / "crawls")], sink)
    paths = [r.source.path.rsplit("/", 1)[-1] for r in sink.records]
    assert paths[0] == "notes.md" and len(paths) == 4 and all("#offset=" in p for p in paths[1:])
