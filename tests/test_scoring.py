"""The span-based document estimate."""

from __future__ import annotations

from detector.scoring import document_score
from detector.types import Span


def _span(score: float) -> Span:
    return Span(0, 1, "x", "discovery", score, "r", "y")


def test_no_spans_scores_zero() -> None:
    assert document_score([], 500) == 0.0


def test_more_evidence_scores_higher_and_stays_below_one() -> None:
    one = document_score([_span(0.9)], 300)
    five = document_score([_span(0.9)] * 5, 300)
    assert 0.0 < one < five < 1.0


def test_expected_chance_evidence_is_discounted_on_long_texts() -> None:
    assert document_score([_span(0.9)], 5000) < document_score([_span(0.9)], 200)
