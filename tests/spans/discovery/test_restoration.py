"""Joint restoration of a flagged stretch, including restorations that change length."""

from __future__ import annotations

from collections import Counter

import numpy as np

from detector.lm.ngrams import tables
from detector.lm.reference import reference
from detector.lm.thesaurus import candidate_table
from detector.spans.discovery import restoration
from detector.spans.discovery.ranking import Ranked
from detector.spans.discovery.restoration import (
    CONSISTENCY_BONUS,
    DELETED,
    FAR_WORD_COST,
    LOOSE_LINK_COST,
    RARITY_WEIGHT,
    SEEN_WEIGHT,
    Restoration,
    _candidates,
    _length_changes,
    _pair_moves,
    articles_agreeing,
    positions_of,
    rerank_in_context,
    restore,
    stretch_of,
)
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
    variants = _length_changes(tokens, [1, 2], {}, {1: [ng.index["goal"]], 2: []}, ng, lambda p, alt: float(cost[alt]))
    merged = [trial for trial, _ in variants if trial.get(2) == DELETED]
    assert any(ng.words[trial[1]] == "goalkeeper" for trial in merged)


def test_a_compound_pays_its_parts_swaps_and_the_join_not_a_swap_of_its_own() -> None:
    """ "jug neck" -> "bottle" + "neck" -> "bottleneck": value() charges the compound at position 1
    as a swap there; the extra cost turns that into the price of "jug" -> "bottle" plus JOIN_COST,
    so the compound competes with "bottle neck" on the LM alone (plus the join)."""
    ng, tokens, _options, _cost = _setup("The jug neck slowed the whole line down.")
    bottle = ng.index["bottle"]
    prices = {bottle: 0.5}
    price = lambda p, alt: prices.get(alt, 3.0)
    variants = _length_changes(tokens, [1, 2], {1: bottle}, {1: [bottle], 2: []}, ng, price)
    joined = [(trial, extra) for trial, extra in variants if trial.get(2) == DELETED]
    assert {ng.words[trial[1]] for trial, _ in joined} == {"bottleneck"}
    trial, extra = joined[0]
    assert abs(price(1, trial[1]) + extra - (0.5 + restoration.JOIN_COST)) < 1e-9


def test_x_of_y_can_be_reordered() -> None:
    ng, tokens, _options, cost = _setup("They raised the rate of interest again.")
    variants = _length_changes(tokens, [3, 4, 5], {}, {3: [], 4: [], 5: []}, ng, lambda p, alt: float(cost[alt]))
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


class _RecordingRanker:
    """Stands in for the shipped ranker: records what each batch shows and ranks nothing."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[int]]] = []

    def rank(self, tokens, positions, ref, cost, options, topics=None, page=None):  # type: ignore[no-untyped-def]
        self.calls.append(([t.lower for t in tokens], list(positions)))
        return {p: Ranked(np.zeros(0, dtype=np.int64), np.zeros(0)) for p in positions}


def test_a_changed_word_is_ranked_again_beside_its_restored_neighbour() -> None:
    _ng, tokens, options, cost = _setup("The vitality assimilation of the panel was measured.")
    found = Restoration(1, 2, {1: "energy", 2: "absorption"}, 1.0)
    ranker = _RecordingRanker()
    again = rerank_in_context(tokens, [([1, 2], found)], ranker, reference(), cost, options)  # type: ignore[arg-type]
    assert sorted(again) == [1, 2]
    shown = {tuple(p): words for words, p in ranker.calls}
    # Each word reads as written while its neighbour reads restored: two batches.
    assert shown[(1,)][1:3] == ["vitality", "absorption"]
    assert shown[(2,)][1:3] == ["energy", "assimilation"]


def test_a_flagged_word_kept_as_written_is_ranked_again_an_unflagged_one_is_not() -> None:
    _ng, tokens, options, cost = _setup("The solid execution of the plan was praised.")
    found = Restoration(2, 2, {2: "performance"}, 1.0)  # "solid" kept, "execution" restored
    flagged = _RecordingRanker()
    again = rerank_in_context(tokens, [([1, 2], found)], flagged, reference(), cost, options)  # type: ignore[arg-type]
    assert sorted(again) == [1]
    unflagged = _RecordingRanker()  # "solid" is only the stretch's neighbour
    assert rerank_in_context(tokens, [([2], found)], unflagged, reference(), cost, options) == {}  # type: ignore[arg-type]


def test_a_word_kept_as_written_or_without_a_restored_neighbour_is_not_ranked_again() -> None:
    _ng, tokens, options, cost = _setup("The vitality of the panel was measured with care.")
    found = Restoration(1, 1, {1: "energy"}, 1.0)
    ranker = _RecordingRanker()
    assert rerank_in_context(tokens, [([1], found)], ranker, reference(), cost, options) == {}  # type: ignore[arg-type]
    assert ranker.calls == []


def test_a_commoner_candidate_costs_more_by_the_rarity_weight(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two candidates the ranker likes alike: the commoner pays for how much commoner it is."""
    monkeypatch.setattr(restoration, "LOOSE_LINK_COST", 0.0)  # "fiscal" is no real link of "monetary"
    monkeypatch.setattr(restoration, "SEEN_WEIGHT", 0.0)  # spinners were seen making both swaps
    ng, tokens, options, cost = _setup("The monetary year ended in June.")
    fiscal, financial = ng.index["fiscal"], ng.index["financial"]
    ranked = {p: Ranked(np.array([fiscal, financial]), np.array([0.5, 0.5])) for p in (1, 2, 3)}
    swap_prob = np.full(len(tokens), 0.9)
    _, penalty = _candidates(tokens, [1], options, reference(), cost, swap_prob, ranked)  # type: ignore[arg-type]
    extra = penalty(1, financial) - penalty(1, fiscal)
    expected = RARITY_WEIGHT * float(ng.unigram[financial] - ng.unigram[fiscal])
    assert expected > 0
    assert abs(extra - expected) < 1e-5


def test_a_change_only_moby_supports_costs_more_than_a_real_synonym(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """ "request" -> "demand": MyThes agrees; "request" -> "way": only Moby relates them."""
    monkeypatch.setattr(restoration, "SEEN_WEIGHT", 0.0)  # spinners were seen making the first
    ng, tokens, options, cost = _setup("Analysts expect frail request for steel.")
    way, demand = ng.index["way"], ng.index["demand"]
    ranked = {p: Ranked(np.array([way, demand]), np.array([0.5, 0.5])) for p in range(len(tokens))}
    swap_prob = np.full(len(tokens), 0.9)
    _, penalty = _candidates(tokens, [2, 3], options, reference(), cost, swap_prob, ranked)  # type: ignore[arg-type]
    rarity = RARITY_WEIGHT * float(ng.unigram[way] - ng.unigram[demand])
    assert abs(penalty(3, way) - penalty(3, demand) - rarity - LOOSE_LINK_COST) < 1e-6


def test_a_word_with_no_real_link_pays_the_loose_cost_for_every_candidate(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """ "kidney" has no link beyond Moby: each of its candidates pays LOOSE_LINK_COST."""
    ng, tokens, options, cost = _setup("She has persistent kidney illness.")
    way, kind = ng.index["way"], ng.index["kind"]
    ranked = {p: Ranked(np.array([way, kind]), np.array([0.5, 0.5])) for p in range(len(tokens))}
    swap_prob = np.full(len(tokens), 0.9)
    args = (tokens, [3, 4], options, reference(), cost, swap_prob, ranked)
    _, penalty = _candidates(*args)  # type: ignore[arg-type]
    priced = [penalty(3, alt) for alt in (way, kind)]
    monkeypatch.setattr(restoration, "LOOSE_LINK_COST", 0.0)
    _, penalty = _candidates(*args)  # type: ignore[arg-type]  # a search prices each swap once
    free = [penalty(3, alt) for alt in (way, kind)]
    for with_cost, without in zip(priced, free):
        assert abs(with_cost - without - LOOSE_LINK_COST) < 1e-9


def test_the_article_before_a_restored_word_agrees_with_it() -> None:
    ng, tokens, options, cost = _setup("The garage sent an invoice for the repairs.")
    options[4][ng.index["bill"]] += 1
    result = restore(tokens, [4], {4: ng.index["bill"]}, options, reference(), cost, rank=False)
    assert result.replacements == {3: "a", 4: "bill"}
    assert result.first == 3 and result.last == 4


def test_an_article_changes_only_before_a_changed_word_that_wants_the_other_one() -> None:
    _ng, tokens, _options, _cost = _setup("An old man and a tired dog saw an owl.")
    assert articles_agreeing(tokens, {1: "young", 5: "angry"}) == {0: "a", 4: "an"}
    assert articles_agreeing(tokens, {1: "aged", 9: "eagle"}) == {}
    assert articles_agreeing(tokens, {1: ""}) == {}
    _ng, letters, _options, _cost = _setup("Take a vitamin A supplement. A supplement helps.")
    assert articles_agreeing(letters, {4: "additive", 6: "additive"}) == {5: "an"}  # "vitamin A" is a letter


def test_pair_moves_change_two_adjacent_content_words_on_the_current_choice() -> None:
    _ng, tokens, _options, _cost = _setup("The unfamiliar clergyman of the city arrived.")
    moves = _pair_moves(tokens, [1, 2, 3, 5], {5: 9}, {1: [10, 11], 2: [20], 3: [30], 5: [50]})
    assert moves == [{5: 9, 1: 10, 2: 20}, {5: 9, 1: 11, 2: 20}]  # "of" (3) is a function word: no pair over it


def test_the_search_reaches_a_pair_no_single_change_would(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With the one-word-at-a-time ascent switched off, only the pair moves can restore both
    words of "unfamiliar clergyman"; they do, and without them nothing changes."""
    ng, tokens, options, cost = _setup("The unfamiliar clergyman arrived in Paris on Monday.")
    for p, words in ((1, ("foreign", "strange")), (2, ("minister", "priest"))):
        for word in words:
            options[p][ng.index[word]] += 1
    monkeypatch.setattr(restoration, "_ascend", lambda positions, candidates, choice, value: (choice, value(choice)))
    result = restore(tokens, [1, 2], {}, options, reference(), cost, rank=False)
    assert result.replacements == {1: "foreign", 2: "minister"}
    monkeypatch.setattr(restoration, "_pair_moves", lambda *args: [])
    assert restore(tokens, [1, 2], {}, options, reference(), cost, rank=False).replacements == {}


def test_the_search_reaches_across_one_function_word() -> None:
    """ "requests of size" flagged at "requests": "size" is searched too (and "differ" across
    "by"), the function words are not; a content word beside the stretch stops the reach on that
    side."""
    tokens = tokenize("They differ by requests of size in the data.")
    assert [tokens[p].lower for p in stretch_of(tokens, [3])] == ["requests"]
    assert [tokens[p].lower for p in positions_of(tokens, [3])] == ["differ", "requests", "size"]
    tokens = tokenize("Huge requests of size.")
    assert [tokens[p].lower for p in positions_of(tokens, [1])] == ["huge", "requests", "size"]
    tokens = tokenize("The requests. Of size.")  # not across a sentence
    assert [tokens[p].lower for p in positions_of(tokens, [1])] == ["requests"]


def test_a_word_across_a_function_word_pays_the_far_cost() -> None:
    ng, tokens, options, cost = _setup("They differ by requests of size in the data.")
    magnitude = ng.index["magnitude"]
    ranked = {p: Ranked(np.array([magnitude]), np.array([1.0])) for p in range(len(tokens))}
    swap_prob = np.full(len(tokens), 0.5)
    args = (tokens, [3, 5], options, reference(), cost, swap_prob, ranked)
    _, near = _candidates(*args)  # type: ignore[arg-type]
    _, far = _candidates(*args, True, frozenset({5}))  # type: ignore[arg-type]
    assert abs(far(5, magnitude) - near(5, magnitude) - FAR_WORD_COST) < 1e-9
    assert far(3, magnitude) == near(3, magnitude)


def test_a_word_other_occurrences_became_is_tried_and_costs_the_consistency_bonus_less() -> None:
    ng, tokens, options, cost = _setup("The perseverance proportion of the alloy rose.")
    percent, ratio = ng.index["percent"], ng.index["ratio"]
    ranked = {p: Ranked(np.array([percent]), np.array([1.0])) for p in range(len(tokens))}
    swap_prob = np.full(len(tokens), 0.5)
    args = (tokens, [1, 2], options, reference(), cost, swap_prob, ranked, True, frozenset())
    candidates, alone = _candidates(*args)  # type: ignore[arg-type]
    assert ratio not in candidates[2]
    candidates, agreeing = _candidates(*args, {2: frozenset({ratio})})  # type: ignore[arg-type]
    assert candidates[2] == [percent, ratio] and candidates[1] == [percent]
    assert abs(alone(2, ratio) - agreeing(2, ratio) - CONSISTENCY_BONUS) < 1e-9
    assert alone(2, percent) == agreeing(2, percent) and alone(1, ratio) == agreeing(1, ratio)


def test_a_swap_spinners_were_seen_making_costs_less_by_how_often(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ng, tokens, options, cost = _setup("Analysts expect frail request for steel.")
    demand, way = ng.index["demand"], ng.index["way"]
    ranked = {p: Ranked(np.array([way, demand]), np.array([0.5, 0.5])) for p in range(len(tokens))}
    args = (tokens, [2, 3], options, reference(), cost, np.full(len(tokens), 0.9), ranked)
    swaps = [(3, demand), (3, way), (2, demand)]
    monkeypatch.setattr(restoration, "times_seen", lambda written, original: 0)
    _, penalty = _candidates(*args)  # type: ignore[arg-type]
    unseen = [penalty(*swap) for swap in swaps]
    monkeypatch.setattr(restoration, "times_seen", lambda w, o: 9 if (w, o) == ("request", "demand") else 0)
    _, penalty = _candidates(*args)  # type: ignore[arg-type]
    seen = [penalty(*swap) for swap in swaps]
    assert SEEN_WEIGHT > 0
    assert abs(unseen[0] - seen[0] - SEEN_WEIGHT) < 1e-9  # log10(1 + 9) = 1
    assert unseen[1:] == seen[1:]
