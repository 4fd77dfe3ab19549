"""Tests for `detector.spans.deep.restorations`: the ranker's restorations of a span, and the
deep tier's choice among them (`deep.restore_suggestions`, with the language model's answers
stubbed, so these run without the deep extra).

Every option spells the whole stretch, changes at least one of the span's own words, leaves
other spans' words as written, and comes with the ranker's log prior, at most N_BEST of them,
best first by the fast tier's valuation. Only LOOKS_PER_1K spans per 1,000 words are looked at,
the least clear-cut first; the thorough mode looks at every span, among more options. The chosen option becomes the suggestion: the span grows to a neighbour it
changes, keeps its score, and stays put where growing would meet another span.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from detector.lm.reference import reference
from detector.spans import deep
from detector.spans.deep import restorations
from detector.spans.deep.restorations import N_BEST, RankedOptions, ranked_options, restored
from detector.spans.discovery import score_windows
from detector.text import indefinite_article, tokenize
from detector.types import Span

TEXT = "Analysts expect frail request for steel in the second quarter, the report said."


def span(text: str, words: str, suggestion: str = "x", score: float = 0.8) -> Span:
    at = text.index(words)
    return Span(at, at + len(words), words, "discovery", score, "fast", suggestion)


def options_for(text: str, flagged: Span, *others: Span):  # type: ignore[no-untyped-def]
    ref = reference()
    found = ranked_options(text, [flagged, *others], score_windows(tokenize(text), ref), ref)[0]
    assert found is not None
    return found


def test_options_spell_the_stretch_change_a_word_of_the_span_and_come_best_first() -> None:
    flagged = span(TEXT, "frail")
    found = options_for(TEXT, flagged)
    stretch = TEXT[found.start : found.end]
    assert found.start <= flagged.start and flagged.end <= found.end
    assert 0 < len(found.options) <= N_BEST
    assert found.margin >= 0 and len(found.priors) == len(found.options)
    for option, (a, b) in zip(found.options, found.changed, strict=True):
        assert option != stretch and len(option.split()) == len(stretch.split())
        assert a < b and found.start <= a and b <= found.end
        # the span's own word is among what each option changes
        assert option.split()[stretch.split().index("frail")] != "frail"
    assert any(option.split()[stretch.split().index("frail")] == "weak" for option in found.options)


def test_the_fast_tiers_suggestion_is_always_an_option() -> None:
    flagged = span(TEXT, "frail", "feeble")
    found = options_for(TEXT, flagged)
    head, tail = TEXT[found.start : flagged.start], TEXT[flagged.end : found.end]
    fast = head + "feeble" + tail
    assert found.options.count(fast) == 1
    at = found.options.index(fast)
    assert found.changed[at] == (flagged.start, flagged.end)
    assert found.priors[at] == max(found.priors) and at == len(found.options) - 1
    assert len(found.options) <= N_BEST  # in place of the last option: the language model reads no more
    # Already an option, or the written stretch: nothing added.
    start, end = TEXT.index("expect"), TEXT.index("request") + len("request")
    given = RankedOptions(start, end, ("expect weak request",), (-1.0,), ((flagged.start, flagged.end),), 0.3)
    assert restorations._with_fast_choice(TEXT, span(TEXT, "frail", "weak"), given) == given
    assert restorations._with_fast_choice(TEXT, span(TEXT, "frail", "frail"), given) == given


def test_another_spans_words_stay_as_written() -> None:
    request = TEXT.index("request")
    found = options_for(TEXT, span(TEXT, "frail"), span(TEXT, "request"))
    assert found.end <= request and all(b <= request for _, b in found.changed)
    assert options_for(TEXT, span(TEXT, "frail")).end > request  # free, the word after is in the stretch


def test_restored_grows_to_a_changed_neighbour_and_keeps_the_score() -> None:
    flagged = span(TEXT, "frail", "weak", 0.7)
    start, end = TEXT.index("expect"), TEXT.index("request") + len("request")
    found = RankedOptions(
        start,
        end,
        ("expect weak demand", "expect weak request", "anticipate weak request"),
        (-1.0, -0.5, -1.2),
        ((flagged.start, end), (flagged.start, flagged.end), (start, flagged.end)),
        0.3,
    )
    grown = restored(TEXT, flagged, found, 0)
    assert (grown.text, grown.suggestion, grown.score) == ("frail request", "weak demand", 0.7)
    alone = restored(TEXT, flagged, found, 1)
    assert (alone.start, alone.end, alone.suggestion) == (flagged.start, flagged.end, "weak")
    left = restored(TEXT, flagged, found, 2)
    assert (left.text, left.suggestion) == ("expect frail", "anticipate weak")


def _preferring(favourite: str):  # type: ignore[no-untyped-def]
    """A stand-in for `deep.rescore`: every option at -50 nats but `favourite` at -20, the
    written stretch at -60."""

    def rescore(text, candidates, model=None, left_words=0):  # type: ignore[no-untyped-def]
        out = []
        for c in candidates:
            options = (c.span.suggestion, *c.alternatives)
            totals = tuple(-20.0 if o == favourite else -50.0 for o in options)
            best = int(np.argmax(totals))
            out.append(
                deep.Rescored(
                    replace(c.span, suggestion=options[best]), np.zeros(1), totals[best] + 60.0, options, totals
                )
            )
        return out

    return rescore


def test_the_language_model_and_the_prior_choose_the_suggestion(monkeypatch: pytest.MonkeyPatch) -> None:
    ref = reference()
    scored = score_windows(tokenize(TEXT), ref)
    flagged = span(TEXT, "frail", "weak")
    (found,) = ranked_options(TEXT, [flagged], scored, ref)
    assert found is not None and len(found.options) > 1
    last = len(found.options) - 1  # the fast tier's valuation likes it least; the language model most
    monkeypatch.setattr(deep, "rescore", _preferring(found.options[last]))
    (out,) = deep.restore_suggestions(TEXT, [flagged], scored, ref)
    expected = restored(TEXT, flagged, found, last)
    assert (out.start, out.end, out.suggestion, out.score) == (expected.start, expected.end, expected.suggestion, 0.8)
    assert "neural language model" in out.reason and out.suggestion in out.reason
    # Another span's words are never taken: with "request" flagged too, neither grows into the other.
    request = span(TEXT, "request", "petition")
    first, second = deep.restore_suggestions(TEXT, [flagged, request], scored, ref)
    assert first.end <= request.start and second.start >= flagged.end


def test_the_language_models_time_is_budgeted(monkeypatch: pytest.MonkeyPatch) -> None:
    ref = reference()
    scored = score_windows(tokenize(TEXT), ref)
    flagged = [span(TEXT, "frail", "weak"), span(TEXT, "quarter", "term"), span(TEXT, "report", "account")]
    seen: list[int] = []
    stub = _preferring("")

    def counting(text, candidates, model=None, left_words=0):  # type: ignore[no-untyped-def]
        seen.append(len(candidates))
        return stub(text, candidates, model, left_words)

    monkeypatch.setattr(deep, "rescore", counting)
    monkeypatch.setattr(restorations, "MIN_LOOKS", 2)
    out = deep.restore_suggestions(TEXT, flagged, scored, ref)
    assert seen == [2] and len(out) == 3
    assert sum(o == f for o, f in zip(out, flagged)) >= 1  # the one not looked at keeps the fast suggestion


def test_the_thorough_mode_looks_at_every_span_among_more_options(monkeypatch: pytest.MonkeyPatch) -> None:
    ref = reference()
    scored = score_windows(tokenize(TEXT), ref)
    flagged = [span(TEXT, "frail", "weak"), span(TEXT, "quarter", "term"), span(TEXT, "report", "account")]
    seen: list[list[int]] = []
    stub = _preferring("")

    def counting(text, candidates, model=None, left_words=0):  # type: ignore[no-untyped-def]
        seen.append([1 + len(c.alternatives) for c in candidates])
        return stub(text, candidates, model, left_words)

    monkeypatch.setattr(deep, "rescore", counting)
    monkeypatch.setattr(restorations, "MIN_LOOKS", 1)
    looked = {}
    for name, looks in (("budgeted", deep.BUDGETED), ("thorough", deep.THOROUGH)):
        seen.clear()
        deep.restore_suggestions(TEXT, flagged, scored, ref, looks=replace(looks, per_1k=1) if looks.per_1k else looks)
        looked[name] = seen[0]
    assert len(looked["budgeted"]) == 1 and len(looked["thorough"]) == 3  # every span, whatever the budget
    assert max(looked["thorough"]) > N_BEST >= max(looked["budgeted"])  # "frail" has more than N_BEST restorations
    options = ranked_options(TEXT, flagged[:1], scored, ref, restorations.THOROUGH_N_BEST)[0]
    assert options is not None and N_BEST < len(options.options) <= restorations.THOROUGH_N_BEST


def test_an_article_before_a_changed_word_agrees_with_it_in_every_option() -> None:
    text = "The garage sent an invoice for the repairs."
    flagged = span(text, "an invoice", "a bill")
    found = options_for(text, flagged)
    assert found.start <= flagged.start  # the stretch holds the article: the fast choice fits in
    assert "a bill" in " ".join(found.options)
    for option in found.options:
        words = option.lower().split()
        for article, word in itertools.pairwise(words):
            if article in ("a", "an"):
                assert article == indefinite_article(word), option
