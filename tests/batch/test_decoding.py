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


def test_binary_is_told_from_legacy_text() -> None:
    """Windows-1252 decodes nearly any byte, so random data must be caught before it is scored."""
    import random

    from detector.batch.decoding import looks_binary

    rng = random.Random(3)
    assert looks_binary(bytes(rng.randrange(1, 256) for _ in range(4096)))
    assert not looks_binary(("Caf\u00e9 cr\u00e8me \u00bd \u00a9 \u201cq\u201d\t\f\v\n" * 50).encode("cp1252"))
    assert not looks_binary("\x1b[31mred\x1b[0m caf\u00e9\n".encode("cp1252") * 50)  # a coloured log
    assert not looks_binary(b"Caf\xe9 au lait.\x1a")  # a DOS end-of-file mark
    assert not looks_binary(b'<meta charset="iso-2022-jp">' + b"\x1b$B" + bytes(range(1, 32)) * 4)
