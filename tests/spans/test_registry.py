"""Tests for the detector registry (`detector.spans.registry`) and the contract it runs
(`detector.spans.contract`): every detector declares a unique name and a kind, runs when its
settings ask for it, and the pipeline turns their spans into a report's spans the same way
whatever the detector."""

from __future__ import annotations

import pytest

from detector.spans import registry
from detector.spans.contract import Section, SectionDetector, Settings, TextDetector, more_likely, times_phrase
from detector.text import tokenize
from detector.types import Quality, QualityFlag, Span, SpanKind


def span(start: int, end: int, kind: SpanKind, text: str = "x") -> Span:
    return Span(start, end, text, kind, 0.5, f"test {kind}", None)


class Shouting(TextDetector):
    """A toy detector: every word in capitals. Adding it touches nothing else."""

    name = "shouting"
    kind = SpanKind.MT

    def find(self, text: str, settings: Settings) -> list[Span]:
        return [
            Span(t.start, t.end, t.text, self.kind, 1.0, "all capitals", t.text.lower())
            for t in tokenize(text)
            if len(t.text) > 1 and t.text.isupper()
        ]


class EveryThird(SectionDetector):
    name = "every_third"
    kind = SpanKind.DISCOVERY
    tier = "deep"

    def find(self, section: Section, settings: Settings) -> list[Span]:
        return [span(t.start, t.end, self.kind, t.text) for t in section.tokens[::3]]


def test_detectors_have_unique_names_and_known_kinds() -> None:
    names = [d.name for d in registry.DETECTORS]
    assert len(names) == len(set(names))
    assert all(isinstance(d.kind, SpanKind) and d.tier in ("fast", "deep") for d in registry.DETECTORS)
    assert [d.priority for d in registry.DETECTORS] == sorted(d.priority for d in registry.DETECTORS)


def test_active_detectors_follow_the_settings() -> None:
    def names(**options: object) -> list[str]:
        return [d.name for d in registry.active(Settings(Quality(), **options))]  # type: ignore[arg-type]

    assert names() == ["known_phrases", "discovery", "calques", "tense_calques", "mt_words"]
    assert names(discover=False) == ["known_phrases"]
    assert names(deep=True) == [
        "known_phrases",
        "discovery",
        "deep_discovery",
        "calques",
        "tense_calques",
        "mt_words",
    ]
    repeated = Quality(flags=(QualityFlag("repeated_lines", 0.5, 0.3, "repeated"),))
    assert "mt_words" not in [d.name for d in registry.active(Settings(repeated))]


def test_a_new_detector_needs_no_other_change() -> None:
    text = "The report was FILED late by the CLERK."
    settings = Settings(Quality())
    found = registry.find_in_text(text, settings, (Shouting(),))
    assert [(s.text, s.suggestion) for s in found["shouting"]] == [("FILED", "filed"), ("CLERK", "clerk")]


def test_deep_tier_replaces_the_fast_spans_of_its_kind() -> None:
    fast_discovery = span(0, 3, SpanKind.DISCOVERY)
    deep_discovery = span(10, 13, SpanKind.DISCOVERY)
    listed = span(20, 25, SpanKind.FINGERPRINT)
    found = {"discovery": [fast_discovery], "every_third": [deep_discovery], "known_phrases": [listed]}
    detectors = (*registry.DETECTORS[:1], registry.DETECTORS[2], EveryThird())
    deep = Settings(Quality(), deep=True)
    assert registry.reported(found, deep, detectors) == [listed, deep_discovery]
    assert registry.fast(found, deep, detectors) == [listed, fast_discovery]
    plain = Settings(Quality())
    assert registry.reported(found, plain, detectors) == [listed, fast_discovery]


def test_overlaps_resolved_by_kind_precedence() -> None:
    mt = span(0, 10, SpanKind.MT)
    discovery = span(5, 12, SpanKind.DISCOVERY)
    pps = span(11, 20, SpanKind.PPS)
    listed = span(30, 35, SpanKind.FINGERPRINT)
    apart = span(40, 42, SpanKind.MT)
    # The PPS phrase beats the discovery it overlaps; the MT run then overlaps nothing kept.
    assert registry.resolve_overlaps([apart, mt, discovery, pps, listed]) == (mt, pps, listed, apart)


def test_a_calque_is_shown_over_a_discovery_inside_it_only() -> None:
    calque, inside, across = (
        span(0, 20, SpanKind.CALQUE),
        span(10, 15, SpanKind.DISCOVERY),
        span(15, 30, SpanKind.DISCOVERY),
    )
    listed = span(2, 5, SpanKind.FINGERPRINT)
    assert registry.calques_over_inner_discoveries([calque, inside, across]) == [calque, across]
    # A listed phrase is never dropped; what is left resolves by the kinds' order as before.
    assert registry.calques_over_inner_discoveries([calque, listed, inside]) == [calque, listed]
    assert registry.resolve_overlaps(registry.calques_over_inner_discoveries([calque, inside])) == (calque,)
    assert registry.resolve_overlaps([calque, inside]) == (inside,)


def test_spans_on_page_furniture_are_dropped() -> None:
    inside, across, clear = span(2, 4, SpanKind.MT), span(8, 12, SpanKind.MT), span(20, 22, SpanKind.MT)
    assert registry.outside([inside, across, clear], [(0, 5, "menu"), (10, 15, "footer")]) == [clear]


def test_sections_carry_shared_scores() -> None:
    text = "Forecasters warned of weighty rain on Friday across the north."
    tokens = tokenize(text)
    section = registry.measure(text, tokens, Settings(Quality()))
    assert section.words.matrix.shape[0] == len(section.words.mt) == len(section.words.edit) == len(tokens)
    assert section.windows is not None and section.windows.n_words == len(tokens)
    assert registry.measure(text, tokens, Settings(Quality(), discover=False)).windows is None
    found = registry.find_in_section(section, Settings(Quality()))
    assert [(s.text, s.suggestion) for s in found["discovery"]] == [("weighty", "heavy")]


@pytest.mark.parametrize(
    ("log10", "words"),
    [(-1.0, "1.0 times"), (2.124, "133 times"), (7.5, "32 million times"), (40.0, "1 trillion times")],
)
def test_times_phrase(log10: float, words: str) -> None:
    assert times_phrase(log10) == words


def test_more_likely_reads_small_gains_as_slight() -> None:
    assert more_likely(0.1) == "slightly more likely"
    assert more_likely(2.124) == "about 133 times more likely"
