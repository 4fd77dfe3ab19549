"""Building the topic vectors (`detector.training.word_vectors`): co-occurrence counts within a
window, PPMI and a truncated SVD into unit rows."""

from __future__ import annotations

import numpy as np

from detector.training.word_vectors import cooccurrence, ppmi_vectors


def test_cooccurrence_counts_both_directions_within_the_window_only() -> None:
    docs = [np.array([5, 6, 7]), np.array([6, 9])]
    vocab = np.array([5, 6, 7])  # 9 is not in the vocabulary
    counts = cooccurrence(docs, vocab, window=1).toarray()
    assert counts[0, 1] == counts[1, 0] == 1  # 5-6
    assert counts[1, 2] == counts[2, 1] == 1  # 6-7
    assert counts[0, 2] == 0  # two apart: outside a window of 1
    assert counts.sum() == 4
    wide = cooccurrence(docs, vocab, window=2).toarray()
    assert wide[0, 2] == wide[2, 0] == 1


def test_words_sharing_contexts_get_close_vectors() -> None:
    rng = np.random.default_rng(0)
    # two topics: words 0-4 co-occur with each other, words 5-9 with each other
    docs = [rng.integers(0, 5, 40) for _ in range(50)] + [rng.integers(5, 10, 40) for _ in range(50)]
    counts = cooccurrence(docs, np.arange(10), window=3)
    vectors = ppmi_vectors(counts, dimensions=4, smoothing=0.75)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 7] and sims[6, 8] > sims[6, 2]
