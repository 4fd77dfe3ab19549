"""Case-insensitive, word-bounded multi-phrase search (Aho-Corasick, C-backed).

Shared by the curated fingerprint list and by user-supplied PPS exports, so both match
phrases the same way: whole words only, any run of spaces/hyphens/newlines between words,
curly and straight apostrophes alike, offsets into the caller's original string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick
import numpy as np

_SEPARATORS = re.compile(r"[\s\-\u00a0]+")


def _fold_char(ch: str) -> str:
    """Fold one character to one character, so offsets survive folding."""
    if ch == "\u2019" or ch == "\u2018":
        return "'"
    if ch in "-\u00a0\t\n\r\f\v\u2010\u2011\u2012\u2013":
        return " "
    low = ch.lower()
    return low if len(low) == 1 else ch


_FOLD_TABLE = str.maketrans(
    {"\u2019": "'", "\u2018": "'", **{c: " " for c in "-\u00a0\t\n\r\f\v\u2010\u2011\u2012\u2013"}}
)


def fold(text: str) -> str:
    """Lowercase and fold separators, keeping exactly one output char per input char."""
    lowered = text.lower()
    if len(lowered) == len(text):  # the common case: one C-speed pass
        return lowered.translate(_FOLD_TABLE)
    return "".join(_fold_char(c) for c in text)


def normalize_phrase(phrase: str) -> str:
    """The key a phrase is stored under: lowercase words joined by single spaces."""
    return " ".join(_SEPARATORS.split(fold(phrase).strip()))


@dataclass(frozen=True, slots=True)
class PhraseHit:
    start: int
    end: int
    key: str


class PhraseMatcher:
    """Find every listed phrase in a text, on word boundaries, case-insensitively.

    Runs of whitespace in the text are collapsed before matching (with an offset map), so
    "Unfamiliar\\n  Clergyman" matches "unfamiliar clergyman".
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        count = 0
        for phrase in phrases:
            key = normalize_phrase(phrase)
            if key and key not in self._automaton:
                self._automaton.add_word(key, key)
                count += 1
        self._size = count
        if count:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return self._size

    def find(self, text: str) -> Iterator[PhraseHit]:
        if not self._size:
            return
        folded = fold(text)
        # Collapse runs of spaces (and leading ones), remembering where each kept char came from.
        codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        space = codes == 32
        keep = ~(space & np.r_[True, space[:-1]])
        origin = np.flatnonzero(keep)
        squeezed = codes[keep].tobytes().decode("utf-32-le", "surrogatepass")
        n = len(squeezed)
        for end_idx, key in self._automaton.iter(squeezed):
            start_idx = end_idx - len(key) + 1
            if start_idx > 0 and _is_word_char(squeezed[start_idx - 1]):
                continue
            if end_idx + 1 < n and _is_word_char(squeezed[end_idx + 1]):
                continue
            yield PhraseHit(int(origin[start_idx]), int(origin[end_idx]) + 1, key)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"
