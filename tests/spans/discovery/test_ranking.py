"""The restoration ranker: which thesaurus neighbour of a flagged word was the original."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from detector.lm.reference import reference
from detector.lm.thesaurus import CandidateTable
from detector.spans.discovery.ranking import (
    PRESCORE_KEEP,
    RANK_FEATURES,
    Ranked,
    candidate_matrices,
    candidate_matrix,
    load_ranker,
    page_words,
    reverse_rank,
)
from detector.spans.discovery.windows import swap_cost
from detector.text import FUNCTION_WORDS, tokenize


def _rank(text: str, word: str) -> list[str]:
    ref = reference()
    tokens = tokenize(text)
    p = [t.lower for t in tokens].index(word)
    ranker = load_ranker()
    assert ranker is not None, "the ranker ships with the package"
    ranked = ranker.rank(tokens, [p], ref, swap_cost(ref.synonyms), {p: Counter()})[p]
    assert np.all(np.diff(ranked.scores) <= 0), "best first"
    return [ref.ngrams.words[i] for i in ranked.ids]


def test_candidate_matrix_has_one_row_per_candidate_and_no_function_words() -> None:
    ref = reference()
    tokens = tokenize("Analysts expect frail request for steel in the second quarter.")
    ids, matrix = candidate_matrix(tokens, 3, ref, swap_cost(ref.synonyms), Counter())
    assert matrix.shape == (len(ids), len(RANK_FEATURES))
    assert 0 < len(ids) <= PRESCORE_KEEP
    topic = [RANK_FEATURES.index(n) for n in ("topic_fit", "topic_gain")]
    assert np.isfinite(np.delete(matrix, topic, axis=1)).all()  # topic: NaN for a word without a vector
    assert np.isfinite(matrix[:, topic]).any()
    words = [ref.ngrams.words[i] for i in ids]
    assert "request" not in words and not set(words) & FUNCTION_WORDS


def test_windows_proposals_are_always_candidates() -> None:
    ref = reference()
    tokens = tokenize("Analysts expect frail request for steel in the second quarter.")
    rare = ref.ngrams.index["petition"]
    ids, matrix = candidate_matrix(tokens, 3, ref, swap_cost(ref.synonyms), Counter({rare: 3}))
    assert rare in ids.tolist()
    assert matrix[ids.tolist().index(rare), RANK_FEATURES.index("proposed")] == 3


@pytest.mark.parametrize(
    ("text", "word", "original"),
    [
        ("Analysts expect weak request for steel in the second quarter.", "request", "demand"),
        ("The company reported a sharp drop in yearly benefit last year.", "benefit", "profit"),
    ],
)
def test_the_original_is_ranked_near_the_top(text: str, word: str, original: str) -> None:
    assert original in _rank(text, word)[:3]


def test_an_unknown_word_has_no_candidates() -> None:
    ref = reference()
    tokens = tokenize("The zzqxv model was trained.")
    ids, matrix = candidate_matrix(tokens, 1, ref, swap_cost(ref.synonyms), Counter())
    assert len(ids) == 0 and matrix.shape == (0, len(RANK_FEATURES))


def test_batched_features_equal_one_word_at_a_time() -> None:
    ref = reference()
    cost = swap_cost(ref.synonyms)
    tokens = tokenize("Analysts expect frail request for steel in the second quarter of the monetary year.")
    positions = [i for i, t in enumerate(tokens) if not t.is_function]
    proposals = {p: Counter() for p in positions}
    batched = candidate_matrices(tokens, positions, ref, cost, proposals)
    for p, (ids, matrix) in zip(positions, batched):
        alone_ids, alone = candidate_matrix(tokens, p, ref, cost, Counter())
        assert np.array_equal(ids, alone_ids) and np.allclose(matrix, alone, equal_nan=True)


def test_topic_contexts_from_the_window_features_give_the_same_rows() -> None:
    from detector.spans.discovery.features import window_features

    ref = reference()
    cost = swap_cost(ref.synonyms)
    tokens = tokenize("Analysts expect frail request for steel in the second quarter of the monetary year.")
    positions = [i for i, t in enumerate(tokens) if not t.is_function]
    proposals = {p: Counter() for p in positions}
    topics = window_features(tokens, ref).topics
    assert topics is not None and topics.shape[0] == len(tokens)
    given = candidate_matrices(tokens, positions, ref, cost, proposals, topics)
    for (ids, matrix), (own_ids, own) in zip(given, candidate_matrices(tokens, positions, ref, cost, proposals)):
        assert np.array_equal(ids, own_ids) and np.allclose(matrix, own, equal_nan=True)


def test_a_candidate_the_text_writes_elsewhere_is_kept_and_marked() -> None:
    ref = reference()
    cost = swap_cost(ref.synonyms)
    text = "Analysts expect frail request for steel. Weak demand for steel hurt the second quarter."
    tokens = tokenize(text)
    p = [t.lower for t in tokens].index("request")
    ids, matrix = candidate_matrix(tokens, p, ref, cost, Counter())
    demand = ref.ngrams.index["demand"]
    assert demand in ids.tolist(), "a neighbour written elsewhere survives the pre-score"
    row = matrix[ids.tolist().index(demand)]
    assert row[RANK_FEATURES.index("in_document")] == pytest.approx(np.log1p(1))
    assert row[RANK_FEATURES.index("pair_in_document")] == 1.0  # "demand for" is written elsewhere
    absent = [i for i, w in enumerate(ids.tolist()) if ref.ngrams.words[w] not in {t.lower for t in tokens}]
    assert absent and (matrix[absent, RANK_FEATURES.index("in_document")] == 0).all()
    assert (matrix[absent, RANK_FEATURES.index("pair_in_document")] == 0).all()


def test_a_text_that_writes_no_candidate_leaves_the_document_features_at_zero() -> None:
    ref = reference()
    cost = swap_cost(ref.synonyms)
    alone = tokenize("Analysts expect frail request for steel.")
    ids, matrix = candidate_matrix(alone, 3, ref, cost, Counter())
    assert 0 < len(ids) <= PRESCORE_KEEP  # nothing written elsewhere passes the pre-score
    for name in ("in_document", "pair_in_document", "form_in_document"):
        assert (matrix[:, RANK_FEATURES.index(name)] == 0).all(), name


def test_another_form_written_elsewhere_marks_the_candidate() -> None:
    ref = reference()
    cost = swap_cost(ref.synonyms)
    tokens = tokenize("Analysts expect frail request for steel. Demands for copper fell.")
    p = [t.lower for t in tokens].index("request")
    ids, matrix = candidate_matrix(tokens, p, ref, cost, Counter())
    words = [ref.ngrams.words[i] for i in ids]
    form = matrix[:, RANK_FEATURES.index("form_in_document")]
    assert "demand" in words and form[words.index("demand")] == 1.0  # "demands" is written
    assert matrix[words.index("demand"), RANK_FEATURES.index("in_document")] == 0.0
    assert (form[[i for i, w in enumerate(words) if w not in {"demand", "demands"}]] == 0).all()


def test_reverse_rank_is_where_the_observed_word_stands_in_the_candidates_own_list() -> None:
    # Word 1's neighbours, commonest first: 3, 2; word 2's: 1; word 3's: 2, 1.
    table = CandidateTable(
        offsets=np.array([0, 0, 2, 3, 5]), candidates=np.array([3, 2, 1, 2, 1]), flags=np.zeros(5, dtype=np.int64)
    )
    ids = np.array([2, 3, 3, 1])  # candidates of observed words 1, 1, 2 and (unknown) -1
    observed = np.array([1, 1, 2, -1])
    assert reverse_rank(ids, observed, table).tolist() == pytest.approx([0.0, 1 / 160, 0.0, 2.0])
    assert reverse_rank(np.array([2]), np.array([3]), table).tolist() == [2.0]  # 3 is not in 2's list


def test_the_shipped_matrices_carry_the_reverse_rank() -> None:
    ref = reference()
    tokens = tokenize("Analysts expect frail request for steel.")
    _, matrix = candidate_matrix(tokens, 3, ref, swap_cost(ref.synonyms), Counter())
    column = matrix[:, RANK_FEATURES.index("reverse_rank")]
    assert ((column >= 0) & (column <= 2)).all() and (column < 1.5).any()


def test_merged_rankings_keep_every_candidate_with_its_better_score() -> None:
    first = Ranked(np.array([5, 7, 9]), np.array([0.6, 0.3, 0.1]))
    second = Ranked(np.array([7, 11]), np.array([0.8, 0.2]))
    merged = first.merged(second)
    assert merged.ids.tolist() == [7, 5, 11, 9]
    assert merged.scores.tolist() == [0.8, 0.6, 0.2, 0.1]


def test_the_page_given_apart_gives_the_same_rows() -> None:
    """A second ranking shows some words restored but reads the page as written."""
    text = "The vitality assimilation of the panel was measured. Energy use fell."
    tokens = tokenize(text)
    ref = reference()
    cost = swap_cost(ref.synonyms)
    options = {1: Counter(), 2: Counter()}
    own = candidate_matrices(tokens, [1, 2], ref, cost, options)
    given = candidate_matrices(tokens, [1, 2], ref, cost, options, page=page_words(tokens, ref.ngrams))
    for (ids_a, rows_a), (ids_b, rows_b) in zip(own, given):
        assert np.array_equal(ids_a, ids_b) and np.array_equal(rows_a, rows_b, equal_nan=True)


def test_a_learned_link_stays_in_the_pool_the_pre_score_would_cut_it_from(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """ "organizations" -> "companies": spinners were seen making that swap; the adjacent words
    alone would cut it (KEEP_LEARNED off)."""
    from detector.lm.thesaurus import LEARNED
    from detector.spans.discovery import ranking

    ref = reference().restoring
    tokens = tokenize("The organizations of the province met.")
    ids_t, flags = ref.synonyms.of(ref.ngrams.index["organizations"])
    learned = {int(i) for i, f in zip(ids_t, flags) if f & LEARNED}
    companies = ref.ngrams.index["companies"]
    assert companies in learned

    def pool() -> set[int]:
        return set(candidate_matrix(tokens, 1, ref, swap_cost(ref.synonyms), Counter())[0].tolist())

    assert ranking.KEEP_LEARNED and learned <= pool()
    monkeypatch.setattr(ranking, "KEEP_LEARNED", False)
    assert companies not in pool()
