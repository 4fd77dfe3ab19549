"""Reference LM tables: the hashed bigram index agrees with the sorted keys and the LM."""

from __future__ import annotations

import numpy as np
import pytest

from detector.lm.ngrams import HashIndex, context_logprob, tables


def test_hash_index_finds_every_key_and_rejects_others() -> None:
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(0, 1 << 34, 5000))
    index = HashIndex.build(keys, bits=14)
    assert (index.lookup(keys) == np.arange(len(keys))).all()
    others = np.setdiff1d(rng.integers(0, 1 << 34, 5000), keys)
    assert (index.lookup(others) == -1).all()


def test_the_bit_set_turns_away_most_absent_keys_and_never_a_stored_one() -> None:
    rng = np.random.default_rng(1)
    keys = np.unique(rng.integers(0, 1 << 34, 20000))
    index = HashIndex.build(keys, bits=16)
    marks = index._hash(keys, index.FILTER_BITS)
    assert ((index.filter[marks >> 3] >> (marks & 7).astype(np.uint8)) & 1).all()
    others = np.setdiff1d(rng.integers(0, 1 << 34, 20000), keys)
    marks = index._hash(others, index.FILTER_BITS)
    assert ((index.filter[marks >> 3] >> (marks & 7).astype(np.uint8)) & 1).mean() < 0.01


def test_explicit_agrees_with_bigram() -> None:
    ng = tables()
    rng = np.random.default_rng(2)
    first = rng.integers(-1, len(ng.words), 20000)
    second = rng.integers(-1, len(ng.words), 20000)
    real = ng.bigram_keys[rng.integers(0, len(ng.bigram_keys), 2000)]
    first = np.concatenate((first, real >> 17))
    second = np.concatenate((second, real & ((1 << 17) - 1)))
    assert (ng.explicit(first, second) == ng.bigram(first, second)[1]).all()
    assert ng.explicit(first, second)[-2000:].all()


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


def _arrays(value: float) -> dict[str, np.ndarray]:
    keys = np.array([1, 2], dtype=np.int64)
    return {
        "words": np.array(["a", "b"]),
        "unigram": np.array([value, -1.0], dtype=np.float32),
        "backoff": np.zeros(2, dtype=np.float32),
        "bigram_keys": keys,
        "bigram_logprob": np.full(2, -2.0, dtype=np.float32),
    }


def test_a_broken_dump_is_retried_and_never_cached(tmp_path, monkeypatch) -> None:
    from detector.lm import ngrams

    built = iter([_arrays(np.nan), _arrays(-1.5)])
    monkeypatch.setattr(ngrams, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(ngrams, "_build_tables", lambda path: next(built))
    ngrams.tables.cache_clear()
    try:
        assert ngrams.tables().unigram[0] == np.float32(-1.5)
        always_broken = iter([_arrays(np.nan), _arrays(np.inf)])
        monkeypatch.setattr(ngrams, "_build_tables", lambda path: next(always_broken))
        (tmp_path / "ngrams.npz").unlink()
        ngrams.tables.cache_clear()
        with pytest.raises(RuntimeError, match="non-finite unigram"):
            ngrams.tables()
        assert not (tmp_path / "ngrams.npz").exists()
    finally:
        ngrams.tables.cache_clear()


def test_building_the_tables_says_so_on_stderr(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """A first `score()` on a new machine spends seconds here; it must not look hung."""
    from detector.lm import ngrams

    monkeypatch.setattr(ngrams, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(ngrams, "_build_tables", lambda path: _arrays(-1.5))
    ngrams.tables.cache_clear()
    try:
        ngrams.tables()
        assert (
            f"detector: building the language-model tables once (about 5 s) into {tmp_path}" in capsys.readouterr().err
        )
        ngrams.tables.cache_clear()
        ngrams.tables()  # derived already: silent
        assert capsys.readouterr().err == ""
    finally:
        ngrams.tables.cache_clear()


def test_the_set_up_scripts_say_what_each_slow_step_does_and_how_long() -> None:
    """On a new machine `scripts/test.sh` works for about ten minutes before the first test
    (pip builds llama.cpp, apt installs Chromium, the tables above are derived): each of those
    commands follows a line on stderr that says what it does and about how long."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for script, slow in (("setup.sh", ("pip install", "candidate_table()")), ("test.sh", ("apt-get install",))):
        lines = (root / "scripts" / script).read_text(encoding="utf-8").splitlines()
        for command in slow:
            at = next(i for i, line in enumerate(lines) if command in line and not line.lstrip().startswith("#"))
            said = [line for line in lines[:at] if line.strip().startswith("step ")]
            assert said and re.search(r"\d+ (s|seconds|minutes)\b|a few seconds", said[-1]), (script, command)
    first = (root / "README.md").read_text(encoding="utf-8").split("\n## ")[1]
    assert first.startswith("Two commands") and "about ten minutes" in first and "llama.cpp" in first
