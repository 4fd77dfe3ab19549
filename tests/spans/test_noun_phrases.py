"""Tests for reading "head of modifier" phrases (`detector.spans.noun_phrases`).

The article is skipped and a phrase stays within one stretch of words; a name runs to its last
capitalised word; a phrase is read only where its modifier ends the noun phrase (a word that is
never a noun ends it, one that may be a noun does not); titles in title case, capitalised heads
inside a sentence and abbreviations running on are not read. All texts were written for these
tests.
"""

from __future__ import annotations

from detector.spans.noun_phrases import candidates, clause_words, of_phrases
from detector.text import tokenize


def test_of_phrases_skip_the_article_and_stay_within_a_segment() -> None:
    text = "The module of the attention, the end of. Data of science, loss of - weight"
    tokens = tokenize(text)
    pairs = [(tokens[h].lower, tokens[m].lower) for h, m in of_phrases(text, tokens)]
    assert pairs == [("module", "attention"), ("data", "science")]


def _pairs(text: str) -> list[str]:
    tokens = tokenize(text)
    return [text[tokens[h].start : tokens[m].end] for h, m in candidates(text, tokens)]


def test_a_name_runs_to_its_last_capitalised_word() -> None:
    text = "The ports of the West Coast were busy, and so was the end of Main Street."
    tokens = tokenize(text)
    assert [(tokens[h].lower, tokens[m].lower) for h, m in of_phrases(text, tokens)] == [
        ("ports", "coast"),
        ("end", "street"),
    ]
    assert _pairs("The music of Ada Lindqvist Xu Bo Li swelled.") == []  # longer than MAX_NAME runs on


def test_names_are_weighed_but_not_titles_in_title_case_or_abbreviations() -> None:
    assert _pairs("She met the engineers of Harwood.") == ["engineers of Harwood"]
    assert _pairs("Quiet Tales of Old Town") == []
    assert _pairs("He used the data of the U.S. agency.") == []


def test_a_word_that_is_never_a_noun_ends_the_phrase() -> None:
    assert _pairs("The unit of the company sank by a third.") == ["unit of the company"]
    assert _pairs("The price of oil rose by a third.") == []  # "rose" may be a noun: the phrase may go on
    assert "sank" in clause_words() and "rose" not in clause_words()
