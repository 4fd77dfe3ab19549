"""Bytes to text: UTF-8 whole, mixed files line by line, declared HTML charsets honoured."""

from __future__ import annotations

from detector.batch.decoding import decode


def test_utf8_is_decoded_whole_and_bom_dropped() -> None:
    result = decode("Caf\u00e9 au lait".encode("utf-8-sig"))
    assert result.text == "Caf\u00e9 au lait"
    assert (result.encoding, result.fallback_lines) == ("utf-8", 0)


def test_mixed_lines_each_keep_their_letters() -> None:
    data = "Caf\u00e9 one\n".encode() + "Caf\u00e9 two\n".encode("cp1252") + "na\u00efve three\n".encode()
    result = decode(data)
    assert result.text == "Caf\u00e9 one\nCaf\u00e9 two\nna\u00efve three\n"
    assert (result.encoding, result.fallback_lines) == ("mixed", 1)


def test_latin1_file_uses_the_declared_charset() -> None:
    page = '<html><head><meta charset="iso-8859-15"></head><body><p>Prix: 5 \u20ac</p></body></html>'
    result = decode(page.encode("iso-8859-15"))
    assert "5 \u20ac" in result.text
    assert result.encoding == "iso8859-15"


def test_undecodable_bytes_become_replacement_characters_not_errors() -> None:
    result = decode(b"ok\n\x81\x8d\x8f\n")
    assert result.text.startswith("ok\n")
    assert result.fallback_lines == 1
