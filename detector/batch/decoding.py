"""Bytes to text for files and streams: UTF-8 first, line by line fallbacks, nothing lost.

Scraped dumps mix encodings: a UTF-8 page with a Windows-1252 line pasted in, or a Latin-1
file. Decoding the whole file as UTF-8 with replacement would turn every such line into
U+FFFD and lose it; decoding it all as Windows-1252 would turn the UTF-8 lines into
mojibake. So each line is decoded as UTF-8 when it is valid UTF-8, else as the HTML
page's declared charset, else as Windows-1252 (which maps every byte but five; those
become U+FFFD). The caller learns which lines needed a fallback.

Because Windows-1252 maps nearly every byte, random or binary data would "decode" too, and be
scored as a page of gibberish (and pass as clean). Text in a legacy encoding has almost no
control bytes, binary data about one in eight: `looks_binary` tells them apart.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# C0 controls other than tab, line breaks, vertical tab and form feed (Word exports use those)
# and ESC (coloured logs); DEL; the five bytes Windows-1252 leaves undefined.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D])
_MAX_CONTROL_SHARE = 0.02  # random bytes: ~12%; text in cp1252 or Latin-1: ~0
_MIN_CONTROL_BYTES = 4  # a stray byte or two (a DOS end-of-file mark) in a short file is still text
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", the fallback used for every line, or "mixed"
    fallback_lines: int  # lines that were not valid UTF-8


def _declared(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode(data: bytes) -> Decoded:
    """Decode `data`, whole when it is UTF-8 (a BOM is dropped), else line by line."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 0)
    except UnicodeDecodeError:
        pass
    declared = _declared(data)
    fallback = declared if declared not in (None, "utf-8") else "cp1252"
    lines = data.splitlines(keepends=True)
    out, bad = [], 0
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            bad += 1
            out.append(line.decode(fallback, errors="replace"))
    encoding = fallback if bad == len(lines) else "mixed"
    return Decoded("".join(out), encoding, bad)


def looks_binary(data: bytes) -> bool:
    """Whether bytes that are not UTF-8 are binary rather than text in a legacy encoding.

    Only for data that failed UTF-8 (valid UTF-8 is text whatever its control characters) and
    that declares no charset (a declared one, such as ISO-2022-JP, may use control bytes)."""
    if _declared(data) is not None:
        return False
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > max(_MIN_CONTROL_BYTES, _MAX_CONTROL_SHARE * len(data))
