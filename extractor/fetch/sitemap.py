"""Sitemaps: the page URLs listed in a sitemap or a sitemap index (sitemaps.org protocol).

``<urlset>`` lists pages; ``<sitemapindex>`` lists more sitemaps, followed to ``max_depth``.
Gzipped sitemaps (``.xml.gz``) are unpacked. The XML parser resolves no entities and loads
nothing from the network. A sitemap that cannot be fetched or parsed is reported, not raised, and
the URLs found elsewhere are still returned.
"""
from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field

from lxml import etree

from ..errors import FetchError, ReadError
from .client import Fetcher
from .policy import XML_SNIFF, XML_TYPES

MAX_URLS = 50_000  # the protocol's limit for one sitemap; also our limit for a whole index
MAX_UNPACKED = 50 * 1024 * 1024  # the protocol's size limit, uncompressed


@dataclass
class SitemapResult:
    urls: list[str] = field(default_factory=list)
    errors: list[tuple[str, FetchError]] = field(default_factory=list)  # (sitemap URL, why it failed)


def read_sitemap(fetcher: Fetcher, url: str, *, max_depth: int = 3, max_urls: int = MAX_URLS) -> SitemapResult:
    result, seen = SitemapResult(), set()
    _read(fetcher, url, max_depth, max_urls, result, seen)
    return result


def _read(fetcher, url, depth, max_urls, result: SitemapResult, seen: set[str]) -> None:
    if url in seen or len(result.urls) >= max_urls:
        return
    seen.add(url)
    page = fetcher.fetch(url, accept=XML_TYPES, sniff=XML_SNIFF)
    if isinstance(page, FetchError):
        result.errors.append((url, page))
        return
    try:
        kind, locations = parse_sitemap(page.body)
    except ReadError as exc:
        result.errors.append((url, FetchError(f"sitemap {url}: {exc.reason}")))
        return
    if kind == "sitemapindex":
        for child in locations:
            if depth > 0:
                _read(fetcher, child, depth - 1, max_urls, result, seen)
        return
    for location in locations:
        if len(result.urls) >= max_urls:
            break
        result.urls.append(location)


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
