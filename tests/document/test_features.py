"""Tests for the document features (`detector.document.features`).

The document classifier sees only this vector, so it must have the promised shape and order,
move the right way on spun text, not depend on how a long text is cut into sections (the
API feeds `TextProfile` one section at a time), stay defined-or-NaN on empty input, and
explain every feature in words, since reasons shown to reviewers are built from them.

The paragraphs below were written for these tests; the two samples come from `data/samples`.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from detector import api
from detector.document.features import FEATURE_NAMES, FEATURES, TextProfile, vector
from detector.lm.reference import reference
from detector.spans import bt_words, mt_words
from detector.text import tokenize
from detector.types import Quality, Span

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"

PROSE = (
    "The ferry from the harbour left twenty minutes late on Sunday morning. Most of the passengers were "
    "families going to the island for the summer fair, and the upper deck was full before the ropes came off.\n"
    "A small band played on the quay while the boat turned. Children waved at the gulls, and an old man "
    "sold paper cones of roasted nuts to anyone who stood still long enough.\n"
    "By noon the wind had dropped and the sea was flat and grey. The captain said the crossing would take "
    "about an hour, which was longer than usual, because the engine was being repaired next week.\n"
    "On the island the fair had already started. There were stalls selling cheese, honey and wool, a tent "
    "for the brass band, and a field where farmers showed their sheep to a judge in a white coat."
)

# TextProfile counters that must not depend on where the text is cut (mattr windows may).
COUNTERS = (
    "words",
    "function",
    "the",
    "capitalized",
    "letters",
    "content",
    "rare",
    "spinner",
    "unknown",
    "pairs",
    "attested",
)
SUMS = ("zipf_sum", "gap_sum")


def _features(name: str) -> dict[str, float]:
    features = api.analyse((SAMPLES / name).read_text(encoding="utf-8")).features
    assert features is not None
    return dict(zip(FEATURE_NAMES, features.tolist()))


def _profile(text: str, pieces: list[tuple[int, int]]) -> TextProfile:
    profile = TextProfile()
    model, edit, bt = mt_words.load(), mt_words.load_edit(), bt_words.load()
    for start, end in pieces:
        tokens = tokenize(text, start, end)
        matrix = mt_words.word_matrix(tokens, reference())
        profile.add(text, tokens, matrix, model.predict(matrix), edit.scores(matrix), bt.probabilities(tokens, matrix))
    return profile


def test_vector_has_one_float32_per_named_feature() -> None:
    profile = _profile(PROSE, [(0, len(PROSE))])
    out = vector([], profile, Quality())
    assert out.shape == (len(FEATURE_NAMES),)
    assert out.dtype == np.float32
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)


def test_vector_from_analyse_matches_feature_names() -> None:
    features = api.analyse(PROSE).features
    assert features is not None
    assert features.shape == (len(FEATURE_NAMES),) and features.dtype == np.float32


def test_spun_sample_reads_more_spun_than_its_clean_original() -> None:
    spun, clean = _features("spun_news.txt"), _features("clean_news.txt")
    for name in ("fingerprint_per_1k", "discovery_per_1k", "spinner_word_share"):
        assert spun[name] > clean[name], name
    assert spun["lm_attested_share"] < clean["lm_attested_share"]


def test_profile_fed_in_two_sections_counts_like_one() -> None:
    cut = PROSE.index("\n", len(PROSE) // 2) + 1
    whole = _profile(PROSE, [(0, len(PROSE))])
    halves = _profile(PROSE, [(0, cut), (cut, len(PROSE))])
    assert whole.words == len(tokenize(PROSE)) > 100
    for name in COUNTERS:
        assert getattr(halves, name) == getattr(whole, name), name
    for name in SUMS:
        assert getattr(halves, name) == pytest.approx(getattr(whole, name), rel=1e-6), name
    assert halves.sentence_lengths == whole.sentence_lengths
    assert halves.sentence_mt_max == whole.sentence_mt_max
    assert halves.sentence_edit_max == whole.sentence_edit_max
    assert len(whole.sentence_lengths) == 8
    np.testing.assert_allclose(np.concatenate(halves.pair_logprobs), np.concatenate(whole.pair_logprobs), rtol=1e-6)
    np.testing.assert_allclose(np.concatenate(halves.pair_pmi), np.concatenate(whole.pair_pmi), rtol=1e-6)
    a, b = vector([], whole, Quality()), vector([], halves, Quality())
    for i, name in enumerate(FEATURE_NAMES):
        if name != "mattr":  # moving-average windows restart at a section cut
            np.testing.assert_allclose(b[i], a[i], rtol=1e-4, err_msg=name)  # float32 sums in another order


def test_sentence_lengths_follow_sentence_ends() -> None:
    text = "Rain fell all night. The river rose by a metre! Did the bridge hold? It did."
    assert _profile(text, [(0, len(text))]).sentence_lengths == [4, 6, 4, 2]


UNDEFINED_WHEN_EMPTY = {
    "mt_word_mean",
    "mt_word_high_share",
    "mt_sentence_max_mean",
    "mt_sentence_strong_share",
    "mt_edit_mean",
    "mt_edit_sentence_max_mean",
    "bt_word_mean",
    "bt_word_high_share",
    "translationese_mean",
    "lm_bigram_mean",
    "lm_bigram_p10",
    "lm_attested_share",
    "lm_pmi_mean",
    "lm_function_pair_mean",
    "zipf_mean",
    "rare_word_share",
    "synonym_gap_mean",
    "spinner_word_share",
    "sentence_words_mean",
    "sentence_words_sd",
    "mattr",
    "terminal_line_share",
}


def test_empty_profile_gives_nan_only_where_undefined() -> None:
    profile = TextProfile()
    empty = np.zeros(0, dtype=np.float32)
    profile.add("", [], mt_words.word_matrix([], reference()), empty, empty, empty)
    out = vector([], profile, Quality())
    assert out.shape == (len(FEATURE_NAMES),)
    for name, value in zip(FEATURE_NAMES, out.tolist()):
        if name in UNDEFINED_WHEN_EMPTY:
            assert math.isnan(value), name
        else:
            assert math.isfinite(value), name
    assert out[FEATURE_NAMES.index("log_words")] == 0.0


def test_span_counts_are_per_thousand_words() -> None:
    profile = _profile(PROSE, [(0, len(PROSE))])
    spans = [
        Span(0, 9, "The ferry", "fingerprint", 1.0, "listed"),
        Span(10, 14, "from", "pps", 1.0, "listed"),
        Span(15, 18, "the", "discovery", 0.4, "found"),
        Span(19, 26, "harbour", "mt", 0.99, "mt"),
        Span(27, 31, "left", "calque", 0.9, "calque"),
    ]
    row = dict(zip(FEATURE_NAMES, vector(spans, profile, Quality()).tolist()))
    per_1k = 1000.0 / profile.words
    assert row["fingerprint_per_1k"] == pytest.approx(2 * per_1k, rel=1e-5)
    assert row["discovery_per_1k"] == pytest.approx(per_1k, rel=1e-5)
    assert row["discovery_max"] == pytest.approx(0.4)
    assert row["span_word_share"] == pytest.approx(4 / profile.words, rel=1e-5)  # mt and calque spans not counted


def test_every_feature_is_explained_with_a_unit() -> None:
    assert tuple(FEATURES) == FEATURE_NAMES
    for name, entry in FEATURES.items():
        assert isinstance(entry, tuple) and len(entry) == 2, name
        what, unit = entry
        assert isinstance(what, str) and what.strip(), name
        assert isinstance(unit, str) and unit.strip(), name
