"""WARC out (what ``extractor fetch`` saw) and WARC in (HTML responses from any crawl, Common Crawl's too).

Writing, per fetched URL: a ``request`` and a ``response`` record for every hop (redirects
included), bodies stored decoded. As Common Crawl does, the original ``Content-Encoding``,
``Transfer-Encoding`` and ``Content-Length`` headers are kept renamed ``X-Crawler-*`` and a
``Content-Length`` of the stored body is set, so any WARC reader gets the page bytes back. A URL
that failed gets a ``metadata`` record of type ``FETCH_ERROR_TYPE`` holding the error as JSON, so
re-extracting the WARC offline yields the same error records as the live run.

Reading: ``scan(path)`` lists the records worth extracting (2xx HTML responses and fetch errors)
with their byte offsets; ``read_at(path, offset)`` reads one record. Every record of a gzipped
WARC is its own gzip member, so a worker process can seek straight to it. fastwarc is used when it
is installed (it is several times faster than warcio); set ``EXTRACTOR_WARC_READER=warcio`` to
force the pure-Python reader.
"""
from __future__ import annotations

import importlib.util
import io
import json
import os
import stat
import zlib
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit

from .. import __version__
from ..errors import FetchError, LimitExceeded, ReadError
from ..install import install_hint
from .policy import HTML_TYPES

FETCH_ERROR_TYPE = "application/vnd.extractor.fetch-error+json"
NEEDS_WARCIO = f"reading WARC files needs the web extra: {install_hint('web')}"
_RENAMED = ("content-encoding", "transfer-encoding", "content-length")
DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # as extractor.options.Options.max_bytes
MAX_ERROR_BYTES = 1024 * 1024  # a fetch-error record is a small JSON object
_TAIL_READ, _TAIL_INFLATE = 64 * 1024, 8 * 1024 * 1024  # compressed bytes in, most inflated bytes out, per call


@dataclass
class WarcEntry:
    """A record worth extracting: an HTML page (``kind="page"``) or a fetch error (``kind="error"``)."""

    offset: int
    kind: str | None
    url: str


@dataclass
class WarcPayload:
    url: str
    kind: str  # "page" or "error"
    body: bytes = b""
    content_type: str | None = None
    error: dict | None = None  # for kind == "error": {"type", "reason", "stage"}


def is_html(content_type: str | None) -> bool:
    return (content_type or "").split(";")[0].strip().lower() in HTML_TYPES


def reader_name() -> str:
    wanted = os.environ.get("EXTRACTOR_WARC_READER", "").lower()
    if wanted in ("warcio", "fastwarc"):
        return wanted
    return "fastwarc" if importlib.util.find_spec("fastwarc") else "warcio"


# --- reading ----------------------------------------------------------------------------------

def scan(path: str, reader: str | None = None) -> Iterator[WarcEntry]:
    """The extractable records of a WARC file, in file order. Raises ReadError for an unreadable file
    (a FIFO or device named ``*.warc`` included: it is refused at once, never waited on)."""
    scanner = _scan_fastwarc if (reader or reader_name()) == "fastwarc" else _scan_warcio
    last_offset = 0
    try:
        for entry in scanner(path):
            last_offset = entry.offset
            if entry.kind:
                yield entry
    except ImportError:
        raise ReadError(NEEDS_WARCIO) from None
    except ReadError:
        raise
    except Exception as exc:  # warcio and fastwarc raise many kinds for broken gzip or headers
        raise ReadError(f"cannot read WARC {path}: {type(exc).__name__}: {exc}") from None
    if path.endswith(".gz"):
        _check_gzip_tail(path, last_offset)


def open_regular(path: str):
    """``path`` opened for reading if it is a regular file; ReadError otherwise. O_NONBLOCK: opening
    a FIFO must not wait for a writer (it changes nothing for a regular file)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ReadError(f"cannot read WARC {path}: {exc.strerror or exc}") from None
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        fh.close()
        raise ReadError(f"WARC {path} is not a regular file")
    return fh


def _check_gzip_tail(path: str, offset: int, budget: int = DEFAULT_MAX_BYTES) -> None:
    """Both readers stop quietly at a cut-short gzip member: check that every member from the last
    record read to the end of the file is whole. Streamed, output thrown away as it comes, and
    given up (as whole) past ``budget`` inflated bytes: a record that large is over the limit and
    ``read_at`` reports it, so a bomb costs neither memory nor minutes here."""
    inflated = 0
    with open_regular(path) as fh:
        fh.seek(offset)
        member, fed, pending = zlib.decompressobj(wbits=31), False, b""
        while inflated <= budget:
            if not pending:
                pending = fh.read(_TAIL_READ)
                if not pending:
                    break
            fed = True
            try:  # small reads, bounded outputs: a short unconsumed tail to copy each time
                inflated += len(member.decompress(pending, _TAIL_INFLATE))
            except zlib.error as exc:
                raise ReadError(f"WARC {path} is damaged after offset {offset}: {exc}") from None
            if member.eof:  # the next member starts in what this one did not use
                pending, member, fed = member.unused_data, zlib.decompressobj(wbits=31), False
            else:
                pending = member.unconsumed_tail
    if fed and not member.eof and inflated <= budget:
        raise ReadError(f"WARC {path} is cut short: the record after offset {offset} is incomplete")


def read_at(path: str, offset: int, reader: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> WarcPayload:
    """The record starting at byte ``offset``, its payload decoded (Content-Encoding too) and read
    only up to ``max_bytes``: LimitExceeded past that, so a bomb costs ``max_bytes`` of memory at most.
    Raises ReadError when there is no readable record there."""
    read = _read_fastwarc if (reader or reader_name()) == "fastwarc" else _read_warcio
    with open_regular(path) as fh:
        try:
            fh.seek(offset)
            payload = read(fh, max_bytes)
        except OSError as exc:
            raise ReadError(f"cannot read WARC record at offset {offset}: {exc}") from None
        except ImportError:
            raise ReadError(NEEDS_WARCIO) from None
        except (ReadError, LimitExceeded):
            raise
        except Exception as exc:
            raise ReadError(f"cannot read WARC record at offset {offset}: {type(exc).__name__}: {exc}") from None
    if payload is None:
        raise ReadError(f"no HTML response or fetch-error record at offset {offset}")
    return payload


def _read_bounded(stream, max_bytes: int, url: str) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        exc = LimitExceeded(f"WARC record payload is over {max_bytes:,} bytes once decoded (--max-bytes)")
        exc.url = url  # the error record names the page
        raise exc
    return data


def _classify(record_type: str, warc_type: str | None, status: int | None, http_type: str | None,
              identified: str | None) -> str | None:
    if record_type == "metadata" and (warc_type or "").startswith(FETCH_ERROR_TYPE):
        return "error"
    if record_type == "response" and status is not None and 200 <= status < 300 and is_html(http_type or identified):
        return "page"
    return None


def _scan_warcio(path: str) -> Iterator[WarcEntry]:
    from warcio.archiveiterator import ArchiveIterator

    with open_regular(path) as fh:
        records = ArchiveIterator(fh)
        for record in records:  # every record (kind None = not extracted): scan() needs the last offset
            yield WarcEntry(records.get_record_offset(), _classify_warcio(record),
                            record.rec_headers.get_header("WARC-Target-URI") or "")


def _classify_warcio(record) -> str | None:
    status, http_type = None, None
    if record.rec_type == "response" and record.http_headers is not None:
        code = record.http_headers.get_statuscode()
        status = int(code) if code and code.isdigit() else None
        http_type = record.http_headers.get_header("Content-Type")
    return _classify(record.rec_type, record.content_type, status, http_type,
                     record.rec_headers.get_header("WARC-Identified-Payload-Type"))


def _read_warcio(fh, max_bytes: int) -> WarcPayload | None:
    from warcio.archiveiterator import ArchiveIterator

    record = next(iter(ArchiveIterator(fh)), None)
    if record is None:
        return None
    kind = _classify_warcio(record)
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if kind == "page":
        return WarcPayload(url, kind, _read_bounded(record.content_stream(), max_bytes, url),
                           record.http_headers.get_header("Content-Type"))
    if kind == "error":
        return WarcPayload(url, kind, error=json.loads(_read_bounded(record.content_stream(), MAX_ERROR_BYTES, url)))
    return None


def _scan_fastwarc(path: str) -> Iterator[WarcEntry]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with open_regular(path) as fh:
        for record in ArchiveIterator(fh, record_types=WarcRecordType.response | WarcRecordType.metadata,
                                      parse_http=True, fsspec_args=False):
            yield WarcEntry(record.stream_pos, _classify_fastwarc(record), record.headers.get("WARC-Target-URI", ""))


def _classify_fastwarc(record) -> str | None:
    from fastwarc.warc import WarcRecordType

    record_type = "metadata" if record.record_type == WarcRecordType.metadata else (
        "response" if record.record_type == WarcRecordType.response else "other")
    status = http_type = None
    if record_type == "response" and record.http_headers is not None:
        status = record.http_headers.status_code
        http_type = record.http_headers.get("Content-Type")
    return _classify(record_type, record.headers.get("Content-Type"), status, http_type,
                     record.headers.get("WARC-Identified-Payload-Type"))


def _read_fastwarc(fh, max_bytes: int) -> WarcPayload | None:
    from fastwarc.warc import ArchiveIterator

    record = next(iter(ArchiveIterator(fh, parse_http=True, fsspec_args=False, auto_decode="all")), None)
    if record is None:
        return None
    kind = _classify_fastwarc(record)
    url = record.headers.get("WARC-Target-URI", "")
    if kind == "page":
        return WarcPayload(url, kind, _read_bounded(record.reader, max_bytes, url), record.http_headers.get("Content-Type"))
    if kind == "error":
        return WarcPayload(url, kind, error=json.loads(_read_bounded(record.reader, MAX_ERROR_BYTES, url)))
    return None


# --- writing ----------------------------------------------------------------------------------

class WarcWriter:
    """Writes ``OUT.partial`` and renames it to OUT on ``close``: an interrupted or crashed crawl leaves
    its records in ``OUT.partial``, never a short WARC under the final name. Gzipped (one member per
    record) when OUT ends in ``.gz``."""

    def __init__(self, target: str, *, description: str = ""):
        from warcio.warcwriter import WARCWriter

        self.target, self.partial = target, f"{target}.partial"
        self.fh = open(self.partial, "wb")
        self.writer = WARCWriter(self.fh, gzip=target.endswith(".gz"))
        info = {"software": f"extractor/{__version__}", "format": "WARC File Format 1.1"}
        if description:
            info["description"] = description
        self.writer.write_record(self.writer.create_warcinfo_record(os.path.basename(target), info))

    def write_page(self, page) -> None:
        """Every exchange of a ``fetch.client.Page``: redirect hops, then the final response."""
        for exchange in page.exchanges:
            self._write_exchange(exchange)

    def write_error(self, url: str, error: FetchError) -> None:
        payload = json.dumps({"url": url, "stage": error.stage, "type": type(error).__name__,
                              "reason": error.reason}).encode("utf-8")
        record = self.writer.create_warc_record(url, "metadata", payload=io.BytesIO(payload),
                                                warc_content_type=FETCH_ERROR_TYPE)
        self.writer.write_record(record)

    def close(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.partial, self.target)

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.close()
            return
        self.fh.close()  # interrupted: what was written stays in OUT.partial, whole records only

    def _write_exchange(self, exchange) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        date = {"WARC-Date": exchange.fetched_at.replace("+00:00", "Z")}
        response = self.writer.create_warc_record(
            exchange.url, "response", payload=io.BytesIO(exchange.body), warc_headers_dict=dict(date),
            http_headers=StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(),
                                          stored_headers(exchange.headers, len(exchange.body)),
                                          protocol=exchange.http_version))
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = self.writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(b""),
            warc_headers_dict={**date, "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
            http_headers=StatusAndHeaders(f"GET {target} {exchange.http_version}", list(exchange.request_headers),
                                          is_http_request=True))
        self.writer.write_record(request)
        self.writer.write_record(response)


def stored_headers(headers: list[tuple[str, str]], body_length: int) -> list[tuple[str, str]]:
    """Headers as stored beside a decoded body (Common Crawl's X-Crawler-* convention)."""
    out = []
    for name, value in headers:
        if name.lower() in _RENAMED:
            out.append((f"X-Crawler-{name}", value))
        else:
            out.append((name, value))
    out.append(("Content-Length", str(body_length)))
    return out
