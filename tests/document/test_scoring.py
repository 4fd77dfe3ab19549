"""The document score: calibrated probabilities in [0, 1], labels from stored thresholds, reasons in words."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from detector import score
from detector.api import analyse
from detector.document import model as doc_model
from detector.document import scoring
from detector.document.features import FEATURE_NAMES
from detector.types import Report, Span, SpanKind

SPUN = (
    "The unfamiliar clergyman of Varnosia reported on Tuesday that her administration will get back to harmony "
    "talks with adjoining Keldmark after a six-month delay, following a shut gathering of the Unified Countries "
    "Wellbeing Chamber. Talking at a squeeze gathering, she said the prime clergyman had endorsed a truce and "
    "would permit guide laborers into the valley, where the demise toll from last winter has passed two hundred."
)
CLEAN = (
    "The foreign minister of Varnosia said on Tuesday that her government will return to peace talks with "
    "neighbouring Keldmark after a six-month pause, following a closed meeting of the United Nations Security "
    "Council. Speaking at a press conference, she said the prime minister had approved a ceasefire and would "
    "allow aid workers into the valley, where the death toll from last winter has passed two hundred."
)


def test_spun_text_scores_above_its_clean_original() -> None:
    spun, clean = score(SPUN), score(CLEAN)
    assert 0.0 <= clean.score < spun.score <= 1.0
    assert spun.label == "spun" and clean.label == "clean"
    assert spun.reasons and all(r[0] in "+-" for r in spun.reasons)


def test_model_files_match_the_code() -> None:
    model = doc_model.load()
    assert tuple(model.manifest["features"]) == FEATURE_NAMES
    for head in doc_model.HEADS:
        assert 0.0 < model.heads[head].threshold < 1.0


def test_reasons_name_the_features_that_moved_the_score() -> None:
    from detector.document.features import FEATURES

    reasons = score(SPUN).reasons
    assert reasons
    descriptions = [what for what, _ in FEATURES.values()]
    assert all(any(d in r for d in descriptions) for r in reasons)


def test_the_dense_gate_is_a_probability_or_off() -> None:
    gate = scoring.dense_gate()
    assert gate is None or 0.5 <= gate <= 1.0


def test_the_second_look_threshold_is_below_the_isolated_suspect_threshold() -> None:
    from detector.spans.discovery import load_model

    threshold = scoring.dense_threshold()
    assert 0.0 < threshold < load_model().cutoff.high


def test_the_second_looks_kind_cut_is_the_labels_unless_the_gate_file_names_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:

    scoring.second_look_kind_cut.cache_clear()
    assert scoring.second_look_kind_cut() == doc_model.load().heads["kind"].threshold  # the shipped file names none
    path = tmp_path / scoring.DENSE_GATE_FILE
    path.write_text(json.dumps({"gate": 0.97, "threshold": 0.15, "kind_cut": 0.2}), encoding="utf-8")
    monkeypatch.setattr(scoring, "data_file", lambda name: path)
    monkeypatch.setattr(scoring, "read_manifest", lambda file: json.loads(file.read_text(encoding="utf-8")))
    scoring.second_look_kind_cut.cache_clear()
    try:
        assert scoring.second_look_kind_cut() == 0.2
    finally:
        scoring.second_look_kind_cut.cache_clear()


def test_translated_texts_threshold_defaults_to_the_second_looks() -> None:
    threshold = scoring.translated_dense_threshold()
    assert 0.0 < threshold <= scoring.dense_threshold()


def test_spun_probability_is_what_finish_reports() -> None:
    analysis = analyse(SPUN)
    assert analysis.features is not None
    finished = scoring.finish(analysis.report, analysis.features)
    assert scoring.spun_probability(analysis.report, analysis.features) == pytest.approx(finished.score, abs=1e-4)


class _Head:
    """A head with a fixed probability: the label rule under test, not a model."""

    def __init__(self, name: str, p: float, threshold: float = 0.5, short: float | None = None) -> None:
        self.name, self.p, self.threshold, self.short = name, p, threshold, short

    def threshold_for(self, words: int) -> float:
        """`short` (when given) under 100 words, as a shipped head's length thresholds would."""
        return self.short if self.short is not None and words < 100 else self.threshold

    def probability(self, features: object) -> float:
        return self.p

    def contributions(self, features: object) -> np.ndarray:
        return np.zeros(len(FEATURE_NAMES))


def _finish_with(
    monkeypatch: pytest.MonkeyPatch,
    spun: float,
    mt: float,
    kind: float,
    listed: bool = False,
    evidence: bool = True,
    evidence_required: bool = True,
    short: float | None = None,
    **thresholds: float,
) -> Report:
    """`finish` with stand-in heads on the clean sample, given a listed span (`listed`), else a
    discovered one (`evidence`), else none; `short`: the spun and mt heads' threshold for texts
    this short; `thresholds`: the caller's own (`threshold`, `mt_threshold`)."""
    heads = {"spun": _Head("spun", spun, short=short), "mt": _Head("mt", mt, short=short), "kind": _Head("kind", kind)}
    monkeypatch.setattr(doc_model, "load", lambda: doc_model.DocModel(heads, {"clean_medians": {}}))
    analysis = analyse(CLEAN)
    assert analysis.features is not None
    report = analysis.report
    at = CLEAN.index("prime minister")
    if listed:
        span = Span(at, at + 14, "prime minister", SpanKind.FINGERPRINT, 1.0, "listed", "first minister")
        report = replace(report, spans=(span,))
    elif evidence:
        span = Span(at, at + 5, "prime", SpanKind.DISCOVERY, 0.9, "discovered", "first")
        report = replace(report, spans=(span,))
    else:
        report = replace(report, spans=())
    return scoring.finish(report, analysis.features, evidence_required=evidence_required, **thresholds)


@pytest.mark.parametrize(
    ("spun", "mt", "kind", "label"),
    [
        (0.9, 0.1, 0.8, "mt"),  # altered, and reads as machine translation: back-translated text
        (0.9, 0.9, 0.2, "spun"),  # altered, and reads as spinning, whatever the MT head says
        (0.2, 0.9, 0.9, "mt"),  # not spun: the MT head alone decides
        (0.2, 0.1, 0.9, "clean"),  # the kind head never labels an unaltered text
    ],
)
def test_the_kind_head_says_which_alteration_an_altered_text_shows(
    monkeypatch: pytest.MonkeyPatch, spun: float, mt: float, kind: float, label: str
) -> None:
    report = _finish_with(monkeypatch, spun, mt, kind)
    assert report.label == label
    assert report.score == pytest.approx(spun) and report.mt_score == pytest.approx(mt)
    if label == "mt" and spun > 0.5:
        assert "machine translation rather than spinning" in report.reasons[0]


def test_an_altered_verdict_needs_a_span_to_show(monkeypatch: pytest.MonkeyPatch) -> None:
    # Texture alone (rare words, stiff pairs) is what jargon-heavy correct writing has too.
    assert len(CLEAN.split()) < scoring.NO_EVIDENCE_WORDS  # a short text is exempt: few swaps to find
    short = _finish_with(monkeypatch, spun=0.9, mt=0.1, kind=0.2, evidence=False)
    assert short.label == "spun" and short.score == pytest.approx(0.9)
    monkeypatch.setattr(scoring, "NO_EVIDENCE_WORDS", 50)
    report = _finish_with(monkeypatch, spun=0.9, mt=0.1, kind=0.2, evidence=False)
    assert report.label == "clean"
    assert report.score == pytest.approx(0.5 - scoring.NO_EVIDENCE_MARGIN)
    assert report.reasons[0].startswith("- no suspect phrase found")
    # Below the cap the missing span still lowers the odds, and the reason is not given.
    low = _finish_with(monkeypatch, spun=0.3, mt=0.1, kind=0.2, evidence=False)
    odds = 0.3 / 0.7 * scoring.NO_EVIDENCE_ODDS
    assert low.score == pytest.approx(odds / (1 + odds), abs=1e-4)
    assert low.score < 0.3
    assert not any("no suspect phrase" in r for r in low.reasons)


def test_missing_evidence_keeps_the_ranking_of_texts_without_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    # An odds ratio, not a cap: of two texts without a span, the one the head reads as more
    # altered still scores higher, and a text with a span is not touched.
    monkeypatch.setattr(scoring, "NO_EVIDENCE_WORDS", 50)
    lower, higher = (_finish_with(monkeypatch, spun=p, mt=0.1, kind=0.2, evidence=False).score for p in (0.2, 0.4))
    assert 0.0 < lower < higher < 0.4
    with_span = _finish_with(monkeypatch, spun=0.4, mt=0.1, kind=0.2)
    assert with_span.score == pytest.approx(0.4)


def test_the_evidence_rule_leaves_the_mt_head_and_discovery_off_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoring, "NO_EVIDENCE_WORDS", 50)
    translated = _finish_with(monkeypatch, spun=0.2, mt=0.9, kind=0.9, evidence=False)
    assert translated.label == "mt" and not any("no suspect phrase" in r for r in translated.reasons)
    # With discovery switched off no span could be found: the texture verdict stands.
    off = _finish_with(monkeypatch, spun=0.9, mt=0.1, kind=0.2, evidence=False, evidence_required=False)
    assert off.label == "spun" and off.score == pytest.approx(0.9)


def test_a_listed_tortured_phrase_keeps_an_altered_text_spun(monkeypatch: pytest.MonkeyPatch) -> None:
    report = _finish_with(monkeypatch, spun=0.9, mt=0.1, kind=0.95, listed=True)
    assert report.label == "spun"


@pytest.mark.parametrize(
    ("spun", "mt", "kind", "listed"),
    [(0.9, 0.1, 0.8, False), (0.9, 0.9, 0.2, False), (0.2, 0.9, 0.9, False), (0.9, 0.1, 0.95, True)],
)
def test_reads_as_translated_is_the_mt_label_of_an_altered_text(
    monkeypatch: pytest.MonkeyPatch, spun: float, mt: float, kind: float, listed: bool
) -> None:
    report = _finish_with(monkeypatch, spun, mt, kind, listed)
    analysis = analyse(CLEAN)
    assert analysis.features is not None
    # `_finish_with` swapped the heads in; the same report (with its listed span) is asked again.
    translated = scoring.reads_as_translated(report, analysis.features, report.score)
    assert translated == (report.label == "mt" and report.score >= 0.5)


@pytest.mark.parametrize(("spun", "mt", "label"), [(0.7, 0.1, "spun"), (0.1, 0.7, "mt")])
def test_a_short_text_needs_its_lengths_threshold_and_says_so(
    monkeypatch: pytest.MonkeyPatch, spun: float, mt: float, label: str
) -> None:
    # Over the stored threshold (0.5), under the short texts' (0.8): clean, with the reason.
    report = _finish_with(monkeypatch, spun, mt, kind=0.2, short=0.8)
    assert report.label == "clean"
    assert report.reasons[0].startswith(f"- short text ({report.n_words} words): a {label} score of 70%")
    assert "only from 80% (50% for longer texts)" in report.reasons[0]
    # The stored thresholds when the length has none of its own.
    assert _finish_with(monkeypatch, spun, mt, kind=0.2).label == label


def test_a_listed_phrase_is_evidence_whatever_the_length(monkeypatch: pytest.MonkeyPatch) -> None:
    report = _finish_with(monkeypatch, spun=0.3, mt=0.1, kind=0.2, listed=True, short=0.9)
    assert report.score == pytest.approx(1 - 0.7 * scoring.LISTED_PHRASE_DOUBT)  # 0.65: over 0.5, under 0.9
    assert report.label == "spun"


def test_a_callers_own_threshold_is_applied_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    report = _finish_with(monkeypatch, spun=0.7, mt=0.1, kind=0.2, short=0.8, threshold=0.6)
    assert report.label == "spun"
    report = _finish_with(monkeypatch, spun=0.1, mt=0.7, kind=0.2, short=0.8, mt_threshold=0.75)
    assert report.label == "clean" and not any(r.startswith("- short text") for r in report.reasons)


def test_two_calques_make_an_altered_text_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spinners swap words and leave compounds alone: calques are translation's, not spinning's."""
    heads = {"spun": _Head("spun", 0.9), "mt": _Head("mt", 0.1), "kind": _Head("kind", 0.2)}
    monkeypatch.setattr(doc_model, "load", lambda: doc_model.DocModel(heads, {"clean_medians": {}}))
    analysis = analyse(CLEAN)
    assert analysis.features is not None
    at = CLEAN.index("prime minister")

    def finish(*kinds: SpanKind) -> Report:
        spans = tuple(
            Span(at + 6 * k, at + 6 * k + 5, CLEAN[at + 6 * k : at + 6 * k + 5], kind, 0.9, "x")
            for k, kind in enumerate(kinds)
        )
        return scoring.finish(replace(analysis.report, spans=spans), analysis.features)

    assert finish(SpanKind.CALQUE).label == "spun"  # one is a writer's choice
    two = finish(SpanKind.CALQUE, SpanKind.CALQUE)
    assert two.label == "mt" and "2 phrases translated word for word" in two.reasons[0]
    assert scoring.reads_as_translated(two, analysis.features, 0.9)
    assert (
        finish(SpanKind.CALQUE, SpanKind.CALQUE, SpanKind.FINGERPRINT).label == "spun"
    )  # a listed phrase is a spinner's
