"""Tests for `detector.widening`: variants that restore a flagged word's neighbour as well.

Variants must come only from the thesaurus and the reference LM (the pair as restored is an
explicit bigram, likelier than with the neighbour as written), keep the text's spacing and
capitalisation, never cross a line break or reach into another flagged stretch, and exist
only for one-word spans with one-word suggestions.
"""

from __future__ import annotations

from detector.types import Span
from detector.widening import VARIANTS_PER_SIDE, neighbour_variants


def span(text: str, word: str, suggestion: str | None) -> Span:
    at = text.index(word)
    return Span(at, at + len(word), word, "discovery", 0.9, "test", suggestion)


def test_a_swapped_neighbour_after_is_restored_with_the_flagged_word() -> None:
    text = "The storm caused force slices across the town."
    variants = {text[w.start : w.end]: w.options for w in neighbour_variants(text, span(text, "force", "power"))}
    assert variants["force slices"][0] == "power slices"  # the neighbour as written comes first
    assert "power cuts" in variants["force slices"][1:]
    assert all(len(options) <= 1 + VARIANTS_PER_SIDE for options in variants.values())


def test_capitalisation_of_the_replaced_neighbour_is_kept() -> None:
    text = "Exchange associations called a strike."
    (widening,) = neighbour_variants(text, span(text, "Exchange", "Trade"))
    assert text[widening.start : widening.end] == "Exchange associations"
    assert "Trade unions" in widening.options


def test_no_variant_across_a_line_break_or_into_another_span() -> None:
    text = "The storm caused force\nslices across the town."
    stretches = [text[w.start : w.end] for w in neighbour_variants(text, span(text, "force", "power"))]
    assert stretches == ["caused force"]
    taken = [(text.index("caused"), text.index("caused") + len("caused"))]
    assert neighbour_variants(text, span(text, "force", "power"), taken) == []


def test_only_one_word_spans_with_one_word_suggestions_are_widened() -> None:
    text = "The storm caused force slices across the town."
    assert neighbour_variants(text, span(text, "force slices", "power cuts")) == []
    assert neighbour_variants(text, span(text, "force", "electric power")) == []
    assert neighbour_variants(text, span(text, "force", None)) == []
    assert neighbour_variants(text, span(text, "force", "zzqx")) == []  # unknown to the LM


def test_every_variant_is_likelier_than_the_pair_as_written() -> None:
    from detector.ngrams import tables

    text = "The party held a warmed discussion on taxes."
    ngrams = tables()
    (widening,) = [
        w for w in neighbour_variants(text, span(text, "warmed", "heated")) if w.start == text.index("warmed")
    ]
    first, second = ngrams.ids(widening.options[0].lower().split())
    as_written = ngrams.bigram([first], [second])[0][0]
    for option in widening.options[1:]:
        first, second = ngrams.ids(option.lower().split())
        logprob, explicit = ngrams.bigram([first], [second])
        assert explicit[0] and logprob[0] > as_written
