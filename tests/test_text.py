"""Tests for the text layer (`detector.text`): offsets, apostrophes, segments, language share."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.page.language import english_share
from detector.text import FUNCTION_WORDS, WORD_PATTERN, indefinite_article, tokenize


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def segments(text: str) -> dict[str, int]:
    return {t.text: t.segment for t in tokenize(text)}


def test_offsets_point_into_the_original_text() -> None:
    text = "  The Unfamiliar\u00a0Clergyman,\tspoke\n\nat the  Unified-Countries \u2014 twice! "
    tokens = tokenize(text)
    assert [t.text for t in tokens] == [
        "The",
        "Unfamiliar",
        "Clergyman",
        "spoke",
        "at",
        "the",
        "Unified",
        "Countries",
        "twice",
    ]
    for t in tokens:
        assert text[t.start : t.end] == t.text
        assert t.lower == t.text.lower()
    starts = [t.start for t in tokens]
    assert starts == sorted(starts)


def test_offsets_with_non_ascii_and_astral_characters() -> None:
    text = "\U0001f600 İstanbul caf\u00e9 na\u00efve \U0001d400bc stra\u00dfe"
    for t in tokenize(text):
        assert text[t.start : t.end] == t.text
    assert "İstanbul" in words(text)
    assert "straße" in words(text)


def test_digits_and_underscores_are_not_words() -> None:
    assert words("1234 5_6 __") == []
    assert words("covid19 a_b") == ["covid", "a", "b"]


def test_apostrophes_stay_inside_words() -> None:
    assert words("the minister's view") == ["the", "minister's", "view"]
    tokens = tokenize("the minister\u2019s view")
    assert [t.text for t in tokens] == ["the", "minister\u2019s", "view"]
    # The curly apostrophe is normalized in `lower` only, not in the offsets or text.
    assert tokens[1].lower == "minister's"
    assert tokens[1].end - tokens[1].start == len("minister\u2019s")


def test_leading_and_trailing_apostrophes_are_not_part_of_words() -> None:
    text = "'quoted' the ministers' \u2018view\u2019"
    assert words(text) == ["quoted", "the", "ministers", "view"]
    for t in tokenize(text):
        assert text[t.start : t.end] == t.text


def test_segment_does_not_change_at_spaces_or_hyphens() -> None:
    for text in (
        "unfamiliar clergyman",
        "unfamiliar   clergyman",
        "unfamiliar\tclergyman",
        "unfamiliar\u00a0clergyman",
        "unfamiliar-clergyman",
        "unfamiliar - clergyman",
    ):
        tokens = tokenize(text)
        assert len(tokens) == 2, text
        assert tokens[0].segment == tokens[1].segment, repr(text)


@pytest.mark.parametrize(
    "gap", [". ", ", ", "; ", ": ", "! ", "? ", "\n", "\r\n", "\n\n", " (", ") ", " \u2014 ", " / ", '" ', " 42 "]
)
def test_segment_changes_at_punctuation_and_line_breaks(gap: str) -> None:
    tokens = tokenize(f"unfamiliar{gap}clergyman")
    assert len(tokens) == 2
    assert tokens[1].segment > tokens[0].segment, repr(gap)


def test_segments_never_decrease() -> None:
    tokens = tokenize("One two. Three, four\nfive - six (seven) eight")
    seg = [t.segment for t in tokens]
    assert seg == sorted(seg)
    assert seg[0] == 0


def test_token_properties() -> None:
    the, minister = tokenize("the Minister")
    assert the.is_function and not the.is_capitalized
    assert minister.is_capitalized and not minister.is_function
    assert "the" in FUNCTION_WORDS


ENGLISH = (
    "The minister said on Tuesday that the government would return to the peace talks with "
    "its neighbour after a pause of six months, and that the army would hold its positions."
)
FRENCH = (
    "Le ministre a d\u00e9clar\u00e9 mardi que le gouvernement reprendrait les n\u00e9gociations de paix "
    "avec son voisin apr\u00e8s une pause de six mois, et que l'arm\u00e9e garderait ses positions."
)
GERMAN = (
    "Der Minister sagte am Dienstag, die Regierung werde die Friedensgespr\u00e4che mit dem Nachbarn "
    "nach einer Pause von sechs Monaten wieder aufnehmen, und die Armee werde ihre Stellungen halten."
)
ARABIC = (
    "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631 \u064a\u0648\u0645 \u0627\u0644\u062b\u0644\u0627\u062b\u0627\u0621 "
    "\u0625\u0646 \u0627\u0644\u062d\u0643\u0648\u0645\u0629 \u0633\u062a\u0639\u0648\u062f \u0625\u0644\u0649 "
    "\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0627\u0644\u0633\u0644\u0627\u0645 \u0645\u0639 \u062c\u0627\u0631\u0647\u0627."
)


def test_english_share_is_high_for_english() -> None:
    assert english_share(WORD_PATTERN.findall(ENGLISH)) >= 0.8


@pytest.mark.parametrize("text", [FRENCH, GERMAN, ARABIC], ids=["french", "german", "arabic"])
def test_english_share_is_low_for_other_languages(text: str) -> None:
    assert english_share(WORD_PATTERN.findall(text)) < 0.45


def test_english_share_of_nothing_is_zero() -> None:
    assert english_share([]) == 0.0


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_tokenize_offsets_property(text: str) -> None:
    prev_end = 0
    prev_segment = 0
    for t in tokenize(text):
        assert 0 <= prev_end <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.segment >= prev_segment
        prev_end, prev_segment = t.end, t.segment
    assert 0.0 <= english_share(WORD_PATTERN.findall(text)) <= 1.0


def test_indefinite_article_follows_the_sound_not_the_letter() -> None:
    cases = {"bill": "a", "invoice": "an", "unit": "a", "user": "a", "one": "a", "hour": "an", "honest": "an"}
    assert {word: indefinite_article(word) for word in cases} == cases
    assert indefinite_article("umbrella") == "an" and indefinite_article("european") == "a"


def test_indefinite_article_agrees_with_the_cmu_pronouncing_dictionary() -> None:
    """The rule against the pronunciations of the 20k commonest words (acronyms aside)."""
    import os

    import pocketsphinx
    from wordfreq import top_n_list

    vowels = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
    path = os.path.join(os.path.dirname(pocketsphinx.__file__), "model", "en-us", "cmudict-en-us.dict")
    first_sound: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, *phones = line.split()
            first_sound.setdefault(word, phones[0])
    words = [w for w in top_n_list("en", 20000) if w.isalpha() and len(w) > 3 and w in first_sound]
    wrong = [w for w in words if indefinite_article(w) != ("an" if first_sound[w] in vowels else "a")]
    assert len(words) > 15000
    assert len(wrong) / len(words) < 0.003, wrong[:20]
