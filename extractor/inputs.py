"""Virtual inputs: URLs and WARC files in a batch, beside plain files.

The runner asks ``is_virtual(path)``; for those, ``expand(path)`` yields input ids and
``extract(input_id, options)`` turns one id into one record:

    https://example.org/how-to       fetched (robots.txt, rate limit, cache: extractor.fetch)
    crawl.warc.gz                    -> crawl.warc.gz#offset=1234, one id per HTML response record
                                        and per fetch-error record written by ``extractor fetch``
    crawl.warc.gz#offset=1234        that one record

Ids are plain strings, so they travel to worker processes and name the record's source: the
offset lets a worker seek straight to its record. Everything web-related is imported lazily, so
the core install (without the ``web`` extra) still runs and reports a URL input as an error record.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, replace
from typing import Iterator

from . import errors
from .errors import ExtractorError, ReadError
from .install import install_hint
from .limits import DocumentTimeout
from .model import DocumentRecord, ErrorDetail, ErrorRecord, Source
from .options import Options
from .paths import display_path
from .pipeline import extract_bytes

WARC_SUFFIXES = (".warc", ".warc.gz")
OFFSET_MARK = "#offset="
NEEDS_WEB = f"needs the web extra: {install_hint('web')}"


@dataclass
class Loaded:
    data: bytes
    path: str  # the input id, as the record's source.path
    url: str | None
    format: str
    content_type: str | None = None  # the HTTP header, for the page's charset


def is_url(path: str) -> bool:
    return path.lower().startswith(("http://", "https://"))


def is_warc(path: str) -> bool:
    return path.split(OFFSET_MARK, 1)[0].lower().endswith(WARC_SUFFIXES)


def is_virtual(path: str) -> bool:
    return is_url(path) or is_warc(path)


def expand(path: str) -> Iterator[str]:
    """Input ids for ``path``. A WARC that cannot be read (or is cut short) still yields ids for what
    was read, then the bare path, which ``extract`` turns into an error record."""
    if is_url(path) or OFFSET_MARK in path or not os.path.isfile(path):
        yield path
        return
    from .fetch import warc  # warcio itself is imported only when a WARC is read

    try:
        for entry in warc.scan(path):
            yield f"{path}{OFFSET_MARK}{entry.offset}"
    except ReadError:
        yield path


def load(input_id: str, options: Options) -> Loaded:
    """The bytes behind one input id. Raises ExtractorError (a FetchError for a failed URL)."""
    if is_url(input_id):
        return _load_url(input_id, options)
    return _load_warc_record(input_id, options.max_bytes)


def extract(input_id: str, options: Options) -> DocumentRecord | ErrorRecord:
    """One record for one input id; never raises for a bad input."""
    record, _ = extract_if_changed(input_id, options)
    return record


def extract_if_changed(input_id: str, options: Options,
                       known: str | None = None) -> tuple[DocumentRecord | ErrorRecord | None, str | None]:
    """(record, identity) for one input id; (None, identity) when a WARC record's identity (a hash of
    its URL, content type and payload) is still ``known`` from an earlier run: it need not be
    extracted again. A URL is always fetched and extracted (identity None). Never raises for a bad input."""
    url = input_id if is_url(input_id) else None
    try:
        loaded = load(input_id, options)
        url = loaded.url
        identity = None if is_url(input_id) else _identity(loaded)
        if identity is not None and identity == known:
            return None, identity
        return extract_bytes(loaded.data, display_path(loaded.path), format=loaded.format, options=options,
                             url=loaded.url, content_type=loaded.content_type), identity
    except ExtractorError as exc:
        return _error_record(input_id, getattr(exc, "url", None) or url, exc), None
    except RecursionError:
        return _error_record(input_id, url, ExtractorError("nesting too deep to extract", stage="parse")), None
    except Exception as exc:  # a bug must not stop a batch; the record says where
        return _error_record(input_id, url, ExtractorError(f"internal error: {type(exc).__name__}: {exc}")), None


def _identity(loaded: Loaded) -> str:
    digest = hashlib.sha256(f"{loaded.url}\n{loaded.content_type}\n".encode("utf-8", "surrogateescape"))
    digest.update(loaded.data)
    return digest.hexdigest()


def _error_record(path: str, url: str | None, exc: ExtractorError) -> ErrorRecord:
    return ErrorRecord(source=Source(path=display_path(path), url=url),
                       error=ErrorDetail(stage=exc.stage, reason=exc.reason, type=type(exc).__name__, line=exc.line))


# --- URLs -------------------------------------------------------------------------------------

# One Fetcher per process and FetchOptions, reused by its inputs (robots.txt read once). By default
# the per-host limits are shared by all processes through lock files: -j N workers stay polite.
_FETCHERS: dict = {}


def default_cache_dir() -> str:
    """``$EXTRACTOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/extractor/http``, else ``~/.cache/extractor/http``."""
    if os.environ.get("EXTRACTOR_CACHE_DIR"):
        return os.environ["EXTRACTOR_CACHE_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "extractor", "http")


def default_gate_dir() -> str:
    """Lock files through which every extractor process of this user shares its per-host limits:
    ``$XDG_RUNTIME_DIR/extractor/hosts`` (a per-user directory), else ``$TMPDIR/extractor-UID/hosts``.
    Either way ``fetch.gates.private_directory`` makes the last two 0700 and refuses them if they are
    not this user's own (a shared /tmp lets anyone create the name first)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and os.path.isdir(runtime):
        return os.path.join(runtime, "extractor", "hosts")
    user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return os.path.join(tempfile.gettempdir(), f"extractor-{user}", "hosts")


def _load_url(url: str, options: Options) -> Loaded:
    try:
        from .fetch.client import Fetcher
        from .fetch.policy import FetchOptions
    except ImportError:
        raise errors.FetchError(f"fetching URLs {NEEDS_WEB}") from None
    fetch_options = options.fetch or FetchOptions(cache_dir=default_cache_dir(), shared_gates=default_gate_dir())
    if options.timeout > 0 and fetch_options.total_timeout > 0.9 * options.timeout:
        # the response's own deadline ends first, so a slow server is a FetchTimeout, not a "limits" error
        fetch_options = replace(fetch_options, total_timeout=0.9 * options.timeout)
    fetcher = _FETCHERS.get(fetch_options)
    if fetcher is None:
        fetcher = _FETCHERS[fetch_options] = Fetcher(fetch_options)
    try:
        page = fetcher.fetch(url)
    except DocumentTimeout:  # waiting for the host's turn, robots.txt and the page took the whole limit
        raise errors.FetchTimeout(f"fetching took longer than the {options.timeout:g}s limit (--timeout)") from None
    if isinstance(page, errors.FetchError):
        raise page
    return Loaded(page.body, url, page.final_url, "html", page.final.header("content-type"))


# --- WARC records -----------------------------------------------------------------------------

def _load_warc_record(input_id: str, max_bytes: int) -> Loaded:
    path, _, offset = input_id.partition(OFFSET_MARK)
    if not os.path.exists(path):
        raise ReadError("no such file or directory")
    from .fetch import warc

    if not offset:  # expand() gave the bare path: the scan failed; scanning again names the reason
        for _ in warc.scan(path):
            pass
        raise ReadError("no HTML response records")
    if not offset.isdigit():
        raise ReadError(f"bad WARC offset {offset!r}")
    payload = warc.read_at(path, int(offset), max_bytes=max_bytes)
    if payload.kind == "error":
        raise _fetch_error_from(payload.url, payload.error or {})
    return Loaded(payload.body, input_id, payload.url, "html", payload.content_type)


def _fetch_error_from(url: str, saved: dict) -> ExtractorError:
    """The error ``extractor fetch`` recorded, as the same class with the same reason."""
    cls = getattr(errors, str(saved.get("type", "")), None)
    if not (isinstance(cls, type) and issubclass(cls, errors.FetchError)):
        cls = errors.FetchError
    exc = cls(str(saved.get("reason", "fetch failed")), stage=saved.get("stage") or None)
    exc.url = url
    return exc

