"""Suggestions in the text's own spelling, British or American.

The restoration search reads an American LM and thesauri that list both spellings, so which
spelling a suggestion takes is an accident of the tables: "Defence attorney" in a text that
writes "harbor", or "labour" for a written "labor", which is no swap at all. A reader checks a
suggestion against the text, and a matcher compares it with the original: both expect the
writer's spelling. So the spans a report shows have their suggested words respelled in the
variety the text itself marks ("colour", "centre" against "color", "center"), on two axes:
-ise / -ize apart from the rest, since Oxford spelling writes "organization" with "colour". A
text that marks neither way keeps the LM's own, American spelling. A suggested word that is
only another spelling of the word written in its place takes the written form.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from detector.model_files import table_rows
from detector.resources import data_file
from detector.text import match_case
from detector.types import Span

AMERICAN, BRITISH = "american", "british"
# The variety of an axis the text marks neither way: None keeps the search's spelling. Suggestions
# right (team dev validation / team evaluation / outside devset) with respelling off, None,
# AMERICAN: 0.557 / 0.574 / 0.434, 0.559 / 0.578 / 0.439, 0.557 / 0.570 / 0.439.
UNMARKED: str | None = None
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Variants:
    """The spelling pairs (`data/spelling_variants.tsv`, `training/spelling_variants.py`)."""

    other: dict[str, tuple[str, str, str]]  # form -> (its other spelling, that spelling's variety, axis)
    marks: dict[str, tuple[str, str]]  # form -> (axis, variety) for a form that marks its variety

    def respelled(self, word: str, house: dict[str, str]) -> str:
        """`word` (lowercase) in the house variety of its axis, or as it is."""
        entry = self.other.get(word)
        if entry is None:
            return word
        other, variety, axis = entry
        return other if house.get(axis, UNMARKED) == variety else word


@lru_cache(maxsize=1)
def variants() -> Variants:
    """The shipped pairs, loaded once per process."""
    other: dict[str, tuple[str, str, str]] = {}
    marks: dict[str, tuple[str, str]] = {}
    for british, american, axis, british_marks, american_marks in table_rows(
        data_file("spelling_variants.tsv"), width=5
    ):
        other[british] = (american, AMERICAN, axis)
        other[american] = (british, BRITISH, axis)
        if british_marks == "1":
            marks[british] = (axis, BRITISH)
        if american_marks == "1":
            marks[american] = (axis, AMERICAN)
    return Variants(other, marks)


def house_variety(text: str, table: Variants | None = None) -> dict[str, str]:
    """Per axis, the variety the text's own marking words favour; an axis the text marks
    neither way (or evenly) is left out."""
    marks = (table or variants()).marks
    votes: Counter[tuple[str, str]] = Counter()
    for match in _WORD.finditer(text):
        mark = marks.get(match.group().lower())
        if mark is not None:
            votes[mark] += 1
    house = {}
    for axis in {axis for axis, _ in votes}:
        british, american = votes[(axis, BRITISH)], votes[(axis, AMERICAN)]
        if british != american:
            house[axis] = BRITISH if british > american else AMERICAN
    return house


def in_house_spelling(text: str, spans: Iterable[Span]) -> tuple[Span, ...]:
    """The spans with their suggestions in the text's spelling (see the module's docstring).
    The text is read for its variety only when a suggestion holds a word with two spellings."""
    spans = tuple(spans)
    table = variants()
    if not any(w.lower() in table.other for s in spans if s.suggestion for w in _WORD.findall(s.suggestion)):
        return spans
    house = house_variety(text, table)
    return tuple(_respelled(span, house, table, _opens_sentence(text, span.start)) for span in spans)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether a span at `start` begins a sentence, line or quotation: a capital there is no name."""
    i = start
    while i > 0 and text[i - 1] in " \t":  # no copy of the text before the span: pages run to megabytes
        i -= 1
    return i == 0 or text[i - 1] in ".!?:;\n\"'(\u201c\u2018"


def _respelled(span: Span, house: dict[str, str], table: Variants, opens_sentence: bool) -> Span:
    """`span` with its suggestion respelled; a capitalised word inside a sentence is a name's
    ("Labour Party", "Pearl Harbor") and keeps its spelling."""
    if not span.suggestion:
        return span
    written = _WORD.findall(span.text)
    suggested = _WORD.findall(span.suggestion)
    aligned: Sequence[str | None] = written if len(written) == len(suggested) else [None] * len(suggested)
    words = iter(enumerate(zip(suggested, aligned)))

    def one(match: re.Match[str]) -> str:
        i, (word, there) = next(words)
        lower = word.lower()
        if there is not None and (lower == there.lower() or table.other.get(lower, ("",))[0] == there.lower()):
            return there  # the written word, or another spelling of it: not a change
        if word[:1].isupper() and not (i == 0 and opens_sentence):
            return word
        return match_case(word, table.respelled(lower, house))

    suggestion = _WORD.sub(one, span.suggestion)
    if suggestion == span.suggestion:
        return span
    reason = span.reason.replace(f'"{span.suggestion}"', f'"{suggestion}"')
    return replace(span, suggestion=suggestion, reason=reason)
