"""Tests for tense calques (`detector.spans.tenses`).

A present perfect with a definite past time in the same clause must be found from "has"/"have"
to the time expression, with the simple past as its suggestion (irregular verbs by their past
form, the passive with "was"/"were", an adverb kept, a capital kept); a present perfect whose
time runs up to now, one in another clause than the time, and a dated event already in the
simple past must be left alone; offsets index the caller's text; the report carries the spans as
calques. All texts were written for these tests.
"""

from __future__ import annotations

import pytest

from detector import score
from detector.spans.tenses import find_tense_calques, simple_past
from detector.text import tokenize
from detector.types import SpanKind


def _found(text: str) -> dict[str, str | None]:
    return {s.text: s.suggestion for s in find_tense_calques(text, tokenize(text))}


@pytest.mark.parametrize(
    ("text", "phrase", "past"),
    [
        ("The firm has reported on Thursday a profit.", "has reported on Thursday", "reported on Thursday"),
        (
            "Sales have strongly increased in August.",
            "have strongly increased in August",
            "strongly increased in August",
        ),
        ("She has written two letters in 2019.", "has written two letters in 2019", "wrote two letters in 2019"),
        ("He has been arrested yesterday.", "has been arrested yesterday", "was arrested yesterday"),
        ("Prices have risen 5% last year.", "have risen 5% last year", "rose 5% last year"),
        ("Has stolen it two days ago, he says.", "Has stolen it two days ago", "Stole it two days ago"),
    ],
)
def test_a_present_perfect_with_a_past_time_is_found_with_its_simple_past(text: str, phrase: str, past: str) -> None:
    assert _found(text) == {phrase: past}


@pytest.mark.parametrize(
    "text",
    [
        "Prices have risen in the last year.",  # up to now
        "It has risen for the first time since April last year.",  # another time frame
        "He has said that the plant closed on Monday.",  # another clause
        "He has said it, and on Monday he left.",  # punctuation between
        "The firm reported on Thursday a profit.",  # already the simple past
        "She has a meeting on Monday.",  # no participle
        "It may have closed in May.",  # "in May" is not read
        "It could have nipped it in the bud years ago.",  # a modal perfect may take a past time
        "She is said to have left on Monday.",  # so may an infinitive one
        "They have called it a rite In 2008 it was renamed.",  # a sentence whose full stop is missing
        "It has been honoured with the national award of merit in 1997.",  # the time is too far off
    ],
)
def test_english_tenses_are_left_alone(text: str) -> None:
    assert _found(text) == {}


def test_irregular_pasts_come_from_the_irregular_table() -> None:
    assert (simple_past("written"), simple_past("stolen"), simple_past("reported")) == ("wrote", "stole", "reported")


def test_offsets_index_the_callers_text_and_the_report_reads_them_as_calques() -> None:
    text = "Intro words. The firm has reported on Thursday a profit and has been sold on Friday."
    spans = find_tense_calques(text, tokenize(text))
    assert [text[s.start : s.end] for s in spans] == [s.text for s in spans] and len(spans) == 2
    assert all(s.kind == SpanKind.CALQUE and "simple past" in s.reason for s in spans)
    assert {s.text for s in score(text).spans if s.kind == SpanKind.CALQUE} >= {"has reported on Thursday"}
