"""The fetcher's knobs and the facts it checks against: tuning them is a data change.

``FetchOptions`` is one frozen object (like ``extractor.options.Options``) passed to the client;
the tuples below are what counts as HTML, as a sitemap, as worth retrying.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import __version__

# Robots.txt groups are matched on this token (RFC 9309 §2.2.1: the product token of the User-Agent).
ROBOTS_TOKEN = "extractor"
DEFAULT_USER_AGENT = f"{ROBOTS_TOKEN}/{__version__} (how-to article extractor; respects robots.txt)"

HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
             "application/gzip", "application/x-gzip", "application/octet-stream", "text/plain")
# With no Content-Type header the first bytes decide.
HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body", b"<title", b"<meta")
XML_SNIFF = (b"<?xml", b"<urlset", b"<sitemapindex", b"\x1f\x8b")

# Content codings decoded (each streamed and bounded by max_bytes); others are refused, not guessed.
ACCEPT_ENCODING = "gzip, deflate"
# RFC 9309 §2.5: a crawler must parse at least the first 500 KiB of robots.txt; the rest is ignored.
ROBOTS_MAX_BYTES = 500 * 1024

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Sitemap documents fetched per run (extractor fetch --max-sitemaps). 50 documents can list 2.5 million
# URLs (50,000 each, the sitemap protocol's limit), more than one crawl takes, and at the polite default
# delay of 1 s per request a hostile index that only fans out is left within a minute. Here, not in
# sitemap.py, so that the CLI can show it in --help without importing httpx (0.2 s of every command's start).
MAX_SITEMAPS = 50

# Text that httpx/httpcore put in a ConnectError when the name did not resolve (the gaierror is
# usually in the exception chain too; this covers platforms where it is not).
DNS_FAILURE_MARKERS = ("name or service not known", "nodename nor servname", "no address associated",
                       "temporary failure in name resolution", "getaddrinfo failed")


@dataclass(frozen=True)
class FetchOptions:
    user_agent: str = DEFAULT_USER_AGENT
    # Obey robots.txt (allow/disallow and Crawl-delay). Only tests and your own sites turn this off.
    robots: bool = True
    # Seconds between the starts of two requests to one host (Crawl-delay raises it, never lowers it).
    delay: float = 1.0
    # Requests in flight to one host, and in total.
    per_host: int = 2
    concurrency: int = 8
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # The whole response, connect and headers and body: a server dribbling bytes cannot hold a worker forever.
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 10
    # Follow redirects to loopback, private, link-local or reserved addresses (fetch/guard.py). The
    # hosts of the URLs given are always allowed; this opens every other one (a page could point
    # the fetcher at a metadata service or an intranet).
    allow_private: bool = False
    # Retries after a 429 or 5xx; the wait is Retry-After when given, else backoff * 2**attempt.
    retries: int = 3
    backoff: float = 1.0
    # A Retry-After longer than this ends the URL as an error instead of stalling the crawl.
    max_retry_after: float = 120.0
    # On-disk cache for conditional requests (ETag / Last-Modified); None = no cache.
    cache_dir: str | None = None
    # A directory of lock files through which several processes share the per-host limits
    # (extract URL... -j N); None = limits held in this process only (see gates.py).
    shared_gates: str | None = None
