"""The spelling-variants table: which pairs are kept, their axis, and which forms mark a variety."""

from __future__ import annotations

from detector.training.spelling_variants import axis, rows


def test_ise_and_yse_pairs_are_their_own_axis() -> None:
    assert axis("organise", "organize") == "ize" and axis("analyse", "analyze") == "ize"
    assert axis("colour", "color") == "spelling" and axis("centre", "center") == "spelling"
    assert axis("aeroplane", "airplane") == "spelling"


def test_rows_keep_single_lowercase_words_and_mark_what_the_other_list_lacks() -> None:
    pairs = {"colour": "color", "tyre": "tire", "Labour": "Labor", "per cent": "percent", "same": "same"}
    british_words = {"colour", "tyre", "tire"}
    american_words = {"color", "tire"}
    assert rows(pairs, british_words, american_words) == [
        ("colour", "color", "spelling", "1", "1"),
        ("tyre", "tire", "spelling", "1", "0"),  # "tire" is a British word too: it marks nothing
    ]
