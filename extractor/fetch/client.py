"""A polite HTTP client: robots.txt, per-host rate limit and concurrency cap, retries, limits.

    Fetcher.fetch(url) -> Page | FetchError
        robots.txt allows the URL?              no  -> RobotsDisallowed
        wait for the host's turn                     (delay between request starts, per_host in flight)
        GET (conditional when cached)           429/5xx -> wait Retry-After or backoff, retry
        3xx -> next hop (each hop checked again; loop or too many hops -> TooManyRedirects)
        4xx/5xx -> HTTPStatusError; wrong Content-Type -> NotHTML; body over max_bytes -> TooLarge

Failures are returned, not raised: a crawl of thousands of URLs turns each failure into an error
record (see ``extractor.errors`` for the tree). Thread-safe: ``fetch_many`` runs ``fetch`` on a
thread pool, and the host gates make the politeness hold across threads.
"""
from __future__ import annotations

import email.utils
import random
import socket
import threading
import time
import zlib
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Iterator
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego

from ..errors import (ConnectFailed, DNSError, ExtractorError, FetchError, FetchTimeout, ForbiddenAddress,
                      HTTPStatusError, NotHTML, RobotsDisallowed, TooLarge, TooManyRedirects)
from . import guard
from .cache import Cache
from .gates import HostGate, SharedHostGate, make_gate
from .policy import (ACCEPT_ENCODING, DNS_FAILURE_MARKERS, HTML_SNIFF, HTML_TYPES, REDIRECT_STATUSES, RETRY_STATUSES,
                     ROBOTS_MAX_BYTES, ROBOTS_TOKEN, FetchOptions)

Headers = list[tuple[str, str]]


@dataclass
class Exchange:
    """One HTTP request and its response, as a WARC stores them."""

    url: str
    status: int
    reason: str
    http_version: str
    request_headers: Headers
    headers: Headers  # as received, except that the body below is already decoded
    body: bytes
    fetched_at: str  # ISO 8601, UTC

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


@dataclass
class Page:
    """A URL fetched: the redirect hops (if any), then the final response."""

    url: str  # as requested
    exchanges: list[Exchange] = field(default_factory=list)
    from_cache: bool = False

    @property
    def final(self) -> Exchange:
        return self.exchanges[-1]

    @property
    def final_url(self) -> str:
        return self.final.url

    @property
    def body(self) -> bytes:
        return self.final.body


def fetch_error(url: str, exc: FetchError) -> FetchError:
    """A fresh error naming ``url``: one robots.txt or DNS failure answers many URLs, each its own value."""
    named = type(exc)(exc.reason, stage=exc.stage, line=exc.line)
    named.url = url
    return named


class Fetcher:
    def __init__(self, options: FetchOptions = FetchOptions(), *, transport: httpx.BaseTransport | None = None):
        self.options = options
        timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout, pool=None)
        limits = httpx.Limits(max_connections=max(options.concurrency, 1) * 2)
        self.client = httpx.Client(headers={"User-Agent": options.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
                                   timeout=timeout, follow_redirects=False, limits=limits,
                                   transport=transport or guard.guarded_transport(limits=limits))
        self.cache = Cache(options.cache_dir) if options.cache_dir else None
        self._gates: dict[str, HostGate | SharedHostGate] = {}
        self._robots: dict[str, Protego | FetchError | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        # Hosts the user named. None: the host of each URL passed to fetch() counts as named (URLs
        # given on the command line); a crawl names its URLs' and sitemaps' hosts, so a URL found
        # in a sitemap is held to public addresses like a redirect (fetch/guard.py).
        self.trusted_hosts: set[str] | None = None

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- public -----------------------------------------------------------------------------

    def fetch(self, url: str, accept: tuple[str, ...] = HTML_TYPES,
              sniff: tuple[bytes, ...] = HTML_SNIFF) -> Page | FetchError:
        """Fetch ``url`` following redirects. Never raises: trouble of any kind comes back as a FetchError."""
        try:
            return self._fetch(url, accept, sniff)
        except httpx.InvalidURL as exc:
            return fetch_error(url, ConnectFailed(f"invalid URL: {exc}"))
        except ExtractorError as exc:  # e.g. UnsafePath: the host gates' directory is not safely ours
            return fetch_error(url, FetchError(exc.reason))
        except Exception as exc:  # a bug here must not end a crawl of thousands of URLs; the record says where
            return fetch_error(url, FetchError(f"internal error: {type(exc).__name__}: {exc}"))

    def _fetch(self, url: str, accept, sniff) -> Page | FetchError:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""  # _check_url reports the bad URL
        given = host if self.trusted_hosts is None or host in self.trusted_hosts else ""
        with guard.request(given_host=given, allow_private=self.options.allow_private):
            return self._follow(url, accept, sniff, checked=bool(host) and not given)

    def _follow(self, url: str, accept, sniff, checked: bool = False) -> Page | FetchError:
        page = Page(url=url)
        current, seen = url, {url}
        for hop in range(self.options.max_redirects + 1):
            problem = ((hop or checked) and self._check_address(current)) or self._check_url(current)
            if problem:
                return fetch_error(url, problem)
            result = self._get(current, accept, sniff)
            if isinstance(result, FetchError):
                return fetch_error(url, result)
            exchange, from_cache = result
            page.exchanges.append(exchange)
            if exchange.status not in REDIRECT_STATUSES:
                page.from_cache = from_cache
                return page
            if not exchange.header("location"):
                return fetch_error(url, HTTPStatusError(f"HTTP {exchange.status} redirect without a Location header"))
            target = urljoin(current, exchange.header("location"))
            if target in seen:
                return fetch_error(url, TooManyRedirects(f"redirect loop: {current} redirects back to {target}"))
            seen.add(target)
            current = target
        return fetch_error(url, TooManyRedirects(f"more than {self.options.max_redirects} redirects"))

    def fetch_many(self, urls: Iterable[str], accept: tuple[str, ...] = HTML_TYPES) -> Iterator[Page | FetchError]:
        """Fetch on ``concurrency`` threads; results come in completion order, a bounded number in flight."""
        workers = max(1, self.options.concurrency)
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch")
        try:
            pending = set()
            for url in urls:
                pending.add(pool.submit(self.fetch, url, accept))
                if len(pending) >= workers * 2:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (future.result() for future in done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        finally:  # stopped early (Ctrl-C, an error downstream): queued URLs are dropped, running ones end
            pool.shutdown(wait=True, cancel_futures=True)

    def allowed(self, url: str) -> bool | FetchError:
        """What robots.txt says about ``url`` for our token (fetching robots.txt once per origin)."""
        if not self.options.robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        if isinstance(rules, FetchError):
            return rules
        return rules is None or rules.can_fetch(url, ROBOTS_TOKEN)

    # --- one URL ------------------------------------------------------------------------------

    def _check_url(self, url: str) -> FetchError | None:
        try:
            parts = urlsplit(url)
            hostname = parts.hostname
        except ValueError as exc:
            return ConnectFailed(f"invalid URL {url!r}: {exc}")
        if parts.scheme not in ("http", "https") or not hostname:
            return ConnectFailed(f"not an http(s) URL with a host name: {url!r}")
        verdict = self.allowed(url)
        if isinstance(verdict, FetchError):
            return verdict
        if not verdict:
            return RobotsDisallowed(f"robots.txt of {parts.netloc} disallows {url} for {ROBOTS_TOKEN}")
        return None

    def _check_address(self, url: str) -> FetchError | None:
        """A redirect target must be a public address (or the host the user gave): checked before
        anything, robots.txt included, is requested from it. The socket checks again (fetch/guard.py)."""
        try:
            parts = urlsplit(url)
            guard.check_host(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
        except guard.AddressRefused as exc:
            return ForbiddenAddress(f"{url} refused: {exc.reason}")
        except (httpcore.ConnectError, ValueError, UnicodeError):
            pass  # does not resolve: the request itself reports it
        return None

    def _gate(self, url: str) -> HostGate | SharedHostGate:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = make_gate(host, self.options.per_host, self.options.delay,
                                                     self.options.shared_gates)
            return gate

    def _get(self, url: str, accept, sniff) -> tuple[Exchange, bool] | FetchError:
        """One hop, with retries on 429/5xx. Returns (exchange, served_from_cache)."""
        cached = self.cache.get(url) if self.cache else None
        gate = self._gate(url)
        for attempt in range(self.options.retries + 1):
            with gate.turn():
                result = self._request(url, cached.validators() if cached else {}, accept, sniff)
            if isinstance(result, Exchange) and result.status == 304 and cached:
                return cached.as_exchange(url, result), True
            if not isinstance(result, Exchange) or result.status not in RETRY_STATUSES:
                break
            pause = self._retry_wait(result, attempt)
            if attempt == self.options.retries or pause > self.options.max_retry_after:
                break
            gate.pause(pause)
        if isinstance(result, FetchError):
            return result
        if result.status >= 400 or result.status == 304:  # a 304 we did not ask for has no body to give
            return HTTPStatusError(f"HTTP {result.status} {result.reason}".rstrip())
        if self.cache and 200 <= result.status < 300:
            self.cache.put(url, result)
        return result, False

    def _retry_wait(self, exchange: Exchange, attempt: int) -> float:
        seconds = parse_retry_after(exchange.header("retry-after"))
        if seconds is None:
            seconds = self.options.backoff * (2 ** attempt) * (1 + random.random() / 4)
        return seconds

    def _request(self, url: str, extra_headers: dict, accept, sniff,
                 truncate_at: int | None = None) -> Exchange | FetchError:
        """One request under one deadline (connect, headers and body: ``total_timeout``). With
        ``truncate_at``, a longer body is cut there instead of refused (robots.txt)."""
        started = time.monotonic()
        fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        try:
            with guard.request(deadline=started + self.options.total_timeout), \
                    self.client.stream("GET", url, headers=extra_headers) as response:
                exchange = Exchange(url=url, status=response.status_code, reason=response.reason_phrase,
                                    http_version=response.http_version, headers=_as_sent(response.headers),
                                    request_headers=_as_sent(response.request.headers), body=b"",
                                    fetched_at=fetched_at)
                if not 200 <= response.status_code < 300:
                    return exchange  # redirects, 304 and errors: the status is the answer
                problem = self._check_type(exchange, accept) or (truncate_at is None and self._check_length(exchange))
                if problem:
                    return problem
                body = self._read_body(response, started, truncate_at)
                if isinstance(body, FetchError):
                    return body
                exchange.body = body
                return self._check_sniff(exchange, accept, sniff) or exchange
        except guard.AddressRefused as exc:
            return ForbiddenAddress(f"{url} refused: {exc.reason}")
        except httpx.TimeoutException as exc:
            if time.monotonic() - started >= self.options.total_timeout:
                return FetchTimeout(f"response took longer than {self.options.total_timeout:g}s in total "
                                    "(connect, headers and body)")
            return FetchTimeout(f"{_timeout_kind(exc)} timed out after {_timeout_limit(exc, self.options):g}s")
        except httpx.ConnectError as exc:
            if _is_dns_failure(exc):
                return DNSError(f"cannot resolve host {urlsplit(url).hostname!r}: {exc}")
            return ConnectFailed(f"cannot connect: {exc}")
        except (httpx.TransportError, httpx.DecodingError) as exc:
            return ConnectFailed(f"{type(exc).__name__}: {exc}")

    def _check_type(self, exchange: Exchange, accept) -> FetchError | None:
        if accept is None:
            return None
        content_type = (exchange.header("content-type") or "").split(";")[0].strip().lower()
        if content_type and content_type not in accept:
            return NotHTML(f"content type {content_type!r} is not one of {', '.join(accept)}")
        return None

    def _check_sniff(self, exchange: Exchange, accept, sniff) -> FetchError | None:
        if accept is None or exchange.header("content-type"):
            return None
        head = exchange.body[:1024].lstrip().lower()
        if any(head.startswith(marker) or marker in head for marker in sniff):
            return None
        return NotHTML(f"no content type and the body does not look like {accept[0]}")

    def _check_length(self, exchange: Exchange) -> FetchError | None:
        length = exchange.header("content-length")
        if length and length.isdigit() and int(length) > self.options.max_bytes:
            return TooLarge(f"Content-Length {int(length):,} bytes is over the {self.options.max_bytes:,}-byte limit")
        return None

    def _read_body(self, response: httpx.Response, started: float, truncate_at: int | None = None) -> bytes | FetchError:
        """The body, its Content-Encoding undone as it streams, never more than ``max_bytes`` of it
        inflated (``truncate_at``: keep that much and stop, no error)."""
        limit = truncate_at if truncate_at is not None else self.options.max_bytes
        deadline = started + self.options.total_timeout
        try:
            pieces = decoded(response.iter_raw(), response.headers.get("content-encoding", ""))
            chunks, size = [], 0
            for chunk in pieces:
                size += len(chunk)
                if size > limit:
                    if truncate_at is not None:
                        chunks.append(chunk[: len(chunk) - (size - limit)])
                        break
                    return TooLarge(f"body is over the {self.options.max_bytes:,}-byte limit (stopped reading)")
                if time.monotonic() > deadline:
                    return FetchTimeout(f"response took longer than {self.options.total_timeout:g}s in total")
                chunks.append(chunk)
        except UnsupportedEncoding as exc:
            return NotHTML(str(exc))
        except zlib.error as exc:
            return ConnectFailed(f"the body does not decode as its Content-Encoding says: {exc}")
        return b"".join(chunks)

    # --- robots.txt ---------------------------------------------------------------------------

    def _load_robots(self, origin: str) -> Protego | FetchError | None:
        """RFC 9309: 4xx means no rules; 5xx or an unreachable file means disallow everything."""
        url, gate = f"{origin}/robots.txt", self._gate(origin)
        for _ in range(5):  # RFC 9309 §2.3.1.2: follow at least five redirects
            with gate.turn():
                result = self._request(url, {}, None, (), truncate_at=ROBOTS_MAX_BYTES)
            if isinstance(result, DNSError | ConnectFailed | ForbiddenAddress):
                return result
            if isinstance(result, FetchError):
                return RobotsDisallowed(f"robots.txt of {urlsplit(origin).netloc} could not be read ({result.reason}); "
                                        "RFC 9309 says to fetch nothing from the site meanwhile")
            if result.status in REDIRECT_STATUSES and result.header("location"):
                url = urljoin(url, result.header("location"))
                continue
            if 400 <= result.status < 500:
                return None
            if result.status >= 500:
                return RobotsDisallowed(f"robots.txt of {urlsplit(origin).netloc} answered HTTP {result.status}; "
                                        "RFC 9309 says to fetch nothing from the site meanwhile")
            body = result.body
            if len(body) >= ROBOTS_MAX_BYTES:  # RFC 9309 §2.5: rules from the first 500 KiB, whole lines only
                body = body[: body.rfind(b"\n") + 1]
            rules = Protego.parse(body.decode("utf-8", "replace"))
            gate.slow_down(robots_delay(rules))
            return rules
        return None


class UnsupportedEncoding(Exception):
    pass


_INFLATE_PIECE = 1024 * 1024  # most bytes one decompress call may produce


def decoded(chunks: Iterable[bytes], content_encoding: str) -> Iterator[bytes]:
    """``chunks`` of a body with its Content-Encoding (``gzip``, ``deflate``, several in a row)
    undone, as pieces of at most 1 MiB: a bomb is inflated only as far as the caller reads."""
    for coding in reversed([c.strip().lower() for c in content_encoding.split(",") if c.strip()]):
        if coding in ("gzip", "x-gzip"):
            chunks = _inflate(chunks, lambda: zlib.decompressobj(16 + zlib.MAX_WBITS))
        elif coding == "deflate":
            chunks = _inflate(chunks, None)
        elif coding != "identity":
            raise UnsupportedEncoding(f"Content-Encoding {coding!r} is not one we decode ({ACCEPT_ENCODING})")
    return iter(chunks)


def _inflate(chunks: Iterable[bytes], make) -> Iterator[bytes]:
    inflater = None
    for chunk in chunks:
        if not chunk:
            continue
        if inflater is None:
            # "deflate" is zlib-wrapped by the standard, raw in some servers: the first byte tells
            inflater = make() if make else zlib.decompressobj(zlib.MAX_WBITS if chunk[:1] == b"\x78" else -zlib.MAX_WBITS)
        data = chunk
        while data:
            piece = inflater.decompress(data, _INFLATE_PIECE)
            if piece:
                yield piece
            data = inflater.unconsumed_tail
            if inflater.eof:
                data = inflater.unused_data + data
                if not data or not make:
                    break
                inflater = make()  # another gzip member
    while inflater is not None and not inflater.eof:  # output zlib still holds
        piece = inflater.decompress(b"", _INFLATE_PIECE)
        if not piece:
            break
        yield piece


def robots_delay(rules: Protego) -> float:
    """Seconds between requests that robots.txt asks of us: Crawl-delay, or Request-rate (n per s)."""
    delay = float(rules.crawl_delay(ROBOTS_TOKEN) or 0)
    rate = rules.request_rate(ROBOTS_TOKEN)
    if rate and rate.requests:
        delay = max(delay, rate.seconds / rate.requests)
    return delay


def _as_sent(headers: httpx.Headers) -> Headers:
    """Header names in the case they were sent (a WARC keeps the exchange as it was)."""
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers.raw]


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _is_dns_failure(exc: BaseException) -> bool:
    seen = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    text = str(exc).lower()
    return any(marker in text for marker in DNS_FAILURE_MARKERS)


def _timeout_kind(exc: httpx.TimeoutException) -> str:
    return {httpx.ConnectTimeout: "connect", httpx.ReadTimeout: "read", httpx.WriteTimeout: "write",
            httpx.PoolTimeout: "pool"}.get(type(exc), "request")


def _timeout_limit(exc: httpx.TimeoutException, options: FetchOptions) -> float:
    return options.connect_timeout if isinstance(exc, httpx.ConnectTimeout) else options.read_timeout
