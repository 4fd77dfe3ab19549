"""Candidate windows and their restorations."""

from __future__ import annotations

import numpy as np

from detector.lm.ngrams import tables
from detector.lm.thesaurus import candidate_table
from detector.spans.discovery.windows import expand, make_windows, swap_cost
from detector.text import tokenize


def _words(text: str, pairs) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    tokens = tokenize(text)
    return [(tokens[a].lower, tokens[b].lower) for a, b in pairs]


def test_windows_pair_adjacent_words_and_words_across_a_bridge() -> None:
    text = "The Place of Delegates met."
    tokens = tokenize(text)
    left, right, bridge = make_windows(tokens, tables().ids([t.lower for t in tokens]))
    pairs = _words(text, zip(left, right))
    assert ("place", "delegates") in pairs
    assert bridge[pairs.index(("place", "delegates"))] >= 0


def test_windows_never_cross_punctuation() -> None:
    text = "Cold. War"
    tokens = tokenize(text)
    left, _right, _ = make_windows(tokens, tables().ids([t.lower for t in tokens]))
    assert len(left) == 0


def test_expand_restores_a_double_swap() -> None:
    text = "The unfamiliar clergyman arrived."
    tokens = tokenize(text)
    ng = tables()
    w = expand(tokens, ng.ids([t.lower for t in tokens]), ng, candidate_table())
    restored = {
        (ng.words[w.alt_left[r, k]], ng.words[w.alt_right[r, k]])
        for r in range(len(w))
        for k in range(w.alt_left.shape[1])
        if w.alt_left[r, k] >= 0
    }
    assert ("foreign", "minister") in restored


def test_swap_cost_grows_with_the_number_of_links() -> None:
    table = candidate_table()
    cost = swap_cost(table)
    counts = np.diff(table.offsets)
    many, few = int(np.argmax(counts)), int(np.flatnonzero(counts == 1)[0])
    assert cost[many] > cost[few]
