"""Tests for the machine-translation word scorer (`detector.spans.mt_words`).

`word_matrix` must give the model one row per word in WORD_FEATURES order, with NaN where
a neighbour does not exist (first and last word, across punctuation); `spans` must turn
runs of high-probability words into `kind="mt"` spans whose offsets index the caller's
text, never joining words across a punctuation mark and never flagging degenerate long
runs; the shipped model must be strict (it is tuned for precision) and must match the code's
features, and a manifest that does not match the model must stop loading with
`ModelFileError` (file checks run on copies in a temporary folder, with
`detector.spans.mt_words.data_file` pointed there and the `load` cache cleared around each test).

All texts were written for these tests.
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from detector.lm.reference import reference
from detector.resources import data_file
from detector.spans import mt_words
from detector.spans.mt_words import MAX_RUN_WORDS, WORD_FEATURES, spans, word_matrix
from detector.text import tokenize

LEFT = ("left_logprob", "left_pmi", "left_attested", "left_is_function")
RIGHT = ("right_logprob", "right_pmi", "right_attested", "right_is_function")
SENTENCE = "The baker opened his shop early because the flour had arrived during the night."


def _column(name: str) -> int:
    return WORD_FEATURES.index(name)


# --- word_matrix ---


def test_word_matrix_has_one_row_per_word_and_one_column_per_feature() -> None:
    tokens = tokenize(SENTENCE)
    matrix = word_matrix(tokens, reference())
    assert matrix.shape == (len(tokens), len(WORD_FEATURES)) == (14, 18)
    assert matrix.dtype == np.float32
    assert len(set(WORD_FEATURES)) == len(WORD_FEATURES)


def test_word_matrix_of_no_words_is_empty() -> None:
    assert word_matrix([], reference()).shape == (0, len(WORD_FEATURES))


def test_first_word_has_no_left_features_and_last_word_no_right_features() -> None:
    matrix = word_matrix(tokenize(SENTENCE), reference())
    for name in LEFT:
        assert math.isnan(matrix[0, _column(name)]), name
        assert not math.isnan(matrix[1, _column(name)]), name
    for name in RIGHT:
        assert math.isnan(matrix[-1, _column(name)]), name
        assert not math.isnan(matrix[-2, _column(name)]), name
    # Inner words of plain known English have both neighbours' probabilities.
    assert np.isfinite(matrix[1:-1, _column("left_logprob")]).all()
    assert np.isfinite(matrix[1:-1, _column("right_logprob")]).all()


def test_word_pairs_stop_at_punctuation_and_positions_restart() -> None:
    text = "one two, three four"
    tokens = tokenize(text)
    assert [t.segment for t in tokens] == [0, 0, 1, 1]
    matrix = word_matrix(tokens, reference())
    assert math.isnan(matrix[1, _column("right_logprob")])  # "two" | "three" straddles the comma
    assert math.isnan(matrix[2, _column("left_logprob")])
    assert not math.isnan(matrix[0, _column("right_logprob")])
    assert not math.isnan(matrix[3, _column("left_logprob")])
    assert matrix[:, _column("position")].tolist() == [0.0, 1.0, 0.0, 1.0]
    assert matrix[:, _column("segment_words")].tolist() == [2.0, 2.0, 2.0, 2.0]


def test_word_matrix_marks_function_words_capitals_and_unknown_words() -> None:
    tokens = tokenize("The zqxvbn of Paris")
    matrix = word_matrix(tokens, reference())
    assert matrix[:, _column("is_function")].tolist() == [1.0, 0.0, 1.0, 0.0]
    assert matrix[:, _column("is_capitalized")].tolist() == [1.0, 0.0, 0.0, 1.0]
    assert matrix[1, _column("is_unknown")] == 1.0 and matrix[0, _column("is_unknown")] == 0.0
    assert matrix[:, _column("length")].tolist() == [3.0, 6.0, 2.0, 5.0]


# --- spans ---


def test_a_run_of_likely_words_becomes_one_mt_span() -> None:
    text = "We have make the decision for go home early today."
    tokens = tokenize(text)
    probs = np.full(len(tokens), 0.1, dtype=np.float32)
    probs[2:4] = [0.97, 0.93]  # "make the"
    found = spans(text, tokens, probs, 0.9)
    assert len(found) == 1
    span = found[0]
    assert span.kind == "mt"
    assert span.text == text[span.start : span.end] == "make the"
    assert span.score == pytest.approx(0.97, abs=1e-4)
    assert span.reason and span.suggestion is None


def test_a_word_exactly_at_the_threshold_counts() -> None:
    text = "alpha beta gamma"
    tokens = tokenize(text)
    found = spans(text, tokens, np.array([0.1, 0.9, 0.1], dtype=np.float32), 0.9)
    assert [s.text for s in found] == ["beta"]


def test_separate_runs_give_separate_spans() -> None:
    text = "alpha beta gamma delta epsilon"
    tokens = tokenize(text)
    found = spans(text, tokens, np.array([0.95, 0.96, 0.2, 0.99, 0.91], dtype=np.float32), 0.9)
    assert [s.text for s in found] == ["alpha beta", "delta epsilon"]
    for s in found:
        assert text[s.start : s.end] == s.text


def test_spans_never_cross_a_segment_boundary() -> None:
    text = "one two, three four"
    tokens = tokenize(text)
    found = spans(text, tokens, np.full(len(tokens), 0.99, dtype=np.float32), 0.9)
    assert [s.text for s in found] == ["one two", "three four"]
    for s in found:
        assert text[s.start : s.end] == s.text and "," not in s.text
        segments = {t.segment for t in tokens if s.start <= t.start < s.end}
        assert len(segments) == 1


def test_runs_longer_than_the_limit_are_skipped() -> None:
    words = ["red", "green", "blue", "pink", "grey", "gold", "teal", "navy", "rust", "sand"]
    long_text = " ".join(words[: MAX_RUN_WORDS + 1])
    tokens = tokenize(long_text)
    assert spans(long_text, tokens, np.full(len(tokens), 0.99, dtype=np.float32), 0.9) == []
    just_fits = " ".join(words[:MAX_RUN_WORDS])
    tokens = tokenize(just_fits)
    found = spans(just_fits, tokens, np.full(len(tokens), 0.99, dtype=np.float32), 0.9)
    assert [s.text for s in found] == [just_fits]


def test_a_long_run_does_not_hide_a_short_one_after_a_comma() -> None:
    words = ["red", "green", "blue", "pink", "grey", "gold", "teal", "navy"][: MAX_RUN_WORDS + 1]
    text = " ".join(words) + ", sand dune"
    tokens = tokenize(text)
    found = spans(text, tokens, np.full(len(tokens), 0.99, dtype=np.float32), 0.9)
    assert [s.text for s in found] == ["sand dune"]


def test_no_words_no_spans() -> None:
    assert spans("", [], np.zeros(0, dtype=np.float32), 0.9) == []


def test_a_term_the_text_writes_again_is_not_an_mt_span() -> None:
    text = "Plastin binds actin. Mice without plastin grow fewer glomps."
    tokens = tokenize(text)
    probs = np.array([0.97 if t.lower in ("plastin", "glomps") else 0.1 for t in tokens], dtype=np.float32)
    found = spans(text, tokens, probs, 0.9)
    assert [s.text for s in found] == ["glomps"]  # "plastin" twice: the writer's own term


def test_a_run_keeps_its_span_when_one_content_word_is_new() -> None:
    text = "The georadar found it. The georadar scanned deep soil blindly."
    tokens = tokenize(text)
    probs = np.full(len(tokens), 0.1, dtype=np.float32)
    probs[[i for i, t in enumerate(tokens) if t.lower == "georadar"]] = 0.96
    probs[[i for i, t in enumerate(tokens) if t.lower == "scanned"]] = 0.95
    found = spans(text, tokens, probs, 0.9)
    assert [s.text for s in found] == ["georadar scanned"]


def test_no_span_in_a_segment_longer_than_the_scorer_ever_read() -> None:
    filler = " ".join(["and the party shall keep the records"] * 6)  # 42 words, no punctuation
    long_text = f"Licensee shall glomp {filler}. Then it ends."
    tokens = tokenize(long_text)
    assert len([t for t in tokens if t.segment == 0]) > mt_words.MAX_SEGMENT_WORDS
    probs = np.array([0.97 if t.lower in ("glomp", "ends") else 0.1 for t in tokens], dtype=np.float32)
    assert [s.text for s in spans(long_text, tokens, probs, 0.9)] == ["ends"]  # the short segment's only
    short = "Licensee shall glomp the records."
    tokens = tokenize(short)
    probs = np.array([0.97 if t.lower == "glomp" else 0.1 for t in tokens], dtype=np.float32)
    assert [s.text for s in spans(short, tokens, probs, 0.9)] == ["glomp"]


# --- the shipped model ---


def test_shipped_model_is_strict_and_matches_the_features() -> None:
    model = mt_words.load()
    assert 0.9 <= model.span_threshold < 1.0
    assert tuple(model.manifest["features"]) == WORD_FEATURES


def test_shipped_model_gives_one_probability_per_word() -> None:
    tokens = tokenize(SENTENCE)
    probs = mt_words.load().probabilities(tokens, reference())
    assert probs.shape == (len(tokens),)
    assert ((probs >= 0.0) & (probs <= 1.0)).all()
    assert mt_words.load().probabilities([], reference()).shape == (0,)


def test_shipped_edit_model_gives_one_log_odds_per_word() -> None:
    edit = mt_words.load_edit()
    assert tuple(edit.manifest["features"]) == WORD_FEATURES
    tokens = tokenize(SENTENCE)
    scores = edit.scores(word_matrix(tokens, reference()))
    assert scores.shape == (len(tokens),) and scores.dtype == np.float32
    assert np.isfinite(scores).all()
    assert edit.scores(word_matrix([], reference())).shape == (0,)


def test_edit_examples_are_the_words_outside_the_alignment() -> None:
    from detector.training.mt_model import replaced

    mt = ["he", "went", "in", "the", "school", "by", "bus"]
    pe = ["he", "went", "to", "school", "by", "bus"]
    in_mt, in_pe = replaced(mt, pe)
    assert [w for w, m in zip(mt, in_mt) if m] == ["in", "the"]
    assert [w for w, m in zip(pe, in_pe) if m] == ["to"]
    assert not replaced(pe, pe)[0].any()


# --- file checks on copies of the shipped files ---


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder with copies of the MT word model and its manifest, used by `mt_words.load`."""
    for name in (mt_words.MODEL_FILE, mt_words.MANIFEST_FILE, mt_words.EDIT_MODEL_FILE, mt_words.EDIT_MANIFEST_FILE):
        shutil.copyfile(data_file(name), tmp_path / name)
    mt_words.load.cache_clear()
    mt_words.load_edit.cache_clear()
    monkeypatch.setattr(mt_words, "data_file", lambda name: tmp_path / name)
    try:
        yield tmp_path
    finally:
        monkeypatch.undo()
        mt_words.load.cache_clear()
        mt_words.load_edit.cache_clear()


def _edit_manifest(folder: Path, **changes: object) -> None:
    path = folder / mt_words.MANIFEST_FILE
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_copies_of_the_shipped_files_load(data_copy: Path) -> None:
    assert mt_words.load().manifest["features"] == list(WORD_FEATURES)


@pytest.mark.parametrize(
    "features",
    [list(WORD_FEATURES[:-1]), [*WORD_FEATURES, "extra"], list(reversed(WORD_FEATURES))],
    ids=["one-fewer", "one-more", "reordered"],
)
def test_a_manifest_for_other_features_is_refused(data_copy: Path, features: list[str]) -> None:
    _edit_manifest(data_copy, features=features)
    with pytest.raises(mt_words.ModelFileError, match=mt_words.MANIFEST_FILE.replace(".", r"\.")):
        mt_words.load()


def test_a_manifest_with_another_model_hash_is_refused(data_copy: Path) -> None:
    _edit_manifest(data_copy, model_sha256="0" * 64)
    with pytest.raises(mt_words.ModelFileError, match=r"mt_word_model\.txt"):
        mt_words.load()


def test_an_altered_model_file_is_refused_naming_it(data_copy: Path) -> None:
    path = data_copy / mt_words.MODEL_FILE
    data = bytearray(path.read_bytes())
    i = data.index(b"leaf_value=") + len(b"leaf_value=")
    while not chr(data[i]).isdigit():
        i += 1
    data[i] = ord("7") if data[i] != ord("7") else ord("3")
    path.write_bytes(bytes(data))
    with pytest.raises(mt_words.ModelFileError, match=r"mt_word_model\.txt"):
        mt_words.load()


@pytest.mark.parametrize("name", [mt_words.MODEL_FILE, mt_words.MANIFEST_FILE])
def test_a_missing_file_is_refused(data_copy: Path, name: str) -> None:
    (data_copy / name).unlink()
    with pytest.raises(mt_words.ModelFileError):
        mt_words.load()


@pytest.mark.parametrize("name", [mt_words.EDIT_MODEL_FILE, mt_words.EDIT_MANIFEST_FILE])
def test_a_missing_edit_model_file_is_refused_naming_it(data_copy: Path, name: str) -> None:
    (data_copy / name).unlink()
    with pytest.raises(mt_words.ModelFileError, match=name.replace(".", r"\.")):
        mt_words.load_edit()


def test_a_manifest_that_is_not_json_is_refused(data_copy: Path) -> None:
    (data_copy / mt_words.MANIFEST_FILE).write_text('{"features": [', encoding="utf-8")
    with pytest.raises(mt_words.ModelFileError, match=r"mt_word_model\.json"):
        mt_words.load()
