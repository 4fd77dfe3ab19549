"""Known tortured phrases: the team's curated list, matched with Aho-Corasick.

`data/fingerprints.tsv` (columns `tortured`, `original`, `domain`) is written by the team;
it is not a copy of any public list. Matching is case-insensitive on word boundaries, and
every hit carries the established wording as its suggestion.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from detector.model_files import FIX, ModelFileError, read_text
from detector.resources import data_file
from detector.spans.contract import Settings, TextDetector
from detector.spans.phrase_matcher import PhraseMatcher, normalize_phrase
from detector.text import FUNCTION_WORDS
from detector.types import Span, SpanKind

FINGERPRINT_FILE = "fingerprints.tsv"


@dataclass(frozen=True)
class Fingerprint:
    tortured: str
    original: str
    domain: str


@dataclass(frozen=True)
class FingerprintList:
    entries: dict[str, Fingerprint]
    matcher: PhraseMatcher

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str) -> list[Span]:
        spans = []
        for hit in self.matcher.find(text):
            entry = self.entries[hit.key]
            spans.append(
                Span(
                    start=hit.start,
                    end=hit.end,
                    text=text[hit.start : hit.end],
                    kind=SpanKind.FINGERPRINT,
                    score=1.0,
                    reason=f'known tortured phrase ({entry.domain}): the established wording is "{entry.original}"',
                    suggestion=_match_case(text[hit.start : hit.end], entry.original),
                )
            )
        return spans


def _match_case(observed: str, original: str) -> str:
    """Give the suggestion the observed capitalization: ALL CAPS, Title Case or sentence case.

    Title Case allows lowercase function words ("Place of Delegates" -> "House of
    Representatives"); the original's own capitals (acronyms) are kept.
    """
    letters = [c for c in observed if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return original.upper()
    content = [w for w in observed.split() if w.lower() not in FUNCTION_WORDS] or observed.split()
    if len(observed.split()) > 1 and all(w[:1].isupper() for w in content):
        return " ".join(
            w if w.lower() in FUNCTION_WORDS and i > 0 else w[:1].upper() + w[1:]
            for i, w in enumerate(original.split())
        )
    if observed[:1].isupper():
        return original[:1].upper() + original[1:]
    return original


def read_fingerprints(path: str | None = None) -> list[Fingerprint]:
    """Rows of a fingerprint TSV (the shipped one by default, checked against its recorded hash).
    Bad bytes raise ModelFileError naming the file, not a bare UnicodeDecodeError."""
    source = Path(path) if path else data_file(FINGERPRINT_FILE)
    reader = csv.DictReader(io.StringIO(read_text(source), newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    if not {"tortured", "original"} <= set(reader.fieldnames or ()):
        raise ModelFileError(f"{source} has no 'tortured' and 'original' columns; {FIX}")
    return [
        Fingerprint(row["tortured"].strip(), row["original"].strip(), (row.get("domain") or "").strip())
        for row in reader
        if row.get("tortured") and row.get("original")
    ]


@lru_cache(maxsize=1)
def curated() -> FingerprintList:
    """The shipped list, loaded once per process."""
    entries = {normalize_phrase(f.tortured): f for f in read_fingerprints()}
    return FingerprintList(entries, PhraseMatcher(entries))


class KnownPhrases(TextDetector):
    """The team's curated list of known tortured phrases."""

    name = "known_phrases"
    kind = SpanKind.FINGERPRINT

    def find(self, text: str, settings: Settings) -> list[Span]:
        return curated().find(text)
