"""Tests for the result types (`detector.types`)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from detector.types import Report, Span


def make_span(**overrides) -> Span:  # type: ignore[no-untyped-def]
    values = {
        "start": 4,
        "end": 24,
        "text": "unfamiliar clergyman",
        "kind": "fingerprint",
        "score": 1.0,
        "reason": "known tortured phrase",
        "suggestion": "foreign minister",
    }
    values.update(overrides)
    return Span(**values)


def make_report(*spans: Span) -> Report:
    return Report(score=0.9, label="spun", spans=tuple(spans), n_words=12, notes=("a note",))


def test_span_is_frozen() -> None:
    span = make_span()
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 0  # type: ignore[misc]
    with pytest.raises((dataclasses.FrozenInstanceError, AttributeError, TypeError)):
        span.extra = 1  # type: ignore[attr-defined]


def test_report_is_frozen() -> None:
    report = make_report(make_span())
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.score = 0.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.label = "clean"  # type: ignore[misc]
    assert isinstance(report.spans, tuple)
    assert isinstance(report.notes, tuple)


def test_defaults() -> None:
    span = Span(0, 1, "x", "discovery", 0.5, "why")
    assert span.suggestion is None
    report = Report(0.0, "clean", (), 0)
    assert report.language_supported is True
    assert report.low_confidence is False
    assert report.notes == ()


def test_span_to_dict_round_trips_through_json() -> None:
    span = make_span(text="Unfamiliar Clergyman \u2019\U0001f600", suggestion=None)
    data = span.to_dict()
    assert data == {
        "start": 4,
        "end": 24,
        "text": "Unfamiliar Clergyman \u2019\U0001f600",
        "kind": "fingerprint",
        "score": 1.0,
        "reason": "known tortured phrase",
        "suggestion": None,
    }
    assert json.loads(json.dumps(data)) == data


def test_report_to_dict_is_json_serialisable() -> None:
    spans = (make_span(), make_span(start=30, end=39, text="Virus War", kind="discovery", score=0.8))
    report = make_report(*spans)
    data = report.to_dict()
    encoded = json.dumps(data)
    decoded = json.loads(encoded)
    assert decoded == data
    assert set(data) == {
        "score",
        "label",
        "n_words",
        "language_supported",
        "low_confidence",
        "notes",
        "spans",
        "quality",
        "source_format",
        "text",
        "mt_score",
        "reasons",
    }
    assert isinstance(data["notes"], list)
    assert [s["text"] for s in data["spans"]] == ["unfamiliar clergyman", "Virus War"]


def test_to_dict_is_a_copy() -> None:
    report = make_report(make_span())
    data = report.to_dict()
    data["spans"][0]["text"] = "changed"
    data["notes"].append("x")
    assert report.spans[0].text == "unfamiliar clergyman"
    assert report.notes == ("a note",)


def test_equal_and_hashable() -> None:
    assert make_span() == make_span()
    assert hash(make_span()) == hash(make_span())
    assert hash(make_report(make_span())) == hash(make_report(make_span()))


def test_span_kinds_read_as_plain_strings() -> None:
    """Kinds are written once (`SpanKind`) yet reports, reprs and JSON show the plain name."""
    import json

    from detector.types import LISTED_KINDS, SpanKind

    span = Span(0, 3, "abc", SpanKind.DISCOVERY, 0.5, "why", None)
    assert span.kind == "discovery" and repr(span.kind) == "'discovery'"
    assert type(span.to_dict()["kind"]) is str
    assert json.loads(json.dumps(span.to_dict()))["kind"] == "discovery"
    assert [str(k) for k in SpanKind] == ["fingerprint", "pps", "discovery", "calque", "mt"]
    assert LISTED_KINDS == {SpanKind.FINGERPRINT, SpanKind.PPS} and "pps" in LISTED_KINDS
    assert SpanKind.MT.label == "machine-translation artifact"
    assert (
        SpanKind.FINGERPRINT.precedence < SpanKind.PPS.precedence < SpanKind.CALQUE.precedence < SpanKind.MT.precedence
    )
    assert {k for k in SpanKind if k.translated} == {SpanKind.CALQUE, SpanKind.MT}
    assert SpanKind.CALQUE.label == "translated word for word"
