"""Joint restoration of a flagged stretch, including restorations that change length."""

from __future__ import annotations

from collections import Counter

import numpy as np

from detector.lm.ngrams import tables
from detector.lm.reference import reference
from detector.lm.thesaurus import candidate_table
from detector.spans.discovery.restoration import DELETED, _length_changes, restore
from detector.spans.discovery.windows import swap_cost
from detector.text import tokenize


def _setup(text: str):  # type: ignore[no-untyped-def]
    ng = tables()
    tokens = tokenize(text)
    options: list[Counter[int]] = [Counter() for _ in tokens]
    return ng, tokens, options, swap_cost(candidate_table())


def test_restore_keeps_the_windows_choice_when_nothing_scores_better() -> None:
    ng, tokens, options, cost = _setup("The unfamiliar clergyman arrived in Paris on Monday.")
    initial = {1: ng.index["foreign"], 2: ng.index["minister"]}
    result = restore(tokens, [1, 2], initial, options, reference(), cost)
    assert result.replacements[1] == "foreign" and result.replacements[2] == "minister"
    assert result.first == 1 and result.last == 2
    assert result.gain > 0


def test_two_words_can_become_one_compound() -> None:
    ng, tokens, options, cost = _setup("The objective keeper made three saves in the second half.")
    options[1][ng.index["goal"]] += 1
    variants = _length_changes(tokens, [1, 2], {}, {1: [ng.index["goal"]], 2: []}, ng, cost)
    merged = [trial for trial, _ in variants if trial.get(2) == DELETED]
    assert any(ng.words[trial[1]] == "goalkeeper" for trial in merged)


def test_x_of_y_can_be_reordered() -> None:
    ng, tokens, _options, cost = _setup("They raised the rate of interest again.")
    variants = _length_changes(tokens, [3, 4, 5], {}, {3: [], 4: [], 5: []}, ng, cost)
    reordered = [(ng.words[t[3]], ng.words[t[5]]) for t, _ in variants if t.get(4) == DELETED]
    assert ("interest", "rate") in reordered


def test_an_unflagged_neighbour_is_restored_when_the_lm_gain_pays_for_it() -> None:
    ng, tokens, options, cost = _setup("Analysts expect frail request for steel in the second quarter.")
    swap_prob = np.zeros(len(tokens))
    swap_prob[2] = 0.9  # only "frail" is flagged
    result = restore(tokens, [2], {2: ng.index["weak"]}, options, reference(), cost, swap_prob)
    assert result.replacements.get(2) == "weak"
    assert result.replacements.get(3) == "demand"


def test_a_word_no_window_suspects_keeps_its_form_without_a_strong_gain() -> None:
    ng, tokens, options, cost = _setup("The unfamiliar clergyman arrived in Paris on Monday.")
    swap_prob = np.zeros(len(tokens))
    swap_prob[1] = swap_prob[2] = 0.9
    result = restore(
        tokens, [1, 2], {1: ng.index["foreign"], 2: ng.index["minister"]}, options, reference(), cost, swap_prob
    )
    assert 3 not in result.replacements  # "arrived" stays
