"""A crawl: URLs (given, from a file, from sitemaps) -> fetched politely -> one WARC file.

Every URL ends in the WARC as a page (request/response records) or as a fetch-error record, and
in the returned ``CrawlReport``; ``extractor extract OUT.warc.gz`` re-extracts it offline.
"""
from __future__ import annotations

import time
from itertools import islice
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

from ..errors import FetchError
from .client import Fetcher, Page
from .policy import FetchOptions
from .sitemap import MAX_SITEMAPS, SitemapWalk
from .warc import WarcWriter


@dataclass
class CrawlReport:
    pages: int = 0
    from_cache: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (url, error type, reason)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def read_url_list(lines: Iterable[str]) -> Iterator[str]:
    """URLs one a line; blank lines and ``#`` comments skipped."""
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def crawl(urls: Iterable[str], target: str, *, options: FetchOptions = FetchOptions(), sitemaps: Iterable[str] = (),
          limit: int | None = None, progress: Callable[[Page | FetchError], None] | None = None,
          max_sitemaps: int = MAX_SITEMAPS) -> CrawlReport:
    """Fetch ``urls`` then the pages of ``sitemaps`` (each URL once, the first ``limit`` if given) into
    ``target``. Sitemaps are read as their URLs are needed: once ``limit`` pages are found no more
    are fetched, and never more than ``max_sitemaps`` in all."""
    report, started = CrawlReport(), time.perf_counter()
    urls, sitemaps = list(urls), list(sitemaps)
    with Fetcher(options) as fetcher, WarcWriter(target, description="extractor fetch") as warc:
        fetcher.trusted_hosts = {_host(url) for url in urls + sitemaps}  # a URL found in a sitemap is not given
        walk = SitemapWalk(fetcher, max_sitemaps=max_sitemaps)
        pages = islice(_unique(_all_urls(walk, urls, sitemaps, warc, report)), limit)
        for result in fetcher.fetch_many(pages):
            if isinstance(result, FetchError):
                warc.write_error(result.url, result)
                report.errors.append((result.url, type(result).__name__, result.reason))
            else:
                warc.write_page(result)
                report.pages += 1
                report.from_cache += result.from_cache
            if progress:
                progress(result)
    report.seconds = time.perf_counter() - started
    return report


def _all_urls(walk: SitemapWalk, urls, sitemaps, warc: WarcWriter, report: CrawlReport) -> Iterator[str]:
    yield from urls
    for sitemap in sitemaps:
        for url in walk.urls(sitemap):
            _report_sitemap_errors(walk, warc, report)
            yield url
        _report_sitemap_errors(walk, warc, report)


def _report_sitemap_errors(walk: SitemapWalk, warc: WarcWriter, report: CrawlReport) -> None:
    """A sitemap that failed is a failed URL of the crawl too (written once, as it is found)."""
    for url, error in walk.errors:
        warc.write_error(url, error)
        report.errors.append((url, type(error).__name__, error.reason))
    walk.errors.clear()


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _unique(urls: Iterable[str]) -> Iterator[str]:
    seen = set()
    for url in urls:
        if url not in seen:
            seen.add(url)
            yield url
