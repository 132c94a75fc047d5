"""WARC readers side by side: warcio (pure Python) and fastwarc (optional extra), on a generated WARC.

    .venv/bin/python benchmarks/warc_bench.py [PAGES]

Writes a Common-Crawl-shaped WARC (request + response per page, one gzip member per record) to a
temporary directory, then times ``extractor.fetch.warc.scan`` (listing the HTML responses with their
offsets, what ``extractor extract crawl.warc.gz`` does first) and ``read_at`` (one record, what each
worker does) with each reader.
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
import time

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractor.fetch import warc


def write_warc(path: str, pages: int) -> None:
    body = ("<html><body>" + "<p>Some words of a how-to article.</p>" * 400 + "</body></html>").encode()
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in range(pages):
            url = f"http://example.org/guide/{n}"
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=(
                StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True))))
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=(
                StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"))))


def main(pages: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.warc.gz")
        write_warc(path, pages)
        print(f"{pages} pages, {os.path.getsize(path):,} bytes")
        for reader in ("warcio", "fastwarc"):
            started = time.perf_counter()
            entries = list(warc.scan(path, reader))
            scanned = time.perf_counter() - started
            started = time.perf_counter()
            for entry in entries:
                warc.read_at(path, entry.offset, reader)
            read = time.perf_counter() - started
            print(f"{reader:9} scan {len(entries) / scanned:8.0f} records/s   read_at {len(entries) / read:8.0f} records/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
