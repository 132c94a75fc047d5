"""Fetching against a real HTTP server on 127.0.0.1: every URL ends as a page or an error with the right
reason, and robots.txt and rate limits hold, checked with request timestamps taken on the server side.

Never touches the internet: the DNS case uses a name under ``.invalid`` (RFC 2606), which never resolves.
"""
from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace

import pytest

pytest.importorskip("httpx")
pytest.importorskip("protego")
pytest.importorskip("warcio")
pytest_httpserver = pytest.importorskip("pytest_httpserver")
from werkzeug.wrappers import Response  # noqa: E402  (comes with pytest-httpserver)

from extractor.errors import (ConnectFailed, DNSError, FetchError, FetchTimeout, ForbiddenAddress,  # noqa: E402
                              HTTPStatusError, NotHTML, RobotsDisallowed, TooLarge, TooManyRedirects)
from extractor.fetch import warc  # noqa: E402
from extractor.fetch.cache import Cache  # noqa: E402
from extractor.fetch.client import Fetcher, Page, parse_retry_after  # noqa: E402
from extractor.fetch.crawl import crawl  # noqa: E402
from extractor.fetch.policy import FetchOptions  # noqa: E402
from extractor.fetch.sitemap import parse_sitemap  # noqa: E402

PAGE = "<html><head><title>{title}</title></head><body><h1>{title}</h1><ol><li>Open the lid.</li>" \
       "<li>Pour the water.</li></ol></body></html>"
FAST = FetchOptions(delay=0.0, per_host=4, concurrency=8, connect_timeout=2, read_timeout=0.5, total_timeout=5,
                    max_bytes=1024 * 1024, retries=2, backoff=0.05, max_retry_after=2)


class Log:
    """Requests as the server saw them: (monotonic time, path, headers)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries: list[tuple[float, str, dict]] = []
        self.in_flight = 0
        self.max_in_flight = 0

    def times(self, prefix: str) -> list[float]:
        return sorted(t for t, path, _ in self.entries if path.startswith(prefix))

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.entries]


@pytest.fixture(scope="module")
def _running_server():
    srv = pytest_httpserver.HTTPServer(host="127.0.0.1", threaded=True)
    srv.start()
    yield srv
    srv.stop()  # stopping takes the server's 0.5 s poll interval: once per module, not per test


@pytest.fixture
def server(_running_server):
    """The module's server with no routes and an empty request log (each test builds its own Fetcher,
    so robots.txt and host gates never carry over)."""
    _running_server.clear()
    _running_server.log_ = Log()
    yield _running_server
    _running_server.clear()


def route(srv, path, handler, **kwargs):
    """Serve ``path`` with ``handler(request) -> Response``, logging each request on arrival."""
    def logged(request):
        log = srv.log_
        with log.lock:
            log.entries.append((time.monotonic(), request.path, dict(request.headers)))
            log.in_flight += 1
            log.max_in_flight = max(log.max_in_flight, log.in_flight)
        try:
            return handler(request)
        finally:
            with log.lock:
                log.in_flight -= 1
    srv.expect_request(path, **kwargs).respond_with_handler(logged)


def html(title="Page", **headers):
    return lambda request: Response(PAGE.format(title=title), content_type="text/html; charset=utf-8", headers=headers)


def robots(srv, text="User-agent: *\nDisallow: /private\n"):
    route(srv, "/robots.txt", lambda r: Response(text, content_type="text/plain"))


def huge_body(sent: list[int], with_length: bool):
    def handler(request):
        chunk = b"<p>" + b"x" * (1024 * 1024 - 3)

        def body():
            for _ in range(50):  # 50 MB in 1 MB chunks
                sent[0] += len(chunk)
                yield chunk
        headers = {"Content-Length": str(50 * len(chunk))} if with_length else {}
        return Response(body(), content_type="text/html", headers=headers, direct_passthrough=True)
    return handler


def slow(seconds):
    def handler(request):
        time.sleep(seconds)
        return Response("<html>late</html>", content_type="text/html")
    return handler


def untyped(body: bytes):
    def handler(request):
        response = Response(body)
        del response.headers["Content-Type"]
        return response
    return handler


def redirect(to):
    return lambda request: Response("", status=302, headers={"Location": to})


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_every_url_ends_as_a_page_or_an_error_with_its_reason(server, tmp_path):
    robots(server)
    sent, sent_with_length = [0], [0]
    route(server, "/ok", html("Ok"))
    route(server, "/moved", redirect("/ok"))
    route(server, "/private/page", html("Secret"))
    route(server, "/gone", lambda r: Response("no", status=404, content_type="text/html"))
    route(server, "/pdf", lambda r: Response(b"%PDF-1.4", content_type="application/pdf"))
    route(server, "/json", lambda r: Response(b"{}", content_type="application/json"))
    route(server, "/untyped-html", untyped(b"<!DOCTYPE html><html><p>hi</p></html>"))
    route(server, "/untyped-binary", untyped(b"\x89PNG\r\n\x1a\n"))
    route(server, "/big", huge_body(sent, with_length=False))
    route(server, "/big-declared", huge_body(sent_with_length, with_length=True))
    route(server, "/slow", slow(2.0))
    route(server, "/loop-a", redirect("/loop-b"))
    route(server, "/loop-b", redirect("/loop-a"))
    for n in range(FAST.max_redirects + 2):
        route(server, f"/hop{n}", redirect(f"/hop{n + 1}"))
    expected = {
        server.url_for("/ok"): Page, server.url_for("/moved"): Page, server.url_for("/untyped-html"): Page,
        server.url_for("/private/page"): RobotsDisallowed, server.url_for("/gone"): HTTPStatusError,
        server.url_for("/pdf"): NotHTML, server.url_for("/json"): NotHTML, server.url_for("/untyped-binary"): NotHTML,
        server.url_for("/big"): TooLarge, server.url_for("/big-declared"): TooLarge,
        server.url_for("/slow"): FetchTimeout, server.url_for("/loop-a"): TooManyRedirects,
        server.url_for("/hop0"): TooManyRedirects, "http://no-such-host.invalid/how-to": DNSError,
        f"http://127.0.0.1:{closed_port()}/": ConnectFailed,
    }
    started = time.monotonic()
    with Fetcher(FAST) as fetcher:
        results = {(r.url if isinstance(r, Page) else r.url): r for r in fetcher.fetch_many(list(expected))}
    assert time.monotonic() - started < 15
    assert {url: type(r) for url, r in results.items()} == expected

    assert results[server.url_for("/moved")].final_url == server.url_for("/ok")
    assert b"Open the lid." in results[server.url_for("/ok")].body
    assert "404" in results[server.url_for("/gone")].reason
    assert "loop" in results[server.url_for("/loop-a")].reason
    assert "more than 10 redirects" in results[server.url_for("/hop0")].reason
    assert "application/pdf" in results[server.url_for("/pdf")].reason
    assert "robots.txt" in results[server.url_for("/private/page")].reason
    assert "read timed out" in results[server.url_for("/slow")].reason
    assert "no-such-host.invalid" in results["http://no-such-host.invalid/how-to"].reason
    assert "/private/page" not in server.log_.paths()  # disallowed: never requested
    # The 50 MB bodies: the declared one is refused from its header, the chunked one stops at the limit.
    assert "Content-Length" in results[server.url_for("/big-declared")].reason
    assert "stopped reading" in results[server.url_for("/big")].reason
    assert sent[0] < 20 * 1024 * 1024, f"server sent {sent[0]:,} bytes before the client hung up"


def test_user_agent_names_extractor_and_its_version(server):
    from extractor import __version__

    route(server, "/ok", html())
    route(server, "/robots.txt", lambda r: Response("", status=404))
    with Fetcher(FAST) as fetcher:
        assert isinstance(fetcher.fetch(server.url_for("/ok")), Page)
    agents = {headers.get("User-Agent") for _, _, headers in server.log_.entries}
    assert agents == {FetchOptions().user_agent}
    assert f"extractor/{__version__}" in FetchOptions().user_agent


def spacing(times: list[float]) -> tuple[float, float]:
    """(smallest gap, whole span) of server-side arrival times. Arrival is a little later than the
    client's start, by a varying amount on a busy machine, so tests allow a quarter of the delay."""
    return min(b - a for a, b in zip(times, times[1:])), times[-1] - times[0]


def test_rate_limit_and_concurrency_cap_per_host_hold(server):
    """Request starts to one host are >= delay apart and never more than per_host are in flight."""
    robots(server)
    for n in range(6):
        route(server, f"/page{n}", slow(0.5))  # without the cap, 5 would overlap
    options = FetchOptions(delay=0.1, per_host=2, concurrency=6, read_timeout=3, retries=0)
    with Fetcher(options) as fetcher:
        results = list(fetcher.fetch_many(server.url_for(f"/page{n}") for n in range(6)))
    assert all(isinstance(r, Page) for r in results)
    times = server.log_.times("/")  # robots.txt counts as a request to the host too
    gap, span = spacing(times)
    assert len(times) == 7 and gap >= 0.075 and span >= 6 * 0.1 - 0.02, times
    assert server.log_.max_in_flight == 2
    assert server.log_.paths().count("/robots.txt") == 1


def test_robots_crawl_delay_slows_the_host_down(server):
    robots(server, "User-agent: extractor\nCrawl-delay: 0.4\nDisallow: /no\n\nUser-agent: *\nDisallow: /\n")
    for n in range(3):
        route(server, f"/p{n}", html())
    with Fetcher(FAST) as fetcher:
        results = list(fetcher.fetch_many(server.url_for(f"/p{n}") for n in range(3)))
        assert isinstance(fetcher.fetch(server.url_for("/no/x")), RobotsDisallowed)
    assert all(isinstance(r, Page) for r in results)  # our group allows them; the * group would not
    gap, span = spacing(server.log_.times("/p"))
    assert gap >= 0.3 and span >= 2 * 0.4 - 0.02


@pytest.mark.parametrize("status, expected", [(503, RobotsDisallowed), (404, Page)])
def test_robots_file_errors_follow_rfc_9309(server, status, expected):
    route(server, "/robots.txt", lambda r: Response("down", status=status))
    route(server, "/ok", html())
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/ok"))
    assert isinstance(result, expected)
    if status >= 500:
        assert "answered HTTP 503" in result.reason and "/ok" not in server.log_.paths()


def test_429_waits_for_retry_after_then_succeeds(server):
    robots(server)
    calls = []

    def throttled(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response("slow down", status=429, headers={"Retry-After": "1"})
        return Response(PAGE.format(title="Ok"), content_type="text/html")
    route(server, "/busy", throttled)
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/busy"))
    assert isinstance(result, Page)
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.9


def test_5xx_is_retried_with_backoff_then_reported(server):
    robots(server)
    route(server, "/broken", lambda r: Response("oops", status=503))
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/broken"))
    assert isinstance(result, HTTPStatusError) and "503" in result.reason
    assert server.log_.paths().count("/broken") == FAST.retries + 1


def test_retry_after_beyond_the_limit_gives_up_at_once(server):
    robots(server)
    route(server, "/later", lambda r: Response("", status=429, headers={"Retry-After": "3600"}))
    started = time.monotonic()
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/later"))
    assert isinstance(result, HTTPStatusError) and "429" in result.reason
    assert time.monotonic() - started < 1.5
    assert server.log_.paths().count("/later") == 1


def test_retry_after_parses_seconds_and_dates():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_cache_revalidates_with_etag_and_last_modified(server, tmp_path):
    robots(server)

    def versioned(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(PAGE.format(title="Cached"), content_type="text/html",
                        headers={"ETag": '"v1"', "Last-Modified": "Mon, 02 Mar 2026 10:00:00 GMT"})
    route(server, "/doc", versioned)
    options = FetchOptions(delay=0.0, cache_dir=str(tmp_path / "cache"))
    with Fetcher(options) as fetcher:
        first = fetcher.fetch(server.url_for("/doc"))
    with Fetcher(options) as fetcher:  # a new run: only the disk cache is shared
        second = fetcher.fetch(server.url_for("/doc"))
    assert not first.from_cache and second.from_cache
    assert second.body == first.body and second.final.status == 200
    sent = [headers for _, path, headers in server.log_.entries if path == "/doc"]
    assert "If-None-Match" not in sent[0]
    assert sent[1]["If-None-Match"] == '"v1"' and sent[1]["If-Modified-Since"] == "Mon, 02 Mar 2026 10:00:00 GMT"


def test_cache_ignores_a_corrupt_entry(tmp_path, server):
    route(server, "/doc", html(ETag='"e"'))
    with Fetcher(FetchOptions(delay=0, robots=False, cache_dir=str(tmp_path))) as fetcher:
        page = fetcher.fetch(server.url_for("/doc"))
    cache = Cache(tmp_path)
    assert cache.get(server.url_for("/doc")) is not None
    meta_path, body_path = cache._paths(server.url_for("/doc"))
    body_path.write_bytes(b"truncat")
    assert cache.get(server.url_for("/doc")) is None
    assert page.body.startswith(b"<html>")


def test_sitemap_index_with_gzipped_child_is_crawled_into_a_warc(server, tmp_path):
    robots(server)
    for n in range(3):
        route(server, f"/article{n}", html(f"Article {n}"))
    urlset = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              + "".join(f"<url><loc>{server.url_for(p)}</loc></url>" for p in ("/article0", "/article1"))
              + "</urlset>")
    second = (f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{server.url_for("/article2")}'
              f'</loc></url><url><loc>{server.url_for("/article0")}</loc></url></urlset>')
    index = ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f'<sitemap><loc>{server.url_for("/sitemap-1.xml")}</loc></sitemap>'
             f'<sitemap><loc>{server.url_for("/sitemap-2.xml.gz")}</loc></sitemap>'
             f'<sitemap><loc>{server.url_for("/sitemap-missing.xml")}</loc></sitemap></sitemapindex>')
    route(server, "/sitemap.xml", lambda r: Response(index, content_type="application/xml"))
    route(server, "/sitemap-1.xml", lambda r: Response(urlset, content_type="text/xml"))
    route(server, "/sitemap-2.xml.gz", lambda r: Response(gzip.compress(second.encode()), content_type="application/gzip"))
    route(server, "/sitemap-missing.xml", lambda r: Response("", status=404))
    out = tmp_path / "pages.warc.gz"
    result = subprocess.run([sys.executable, "-m", "extractor", "fetch", "--sitemap", server.url_for("/sitemap.xml"),
                             "-o", str(out), "--delay", "0", "--no-cache"], capture_output=True, timeout=60,
                            env={**os.environ, "TMPDIR": str(tmp_path)})  # its host gate files
    assert result.returncode == 1, result.stderr  # the missing child sitemap is a failed URL
    assert b"sitemap-missing.xml: HTTPStatusError: HTTP 404" in result.stderr
    assert b"Traceback" not in result.stderr
    entries = list(warc.scan(str(out)))
    assert sorted(e.url for e in entries if e.kind == "page") == [server.url_for(f"/article{n}") for n in range(3)]
    assert [e.url for e in entries if e.kind == "error"] == [server.url_for("/sitemap-missing.xml")]


def test_sitemap_parser_refuses_entities_and_other_roots():
    bomb = b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa">]><urlset><url><loc>&a;</loc></url></urlset>'
    kind, locations = parse_sitemap(bomb)
    assert kind == "urlset" and "aaaaaaaaaa" not in "".join(locations)
    with pytest.raises(Exception, match="not <urlset>"):
        parse_sitemap(b"<html><body>hi</body></html>")


def test_crawl_report_counts_every_url(server, tmp_path):
    robots(server)
    route(server, "/a", html())
    route(server, "/b", lambda r: Response("", status=404))
    report = crawl([server.url_for("/a"), server.url_for("/b"), server.url_for("/a")], str(tmp_path / "c.warc"),
                   options=FAST)
    assert report.pages == 1 and [e[1] for e in report.errors] == ["HTTPStatusError"]
    assert report.exit_code == 1
    assert not (tmp_path / "c.warc.partial").exists()


def _fetch_in_child(urls, gates_dir):
    with Fetcher(FetchOptions(delay=0.25, per_host=1, read_timeout=3, retries=0, shared_gates=gates_dir)) as fetcher:
        return [type(fetcher.fetch(url)).__name__ for url in urls]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_processes_sharing_gate_files_keep_one_limit_per_host(server, tmp_path):
    """What ``extract URL... -j N`` relies on: separate worker processes, one per-host limit."""
    import multiprocessing

    robots(server)
    for n in range(6):
        route(server, f"/w{n}", slow(0.1))
    halves = [[server.url_for(f"/w{n}") for n in range(0, 3)], [server.url_for(f"/w{n}") for n in range(3, 6)]]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        outcomes = pool.starmap(_fetch_in_child, [(half, str(tmp_path / "gates")) for half in halves])
    assert outcomes == [["Page"] * 3, ["Page"] * 3]
    times = server.log_.times("/w")
    gap, span = spacing(times)
    assert len(times) == 6 and gap >= 0.19 and span >= 5 * 0.25 - 0.02
    assert server.log_.max_in_flight == 1  # robots.txt included: each process reads it under the same gate


@pytest.mark.parametrize("url", ["ftp://example.invalid/file", "http:///no-host", "http://[::1/broken", "not a url"])
def test_urls_that_cannot_be_fetched_are_errors_not_exceptions(url):
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(url)
    assert isinstance(result, ConnectFailed) and result.url == url


def test_one_host_failure_answers_each_url_with_its_own_error():
    urls = [f"http://unreachable.invalid/page{n}" for n in range(4)]
    with Fetcher(FAST) as fetcher:
        results = list(fetcher.fetch_many(urls))
    assert all(isinstance(r, DNSError) for r in results)
    assert sorted(r.url for r in results) == urls


def test_a_redirect_without_location_is_an_http_error(server):
    route(server, "/robots.txt", lambda r: Response("", status=404))
    route(server, "/nowhere", lambda r: Response("", status=302))
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/nowhere"))
    assert isinstance(result, HTTPStatusError) and "without a Location" in result.reason


def test_request_rate_in_robots_txt_counts_like_a_crawl_delay():
    from protego import Protego

    from extractor.fetch.client import robots_delay

    assert robots_delay(Protego.parse("User-agent: *\nRequest-rate: 1/2s\nCrawl-delay: 0.5\n")) == 2.0
    assert robots_delay(Protego.parse("User-agent: extractor\nCrawl-delay: 3\n")) == 3.0
    assert robots_delay(Protego.parse("User-agent: *\nDisallow:\n")) == 0.0


def test_crawl_limit_stops_after_n_urls(server, tmp_path):
    robots(server)
    for n in range(4):
        route(server, f"/l{n}", html())
    report = crawl([server.url_for(f"/l{n}") for n in range(4)], str(tmp_path / "l.warc.gz"), options=FAST, limit=2)
    assert report.pages == 2 and not report.errors
    assert sorted(p for p in server.log_.paths() if p.startswith("/l")) == ["/l0", "/l1"]


def test_extract_urls_with_workers_keeps_the_default_one_second_per_host(server, tmp_path):
    """``extractor extract URL... -j 2``: worker processes fetch, and the host still sees 1 request/s."""
    robots(server)
    for n in range(3):
        route(server, f"/e{n}", html(f"Guide {n}"))
    env = {**os.environ, "EXTRACTOR_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(tmp_path)}
    out = tmp_path / "out.jsonl"
    result = subprocess.run([sys.executable, "-m", "extractor", "extract", *(server.url_for(f"/e{n}") for n in range(3)),
                             server.url_for("/private/e"), "-j", "2", "-o", str(out)],
                            capture_output=True, timeout=60, env=env)
    assert result.returncode == 1, result.stderr  # the robots-disallowed URL
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["kind"] for r in records] == ["document"] * 3 + ["error"]
    assert records[3]["error"]["type"] == "RobotsDisallowed"
    gap, span = spacing(server.log_.times("/"))
    assert gap >= 0.75 and span >= 2.9, server.log_.times("/")


# --- hostile neighbours and servers (issue 14) -------------------------------------------------------

def test_gate_directories_are_private_and_prefer_the_runtime_dir(tmp_path, monkeypatch):
    from extractor.fetch.gates import SharedHostGate
    from extractor.inputs import default_gate_dir

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert default_gate_dir() == str(runtime / "extractor" / "hosts")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    gates = default_gate_dir()
    assert gates == str(tmp_path / f"extractor-{os.getuid()}" / "hosts")
    SharedHostGate(gates, "example.org", 2, 0.0)
    for folder in (gates, os.path.dirname(gates)):
        assert os.stat(folder).st_mode & 0o777 == 0o700


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to play the other user")
def test_a_gate_directory_planted_by_another_user_is_refused_and_never_written_through(server, tmp_path):
    """Another user creates extractor-UID/hosts first, with symlinks where the lock files go: a fetch
    (as root, the worst case) refuses the directory instead of writing through the links."""
    import hashlib

    robots(server)
    route(server, "/page", html())
    host = f"127.0.0.1:{server.port}"
    planted = tmp_path / f"extractor-{os.getuid()}" / "hosts"
    planted.mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    key = hashlib.sha256(host.encode()).hexdigest()[:24]
    for name in (f"{key}.next", f"{key}.slot0", f"{key}.slot1"):
        (planted / name).symlink_to(victim)
    for folder in (planted, planted.parent):
        os.chown(folder, 12345, 12345)
        os.chmod(folder, 0o777)
    with Fetcher(FetchOptions(delay=0, retries=0, shared_gates=str(planted))) as fetcher:
        result = fetcher.fetch(server.url_for("/page"))
    assert isinstance(result, FetchError) and "belongs to user 12345" in result.reason
    assert victim.read_bytes() == b"precious"


def test_lock_files_are_never_opened_through_a_symlink(server, tmp_path):
    import hashlib

    robots(server)
    route(server, "/page", html())
    gates = tmp_path / "mine" / "hosts"
    gates.mkdir(parents=True, mode=0o700)
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    key = hashlib.sha256(f"127.0.0.1:{server.port}".encode()).hexdigest()[:24]
    (gates / f"{key}.next").symlink_to(victim)
    with Fetcher(FetchOptions(delay=0, retries=0, shared_gates=str(gates))) as fetcher:
        result = fetcher.fetch(server.url_for("/page"))
    assert isinstance(result, FetchError)
    assert victim.read_bytes() == b"precious"


class TrickleServer:
    """A raw HTTP server on 127.0.0.1 that answers /robots.txt with 404 and every other request with a
    status line, then one header line every ``every`` seconds, forever (until the client hangs up)."""

    def __init__(self, every: float = 0.2):
        self.every, self.sock = every, socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path="/page"):
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn):
        with conn:
            try:
                request = conn.recv(65536)
                if request.split(b" ")[1:2] == [b"/robots.txt"]:
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    return
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                n = 0
                while not self.stopped.is_set():
                    conn.sendall(b"X-Trickle-%d: x\r\n" % n)
                    n += 1
                    time.sleep(self.every)
            except OSError:
                return

    def close(self):
        self.stopped.set()
        self.sock.close()


@pytest.fixture
def trickle():
    srv = TrickleServer()
    yield srv
    srv.close()


def test_a_header_trickle_ends_at_the_response_deadline(trickle):
    options = FetchOptions(robots=False, delay=0, retries=0, connect_timeout=1, read_timeout=1, total_timeout=2)
    started = time.monotonic()
    with Fetcher(options) as fetcher:
        result = fetcher.fetch(trickle.url())
    assert isinstance(result, FetchTimeout) and "in total" in result.reason
    assert time.monotonic() - started < 6


def _closed_port_url() -> str:
    """An address nothing listens on: a fetch of it fails at once (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def _seconds(command: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "extractor", *command], capture_output=True, timeout=60, env=env)
    return time.monotonic() - started, result


# The deadline is checked against the same command on an address that fails at once, run just before: what a
# loaded machine adds to starting Python and importing the CLI is in both, so only the wait on the trickle is left.
def test_extract_url_reports_a_trickle_as_a_fetch_timeout(trickle, tmp_path):
    env = {**os.environ, "EXTRACTOR_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(tmp_path)}
    out = tmp_path / "out.jsonl"
    reference, _ = _seconds(["extract", _closed_port_url(), "--timeout", "3", "-o", str(tmp_path / "ref.jsonl")], env)
    elapsed, result = _seconds(["extract", trickle.url(), "--timeout", "3", "-o", str(out)], env)
    assert result.returncode == 1, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["error"]["type"] == "FetchTimeout"
    assert elapsed - reference < 15


def test_fetch_command_ends_a_trickle_within_its_deadline(trickle, tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    flags = ["--timeout", "1", "--no-cache", "--delay", "0", "--retries", "0"]
    reference, _ = _seconds(["fetch", _closed_port_url(), *flags, "-o", str(tmp_path / "ref.warc.gz")], env)
    elapsed, result = _seconds(["fetch", trickle.url(), *flags, "-o", str(tmp_path / "t.warc.gz")], env)
    assert result.returncode == 1 and b"FetchTimeout" in result.stderr, result.stderr
    assert elapsed - reference < 15


def test_a_huge_robots_txt_is_read_from_its_first_500_kib(server):
    def big_robots(request):
        def body():
            yield b"User-agent: *\nDisallow: /\n"
            for _ in range(50):  # 50 MB of comments after the rule
                yield b"# " + b"x" * (1024 * 1024 - 3) + b"\n"
        return Response(body(), content_type="text/plain", direct_passthrough=True)

    route(server, "/robots.txt", big_robots)
    route(server, "/page", html())
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/page"))
    assert isinstance(result, RobotsDisallowed)
    assert "/page" not in server.log_.paths()


def _fanning_index(request):
    """Every index lists 20 more indexes under it: the sitemaps never end."""
    here = request.path
    children = "".join(f"<sitemap><loc>http://{request.host}{here}-{k}</loc></sitemap>" for k in range(20))
    return Response(f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"{children}</sitemapindex>", content_type="application/xml")


def test_a_fanning_sitemap_index_stops_at_the_cap(server, tmp_path):
    import re

    robots(server)
    server.expect_request(re.compile(r"^/idx.*")).respond_with_handler(_fanning_index)
    started = time.monotonic()
    report = crawl([], str(tmp_path / "s.warc.gz"), options=FAST, sitemaps=[server.url_for("/idx")], limit=1,
                   max_sitemaps=60)
    assert time.monotonic() - started < 30
    sitemap_requests = [r for r, _ in server.log if r.path.startswith("/idx")]
    assert len(sitemap_requests) == 60
    assert report.pages == 0 and any("--max-sitemaps" in reason for _, _, reason in report.errors)


def test_limit_stops_sitemap_discovery(server, tmp_path):
    robots(server)
    index = "".join(f"<sitemap><loc>{server.url_for(f'/sm{k}.xml')}</loc></sitemap>" for k in range(50))
    route(server, "/index.xml", lambda r: Response(f"<sitemapindex>{index}</sitemapindex>", content_type="application/xml"))
    for k in range(50):
        urls = "".join(f"<url><loc>{server.url_for(f'/p{k}-{n}')}</loc></url>" for n in range(100))
        route(server, f"/sm{k}.xml", lambda r, urls=urls: Response(f"<urlset>{urls}</urlset>", content_type="application/xml"))
    route(server, "/p0-0", html())
    report = crawl([], str(tmp_path / "l.warc.gz"), options=FAST, sitemaps=[server.url_for("/index.xml")], limit=1)
    assert report.pages == 1
    assert [p for p in server.log_.paths() if p.startswith("/sm")] == ["/sm0.xml"]


def test_the_default_sitemap_cap_is_documented_on_the_command_line():
    from extractor.cli import build_parser
    from extractor.fetch.sitemap import MAX_SITEMAPS

    assert MAX_SITEMAPS == 50  # at the default 1 s delay a fanning index is left within a minute
    fetch_help = build_parser()._subparsers._group_actions[0].choices["fetch"].format_help()
    assert "--max-sitemaps" in fetch_help and "(default 50)" in fetch_help and "--allow-private" in fetch_help


@pytest.fixture(scope="module")
def second_host():
    """A server on 127.0.0.2: the private address a hostile redirect points at."""
    srv = pytest_httpserver.HTTPServer(host="127.0.0.2", port=0, threaded=True)
    srv.start()
    yield srv
    srv.stop()


@pytest.mark.parametrize("spelling", ["127.0.0.2", "2130706434"])
def test_redirects_to_private_addresses_are_refused_unless_allowed(server, second_host, spelling):
    second_host.clear()
    second_host.expect_request("/robots.txt").respond_with_data("", status=404)
    second_host.expect_request("/inside").respond_with_data(PAGE.format(title="Inside"), content_type="text/html")
    robots(server)
    target = f"http://{spelling}:{second_host.port}/inside"
    route(server, "/out", redirect(target))
    with Fetcher(FAST) as fetcher:
        refused = fetcher.fetch(server.url_for("/out"))
    assert isinstance(refused, ForbiddenAddress) and "--allow-private" in refused.reason
    assert not second_host.log, "nothing, not even robots.txt, may be requested from the private address"
    with Fetcher(replace(FAST, allow_private=True)) as fetcher:
        followed = fetcher.fetch(server.url_for("/out"))
    assert isinstance(followed, Page) and followed.final_url == target


@pytest.mark.parametrize("host", ["127.0.0.2", "2130706434", "0x7f.0.0.2", "::ffff:127.0.0.2", "169.254.169.254",
                                  "10.1.2.3", "192.168.0.1", "0.0.0.0", "::1", "fe80::1", "240.0.0.1"])
def test_every_spelling_of_a_non_public_address_is_refused(host):
    from extractor.fetch import guard

    with guard.request(given_host="127.0.0.1", allow_private=False), pytest.raises(guard.AddressRefused):
        guard.check_host(host)
    with guard.request(given_host=host):
        assert guard.check_host(host) == host.lower()  # the host the user gave is theirs to fetch


def test_the_given_host_may_be_private(server):
    robots(server)
    route(server, "/here", html())
    with Fetcher(FAST) as fetcher:
        assert isinstance(fetcher.fetch(server.url_for("/here")), Page)


def test_a_content_encoding_bomb_stops_at_max_bytes(server):
    import zlib

    layer = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(layer.compress(b"\0" * (1 << 20)) for _ in range(256)) + layer.flush()  # 256 MiB inflated
    double = gzip.compress(bomb)
    robots(server)
    route(server, "/bomb", lambda r: Response(bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}))
    route(server, "/double", lambda r: Response(double, content_type="text/html",
                                                headers={"Content-Encoding": "gzip, gzip"}))
    route(server, "/br", lambda r: Response(b"xx", content_type="text/html", headers={"Content-Encoding": "br"}))
    with Fetcher(FAST) as fetcher:
        for path in ("/bomb", "/double"):
            result = fetcher.fetch(server.url_for(path))
            assert isinstance(result, TooLarge) and "limit" in result.reason, (path, result)
        assert isinstance(fetcher.fetch(server.url_for("/br")), NotHTML)


def test_decoded_bodies_come_in_bounded_pieces():
    from extractor.fetch.client import decoded

    packed = gzip.compress(b"\0" * (64 << 20))
    pieces = decoded([packed[i:i + 65536] for i in range(0, len(packed), 65536)], "gzip")
    sizes = [len(next(pieces)) for _ in range(5)]
    assert max(sizes) <= 1 << 20
    assert b"".join(decoded([gzip.compress(b"one "), gzip.compress(b"two")], "gzip")) == b"one two"


def test_a_sitemap_cannot_point_the_crawler_at_a_private_address(server, second_host, tmp_path):
    second_host.clear()
    robots(server)
    inside = f"http://127.0.0.2:{second_host.port}/inside"
    route(server, "/sitemap.xml", lambda r: Response(f"<urlset><url><loc>{inside}</loc></url></urlset>",
                                                     content_type="application/xml"))
    report = crawl([], str(tmp_path / "s.warc.gz"), options=FAST, sitemaps=[server.url_for("/sitemap.xml")])
    assert report.pages == 0 and [e[1] for e in report.errors] == ["ForbiddenAddress"]
    assert not second_host.log
