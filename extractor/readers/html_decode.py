"""HTML bytes to text: gzip, then the charset from a BOM, an HTTP header, or a ``<meta>`` declaration.

The order follows the HTML standard's encoding sniffing: a byte-order mark wins, then the
transport's ``Content-Type`` charset (when the caller has one), then a ``<meta charset>`` or
``<meta http-equiv="Content-Type">`` in the first 4 KiB, then UTF-8, then a detected encoding.
"""
from __future__ import annotations

import codecs
import re
import zlib

from ..errors import LimitExceeded, ReadError
from .decode import decode

_GZIP_MAGIC = b"\x1f\x8b"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
# Labels pages declare that Python spells differently or that browsers treat as a superset.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "x-sjis": "shift_jis", "gb2312": "gb18030", "gbk": "gb18030"}


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data, every member of it (``cat a.gz b.gz`` is one valid gzip file), refusing
    to inflate past ``max_bytes`` in total: a bomb is a LimitExceeded, not a hang or a memory blow-up.
    A last member cut short keeps what it held; bytes after the last member that are not gzip are ignored."""
    parts, total, pending = [], 0, data
    while is_gzip(pending):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            part = inflater.decompress(pending, max_bytes + 1 - total)  # never 0 (= no limit): total <= max_bytes
        except zlib.error as exc:
            raise ReadError(f"not valid gzip data: {exc}") from None
        total += len(part)
        if total > max_bytes:
            raise LimitExceeded(f"gzip data inflates past {max_bytes:,} bytes (--max-bytes)")
        parts.append(part)
        if not inflater.eof:
            break
        pending = inflater.unused_data
    return b"".join(parts)


def is_gzip(data: bytes) -> bool:
    return data[:2] == _GZIP_MAGIC


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset a page declares (HTTP header first, then ``<meta>``), if Python knows it."""
    candidates = []
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            candidates.append(match.group(1))
    match = _META_CHARSET.search(data[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "replace"))
    for label in candidates:
        label = _ALIASES.get(label.lower(), label.lower())
        try:
            return codecs.lookup(label).name
        except LookupError:
            continue
    return None


def decode_html(data: bytes, content_type: str | None = None, max_bytes: int = 64 * 1024 * 1024) -> tuple[str, str, str | None]:
    """Return (text, encoding, warning) for an HTML page given as bytes (gzip allowed)."""
    if is_gzip(data):
        data = gunzip(data, max_bytes)
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    charset = declared_charset(data, content_type)
    if charset and charset not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
        return data.decode(charset, errors="replace"), charset, None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if charset == "utf-8":  # declared UTF-8 but is not: keep what is readable, say so
            return data.decode("utf-8", errors="replace"), "utf-8", "declared UTF-8 but has invalid bytes; replaced"
        return decode(data)
    if type(data) is bytes:  # not a buffer that could change under it
        global _last_utf8
        _last_utf8 = (text, data)
    return text, "utf-8", None


# The page last decoded as UTF-8 without a fault, and its bytes: encoding that very text again gives
# those bytes, which the parser wants (libxml2 reads UTF-8 bytes faster than a str). Kept as one tuple,
# so a reader in another thread sees a text and its own bytes, or another text.
_last_utf8: tuple[str, bytes] | None = None


def utf8_of(text: str) -> bytes:
    """``text.encode("utf-8")``; the bytes it was decoded from when it is the page ``decode_html`` last
    decoded from UTF-8 (the same object: a strict decode and an encode give back the same bytes).
    Raises UnicodeEncodeError as ``encode`` does (a lone surrogate)."""
    last = _last_utf8
    if last is not None and last[0] is text:
        return last[1]
    return text.encode("utf-8")
