"""Tests for detector.training.deep_model: how the deep tier's threshold is chosen."""

from __future__ import annotations

import numpy as np

from detector.training.deep_model import FALSE_SPAN_BUDGET, choose_threshold


def test_each_clean_population_must_stay_within_the_budget() -> None:
    # Ten clean candidates per population; 1,000 clean words each, so one false span = 1 per 1k.
    p = np.array([0.95, 0.9, 0.7, 0.6, 0.5] + [0.3] * 5 + [0.99, 0.98, 0.97, 0.96, 0.95] + [0.1] * 5 + [0.8, 0.4])
    y = np.array([0] * 20 + [1, 1])
    plain = np.zeros(len(p), bool)
    plain[:10] = True
    hard = np.zeros(len(p), bool)
    hard[10:20] = True
    pooled, _ = choose_threshold(p, y, {"all": (plain | hard, 2000)}, budget=2.0)
    threshold, curve = choose_threshold(p, y, {"plain": (plain, 1000), "hard": (hard, 1000)}, budget=2.0)
    assert pooled == 0.96  # four false spans over 2,000 pooled words: 2 per 1k
    assert threshold == 0.98  # the hard population alone allows only two at or above it
    point = next(c for c in curve if c["threshold"] == threshold)
    assert max(point["false_per_1k_clean"].values()) <= 2.0
    assert point["positives_kept"] == 0.0


def test_the_shipped_budget_allows_no_false_span_in_a_thousand_words() -> None:
    # A fifth of a span per 1,000 words: on 1,000 clean words, not even one false span.
    p = np.array([0.97, 0.9, 0.8])
    threshold, _ = choose_threshold(p, np.zeros(3, int), {"clean": (np.ones(3, bool), 1000)})
    assert FALSE_SPAN_BUDGET < 1.0 and threshold == 0.98


def test_no_clean_words_does_not_divide_by_zero() -> None:
    threshold, curve = choose_threshold(np.array([0.5]), np.array([1]), {"none": (np.zeros(1, bool), 0)})
    assert threshold == 0.05 and len(curve) == 95


def test_the_veto_is_as_high_as_the_true_fast_spans_allow() -> None:
    from detector.training.deep_model import Featurized, choose_veto

    # Candidates' probabilities; fast spans over them: three true ones (0.30, 0.08, 0.60 at best),
    # two false ones in a clean document (0.02, 0.04), one true span no candidate covers.
    p = np.array([0.30, 0.10, 0.08, 0.60, 0.02, 0.04])
    spans = [
        (0, True, np.array([0, 1])),
        (0, True, np.array([2])),
        (0, True, np.array([3])),
        (1, False, np.array([4])),
        (1, False, np.array([5])),
        (0, True, np.array([], dtype=int)),
    ]
    rows = Featurized(np.zeros((6, 1)), np.zeros(6, int), np.array([0, 0, 0, 0, 1, 1]), np.ones(6, bool), spans)
    veto, curve = choose_veto(p, rows, {"clean": ({1}, 1000)}, budget=0.0)
    assert veto == 0.08  # at 0.09 the true span whose best candidate scores 0.08 would go
    point = next(c for c in curve if c["veto"] == veto)
    assert point["true_fast_spans_dropped"] == 0.0 and point["false_per_1k_clean_removed"] == {"clean": 2.0}
    loose, _ = choose_veto(p, rows, {"clean": ({1}, 1000)}, budget=0.25)
    assert loose == 0.3  # one true span of four may go: the one at 0.08, not the one at 0.30
