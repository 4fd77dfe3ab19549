"""Tests for the span-level measures (`detector.training.span_eval`)."""

from __future__ import annotations

import pytest

from detector.training.span_eval import SpanTally, restored_text, tally_document
from detector.types import Span

TEXT = "The unfamiliar clergyman met the press after the virus war ended."
#       0123456789012345678901234567890123456789012345678901234567890123


def span(start: int, end: int, suggestion: str | None = None) -> Span:
    return Span(start, end, TEXT[start:end], "discovery", 0.9, "reason", suggestion)


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def test_empty_tally() -> None:
    tally = SpanTally()
    assert tally.recall == 0.0
    assert tally.precision == 0.0
    assert tally.suggestion_accuracy == 0.0
    assert tally.false_per_1k_clean == 0.0
    assert set(tally.as_dict()) >= {"gold", "recall", "precision", "suggestion_accuracy"}


def test_restored_text_whole_span() -> None:
    s, e = at("unfamiliar clergyman")
    assert restored_text(TEXT, span(s, e, "foreign minister"), s, e) == "foreign minister"
    # The gold stretch is wider than the span: the surrounding text is kept.
    s2, e2 = at("clergyman")
    assert restored_text(TEXT, span(s2, e2, "minister"), s, e) == "unfamiliar minister"


def test_restored_text_gold_inside_span() -> None:
    s, e = at("unfamiliar clergyman")
    s2, e2 = at("clergyman")
    assert restored_text(TEXT, span(s, e, "foreign minister"), s2, e2) == "minister"


def test_restored_text_span_overlapping_one_end_of_the_gold_stretch() -> None:
    # The gold stretch's words outside the span stay as written ("weighty rain" flagged as
    # "admonition for weighty" -> "warning for heavy" restores to "heavy rain").
    s, e = at("unfamiliar clergyman")
    s2, e2 = at("The unfamiliar")
    assert restored_text(TEXT, span(s2, e2, "the foreign"), s, e) == "foreign clergyman"
    s3, e3 = at("clergyman met")
    assert restored_text(TEXT, span(s3, e3, "minister met"), s, e) == "unfamiliar minister"


def test_restored_text_without_suggestion() -> None:
    s, e = at("virus war")
    assert restored_text(TEXT, span(s, e, None), s, e) == ""


def test_tally_document_found_and_right() -> None:
    tally = SpanTally()
    gold = [(*at("unfamiliar clergyman"), "foreign minister"), (*at("virus war"), "cold war")]
    s1, e1 = at("unfamiliar clergyman")
    s2, e2 = at("virus")
    predicted = [span(s1, e1, "Foreign  Minister"), span(s2, e2, "hot")]
    tally_document(tally, TEXT, predicted, gold, n_words=11, clean=False)
    assert tally.gold == 2
    assert tally.found == 2
    assert tally.suggested_right == 1  # case and whitespace do not matter; "hot war" is wrong
    assert tally.predicted == 2
    assert tally.false_spans == 0
    assert tally.recall == 1.0
    assert tally.precision == 1.0
    assert tally.suggestion_accuracy == 0.5
    assert tally.words == 11 and tally.clean_words == 0


def test_tally_document_misses_and_false_spans() -> None:
    tally = SpanTally()
    gold = [(*at("virus war"), "cold war")]
    predicted = [span(*at("press"), "media")]
    tally_document(tally, TEXT, predicted, gold, n_words=11, clean=False)
    assert tally.found == 0
    assert tally.false_spans == 1
    assert tally.recall == 0.0
    assert tally.precision == 0.0


def test_clean_documents_count_false_spans_per_1k_words() -> None:
    tally = SpanTally()
    tally_document(tally, TEXT, [span(*at("press"), "media")], [], n_words=500, clean=True)
    tally_document(tally, TEXT, [], [], n_words=500, clean=True)
    assert tally.clean_words == 1000
    assert tally.clean_false_spans == 1
    assert tally.false_per_1k_clean == pytest.approx(1.0)
    assert tally.as_dict()["false_spans_per_1k_clean_words"] == pytest.approx(1.0)


def test_touching_spans_do_not_overlap() -> None:
    tally = SpanTally()
    s, e = at("virus war")
    tally_document(tally, TEXT, [span(e, e + 1, "x")], [(s, e, "cold war")], n_words=11, clean=False)
    assert tally.found == 0
    assert tally.false_spans == 1
