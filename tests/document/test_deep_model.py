"""Tests for deep mode's document score (`detector.document.deep_model`) and its fit
(`detector.training.deep_doc_model.fit`). No neural LM here: spans and rows are made up."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from detector.document import deep_model as deep_doc_model
from detector.document.deep_model import EVIDENCE, FEATURES, evidence, inputs
from detector.model_files import ModelFileError
from detector.types import Span


def _span(kind: str, score: float, start: int = 0) -> Span:
    return Span(start, start + 5, "words", kind, score, "reason", "original")


def test_evidence_counts_verified_discovery_spans_only() -> None:
    spans = [_span("discovery", 0.9), _span("discovery", 0.6, 10), _span("fingerprint", 1.0, 20), _span("mt", 0.99, 30)]
    assert evidence(spans, 300) == pytest.approx((2.0, 1.5, 0.9))
    assert evidence([], 300) == (0.0, 0.0, 0.0)


def test_inputs_are_finite_and_grow_with_the_evidence() -> None:
    raw = np.array([[0, 0, 0], [1, 0.9, 0.9], [3, 2.4, 0.9]], float)
    x = inputs(np.array([0.0, 0.5, 1.0]), np.array([40, 300, 300]), raw)
    assert x.shape == (3, len(FEATURES)) and np.isfinite(x).all()
    assert x[0, 1] == 0.0 and x[1, 1] < x[2, 1]
    # A short text counts as MIN_WORDS long: one span in 40 words is not a flood.
    assert x[1, 1] == pytest.approx(np.log1p(0.9 * 1000 / 300))  # summed scores per 1,000 words
    short = inputs(np.array([0.5]), np.array([40]), np.array([[1, 0.9, 0.9]]))
    assert short[0, 1] == pytest.approx(np.log1p(0.9 * 1000 / deep_doc_model.MIN_WORDS))


def test_shipped_model_raises_the_score_with_each_confirmed_phrase() -> None:
    model = deep_doc_model.load()
    assert 0.0 < model.threshold < 1.0
    assert (model.coef[1:] > 0).all(), "more confirmed phrases must never lower the score"
    scores = [model.probability(0.3, 400, [_span("discovery", 0.8, 10 * i) for i in range(k)]) for k in range(4)]
    assert scores == sorted(scores) and scores[-1] > scores[0]


def test_reasons_say_what_the_confirmed_phrases_did() -> None:
    model = deep_doc_model.load()
    spans = [_span("discovery", 0.95, 10 * i) for i in range(3)]
    (reason,) = deep_doc_model.reasons(model, 0.4, 300, spans)
    assert reason.startswith("+ 3 tortured phrases with the neural language model's check")
    assert deep_doc_model.reasons(model, 0.9, 300, []) == (
        "- no suspect phrase found, even with the neural language model's check",
    )
    assert deep_doc_model.reasons(model, 0.1, 300, []) == ()


def _manifest(**changes: object) -> str:
    good = {
        "features": list(FEATURES),
        "coef": [1.0] * len(FEATURES),
        "intercept": 0.0,
        "threshold": 0.5,
        "depends_on": deep_doc_model.depends_on(),
    }
    return json.dumps({k: v for k, v in {**good, **changes}.items() if v is not None})


@pytest.fixture
def model_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The combiner's file swapped for one the test writes; the other model files stay shipped."""
    real = deep_doc_model.data_file
    path = tmp_path / deep_doc_model.MODEL_FILE
    monkeypatch.setattr(
        deep_doc_model, "data_file", lambda name: path if name == deep_doc_model.MODEL_FILE else real(name)
    )
    deep_doc_model.load.cache_clear()
    yield path
    deep_doc_model.load.cache_clear()


def test_a_well_formed_model_file_loads(model_file: Path) -> None:
    model_file.write_text(_manifest(), encoding="utf-8")
    assert deep_doc_model.load().threshold == 0.5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "not valid JSON"),
        ("not json", "not valid JSON"),
        (_manifest(features=["other"]), "features"),
        (_manifest(coef=[1.0]), "coefficients"),
        (_manifest(intercept=None), "intercept"),
        (_manifest(threshold="high"), "must be numbers"),
        (_manifest(depends_on={"doc_model_spun.txt": "0" * 64}), "other versions"),
    ],
)
def test_a_bad_or_stale_model_file_is_refused_naming_it(model_file: Path, content: str, message: str) -> None:
    model_file.write_text(content, encoding="utf-8")
    with pytest.raises(ModelFileError, match=message) as error:
        deep_doc_model.load()
    assert deep_doc_model.MODEL_FILE in str(error.value)


def test_a_missing_model_file_is_refused(model_file: Path) -> None:
    with pytest.raises(ModelFileError, match="missing"):
        deep_doc_model.load()


def test_fit_learns_from_the_confirmed_phrases_and_keeps_the_false_positive_budget() -> None:
    from detector.training.deep_doc_model import FALSE_POSITIVE_BUDGET, fit

    rng = random.Random(0)
    rows = []
    for i in range(400):
        spun = i % 2
        n = rng.choice([1, 2, 3]) if spun and rng.random() < 0.8 else (1 if rng.random() < 0.1 else 0)
        rows.append(
            {
                "source": "moby" if spun else "clean",
                "share": 0.05 if spun else 0.0,
                "fast_p": min(max(rng.gauss(0.55 if spun else 0.35, 0.2), 0.01), 0.99),
                "words": rng.choice([80, 200, 500]),
                **dict(zip(EVIDENCE, (n, 0.8 * n, 0.8 if n else 0.0), strict=True)),
            }
        )
    manifest = fit(rows)
    assert manifest["features"] == list(FEATURES)
    assert manifest["coef"][1] > 0
    compared = manifest["validation_out_of_fold"]
    assert compared["combiner"]["roc_auc"] > compared["fast head alone"]["roc_auc"]
    assert manifest["flagged_clean_in_sample"] <= FALSE_POSITIVE_BUDGET + 0.01


def test_without_the_deep_extra_the_hint_gives_the_command_for_a_checkout_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pip install "detector[deep]"` alone fails in a checkout, where the package is not on PyPI."""
    import importlib.util

    from detector.spans import deep

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "llama_cpp" else real(name, *a))
    with pytest.raises(deep.DeepUnavailable) as error:
        deep.check_available()
    assert 'pip install "detector[deep]"' in str(error.value)
    assert 'pip install -e ".[deep]"' in str(error.value)
