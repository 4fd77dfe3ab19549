"""Tests for reading text as displayed (`detector.normalize`): hidden characters cannot hide a
phrase, offsets map back into the caller's string, and honest text is left alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from detector.normalize import normalize

HIDERS = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u202e"]


def test_plain_text_is_untouched_at_no_cost() -> None:
    view = normalize("The foreign minister spoke at the United Nations.")
    assert view.origin is None and view.hidden == 0
    assert view.original(4, 11) == (4, 11)


def test_invisible_characters_are_dropped_and_counted() -> None:
    text = "The Unfa\u00admiliar\u200b Cler\u2060gyman spoke."
    view = normalize(text)
    assert view.text == "The Unfamiliar Clergyman spoke."
    assert view.invisible == 3 and view.lookalike == 0
    start = view.text.index("Unfamiliar Clergyman")
    a, b = view.original(start, start + len("Unfamiliar Clergyman"))
    assert text[a:b] == "Unfa\u00admiliar\u200b Cler\u2060gyman"


def test_look_alike_letters_are_read_as_latin() -> None:
    text = "The Unf\u0430mili\u0430r Cl\u0435rgym\u0430n and \u0441\u043e\u0440s"  # Cyrillic а, е, с, о, р
    view = normalize(text)
    assert view.text == "The Unfamiliar Clergyman and cops"
    assert view.lookalike == 7 and view.invisible == 0
    assert view.original(4, 14) == (4, 14)  # one-for-one: offsets unchanged


def test_honest_other_scripts_and_symbols_stay() -> None:
    for text in (
        "Путин сказал, что переговоры продолжатся.",  # Russian text
        "και το νερό",  # Greek text
        "The minister quoted \u00abПутин\u00bb twice.",  # a Russian name in English
        "NF-\u03baB and TNF-\u03b1 rose at \u03b1 = 0.05.",  # Greek symbols in science
        "\ufeffA file that starts with a byte-order mark.",
        "A family \U0001f468\u200d\U0001f469\u200d\U0001f467 emoji.",
    ):
        assert normalize(text).hidden == 0, text


def test_fullwidth_letters_are_read_as_ascii() -> None:
    view = normalize("\uff35\uff4e\uff49\uff54\uff45\uff44 Nations")
    assert view.text == "United Nations" and view.lookalike == 6


@given(st.lists(st.sampled_from(["Unfamiliar", " ", "Clergyman", "\u0430", "\u0435", ".", "\n", "\u00e9", *HIDERS])))
def test_offsets_always_map_back(pieces: list[str]) -> None:
    text = "".join(pieces)
    view = normalize(text)
    assert len(view.text) <= len(text)
    for start in range(len(view.text)):
        for end in (start, start + 1, len(view.text)):
            a, b = view.original(start, end)
            assert 0 <= a <= b <= len(text)
            if end > start:  # the stretch holds the same displayed characters, hidden ones aside
                visible = [c for c in text[a:b] if c not in HIDERS]
                assert len(visible) == end - start
                assert all(
                    v == s or v not in "Unfamiliar Clergyman.\n\u00e9" for v, s in zip(visible, view.text[start:end])
                )


@given(st.text())
def test_never_raises_and_never_grows(text: str) -> None:
    view = normalize(text)
    assert len(view.text) <= len(text) and view.hidden >= 0
    if view.text:
        a, b = view.original(0, len(view.text))
        assert 0 <= a <= b <= len(text)
