"""Bytes to text for files and streams: UTF-8 first, line by line fallbacks, nothing lost.

Scraped dumps mix encodings: a UTF-8 page with a Windows-1252 line pasted in, or a Latin-1
file. Decoding the whole file as UTF-8 with replacement would turn every such line into
U+FFFD and lose it; decoding it all as Windows-1252 would turn the UTF-8 lines into
mojibake. So each line is decoded as UTF-8 when it is valid UTF-8, else as the HTML
page's declared charset, else as Windows-1252 (which maps every byte but five; those
become U+FFFD). The caller learns which lines needed a fallback.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

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
