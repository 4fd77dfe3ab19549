"""Tests for the discovery detector (`detector.spans.discovery`).

The sentences are written for these tests. The tortured phrases in POSITIVES are checked
at setup to be absent from the shipped fingerprint list, so any hit comes from discovery.
Assertions are meant to survive retraining: a reasonable model must find at least one of
several very clear examples and must stay quiet on plain everyday sentences.
"""

from __future__ import annotations

import itertools
import json
import math
import re

import numpy as np
import pytest

from detector import score
from detector.lm.reference import reference
from detector.spans import discovery
from detector.spans.discovery.windows import Windows
from detector.spans.known_phrases import curated
from detector.text import tokenize

REASON_PREFIX = "unusual wording, one synonym away from a common phrase"

# (sentence, tortured phrase in it, the original word a restoration should bring back)
POSITIVES = [
    ("After two years of civil combat, the country finally held an election.", "civil combat", "war"),
    ("The supreme tribunal ruled against the government on Friday.", "supreme tribunal", "court"),
    ("The civil battle lasted four years and divided many families.", "civil battle", "war"),
    ("Historians still argue about the cool war and its causes.", "cool war", "cold"),
]

CLEAN = [
    "The children walked to school on a cold morning.",
    "The city council approved the budget for next year.",
    "She bought bread and milk at the shop on the corner.",
    "My brother likes to play football with his friends after work.",
    "We had dinner with our neighbours on Saturday night.",
    "The weather was cloudy with a chance of rain in the afternoon.",
    "He read a book while he waited for the bus.",
    "The president said the economy would grow faster next year.",
    "Doctors advise people to eat more fruit and vegetables.",
    "The company reported higher profits in the first quarter.",
    "The police are looking for a man who stole a car last night.",
    "It was a long and tiring day, but we were happy to be home.",
]


def discover(text: str) -> list:  # type: ignore[type-arg]
    return discovery.find(text, tokenize(text))


def check_span(text: str, span) -> None:  # type: ignore[no-untyped-def]
    assert 0 <= span.start < span.end <= len(text)
    assert text[span.start : span.end] == span.text
    assert span.kind == "discovery"
    assert 0.0 <= span.score <= 1.0
    assert isinstance(span.reason, str) and span.reason.strip()
    assert span.reason.startswith(REASON_PREFIX)
    assert isinstance(span.suggestion, str) and span.suggestion.strip()
    assert span.suggestion.lower() != span.text.lower()
    json.dumps(span.to_dict())


def test_positive_phrases_are_not_in_the_fingerprint_list() -> None:
    for sentence, phrase, _ in POSITIVES:
        assert phrase in sentence
        listed = [hit.key for hit in curated().matcher.find(sentence)]
        assert listed == [], f"{phrase!r} is in fingerprints.tsv now; pick another unlisted phrase"


def test_model_loads_and_matches_the_feature_code() -> None:
    from detector.spans.discovery.features import FEATURE_NAMES

    model = discovery.load_model()
    assert tuple(model.manifest["features"]) == FEATURE_NAMES


@pytest.fixture(scope="module")
def found() -> dict[str, list]:  # type: ignore[type-arg]
    return {sentence: discover(sentence) for sentence, _, _ in POSITIVES}


def test_discovers_unlisted_tortured_phrases(found) -> None:  # type: ignore[no-untyped-def]
    hits = []
    for sentence, phrase, original in POSITIVES:
        lo = sentence.index(phrase)
        hi = lo + len(phrase)
        over = [s for s in found[sentence] if s.start < hi and lo < s.end]
        print(f"{phrase!r}: {[(s.text, s.suggestion, s.score) for s in found[sentence]]}")
        if over:
            hits.append((phrase, original, over))
    assert hits, "discovery found none of the clear unlisted tortured phrases"
    # At least one restoration brings back the original word.
    assert any(original in (s.suggestion or "").lower() for _, original, over in hits for s in over)


def test_discovery_spans_are_well_formed(found) -> None:  # type: ignore[no-untyped-def]
    for sentence, spans in found.items():
        for span in spans:
            check_span(sentence, span)


def test_reason_wording_golden() -> None:
    """Every discovery reason starts with the documented wording and quotes the suggestion."""
    spans = [s for sentence, _, _ in POSITIVES for s in discover(sentence)]
    # A threshold of 0 forces spans out of any model, so the wording is always checked.
    sentence = POSITIVES[0][0]
    spans += discovery.find(sentence, tokenize(sentence), threshold=0.0)
    assert spans
    for span in spans:
        assert span.reason.startswith(REASON_PREFIX + ': the reference language model finds "')
        assert f'"{span.suggestion}"' in span.reason
        assert re.search(r"(about [\d.,]+( \w+)? times|slightly) more likely here", span.reason), span.reason


def test_threshold_zero_spans_are_well_formed_and_sorted() -> None:
    for sentence, _, _ in POSITIVES:
        spans = discovery.find(sentence, tokenize(sentence), threshold=0.0)
        for span in spans:
            check_span(sentence, span)
        assert [s.start for s in spans] == sorted(s.start for s in spans)
        for a, b in itertools.pairwise(spans):
            assert a.end <= b.start


def test_score_reports_discoveries_as_discovery_kind() -> None:
    for sentence, _, _ in POSITIVES:
        for span in score(sentence).spans:
            assert span.kind == "discovery"
            check_span(sentence, span)


def test_discover_false_turns_discovery_off() -> None:
    for sentence, _, _ in POSITIVES:
        assert score(sentence, discover=False).spans == ()


@pytest.mark.parametrize("sentence", CLEAN)
def test_clean_sentences_have_no_discovery_span(sentence: str) -> None:
    assert discover(sentence) == []
    assert score(sentence).spans == ()


def test_clean_paragraph_has_no_discovery_span() -> None:
    text = " ".join(CLEAN)
    assert discover(text) == []
    report = score(text)
    assert report.spans == ()
    assert report.label == "clean"


def test_case_of_suggestion_follows_the_text() -> None:
    sentence = "After two years of Civil Combat, the country finally held an election."
    for span in discovery.find(sentence, tokenize(sentence), threshold=0.0):
        assert span.suggestion[:1].isupper() == span.text[:1].isupper(), span


@pytest.mark.parametrize("text", ["", "war", "cool war", "1234 !!!", "\U0001f600", "\ud800 cool \udfff war"])
def test_tiny_inputs(text: str) -> None:
    for span in discovery.find(text, tokenize(text), threshold=0.0):
        assert text[span.start : span.end] == span.text


def test_candidates_offer_distinct_alternative_restorations() -> None:
    """The deep tier tries each candidate's alternatives: at most MAX_ALTERNATIVES, never the
    written word or the suggestion again, multi-word spans none."""
    sentence = "The unfamiliar clergyman spoke at the unified countries about the weighty rain."
    candidates = discovery.candidates_from(sentence, discovery.score_windows(tokenize(sentence), reference()), 0.0)
    assert any(c.alternatives for c in candidates)
    for c in candidates:
        words = {c.span.text.lower(), (c.span.suggestion or "").lower()}
        assert len(c.alternatives) <= discovery.MAX_ALTERNATIVES
        assert len(set(c.alternatives)) == len(c.alternatives)
        assert not words & {a.lower() for a in c.alternatives}
        if len(c.span.text.split()) > 1:
            assert c.alternatives == ()


def _windows_at(pairs: list[tuple[int, int]]) -> Windows:
    """Windows over the given (left, right) token pairs; only their positions matter here."""
    left = np.array([a for a, _ in pairs], dtype=np.int64)
    right = np.array([b for _, b in pairs], dtype=np.int64)
    return Windows(**{name: left if name == "left" else right for name in Windows.__dataclass_fields__})


def test_stretches_count_one_odd_phrase_once() -> None:
    # Three overlapping windows over one four-word phrase (tokens 10-13), and one far away.
    windows = _windows_at([(10, 11), (11, 12), (12, 13), (40, 41)])
    probs = np.array([0.9, 0.95, 0.8, 0.75])
    by_windows = discovery.Cutoff(0.9, 0.3, 10.0, 0.7, unit="windows")
    by_stretches = discovery.Cutoff(0.9, 0.3, 10.0, 0.7, unit="stretches")
    assert by_windows.suspects(windows, probs) == 4
    assert by_stretches.suspects(windows, probs) == 2
    assert by_stretches.suspects(windows, np.array([0.9, 0.95, 0.8, 0.1])) == 1
    # Fewer suspects, a sparser document: its threshold stays nearer `high`.
    assert by_stretches.for_document(2, 300) > by_windows.for_document(4, 300)


def test_a_one_word_gap_joins_a_stretch() -> None:
    assert discovery.stretch_count(np.array([], dtype=np.int64)) == 0
    assert discovery.stretch_count(np.array([5, 7, 7, 6])) == 1  # "Place of Delegates"
    assert discovery.stretch_count(np.array([5, 8])) == 2


def test_the_threshold_slides_from_high_to_low_with_density() -> None:
    cutoff = discovery.Cutoff(0.9, 0.3, 10.0, 0.7, short=0.8, unit="stretches")
    assert cutoff.for_document(0, 300) == pytest.approx(0.3 + 0.6 / (1 + math.exp(-4)))
    assert cutoff.for_document(30, 300) == pytest.approx(0.3, abs=0.01)
    assert cutoff.for_document(3, 20) == 0.8  # a short text has its own threshold


def test_the_shipped_cutoff_names_a_known_unit() -> None:
    assert discovery.load_model().cutoff.unit in discovery.UNITS
