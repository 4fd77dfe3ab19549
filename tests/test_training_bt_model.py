"""Tests for training the back-translation word scorer (`detector.training.bt_model`): rows
label a round trip's changed output words 1 and every source word 0 (unchanged output words
are neither), and a fixed third of sentences is kept away from the scorer for the MT head."""

from __future__ import annotations

import numpy as np

from detector.spans import bt_words
from detector.spans.bt_words import FEATURES
from detector.training.bt_model import fits_words, rows
from detector.training.roundtrip import RoundTrip, align


def test_rows_label_changed_output_words_against_source_words() -> None:
    source = "The mayor approved the budget on Tuesday."
    output = "The mayor has approved the budget on the Tuesday."
    trip = RoundTrip(source, output, align(source, output))
    x, y = rows([trip], bt_words.load().common)
    assert x.shape == (len(y), len(FEATURES))
    assert y.tolist() == [1, 1] + [0] * 7  # "has", "the"; then the seven source words


def test_a_fixed_third_of_sentences_is_left_to_the_mt_head() -> None:
    sentences = [f"Sentence number {i} is here." for i in range(3000)]
    kept = np.array([fits_words(s) for s in sentences])
    assert 0.62 < kept.mean() < 0.71
    assert [fits_words(s) for s in sentences[:50]] == kept[:50].tolist()  # fixed, not random
