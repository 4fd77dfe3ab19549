"""Tests for the back-translation word scorer (`detector.spans.bt_words`).

The context columns must see only the word's own segment (a neighbour across punctuation is
OUTSIDE, and the trigram view does not reach across it), common words must keep the identity
the model was trained with (read from the manifest), probabilities must be one per token, and a
manifest that does not match the code must stop loading with `ModelFileError`. The last test is
the scorer's reason to exist: team-written sentences in round-trip style ("the growth of the
company") read as more machine-like, on average, than the same news in idiomatic English.

All texts were written for these tests.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from detector.lm.reference import reference
from detector.model_files import ModelFileError
from detector.resources import data_file
from detector.spans import bt_words
from detector.spans.bt_words import CONTEXT_FEATURES, FEATURES, OUTSIDE, context_matrix
from detector.spans.mt_words import WORD_FEATURES, word_matrix
from detector.text import tokenize


def _matrix(text: str) -> tuple[list, np.ndarray]:  # type: ignore[type-arg]
    tokens = tokenize(text)
    model = bt_words.load()
    return tokens, context_matrix(tokens, word_matrix(tokens, reference()), model.common)


def _col(name: str) -> int:
    return FEATURES.index(name)


def test_features_extend_the_mt_word_features() -> None:
    assert FEATURES[: len(WORD_FEATURES)] == WORD_FEATURES
    assert FEATURES[len(WORD_FEATURES) :] == CONTEXT_FEATURES


def test_neighbours_stop_at_punctuation() -> None:
    tokens, x = _matrix("Prices rose, the mayor said.")
    words = [t.lower for t in tokens]
    assert x.shape == (len(tokens), len(FEATURES))
    rose, the = words.index("rose"), words.index("the")
    assert x[rose, _col("cat_p1")] == OUTSIDE  # "the" is across the comma
    assert np.isnan(x[rose, _col("tri_next")])  # so is the next word's trigram view
    assert x[the, _col("cat_m1")] == OUTSIDE
    assert x[the, _col("cat_0")] == bt_words.load().common["the"]
    assert x[-1, _col("cat_p1")] == OUTSIDE and np.isnan(x[-1, _col("tri_next")])
    # The trigram view of "the" starts afresh after the comma: P(the) as a segment's first word.
    alone_tokens, alone = _matrix("The mayor said.")
    assert x[the, _col("tri_logprob")] == pytest.approx(alone[0, _col("tri_logprob")])
    assert alone_tokens[0].lower == "the"


def test_uncommon_words_share_one_category() -> None:
    _, x = _matrix("The zygote and the quasar")
    common = bt_words.load().common
    assert x[0, _col("cat_0")] == common["the"]
    assert x[1, _col("cat_0")] == bt_words.COMMON == x[4, _col("cat_0")]


def test_one_probability_per_token_and_none_for_no_words() -> None:
    model = bt_words.load()
    tokens = tokenize("The council approved the budget on Tuesday.")
    p = model.probabilities(tokens, word_matrix(tokens, reference()))
    assert p.shape == (len(tokens),) and np.all((p >= 0) & (p <= 1))
    assert model.probabilities([], word_matrix([], reference())).shape == (0,)


def test_a_sample_of_rows_gives_the_same_rows_as_the_whole() -> None:
    text = " ".join(["The mayor said, on Tuesday, that the budget of the city would grow."] * 5)
    tokens = tokenize(text)
    model = bt_words.load()
    base = word_matrix(tokens, reference())
    rows = np.array([0, 3, 7, len(tokens) - 1])
    whole = context_matrix(tokens, base, model.common)
    np.testing.assert_array_equal(context_matrix(tokens, base, model.common, rows), whole[rows])
    np.testing.assert_allclose(model.probabilities(tokens, base, rows), model.probabilities(tokens, base)[rows])


def test_long_sections_are_sampled_evenly_short_ones_whole() -> None:
    assert bt_words.sample(10).tolist() == list(range(10))
    assert len(bt_words.sample(bt_words.SAMPLE_WORDS)) == bt_words.SAMPLE_WORDS
    rows = bt_words.sample(4 * bt_words.SAMPLE_WORDS + 1)
    assert len(rows) <= bt_words.SAMPLE_WORDS and len(set(np.diff(rows).tolist())) == 1
    assert bt_words.sample(0).tolist() == []


ROUND_TRIP_STYLE = (
    "The company of trucking has returned to the growth after three quarters with declining sales.",
    "The legislators of the state have adopted on Thursday a bill which would oblige the plants to stop the work.",
    "The director has given to the film a rhythm of slow fire, and the public has appreciated it very much.",
    "In the present work is proposed a method for the revealing of the defects in the slabs of the bridges.",
)
IDIOMATIC = (
    "The trucking company returned to growth after three straight quarters of falling sales.",
    "State lawmakers on Thursday passed a bill that would force the plants to shut down.",
    "The director gives the film a slow-burn pace, and audiences loved it.",
    "This paper presents a method for detecting defects in bridge decks.",
)


def _mean(texts: tuple[str, ...]) -> float:
    model = bt_words.load()
    values = []
    for text in texts:
        tokens = tokenize(text)
        values.append(model.probabilities(tokens, word_matrix(tokens, reference())))
    return float(np.concatenate(values).mean())


def test_round_trip_style_reads_more_machine_like_than_idiomatic_english() -> None:
    assert _mean(ROUND_TRIP_STYLE) > _mean(IDIOMATIC) + 0.03


# --- file checks on copies of the shipped files ---


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in (bt_words.MODEL_FILE, bt_words.MANIFEST_FILE):
        shutil.copyfile(data_file(name), tmp_path / name)
    bt_words.load.cache_clear()
    monkeypatch.setattr(bt_words, "data_file", lambda name: tmp_path / name)
    try:
        yield tmp_path
    finally:
        monkeypatch.undo()
        bt_words.load.cache_clear()


def _edit_manifest(folder: Path, **changes: object) -> None:
    path = folder / bt_words.MANIFEST_FILE
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_the_shipped_manifest_names_the_common_words(data_copy: Path) -> None:
    model = bt_words.load()
    assert len(model.common) == bt_words.COMMON and model.common["the"] == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"features": list(WORD_FEATURES)},
        {"model_sha256": "0" * 64},
        {"common_words": ["the", "a"]},
        {"common_words": None},
    ],
    ids=["features", "hash", "few-common-words", "no-common-words"],
)
def test_a_manifest_that_does_not_match_is_refused(data_copy: Path, changes: dict) -> None:  # type: ignore[type-arg]
    _edit_manifest(data_copy, **changes)
    with pytest.raises(ModelFileError, match=r"bt_word_model"):
        bt_words.load()
