"""Tests for the synthetic spinner (`detector.training.spinner`). Texts are written for these tests."""

from __future__ import annotations

import pytest

from detector.text import FUNCTION_WORDS, tokenize
from detector.training.spinner import SpunText, replaced_share, spin, spin_words, synonyms

TEXT = (
    "The Foreign Minister said on Tuesday that the peace talks would resume next week, after the "
    "council met in private.\nCritics said the new law would hurt small businesses and farmers."
)


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    synonyms("moby")  # load the table once for the module


def test_rate_zero_returns_text_unchanged() -> None:
    spun = spin(TEXT, 0.0, seed=3)
    assert spun.text == TEXT
    assert spun.swaps == ()


def test_empty_text() -> None:
    spun = spin("", 1.0)
    assert spun.text == "" and spun.swaps == ()


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_swaps_are_recorded_with_correct_offsets(seed: int) -> None:
    spun = spin(TEXT, 0.6, seed=seed)
    assert spun.swaps, "a 0.6 rate on this text should swap something"
    assert spun.text != TEXT
    originals = {t.text for t in tokenize(TEXT)}
    prev_end = 0
    for swap in spun.swaps:
        new = spun.text[swap.start : swap.end]
        assert prev_end <= swap.start < swap.end <= len(spun.text)
        assert new.isalpha()
        assert new.lower() != swap.original.lower()
        assert swap.original in originals
        assert swap.original.lower() not in FUNCTION_WORDS
        # The new word stands alone as a whole token of the spun text.
        assert any(t.start == swap.start and t.end == swap.end for t in tokenize(spun.text))
        # Capitalization is carried over.
        assert new[:1].isupper() == swap.original[:1].isupper()
        prev_end = swap.end


def test_undoing_the_swaps_gives_back_the_original() -> None:
    spun = spin(TEXT, 0.8, seed=11)
    restored = spun.text
    for swap in reversed(spun.swaps):
        restored = restored[: swap.start] + swap.original + restored[swap.end :]
    assert restored == TEXT


def test_same_seed_same_output() -> None:
    assert spin(TEXT, 0.5, seed=42) == spin(TEXT, 0.5, seed=42)


def test_different_seeds_usually_differ() -> None:
    outputs = {spin(TEXT, 0.5, seed=s).text for s in range(5)}
    assert len(outputs) > 1


def test_offsets_with_non_ascii_text() -> None:
    text = "\U0001f600 İstanbul caf\u00e9 \u2014 the minister\u2019s decision surprised the committee."
    spun = spin(text, 1.0, seed=5)
    restored = spun.text
    for swap in reversed(spun.swaps):
        restored = restored[: swap.start] + swap.original + restored[swap.end :]
    assert restored == text


def test_unknown_source() -> None:
    with pytest.raises(ValueError):
        spin(TEXT, 0.5, source="no-such-thesaurus")


def test_missing_mythes_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FileNotFoundError):
        synonyms(f"mythes:{tmp_path / 'absent.dat'}")


@pytest.mark.parametrize("share", [0.05, 0.1, 0.2])
def test_spin_words_replaces_the_asked_share_of_all_words(share: float) -> None:
    spun = spin_words(TEXT, share, seed=2)
    words = len(tokenize(TEXT))
    assert len(spun.swaps) == max(1, round(share * words))
    assert replaced_share(TEXT, spun) == pytest.approx(len(spun.swaps) / words)
    restored = spun.text
    for swap in reversed(spun.swaps):
        restored = restored[: swap.start] + swap.original + restored[swap.end :]
    assert restored == TEXT
    assert spin_words(TEXT, share, seed=2) == spun  # fixed seed


def test_spin_rate_replaces_fewer_words_than_it_says() -> None:
    # Why evaluations use spin_words: a rate applies to content words, and not all have synonyms.
    shares = [replaced_share(TEXT, spin(TEXT, 0.5, seed=s)) for s in range(10)]
    assert sum(shares) / len(shares) < 0.4


def test_spin_words_stops_at_what_the_text_allows() -> None:
    text = "The minister and the law."
    spun = spin_words(text, 0.9, seed=0)
    assert 0 < len(spun.swaps) <= 2  # only two content words to swap
    assert spin_words(text, 0.0) == SpunText(text, ())
    assert spin_words("", 0.5) == SpunText("", ())
