"""Tests for `detector.spans.deep.restorations`: the ranker's restorations of a span, and the
deep tier's choice among them (`deep.restore_suggestions`, with the language model's answers
stubbed, so these run without the deep extra).

Every option spells the whole stretch, changes at least one of the span's own words, leaves
other spans' words as written, and comes with the ranker's log prior, best first, at most
N_BEST of them. The chosen option becomes the suggestion: the span grows to a neighbour it
changes, keeps its score, and stays put where growing would meet another span.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from detector.lm.reference import reference
from detector.spans import deep
from detector.spans.deep.restorations import N_BEST, ranked_options, restored
from detector.spans.discovery import score_windows
from detector.text import tokenize
from detector.types import Span

TEXT = "Analysts expect frail request for steel in the second quarter, the report said."


def span(text: str, words: str, suggestion: str = "x", score: float = 0.8) -> Span:
    at = text.index(words)
    return Span(at, at + len(words), words, "discovery", score, "fast", suggestion)


def options_for(text: str, flagged: Span, taken: list[tuple[int, int]] | None = None):  # type: ignore[no-untyped-def]
    ref = reference()
    found = ranked_options(text, flagged, score_windows(tokenize(text), ref), ref, taken or [])
    assert found is not None
    return found


def test_options_spell_the_stretch_change_a_word_of_the_span_and_come_best_first() -> None:
    flagged = span(TEXT, "frail")
    found = options_for(TEXT, flagged)
    stretch = TEXT[found.start : found.end]
    assert found.start <= flagged.start and flagged.end <= found.end
    assert 0 < len(found.options) <= N_BEST
    assert list(found.priors) == sorted(found.priors, reverse=True)
    for option, (a, b) in zip(found.options, found.changed, strict=True):
        assert option != stretch and len(option.split()) == len(stretch.split())
        assert a < b and found.start <= a and b <= found.end
        # the span's own word is among what each option changes
        assert option.split()[stretch.split().index("frail")] != "frail"
    assert any(option.split()[stretch.split().index("frail")] == "weak" for option in found.options)


def test_another_spans_words_stay_as_written() -> None:
    request = TEXT.index("request")
    found = options_for(TEXT, span(TEXT, "frail"), [(request, request + len("request"))])
    assert found.end <= request and all(b <= request for _, b in found.changed)
    assert options_for(TEXT, span(TEXT, "frail")).end > request  # free, the word after is in the stretch


def test_restored_grows_to_a_changed_neighbour_and_keeps_the_score() -> None:
    flagged = span(TEXT, "frail", "weak", 0.7)
    found = options_for(TEXT, flagged)
    both = next(i for i, (a, b) in enumerate(found.changed) if b > flagged.end)  # changes the word after too
    out = restored(TEXT, flagged, found, both)
    assert out.start == flagged.start and out.end == found.changed[both][1] and out.score == 0.7
    assert out.text == TEXT[out.start : out.end] and len(out.suggestion.split()) == len(out.text.split())
    alone = next(i for i, (a, b) in enumerate(found.changed) if (a, b) == (flagged.start, flagged.end))
    assert (restored(TEXT, flagged, found, alone).start, restored(TEXT, flagged, found, alone).end) == (
        flagged.start,
        flagged.end,
    )


def _answers(weights: dict[str, float]):  # type: ignore[no-untyped-def]
    """A stand-in for `deep.rescore`: each option's log-likelihood from `weights` (by a word it
    contains; -50 otherwise), the written stretch at -60."""

    def rescore(text, candidates, model=None):  # type: ignore[no-untyped-def]
        out = []
        for c in candidates:
            options = (c.span.suggestion, *c.alternatives)
            totals = tuple(max([w for k, w in weights.items() if k in o.split()] or [-50.0]) for o in options)
            best = int(np.argmax(totals))
            gain = totals[best] + 60.0
            out.append(deep.Rescored(replace(c.span, suggestion=options[best]), np.zeros(1), gain, options, totals))
        return out

    return rescore


def test_the_language_model_and_the_prior_choose_the_suggestion(monkeypatch: pytest.MonkeyPatch) -> None:
    ref = reference()
    scored = score_windows(tokenize(TEXT), ref)
    flagged = span(TEXT, "frail", "weak")
    found = ranked_options(TEXT, flagged, scored, ref)
    assert found is not None
    monkeypatch.setattr(deep, "rescore", _answers({"demand": -20.0}))
    (out,) = deep.restore_suggestions(TEXT, [flagged], scored, ref)
    # "request" -> "demand" wins in the language model's view: the span grows over it.
    assert out.start <= flagged.start and out.end == TEXT.index("request") + len("request")
    assert out.suggestion is not None and out.suggestion.split()[-1] == "demand"
    assert out.text == TEXT[out.start : out.end] and out.score == flagged.score
    assert "neural language model" in out.reason
    # Another span's words are never taken: with "request" flagged too, each keeps its place.
    request = span(TEXT, "request", "petition")
    first, second = deep.restore_suggestions(TEXT, [flagged, request], scored, ref)
    assert first.end <= request.start
    assert (second.start, second.end, second.suggestion) == (request.start, request.end, "demand")
