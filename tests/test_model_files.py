"""Tests for detector.model_files: what training writes, loading accepts; anything else is refused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from detector.model_files import ModelFileError, load_booster, save_booster

FEATURES = ("a", "b")


def _trained(tmp_path: Path) -> tuple[Path, Path, object]:
    import lightgbm

    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2))
    y = (x[:, 0] > 0).astype(int)
    booster = lightgbm.train(
        {"objective": "binary", "verbose": -1, "num_threads": 1}, lightgbm.Dataset(x, y), num_boost_round=5
    )
    model, manifest = tmp_path / "m.txt", tmp_path / "m.json"
    digest = save_booster(booster, model)
    manifest.write_text(json.dumps({"features": list(FEATURES), "model_sha256": digest}), encoding="utf-8")
    return model, manifest, booster


def test_a_saved_booster_loads_and_predicts_the_same(tmp_path: Path) -> None:
    model, manifest, booster = _trained(tmp_path)
    loaded, read = load_booster(model, manifest, FEATURES)
    x = np.array([[1.0, 0.0], [-1.0, 0.0]])
    assert np.allclose(loaded.predict(x), booster.predict(x))  # type: ignore[attr-defined]
    assert read["features"] == list(FEATURES)


def test_an_edited_model_or_other_features_are_refused_naming_the_file(tmp_path: Path) -> None:
    model, manifest, _ = _trained(tmp_path)
    with pytest.raises(ModelFileError, match="m.json"):
        load_booster(model, manifest, ("a", "c"))
    model.write_text(model.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(ModelFileError, match="m.txt"):
        load_booster(model, manifest, FEATURES)


@pytest.mark.parametrize(("env", "expected"), [("1", 1), ("", 2), ("8", 2), ("many", 2)])
def test_predictions_use_two_threads_unless_the_environment_asks_for_fewer(
    monkeypatch: pytest.MonkeyPatch, env: str, expected: int
) -> None:
    """joblib's worker processes set OMP_NUM_THREADS=1 so that they share the cores."""
    import os

    from detector import model_files

    monkeypatch.setenv("OMP_NUM_THREADS", env)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    model_files.predict_threads.cache_clear()
    try:
        assert model_files.predict_threads() == expected
    finally:
        model_files.predict_threads.cache_clear()
