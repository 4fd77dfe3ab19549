"""Read text as a person sees it: invisible characters dropped, look-alike letters read as Latin.

A spinner that wants its page past an exact-match filter can hide a tortured phrase without
changing how it looks: a zero-width space, word joiner or soft hyphen inside "Unfamiliar
Clergyman", or Cyrillic "а", "е", "о" for the Latin letters. Every later stage reads the
normalised text; `Normalized.original` maps its offsets back to the caller's string, so a span
still satisfies `text[span.start:span.end] == span.text` (the hidden characters included).
Honest text rarely holds such characters inside words, so their number is reported too (the
`obfuscation` quality flag).

Look-alikes are read as Latin only inside words that already hold a Latin letter, or that are
made of look-alikes alone in mostly Latin text: a Russian or Greek word quoted in English text,
and Russian or Greek text, stay as written.
Invisible characters count as hiding only beside a letter, so the zero-width joiners of emoji
sequences and a leading byte-order mark are dropped without being counted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Format characters that render as nothing: soft hyphen, combining grapheme joiner, Arabic
# letter mark, Hangul fillers, Khmer vowel inherents, Mongolian selectors, zero-width space /
# (non-)joiner, direction marks and embeddings, word joiner and invisible operators, isolates,
# variation selectors, byte-order mark, tag characters.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\U000e0000-\U000e007f"
)
# Cyrillic and Greek letters drawn like Latin ones (the pairs spoofing lists agree on). Greek
# small letters other than omicron are left out: science writes them beside Latin ones
# ("NF-κB", "TNF-α", "α = 0.05") and a spinner gains little from them.
_SCRIPT_LOOKALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l", "А": "A", "В": "B", "Е": "E",
    "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X",
    "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W", "ο": "o", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H",
    "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip
# Fullwidth and mathematical letters: compatibility forms of one ASCII letter each.
_COMPAT_RANGES = "\uff21-\uff3a\uff41-\uff5a\U0001d400-\U0001d6a5"
_SUSPECT = re.compile(f"[{_INVISIBLE}{''.join(_SCRIPT_LOOKALIKES)}{_COMPAT_RANGES}]")
_INVISIBLE_CHAR = re.compile(f"[{_INVISIBLE}]")
_LOOKALIKE_CHAR = re.compile(f"[{''.join(_SCRIPT_LOOKALIKES)}{_COMPAT_RANGES}]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """The text as displayed, and how to find each of its characters in the original.

    `origin[i]` is the index in the original of `text[i]`; None when nothing changed (the
    common case, which costs one regex search). `invisible` counts invisible characters beside
    a letter, `lookalike` the letters read as Latin: together, the hidden characters.
    """

    text: str
    origin: np.ndarray | None = None
    invisible: int = 0
    lookalike: int = 0

    @property
    def hidden(self) -> int:
        return self.invisible + self.lookalike

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The (start, end) in the original string of `text[start:end]`."""
        if self.origin is None:
            return start, end
        if end <= start:  # an empty stretch: where it sits
            at = (
                int(self.origin[start])
                if start < len(self.origin)
                else int(self.origin[-1]) + 1
                if len(self.origin)
                else 0
            )
            return at, at
        return int(self.origin[start]), int(self.origin[end - 1]) + 1


@lru_cache(maxsize=4096)
def _as_latin(char: str) -> str | None:
    """The Latin letter `char` is drawn as, or None."""
    if char in _SCRIPT_LOOKALIKES:
        return _SCRIPT_LOOKALIKES[char]
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 and folded.isascii() and folded.isalpha() else None


def normalize(text: str) -> Normalized:
    """`text` as a reader sees it (see the module docstring); unchanged text costs one search."""
    if _SUSPECT.search(text) is None:
        return Normalized(text)
    visible, origin, invisible = _drop_invisible(text)
    chars = list(visible)
    lookalike = 0
    # A word of look-alikes alone ("со", "και") is read as Latin only in mostly Latin text.
    mostly_latin = 2 * len(_LATIN.findall(visible)) >= len(_LETTER.findall(visible))
    for word in _WORD.finditer(visible):
        letters = word.group()
        if _LOOKALIKE_CHAR.search(letters) is None:  # most words: nothing to read otherwise
            continue
        if not mostly_latin and _LATIN.search(letters) is None:  # Russian or Greek text stays
            continue
        mapped = [_as_latin(c) for c in letters]
        alone = mostly_latin and all(mapped)  # "сор", or Cyrillic "а" for the article
        if not any(mapped) or not (_LATIN.search(letters) or alone):
            continue
        for offset, latin in enumerate(mapped):
            if latin is not None and latin != letters[offset]:
                chars[word.start() + offset] = latin
                lookalike += 1
    return Normalized("".join(chars), origin, invisible, lookalike)


def _drop_invisible(text: str) -> tuple[str, np.ndarray, int]:
    """The text without invisible characters, each kept character's original index, and how
    many of the dropped ones sat beside a letter."""
    keep = np.ones(len(text), dtype=bool)
    beside_letter = 0
    for match in _INVISIBLE_CHAR.finditer(text):
        i = match.start()
        keep[i] = False
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        beside_letter += i > 0 and (before.isalpha() or after.isalpha())  # a leading BOM hides nothing
    origin = np.flatnonzero(keep)
    return _INVISIBLE_CHAR.sub("", text), origin, beside_letter
