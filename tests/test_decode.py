"""Bytes to text: BOMs, UTF-16 without a BOM, detected encodings, binary data."""
from __future__ import annotations

import pytest

from extractor import extract_bytes
from extractor.errors import ReadError

ARTICLE = "# Titre été\n\n1. Open the app.\n2. Close the app.\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_with_or_without_bom(encoding):
    record = extract_bytes(ARTICLE.encode(encoding), "post.md")
    assert record.metadata.title == "Titre été"
    assert len(record.procedures[0].steps) == 2


def test_legacy_encoding_is_detected_with_a_warning():
    text = ARTICLE.replace("été", "été déjà vu, à côté du château") * 3
    record = extract_bytes(text.encode("cp1252"), "post.md")
    assert "été" in record.metadata.title
    assert [w.code for w in record.warnings] == ["encoding"]


def test_binary_data_is_a_read_error():
    with pytest.raises(ReadError):
        extract_bytes(bytes(range(256)) * 40, "blob.md")


def test_control_characters_in_html_do_not_break_the_parser():
    record = extract_bytes(b"<html><body><p>a\x01b\x0c</p><p>ok</p></body></html>", "page.html")
    assert record.content.text == "ab\n\nok"


def test_a_page_decoded_from_utf8_hands_the_parser_its_own_bytes():
    from extractor.readers.html_decode import decode_html, utf8_of
    data = "<p>Café — “quoted”</p>".encode("utf-8")
    text, encoding, warning = decode_html(data)
    assert encoding == "utf-8" and warning is None
    assert utf8_of(text) is data  # not encoded again
    equal_text = "".join(text)  # an equal string that is not the decoded one: encoded afresh
    assert equal_text is not text
    assert utf8_of(equal_text) == data
    assert utf8_of("other ✓") == "other ✓".encode("utf-8")
    latin = decode_html("<meta charset=latin-1><p>caf\xe9</p>".encode("latin-1"))[0]
    assert utf8_of(latin) == latin.encode("utf-8")
