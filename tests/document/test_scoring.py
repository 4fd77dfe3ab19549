"""The document score: calibrated probabilities in [0, 1], labels from stored thresholds, reasons in words."""

from __future__ import annotations

import pytest

from detector import score
from detector.api import analyse
from detector.document import model as doc_model
from detector.document import scoring
from detector.document.features import FEATURE_NAMES

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


def test_spun_probability_is_what_finish_reports() -> None:
    analysis = analyse(SPUN)
    assert analysis.features is not None
    finished = scoring.finish(analysis.report, analysis.features)
    assert scoring.spun_probability(analysis.report, analysis.features) == pytest.approx(finished.score, abs=1e-4)
