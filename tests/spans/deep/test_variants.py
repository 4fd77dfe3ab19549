"""Tests for `detector.spans.deep.variants`: other restorations of a kept span for the deep tier to weigh.

Neighbour variants must come only from the thesaurus and the reference LM (the pair as
restored is an explicit bigram, likelier than with the neighbour as written), keep the text's
spacing and capitalisation, never cross a line break or reach into another flagged stretch,
and exist only for one-word spans with one-word suggestions. Phrase variants recombine a two-
or three-word span word by word, never offer the text as written or the suggestion again, and
exist only where the suggestion has as many words.
"""

from __future__ import annotations

from detector.lm.reference import reference
from detector.spans.deep.variants import (
    PAIR_GAIN,
    PHRASE_VARIANTS,
    VARIANTS_PER_SIDE,
    neighbour_variants,
    phrase_variants,
)
from detector.types import Span


def span(text: str, word: str, suggestion: str | None) -> Span:
    at = text.index(word)
    return Span(at, at + len(word), word, "discovery", 0.9, "test", suggestion)


def test_a_swapped_neighbour_after_is_restored_with_the_flagged_word() -> None:
    text = "The storm caused force slices across the town."
    variants = {
        text[w.start : w.end]: w.options for w in neighbour_variants(text, span(text, "force", "power"), reference())
    }
    assert variants["force slices"][0] == "power slices"  # the neighbour as written comes first
    assert "power cuts" in variants["force slices"][1:]
    assert all(len(options) <= 1 + VARIANTS_PER_SIDE for options in variants.values())


def test_capitalisation_of_the_replaced_neighbour_is_kept() -> None:
    text = "Exchange associations called a strike."
    (variants,) = neighbour_variants(text, span(text, "Exchange", "Trade"), reference())
    assert text[variants.start : variants.end] == "Exchange associations"
    assert "Trade unions" in variants.options


def test_no_variant_across_a_line_break_or_into_another_span() -> None:
    text = "The storm caused force\nslices across the town."
    stretches = [text[w.start : w.end] for w in neighbour_variants(text, span(text, "force", "power"), reference())]
    assert stretches == ["caused force"]
    taken = [(text.index("caused"), text.index("caused") + len("caused"))]
    assert neighbour_variants(text, span(text, "force", "power"), reference(), taken) == []


def test_only_one_word_spans_with_one_word_suggestions_are_widened() -> None:
    text = "The storm caused force slices across the town."
    assert neighbour_variants(text, span(text, "force slices", "power cuts"), reference()) == []
    assert neighbour_variants(text, span(text, "force", "electric power"), reference()) == []
    assert neighbour_variants(text, span(text, "force", None), reference()) == []
    assert neighbour_variants(text, span(text, "force", "zzqx"), reference()) == []  # unknown to the LM


def test_every_variant_is_likelier_than_the_pair_as_written() -> None:
    from detector.lm.ngrams import tables

    text = "The storm caused force slices across the town."
    ngrams = tables()
    found = neighbour_variants(text, span(text, "force", "power"), reference())
    assert found
    for variants in found:
        first, second = ngrams.ids(variants.options[0].lower().split())
        as_written = ngrams.bigram([first], [second])[0][0]
        for option in variants.options[1:]:
            first, second = ngrams.ids(option.lower().split())
            logprob, explicit = ngrams.bigram([first], [second])
            assert explicit[0] and logprob[0] > as_written + PAIR_GAIN


def test_phrase_variants_recombine_the_words_of_a_flagged_phrase() -> None:
    text = "The administering alliance lost its majority in the vote."
    (variants,) = phrase_variants(text, span(text, "administering alliance", "governing body"), reference())
    assert (variants.start, variants.end) == (text.index("administering"), text.index(" lost"))
    assert variants.options[0] == "governing body"  # the suggestion to beat comes first
    others = variants.options[1:]
    assert 0 < len(others) <= PHRASE_VARIANTS and len(set(others)) == len(others)
    assert all(len(o.split()) == 2 for o in others)
    assert not {o.lower() for o in others} & {"administering alliance", "governing body"}
    assert phrase_variants(text, span(text, "administering alliance", "governing body"), reference()) == [variants]


def test_phrase_variants_follow_the_suggestions_capitals() -> None:
    text = "He met the Delegate Chief Clergyman on Friday."
    (variants,) = phrase_variants(text, span(text, "Delegate Chief Clergyman", "Deputy Chief Minister"), reference())
    assert all(w[:1].isupper() for option in variants.options for w in option.split())


def test_phrase_variants_only_for_two_or_three_words_restored_word_for_word() -> None:
    text = "The administering alliance of the four northern parties lost."
    assert phrase_variants(text, span(text, "administering", "governing"), reference()) == []
    assert phrase_variants(text, span(text, "administering alliance", "government"), reference()) == []
    assert phrase_variants(text, span(text, "administering alliance", None), reference()) == []
    assert phrase_variants(text, span(text, "of the four northern", "of the four southern"), reference()) == []
