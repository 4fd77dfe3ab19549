"""Tests for detector.model_files: what training writes, loading accepts; anything else is refused."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
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


# --- the hash list of every shipped data file (MANIFEST.json) ---


def test_every_shipped_data_file_is_recorded_and_matches() -> None:
    """A data file edited, added or retrained without `--write-manifest` fails here first."""
    from detector import model_files
    from detector.resources import data_dir

    folder = data_dir()
    assert sorted(model_files.recorded_hashes(folder)) == model_files.shipped_names(folder)
    assert model_files.main(["--check"]) == 0


def test_the_manifest_ships_with_the_package() -> None:
    import tomllib

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    globs = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["detector"]
    assert "data/*.json" in globs


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of `detector/data` that `data_file` reads instead; the loaders' caches are cleared
    around the test so that they, and the rest of the suite, read the real files afterwards."""
    import shutil

    from detector import resources

    folder = tmp_path / "data"
    shutil.copytree(resources.data_dir(), folder)
    monkeypatch.setattr(resources, "data_dir", lambda: folder)
    _clear_loaders()
    try:
        yield folder
    finally:
        monkeypatch.undo()
        _clear_loaders()


def _clear_loaders() -> None:
    """Forget every loaded model and every checked hash, as a new process would."""
    from detector import model_files
    from detector.document import deep_model, model
    from detector.lm import thesaurus
    from detector.spans import discovery, known_phrases, mt_words
    from detector.spans.deep import load_model

    for loader in (
        thesaurus.learned_counts,
        thesaurus.times_seen,
        model.load,
        deep_model.load,
        discovery.load_model,
        mt_words.load,
        mt_words.load_edit,
        known_phrases.curated,
        load_model,
        model_files.verified,
        model_files.recorded_hashes,
    ):
        loader.cache_clear()


def _flip_one_byte(path: Path) -> None:
    """Change one digit (a threshold, a slope, a count) or else one letter: still well-formed,
    just other values, which only the recorded hash can tell."""
    data = bytearray(path.read_bytes())
    start = len(data) // 2
    i = next(k for k in range(start, len(data)) if chr(data[k]).isdigit() or chr(data[k]).isalpha())
    data[i] = ord("7" if chr(data[i]).isdigit() and data[i] != ord("7") else "3" if chr(data[i]).isdigit() else "q")
    if data == path.read_bytes():
        data[i] = ord("z")
    path.write_bytes(bytes(data))


def _loaders() -> dict[str, Callable[[], object]]:
    from detector.document import deep_model, model
    from detector.lm import thesaurus
    from detector.spans import discovery, known_phrases, mt_words

    return {
        "doc_model.json": model.load,
        "deep_doc_model.json": deep_model.load,
        "discovery_model.json": discovery.load_model,
        "mt_word_model.json": mt_words.load,
        "mt_edit_model.json": mt_words.load_edit,
        "fingerprints.tsv": known_phrases.read_fingerprints,
        "learned_links.tsv": thesaurus.read_learned_links,
        "extra_links.tsv": thesaurus.read_extra_links,
    }


@pytest.mark.parametrize("name", list(_loaders()))
def test_one_changed_byte_in_a_manifest_or_table_is_refused_naming_the_file(data_copy: Path, name: str) -> None:
    _loaders()[name]()  # the copy loads as shipped
    _clear_loaders()
    _flip_one_byte(data_copy / name)
    with pytest.raises(ModelFileError, match=rf"{name} does not match its SHA-256 in .*MANIFEST\.json"):
        _loaders()[name]()


def test_a_missing_or_unrecorded_data_file_is_refused_naming_it(data_copy: Path) -> None:
    from detector.resources import data_file

    (data_copy / "extra_links.tsv").unlink()
    with pytest.raises(ModelFileError, match="extra_links.tsv is missing"):
        data_file("extra_links.tsv")
    (data_copy / "new_table.tsv").write_text("a\tb\n", encoding="utf-8")
    with pytest.raises(ModelFileError, match="new_table.tsv is not recorded"):
        data_file("new_table.tsv")
    (data_copy / "MANIFEST.json").unlink()
    _clear_loaders()  # the hash list is read once per process: start another
    with pytest.raises(ModelFileError, match="MANIFEST.json is missing"):
        data_file("fingerprints.tsv")


def test_each_data_file_is_hashed_once_per_process(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from detector import model_files
    from detector.resources import data_file

    hashed = []
    real = hashlib.sha256
    monkeypatch.setattr(model_files.hashlib, "sha256", lambda data=b"": hashed.append(len(data)) or real(data))
    for _ in range(3):
        data_file("fingerprints.tsv")
    assert len(hashed) == 1


def test_write_manifest_records_a_change_and_check_reports_one(data_copy: Path) -> None:
    from detector import model_files
    from detector.resources import data_file

    _flip_one_byte(data_copy / "fingerprints.tsv")
    assert model_files.main(["--data", str(data_copy), "--check"]) == 1
    assert model_files.main(["--data", str(data_copy), "--write-manifest"]) == 0
    assert model_files.main(["--data", str(data_copy), "--check"]) == 0
    assert data_file("fingerprints.tsv") == data_copy / "fingerprints.tsv"


def test_a_recorded_table_with_bad_bytes_is_refused_naming_it(data_copy: Path) -> None:
    """Bad bytes recorded on purpose still fail by name, never as a bare UnicodeDecodeError."""
    from detector import model_files
    from detector.lm import thesaurus
    from detector.spans import known_phrases

    for name in ("learned_links.tsv", "fingerprints.tsv"):
        path = data_copy / name
        path.write_bytes(path.read_bytes()[:200] + b"\xff\xfe" + path.read_bytes()[200:])
    model_files.write_manifest(data_copy)
    with pytest.raises(ModelFileError, match="learned_links.tsv is not UTF-8"):
        thesaurus.read_learned_links()
    with pytest.raises(ModelFileError, match="fingerprints.tsv is not UTF-8"):
        known_phrases.read_fingerprints()


@pytest.mark.parametrize(
    ("name", "key", "loader"),
    [
        ("discovery_model.json", "cutoff", "discovery"),
        ("deep_model.json", "candidate_threshold", "deep"),
        ("mt_word_model.json", "span_threshold", "mt_words"),
    ],
)
def test_a_recorded_manifest_without_a_key_is_refused_naming_file_and_key(
    data_copy: Path, name: str, key: str, loader: str
) -> None:
    from detector import model_files
    from detector.spans import discovery, mt_words
    from detector.spans.deep import load_model

    path = data_copy / name
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest[key]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    model_files.write_manifest(data_copy)
    load = {"discovery": discovery.load_model, "deep": load_model, "mt_words": mt_words.load}[loader]
    with pytest.raises(ModelFileError, match=rf"{name} has no '{key}'"):
        load()
