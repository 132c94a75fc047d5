"""Bytes to text: BOMs first, then UTF-8, then a detected encoding with a warning."""
from __future__ import annotations

import codecs

from ..errors import ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or mostly control bytes in the first 8 KiB (text in UTF-16 has a BOM or fails later)."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.1


def decode(data: bytes) -> tuple[str, str, str | None]:
    """Return (text, encoding, warning). Raises ReadError for data that is not text at all."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {encoding} after its byte-order mark: {exc.reason} at byte {exc.start}") from None
            return text.lstrip("\ufeff"), encoding.replace("-sig", ""), None
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if looks_binary(data):
        raise ReadError("binary content (NUL or control bytes), not a text article")
    from charset_normalizer import from_bytes  # imported late: only needed for the rare non-UTF-8 file

    best = from_bytes(data[:262144]).best()
    if best is None:
        raise ReadError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no other encoding fits")
    text = data.decode(best.encoding, errors="replace")
    return text, best.encoding, f"not UTF-8; decoded as {best.encoding} (detected)"
