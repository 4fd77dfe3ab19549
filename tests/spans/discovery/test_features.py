"""Window features: one row per window, one column per documented feature name."""

from __future__ import annotations

import numpy as np

from detector.lm.reference import reference
from detector.spans.discovery.features import FEATURE_NAMES, window_features
from detector.text import tokenize


def test_matrix_has_one_column_per_feature_name() -> None:
    wf = window_features(tokenize("The unfamiliar clergyman met the press at the Unified Countries."), reference())
    assert wf.matrix.shape[1] == len(FEATURE_NAMES)
    assert wf.matrix.shape[0] == len(wf.windows)
    assert not np.isinf(wf.matrix).any()
    # Missing (NaN) only where a word has no topic vector: the model reads it as unknown.
    topic = [FEATURE_NAMES.index(n) for n in ("changed_word_topic_fit", "restored_word_topic_gain")]
    others = np.delete(wf.matrix, topic, axis=1)
    assert np.isfinite(others).all()


def test_topic_features_say_how_well_the_changed_word_fits_the_text() -> None:
    text = (
        "The hospital trial followed patients with heart disease; the hazard proportion for death fell "
        "among patients given the new drug, and the clinical outcome improved."
    )
    wf = window_features(tokenize(text), reference())
    fit = wf.matrix[:, FEATURE_NAMES.index("changed_word_topic_fit")]
    assert np.isfinite(fit).any() and (np.nan_to_num(fit) <= 1.0001).all()


def test_empty_and_one_word_texts_give_empty_matrices() -> None:
    for text in ("", "Hello"):
        wf = window_features(tokenize(text), reference())
        assert wf.matrix.shape == (0, len(FEATURE_NAMES))
