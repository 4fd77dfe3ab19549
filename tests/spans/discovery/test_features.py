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
    assert np.isfinite(wf.matrix).all()


def test_empty_and_one_word_texts_give_empty_matrices() -> None:
    for text in ("", "Hello"):
        wf = window_features(tokenize(text), reference())
        assert wf.matrix.shape == (0, len(FEATURE_NAMES))
