"""Suggestions in the text's own spelling (`detector.spans.spelling`): the variety a text marks,
per axis, and what a respelled span keeps."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from detector import score
from detector.spans import spelling
from detector.spans.spelling import AMERICAN, BRITISH, house_variety, in_house_spelling, variants
from detector.types import Span, SpanKind


def found(text: str, written: str, suggestion: str) -> Span:
    start = text.index(written)
    reason = f'the reference language model finds "{suggestion}" far more likely here'
    return Span(start, start + len(written), written, SpanKind.DISCOVERY, 0.9, reason, suggestion)


def test_the_shipped_pairs_know_both_directions_and_which_forms_mark() -> None:
    table = variants()
    assert table.other["colour"][:2] == ("color", AMERICAN) and table.other["color"][:2] == ("colour", BRITISH)
    assert table.other["organise"][2] == "ize" and table.other["defence"][2] == "spelling"
    assert table.marks["colour"] == ("spelling", BRITISH) and table.marks["color"] == ("spelling", AMERICAN)
    assert "tire" not in table.marks  # a British word too ("to tire"): it marks nothing


def test_the_house_variety_is_the_majority_of_marking_words_per_axis() -> None:
    assert house_variety("The harbor and the center, painted in one color.") == {"spelling": AMERICAN}
    assert house_variety("The harbour, the colour and one center.") == {"spelling": BRITISH}
    assert house_variety("They organised the colour scheme.") == {"spelling": BRITISH, "ize": BRITISH}
    assert house_variety("Even: the colour and the color.") == {}
    assert house_variety("Nothing marks this sentence.") == {}


def test_an_american_text_gets_american_suggestions_reason_included() -> None:
    text = "The court sat by the harbor.\n\nProtection lawyer Ann Lee spoke."
    (span,) = in_house_spelling(text, [found(text, "Protection lawyer", "Defence attorney")])
    assert span.suggestion == "Defense attorney"
    assert '"Defense attorney"' in span.reason and "Defence" not in span.reason


def test_a_british_text_gets_british_suggestions_on_each_axis_it_marks() -> None:
    text = "The protection secretary saw the harbour and its neighbouring streets."
    (span,) = in_house_spelling(text, [found(text, "protection secretary", "defense secretary")])
    assert span.suggestion == "defence secretary"
    # The -ise / -ize axis is unmarked here: Oxford spelling keeps "organization" with "harbour".
    (span,) = in_house_spelling(text, [found(text, "protection secretary", "trade organization")])
    assert span.suggestion == "trade organization"


def test_an_unmarked_text_keeps_the_searchs_spelling() -> None:
    text = "The protection secretary spoke on Monday."
    (span,) = in_house_spelling(text, [found(text, "protection secretary", "defence secretary")])
    assert span.suggestion == "defence secretary"
    with mock.patch.object(spelling, "UNMARKED", AMERICAN):  # the measured alternative
        (span,) = in_house_spelling(text, [found(text, "protection secretary", "defence secretary")])
    assert span.suggestion == "defense secretary"


def test_another_spelling_of_the_written_word_is_no_change() -> None:
    text = "The colour of earlier labor in a harbour town."  # British-marked, yet "labor" is written
    (span,) = in_house_spelling(text, [found(text, "earlier labor", "previous labour")])
    assert span.suggestion == "previous labor"
    text = "The colour of earlier colour."
    (span,) = in_house_spelling(text, [found(text, "earlier colour", "previous colour")])
    assert span.suggestion == "previous colour"  # the written word stays as written


def test_capitals_are_kept_and_names_keep_their_spelling() -> None:
    text = "The harbor hosts the Work Party. Protection lawyers met the Work Party there."
    first = found(text, "Protection lawyers", "Defence attorneys")
    party = found(text, "Work Party", "Labour Party")
    assert [s.suggestion for s in in_house_spelling(text, [first, party])] == ["Defense attorneys", "Labour Party"]
    text = "the harbor and (Protection lawyers) met"
    (span,) = in_house_spelling(text, [found(text, "Protection lawyers", "Defence attorneys")])
    assert span.suggestion == "Defense attorneys"  # a capital after a bracket opens a phrase


def test_spans_without_two_spelling_words_are_returned_untouched_and_the_text_unread() -> None:
    text = "The weighty rain fell."
    spans = (found(text, "weighty", "heavy"), Span(0, 3, "The", SpanKind.MT, 0.5, "mt", None))
    with mock.patch.object(spelling, "house_variety", side_effect=AssertionError("the text was read")):
        assert in_house_spelling(text, spans) == spans


def test_reports_show_suggestions_in_the_texts_spelling(tmp_path: Path) -> None:
    path = tmp_path / "pps.csv"
    path.write_text('tortured_phrase,expected_phrase,num_papers\n"velvet lantern",colour lamp,12\n', encoding="utf-8")
    american = score("The velvet lantern lit the harbor and the theater.", pps=path)
    british = score("The velvet lantern lit the harbour and the theatre.", pps=path)
    assert [s.suggestion for s in american.spans if s.kind == "pps"] == ["color lamp"]
    assert [s.suggestion for s in british.spans if s.kind == "pps"] == ["colour lamp"]
