"""Training rows of the restoration ranker: one group per swapped word, the original labelled."""

from __future__ import annotations

import numpy as np

from detector.spans.discovery.ranking import RANK_FEATURES
from detector.training.restoration_ranker import rows, top1


def test_rows_label_the_original_among_the_candidates() -> None:
    text = "Analysts expect weak request for steel in the second quarter."
    at = text.index("request")
    x, y, groups, counts = rows([(text, [(at, at + len("request"), "demand")], False), ("A clean text.", [], True)])
    assert counts["swaps"] == 1
    assert x.shape == (len(y), len(RANK_FEATURES))
    if counts["in_candidates"]:
        assert y.sum() == 1 and set(groups.tolist()) == {0}


def test_multiword_originals_and_clean_texts_give_no_rows() -> None:
    text = "The unfamiliar clergyman spoke."
    x, y, _groups, counts = rows([(text, [(4, 14, "foreign minister")], False)])
    assert counts["swaps"] == 0 and len(y) == 0 and x.shape[1] == len(RANK_FEATURES)


def test_top1_counts_groups_whose_best_candidate_is_the_original() -> None:
    scores = np.array([0.9, 0.1, 0.2, 0.8])
    labels = np.array([1.0, 0.0, 1.0, 0.0])
    groups = np.array([0, 0, 1, 1])
    assert top1(scores, labels, groups) == 0.5
