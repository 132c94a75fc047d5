"""On-disk HTTP cache for conditional requests.

Each successful response is kept as two files named by the SHA-256 of its URL: ``KEY.body`` (the
decoded body) and ``KEY.json`` (status, headers, ETag, Last-Modified, when fetched). A later fetch
of the same URL sends ``If-None-Match`` / ``If-Modified-Since``; a ``304 Not Modified`` answer is
served from the cache, so re-running a crawl costs the server almost nothing.

Both files are written to a temporary name and renamed, and the metadata records the body's hash:
a crash or a half-written entry reads as a miss, never as a wrong page.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..writers.files import atomic_write

if TYPE_CHECKING:
    from .client import Exchange


@dataclass
class CachedResponse:
    url: str
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    last_modified: str | None

    def validators(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def as_exchange(self, url: str, revalidation: Exchange) -> Exchange:
        """The cached response, dated by the 304 that confirmed it."""
        from .client import Exchange

        return Exchange(url=url, status=self.status, reason=self.reason, http_version=self.http_version,
                        request_headers=revalidation.request_headers, headers=list(self.headers),
                        body=self.body, fetched_at=revalidation.fetched_at)


class Cache:
    """The cache directory is made 0700 and must be this user's own real directory (``private_directory``):
    anyone who could write in it could serve us pages. One that is not is not used (every URL is fetched)."""

    def __init__(self, directory: str | os.PathLike):
        self.root = Path(directory)
        self._usable: bool | None = None

    def usable(self) -> bool:
        if self._usable is None:
            from ..errors import UnsafePath
            from .gates import private_directory

            try:
                private_directory(self.root)
                self._usable = True
            except (UnsafePath, OSError):
                self._usable = False
        return self._usable

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        folder = self.root / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def get(self, url: str) -> CachedResponse | None:
        if not self.usable():
            return None
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("url") != url or meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        if not (meta.get("etag") or meta.get("last_modified")):
            return None  # nothing to revalidate with: fetch afresh
        return CachedResponse(url=url, status=meta["status"], reason=meta["reason"], http_version=meta["http_version"],
                              headers=[tuple(h) for h in meta["headers"]], body=body, etag=meta.get("etag"),
                              last_modified=meta.get("last_modified"))

    def put(self, url: str, exchange: Exchange) -> None:
        """Keep a response that can be revalidated. A cache that cannot be written is skipped, not fatal."""
        etag, last_modified = exchange.header("etag"), exchange.header("last-modified")
        if not (etag or last_modified) or "no-store" in (exchange.header("cache-control") or "").lower():
            return
        if not self.usable():
            return
        meta_path, body_path = self._paths(url)
        meta = {"url": url, "status": exchange.status, "reason": exchange.reason,
                "http_version": exchange.http_version, "headers": exchange.headers, "etag": etag,
                "last_modified": last_modified, "fetched_at": exchange.fetched_at,
                "sha256": hashlib.sha256(exchange.body).hexdigest()}
        try:
            # a cache entry may be lost in a crash (it is refetched), so no fsync
            atomic_write(body_path, exchange.body, durable=False)
            atomic_write(meta_path, json.dumps(meta).encode("utf-8"), durable=False)
        except OSError:
            pass
