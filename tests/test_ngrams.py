"""Reference LM tables: the hashed bigram index agrees with the sorted keys and the LM."""

from __future__ import annotations

import numpy as np

from detector.ngrams import HashIndex, context_logprob, tables


def test_hash_index_finds_every_key_and_rejects_others() -> None:
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(0, 1 << 34, 5000))
    index = HashIndex.build(keys, bits=14)
    assert (index.lookup(keys) == np.arange(len(keys))).all()
    others = np.setdiff1d(rng.integers(0, 1 << 34, 5000), keys)
    assert (index.lookup(others) == -1).all()


def test_bigram_matches_the_language_model() -> None:
    ng = tables()
    ids = ng.ids(["cold", "war", "virus"])
    logprob, explicit = ng.bigram(ids[[0, 2]], ids[[1, 1]])
    assert explicit.tolist() == [True, False]
    assert abs(logprob[0] - context_logprob(["cold", "war"])) < 0.01
    assert logprob[0] > logprob[1] + 2  # "cold war" is far likelier than "virus war"


def test_unknown_words_give_minus_infinity() -> None:
    ng = tables()
    ids = ng.ids(["zzqxv", "war"])
    logprob, explicit = ng.bigram(ids[:1], ids[1:])
    assert np.isneginf(logprob[0]) and not explicit[0]
