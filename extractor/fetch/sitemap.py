"""Sitemaps: the page URLs listed in a sitemap or a sitemap index (sitemaps.org protocol).

``<urlset>`` lists pages; ``<sitemapindex>`` lists more sitemaps, followed to ``max_depth`` and
at most ``MAX_SITEMAPS`` documents per run.
Gzipped sitemaps (``.xml.gz``) are unpacked. The XML parser resolves no entities and loads
nothing from the network. A sitemap that cannot be fetched or parsed is reported, not raised, and
the URLs found elsewhere are still returned.
"""
from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field
from typing import Iterator

from lxml import etree

from ..errors import FetchError, ReadError
from .client import Fetcher
from .policy import MAX_SITEMAPS, XML_SNIFF, XML_TYPES  # noqa: F401  (MAX_SITEMAPS: re-exported)

MAX_URLS = 50_000  # the protocol's limit for one sitemap; also our limit for a whole index
MAX_UNPACKED = 50 * 1024 * 1024  # the protocol's size limit, uncompressed


@dataclass
class SitemapResult:
    urls: list[str] = field(default_factory=list)
    errors: list[tuple[str, FetchError]] = field(default_factory=list)  # (sitemap URL, why it failed)


class SitemapWalk:
    """Page URLs from sitemaps, found lazily: the caller stops pulling (``--limit`` reached) and no
    further sitemap is fetched. One walk is one budget: at most ``max_sitemaps`` documents fetched
    and ``max_urls`` URLs given across every sitemap it reads, so an index that fans out (or loops
    through ever new URLs) ends. Failures collect in ``errors``; hitting the cap is one of them."""

    def __init__(self, fetcher: Fetcher, *, max_depth: int = 3, max_urls: int = MAX_URLS,
                 max_sitemaps: int = MAX_SITEMAPS):
        self.fetcher, self.max_depth, self.max_urls, self.max_sitemaps = fetcher, max_depth, max_urls, max_sitemaps
        self.fetched = self.found = 0
        self.errors: list[tuple[str, FetchError]] = []
        self._seen: set[str] = set()
        self._capped = False

    def urls(self, url: str) -> Iterator[str]:
        yield from self._walk(url, self.max_depth)

    def _walk(self, url: str, depth: int) -> Iterator[str]:
        if url in self._seen or self.found >= self.max_urls:
            return
        if self.fetched >= self.max_sitemaps:
            if not self._capped:
                self._capped = True
                self.errors.append((url, FetchError(f"stopped at {self.max_sitemaps:,} sitemap documents "
                                                    "(--max-sitemaps); the rest were not read")))
            return
        self._seen.add(url)
        self.fetched += 1
        page = self.fetcher.fetch(url, accept=XML_TYPES, sniff=XML_SNIFF)
        if isinstance(page, FetchError):
            self.errors.append((url, page))
            return
        try:
            kind, locations = parse_sitemap(page.body)
        except ReadError as exc:
            self.errors.append((url, FetchError(f"sitemap {url}: {exc.reason}")))
            return
        if kind == "sitemapindex":
            if depth > 0:
                for child in locations:
                    yield from self._walk(child, depth - 1)
            return
        for location in locations:
            if self.found >= self.max_urls:
                return
            self.found += 1
            yield location


def read_sitemap(fetcher: Fetcher, url: str, *, max_depth: int = 3, max_urls: int = MAX_URLS,
                 max_sitemaps: int = MAX_SITEMAPS) -> SitemapResult:
    """Every page URL of one sitemap (or index) at once; ``SitemapWalk`` gives them lazily."""
    walk = SitemapWalk(fetcher, max_depth=max_depth, max_urls=max_urls, max_sitemaps=max_sitemaps)
    urls = list(walk.urls(url))
    return SitemapResult(urls, walk.errors)


def parse_sitemap(data: bytes) -> tuple[str, list[str]]:
    """("urlset" | "sitemapindex", the <loc> URLs in order). Raises ReadError for anything else."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.GzipFile(fileobj=io.BytesIO(data)).read(MAX_UNPACKED + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise ReadError(f"bad gzip: {exc}") from None
        if len(data) > MAX_UNPACKED:
            raise ReadError("unpacks to more than 50 MB")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"not XML: {exc}") from None
    if root is None:
        raise ReadError("empty or not XML")
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        raise ReadError(f"root element is <{kind}>, not <urlset> or <sitemapindex>")
    locations = [loc.text.strip() for loc in root.iter("{*}loc") if loc.text and loc.text.strip()]
    return kind, locations
