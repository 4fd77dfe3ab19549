"""Tests for the calque detector (`detector.spans.calques`).

A compound or possessive that a translation turned into an "of" phrase must be found, with the
compound as its suggestion (the modifier in the singular where English writes it so, the
indefinite article agreeing with the new first word, the head's capital kept) or, for a name,
the possessive; "of" phrases English writes as they are must be left alone (which phrases are
read at all: tests/spans/test_noun_phrases.py); offsets must index the caller's text; the
shipped scorer must match the code's features, and a manifest that does not match stops loading
with `ModelFileError` (checked on copies in a temporary folder).

All texts were written for these tests.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from detector import score
from detector.api import analyse
from detector.lm.reference import reference
from detector.model_files import ModelFileError
from detector.resources import data_file
from detector.spans import calques
from detector.spans.calques import find_calques
from detector.spans.noun_phrases import candidates
from detector.text import tokenize
from detector.types import SpanKind


@pytest.fixture(autouse=True)
def _one_is_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    """Single phrases are judged here; the two-a-text rule has tests of its own."""
    monkeypatch.setattr(calques, "MIN_CALQUES", 1)


def _found(text: str) -> dict[str, str | None]:
    return {s.text: s.suggestion for s in find_calques(text, tokenize(text), reference())}


TWO = "They trained a module of attention on the images, and the plans of pensions were cut."


def test_a_lone_calque_is_not_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calques, "MIN_CALQUES", 2)
    assert _found("They trained a module of attention on the images.") == {}
    assert _found(TWO) == {"a module of attention": "an attention module", "plans of pensions": "pension plans"}


class _FixedScorer:
    """A scorer that gives the text's phrases fixed probabilities, in order."""

    threshold = 0.9

    def __init__(self, probs: list[float]) -> None:
        self.probs = np.array(probs)

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        return self.probs[: len(matrix)]


FOUR = "The module of attention, the plans of pensions, the fund of maintenance and the room of audience."


@pytest.mark.parametrize(
    ("probs", "found"),
    [
        ([0.95, 0.95, 0.75, 0.5], 3),  # two clear the threshold: the 0.75 joins them, the 0.5 does not
        ([0.95, 0.85, 0.75, 0.75], 0),  # one clears it: a lone suspect, nothing reported
        ([0.95, 0.95, 0.95, 0.95], 4),
    ],
)
def test_weaker_phrases_are_reported_once_two_clear_the_threshold(
    monkeypatch: pytest.MonkeyPatch, probs: list[float], found: int
) -> None:
    monkeypatch.setattr(calques, "MIN_CALQUES", 2)
    tokens = tokenize(FOUR)
    assert len(candidates(FOUR, tokens)) == 4
    spans = find_calques(FOUR, tokens, reference(), _FixedScorer(probs))  # type: ignore[arg-type]
    assert len(spans) == found
    assert all(s.score >= calques.SUPPORTED_THRESHOLD for s in spans)


@pytest.mark.parametrize(
    ("probs", "found"),
    [
        ([0.85, 0.85, 0.75, 0.5], 3),  # none clears the threshold, but the text reads as translated
        ([0.95, 0.5, 0.5, 0.5], 0),  # one above the floor: a lone suspect still
    ],
)
def test_a_text_read_as_translated_needs_no_clear_phrase(
    monkeypatch: pytest.MonkeyPatch, probs: list[float], found: int
) -> None:
    monkeypatch.setattr(calques, "MIN_CALQUES", 2)
    tokens = tokenize(FOUR)
    spans = find_calques(FOUR, tokens, reference(), _FixedScorer(probs), translated=True)  # type: ignore[arg-type]
    assert len(spans) == found
    assert find_calques(FOUR, tokens, reference(), _FixedScorer(probs)) == []  # type: ignore[arg-type]


def test_the_detector_passes_the_translated_setting_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def spy(*args: object, translated: bool = False) -> list:
        seen.append(translated)
        return []

    monkeypatch.setattr(calques, "find_calques", spy)
    analyse(TWO, translated=True)
    analyse(TWO)
    assert seen == [True, False]


def test_a_translated_compound_is_found_with_the_compound_as_suggestion() -> None:
    found = _found("They trained a module of attention on the images.")
    assert found == {"a module of attention": "an attention module"}


def test_the_modifier_takes_the_singular_english_writes() -> None:
    found = _found("The firm said the plans of pensions were cut this year.")
    assert found.get("plans of pensions") == "pension plans"


def test_a_capital_head_keeps_its_capital() -> None:
    found = _found("Plans of pensions were cut this year.")
    assert found.get("Plans of pensions") == "Pension plans"


def test_phrases_english_writes_with_of_are_left_alone() -> None:
    text = "The price of oil rose by the end of the year, and the state of the art moved on."
    assert _found(text) == {}


def test_names_and_modifiers_inside_a_longer_phrase_are_left_alone() -> None:
    assert _found("The plans of pension reform were cut.") == {}  # the modifier is "pension reform"
    assert _found("He accused Brown of giving way.") == {}  # a capitalised head inside a sentence: a name
    assert _found("They offered deals of below 2 percent.") == {}  # a number follows: the phrase goes on
    assert _found("They fought for the door of full and equal opportunity.") == {}  # no adverbs or such


def test_offsets_index_the_callers_text() -> None:
    text = "Intro words here. They trained a module of attention on images."
    for span in find_calques(text, tokenize(text), reference()):
        assert text[span.start : span.end] == span.text
        assert span.kind == SpanKind.CALQUE and 0 < span.score < 1 and "translated word for word" in span.reason


def test_the_report_carries_calques_apart_from_spinning() -> None:
    report = score(TWO)
    assert [s.kind for s in report.spans if s.text == "a module of attention"] == [SpanKind.CALQUE]
    assert SpanKind.CALQUE.translated and not SpanKind.DISCOVERY.translated


def test_discover_false_turns_calques_off() -> None:
    report = score(TWO, discover=False)
    assert not any(s.kind == SpanKind.CALQUE for s in report.spans)


def test_features_are_one_row_per_phrase_in_feature_order() -> None:
    text = "A module of attention and the price of oil."
    tokens = tokenize(text)
    pairs = candidates(text, tokens)
    matrix, forms = calques.features(tokens, pairs, reference())
    assert matrix.shape == (2, len(calques.FEATURES)) and forms == ["attention", "oil"]
    seen = calques.FEATURES.index("phrase_seen")
    assert matrix[0, seen] == 0.0 and matrix[1, seen] > 0.3  # never written vs written


def test_the_shipped_model_matches_the_code_and_is_strict() -> None:
    model = calques.load()
    assert tuple(model.manifest["features"]) == calques.FEATURES
    assert 0.5 < model.threshold < 1.0  # chosen for few false spans on clean prose
    assert model.manifest["rows"]["calques"] > 1000


def test_a_manifest_that_does_not_match_the_model_stops_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (calques.MODEL_FILE, calques.MANIFEST_FILE):
        shutil.copy(data_file(name), tmp_path / name)
    manifest = json.loads((tmp_path / calques.MANIFEST_FILE).read_text())
    manifest["threshold"] = 2.0
    (tmp_path / calques.MANIFEST_FILE).write_text(json.dumps(manifest))
    monkeypatch.setattr(calques, "data_file", lambda name: tmp_path / name)
    calques.load.cache_clear()
    try:
        with pytest.raises(ModelFileError, match="threshold"):
            calques.load()
        manifest["features"] = ["other"]
        (tmp_path / calques.MANIFEST_FILE).write_text(json.dumps(manifest))
        with pytest.raises(ModelFileError, match="features"):
            calques.load()
    finally:
        calques.load.cache_clear()


@pytest.mark.parametrize(
    ("text", "phrase", "wording"),
    [
        ("They met the engineers of Harwood on Monday.", "the engineers of Harwood", "Harwood's engineers"),
        ("The music of Ada Lindqvist swelled.", "The music of Ada Lindqvist", "Ada Lindqvist's music"),
        ("Trade filled the ports of the West Coast.", "the ports of the West Coast", "the West Coast's ports"),
        ("He told a manager of Orwell so.", "a manager of Orwell", "an Orwell manager"),
        ("She called her brother of Charles.", "brother of Charles", "Charles' brother"),
        ("He trained a module of attention.", "a module of attention", "an attention module"),
    ],
)
def test_the_suggestion_is_the_possessive_of_a_name_and_the_compound_otherwise(
    text: str, phrase: str, wording: str
) -> None:
    tokens = tokenize(text)
    (h, m), *_ = candidates(text, tokens)
    span = calques._span(text, tokens, [calques.Phrase(h, m, tokens[m].lower)], 0.95, 0)
    assert (span.text, span.suggestion) == (phrase, wording)
    assert span.kind == SpanKind.CALQUE and 'English writes "' in span.reason


@pytest.mark.parametrize(
    ("text", "phrase", "wording"),
    [
        (
            "We measured the levels of peroxide of hydrogen.",
            "levels of peroxide of hydrogen",
            "hydrogen peroxide levels",
        ),
        ("They saw a decrease of function of lung.", "a decrease of function of lung", "a lung function decrease"),
        ("Critics mocked the plan of tax of Castro.", "the plan of tax of Castro", "Castro's tax plan"),
    ],
)
def test_a_chain_of_calques_is_one_span_with_the_modifiers_innermost_first(
    text: str, phrase: str, wording: str
) -> None:
    tokens = tokenize(text)
    pairs = candidates(text, tokens)
    found = [(calques.Phrase(h, m, tokens[m].lower), 0.8 + i / 10, i) for i, (h, m) in enumerate(pairs)]
    (chain,) = calques._chains(found)
    span = calques._span(text, tokens, [phrase for phrase, _, _ in chain], 0.9, 0)
    assert (span.text, span.suggestion) == (phrase, wording)


def test_phrases_that_do_not_share_a_word_stay_apart() -> None:
    text = "The thresholds of amplitude and the module of attention."
    tokens = tokenize(text)
    found = [(calques.Phrase(h, m, tokens[m].lower), 0.9, 0) for h, m in candidates(text, tokens)]
    assert [len(chain) for chain in calques._chains(found)] == [1, 1]


def test_name_features_say_how_many_words_and_how_the_head_takes_names() -> None:
    text = "The ports of the West Coast and the price of oil."
    tokens = tokenize(text)
    matrix, _ = calques.features(tokens, candidates(text, tokens), reference())
    column = {name: matrix[:, i] for i, name in enumerate(calques.FEATURES)}
    assert list(column["modifier_words"]) == [2, 1] and list(column["name"]) == [1, 0]
    assert (matrix[:, calques.FEATURES.index("head_of_name") :] >= 0).all()
