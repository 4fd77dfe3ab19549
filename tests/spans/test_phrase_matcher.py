"""Tests for the shared phrase matcher (`detector.spans.phrase_matcher`). All phrases are invented."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from detector.spans.phrase_matcher import PhraseMatcher, fold, normalize_phrase

PHRASES = ["velvet lantern", "cloudy turnip sorter", "satin lamp"]


def hits(text: str, phrases: list[str] = PHRASES) -> list[tuple[str, str]]:
    """(matched text, key) pairs, checking the offset invariant on the way."""
    out = []
    for hit in PhraseMatcher(phrases).find(text):
        assert 0 <= hit.start < hit.end <= len(text)
        out.append((text[hit.start : hit.end], hit.key))
    return out


def test_case_insensitive() -> None:
    assert hits("A VELVET LANTERN and a Velvet Lantern and a vElVeT lAnTeRn.") == [
        ("VELVET LANTERN", "velvet lantern"),
        ("Velvet Lantern", "velvet lantern"),
        ("vElVeT lAnTeRn", "velvet lantern"),
    ]


def test_phrase_case_in_list_does_not_matter() -> None:
    assert hits("a velvet lantern", ["Velvet LANTERN"]) == [("velvet lantern", "velvet lantern")]


def test_whole_words_only() -> None:
    assert hits("velvet lanterns") == []
    assert hits("avelvet lantern") == []
    assert hits("velvet lantern2") == []
    assert hits("velvet_lantern") == []
    assert hits("2velvet lantern") == []
    assert hits("satin lampshade") == []


def test_punctuation_is_a_word_boundary() -> None:
    assert [h[0] for h in hits("(velvet lantern), 'satin lamp'. velvet lantern's glow")] == [
        "velvet lantern",
        "satin lamp",
        "velvet lantern",
    ]


def test_newlines_spaces_and_hyphens_between_words() -> None:
    for sep in ["\n", "  ", "\n   ", "\t", "-", " - ", "\u00a0", "\r\n", "\u2010", "\u2013"]:
        text = f"the velvet{sep}lantern glows"
        found = hits(text)
        assert found == [(f"velvet{sep}lantern", "velvet lantern")], repr(sep)


def test_three_word_phrase_over_a_line_break() -> None:
    text = "a Cloudy\n  Turnip-Sorter here"
    assert hits(text) == [("Cloudy\n  Turnip-Sorter", "cloudy turnip sorter")]


def test_curly_and_straight_apostrophes_match_alike() -> None:
    phrases = ["giant's lamp"]
    assert hits("the giant\u2019s lamp", phrases) == [("giant\u2019s lamp", "giant's lamp")]
    assert hits("the giant's lamp", ["giant\u2019s lamp"]) == [("giant's lamp", "giant's lamp")]


def test_leading_whitespace_does_not_shift_offsets() -> None:
    text = "\n\n   velvet   lantern"
    assert hits(text) == [("velvet   lantern", "velvet lantern")]


def test_offsets_with_multi_char_lowercase_characters() -> None:
    # 'İ'.lower() is two characters; offsets must still point into the original text.
    for text in [
        "İİİ velvet lantern İstanbul",
        "İ velvet\nLantern İ satin lamp",
        "\u0130" * 50 + " Velvet Lantern",
        "velvet lantern\u0130",  # the trailing İ is a letter: no word boundary
    ]:
        found = hits(text)
        for matched, key in found:
            assert normalize_phrase(matched) == key
    assert hits("İİİ velvet lantern İstanbul") == [("velvet lantern", "velvet lantern")]
    assert hits("İ velvet\nLantern İ satin lamp") == [
        ("velvet\nLantern", "velvet lantern"),
        ("satin lamp", "satin lamp"),
    ]
    assert hits("velvet lantern\u0130") == []


def test_offsets_with_astral_characters_and_lone_surrogates() -> None:
    text = "\U0001f600\ud800 velvet lantern \udfff\U0001f3fd satin lamp\ud83d\ude00"
    assert hits(text) == [("velvet lantern", "velvet lantern"), ("satin lamp", "satin lamp")]


def test_overlapping_and_repeated_phrases() -> None:
    found = hits("velvet lantern velvet lantern", ["velvet lantern", "lantern velvet"])
    assert ("velvet lantern", "velvet lantern") in found
    assert found.count(("velvet lantern", "velvet lantern")) == 2


def test_empty_list() -> None:
    matcher = PhraseMatcher([])
    assert len(matcher) == 0
    assert list(matcher.find("velvet lantern")) == []
    assert list(PhraseMatcher(["", "   ", "-"]).find("velvet lantern")) == []


def test_duplicates_count_once() -> None:
    matcher = PhraseMatcher(["velvet lantern", "Velvet  Lantern", "velvet-lantern"])
    assert len(matcher) == 1
    assert len(list(matcher.find("velvet lantern"))) == 1


def test_empty_text() -> None:
    assert hits("") == []


def test_fold_keeps_length() -> None:
    for text in ["İstanbul \u2019 -\n", "ABC\u00a0def", "\U0001f600\ud800", "ΣΟΦΟΣ"]:
        assert len(fold(text)) == len(text)


def test_normalize_phrase() -> None:
    assert normalize_phrase("  Velvet -\n LANTERN ") == "velvet lantern"
    assert normalize_phrase("giant\u2019s  lamp") == "giant's lamp"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["velvet", "lantern", "satin", "lamp", "İ", " ", "\n", "-", ".", "\u2019"]),
            st.text(max_size=3),
        ),
        max_size=30,
    )
)
def test_offsets_property(pieces: list[str]) -> None:
    text = "".join(pieces)
    for hit in PhraseMatcher(PHRASES).find(text):
        assert 0 <= hit.start < hit.end <= len(text)
        assert normalize_phrase(text[hit.start : hit.end]) == hit.key
