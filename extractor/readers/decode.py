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


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: mostly ASCII, so nearly every odd (LE) or even (BE) byte is zero."""
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    pairs = len(head) // 2
    even_zero = sum(1 for i in range(0, pairs * 2, 2) if head[i] == 0)
    odd_zero = sum(1 for i in range(1, pairs * 2, 2) if head[i] == 0)
    if odd_zero >= 0.7 * pairs and even_zero <= 0.1 * pairs:
        return "utf-16-le"
    if even_zero >= 0.7 * pairs and odd_zero <= 0.1 * pairs:
        return "utf-16-be"
    return None


def _windows_1252(data: bytes) -> str | None:
    """Western text in cp1252/Latin-1 (the web's old default): its non-ASCII letters stand alone
    between ASCII ones ("ch\xe2teau"), while Cyrillic or CJK bytes come in runs. Detectors guess
    poorly on short Western texts, so this simple test goes first."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    high = [i for i, ch in enumerate(text) if ord(ch) > 127]
    if not high:
        return text
    in_runs = sum(1 for i in high if (i > 0 and ord(text[i - 1]) > 127) or (i + 1 < len(text) and ord(text[i + 1]) > 127))
    return text if in_runs <= 0.3 * len(high) else None


def decode(data: bytes) -> tuple[str, str, str | None]:
    """Return (text, encoding, warning). Raises ReadError for data that is not text at all."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {encoding} after its byte-order mark: {exc.reason} at byte {exc.start}") from None
            return text.lstrip("\ufeff"), encoding.replace("-sig", ""), None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16, f"no byte-order mark; decoded as {utf16} (zero bytes in every other place)"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if looks_binary(data):
        raise ReadError("binary content (NUL or control bytes), not a text article")
    western = _windows_1252(data)
    if western is not None:
        return western, "cp1252", "not UTF-8; decoded as cp1252 (accented letters between plain ones)"
    from charset_normalizer import from_bytes  # imported late: only needed for the rare non-UTF-8 file

    best = from_bytes(data[:262144]).best()
    if best is None:
        raise ReadError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no other encoding fits")
    text = data.decode(best.encoding, errors="replace")
    return text, best.encoding, f"not UTF-8; decoded as {best.encoding} (detected)"
