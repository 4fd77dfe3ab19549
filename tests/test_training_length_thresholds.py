"""Per-length label thresholds (`detector.training.length_thresholds`): the choice rule on known
numbers, and the pieces it is chosen on."""

from __future__ import annotations

import numpy as np
import pytest

from detector.training import length_thresholds as lt


def test_sentences_are_cut_after_end_marks_before_a_capital() -> None:
    text = 'It rained. Then "It stopped!" she said. Was it 3.5 mm? Yes.'
    assert lt.sentences(text) == ["It rained.", 'Then "It stopped!" she said.', "Was it 3.5 mm?", "Yes."]


def test_pieces_are_consecutive_lines_sampled_the_same_way_each_time() -> None:
    lines = [f"s{i}." for i in range(10)]
    two = lt.pieces(lines, 2, 3, "seed")
    assert len(two) == 3 and all(p in {f"s{i}. s{i + 1}." for i in range(0, 10, 2)} for p in two)
    assert two == lt.pieces(lines, 2, 3, "seed")
    assert lt.pieces(lines, 4, 100, "seed") and len(lt.pieces(lines, 4, 100, "seed")) == 2  # the rest dropped


def test_buckets_are_counted_in_words_below_each_edge() -> None:
    assert lt.bucket_of(np.array([0, 14, 15, 29, 30, 59, 60, 5000]), (15, 30, 60)).tolist() == [0, 0, 1, 1, 2, 2, 3, 3]


def test_each_bucket_flags_at_most_the_budget_and_never_less_than_the_stored_threshold() -> None:
    rng = np.random.default_rng(0)
    words = np.repeat([10, 20, 40, 100], 1000)
    # Human scores: noisier the shorter the text.
    p = np.concatenate(
        [rng.uniform(0, 1, 1000), rng.uniform(0, 0.8, 1000), rng.uniform(0, 0.6, 1000), rng.uniform(0, 0.4, 1000)]
    )
    chosen = lt.choose(words, p, stored=0.5, edges=(15, 30, 60), max_fpr=0.05)
    assert chosen == pytest.approx([0.95, 0.76, 0.57], abs=0.011)
    for bucket, threshold in enumerate(chosen):
        assert (p[lt.bucket_of(words, (15, 30, 60)) == bucket] >= threshold).mean() <= 0.05
    # A bucket that is already under budget keeps the stored threshold.
    assert lt.choose(words, p * 0.1, stored=0.5, edges=(15, 30, 60)) == [0.5, 0.5, 0.5]


def test_a_shorter_bucket_never_gets_a_lower_threshold_than_a_longer_one() -> None:
    words = np.repeat([10, 20], 100)
    p = np.concatenate([np.full(100, 0.1), np.linspace(0, 0.9, 100)])  # the longer texts are the noisier here
    short, longer = lt.choose(words, p, stored=0.5, edges=(15, 30), max_fpr=0.05)
    assert longer > 0.8 and short == longer


def test_a_bucket_without_texts_keeps_the_stored_threshold_unless_a_longer_one_is_higher() -> None:
    words = np.array([40] * 100)
    p = np.linspace(0, 1, 100)
    assert lt.choose(words, p, stored=0.5, edges=(15, 30, 60)) == [0.95, 0.95, 0.95]  # 5 of 100 at 0.95 or more
