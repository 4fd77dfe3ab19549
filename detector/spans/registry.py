"""The registered span detectors, and how the pipeline runs them.

Adding a detector means writing its class (`contract.TextDetector` or
`contract.SectionDetector`) in its own module and adding one line to `DETECTORS`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from detector.lm.reference import reference
from detector.spans import bt_words, mt_words
from detector.spans.calques import Calques
from detector.spans.contract import Section, SectionDetector, Settings, SpanDetector, TextDetector, WordScores
from detector.spans.deep import DeepDiscovery
from detector.spans.discovery import Discovery, score_windows
from detector.spans.known_phrases import KnownPhrases
from detector.spans.mt_words import MtWords
from detector.spans.pps import UserPps
from detector.spans.tenses import TenseCalques
from detector.text import Token
from detector.types import Span, SpanKind

DETECTORS: tuple[SpanDetector, ...] = (
    KnownPhrases(),
    UserPps(),
    Discovery(),
    DeepDiscovery(),
    Calques(),
    TenseCalques(),
    MtWords(),
)

Found = dict[str, list[Span]]  # detector name -> its spans


def active(settings: Settings, detectors: Sequence[SpanDetector] = DETECTORS) -> list[SpanDetector]:
    """The detectors that run for these settings (deep-tier ones only with the deep check)."""
    return [d for d in detectors if d.enabled(settings) and (d.tier == "fast" or settings.deep)]


def find_in_text(text: str, settings: Settings, detectors: Sequence[SpanDetector] = DETECTORS) -> Found:
    """Spans of every active whole-text detector."""
    return {d.name: d.find(text, settings) for d in active(settings, detectors) if isinstance(d, TextDetector)}


def measure(text: str, tokens: list[Token], settings: Settings) -> Section:
    """One section with the scores its readers share: the MT and back-translation word scorers', and discovery's
    scored windows when discovery runs."""
    ref = reference()  # the reference statistics, passed down to every reader from here
    matrix = mt_words.word_matrix(tokens, ref)
    words = WordScores(
        matrix,
        mt_words.load().predict(matrix),
        mt_words.load_edit().scores(matrix),
        bt_words.load().probabilities(tokens, matrix, bt_words.sample(len(tokens))),
    )
    return Section(text, tokens, words, score_windows(tokens, ref) if settings.discover else None, ref)


def find_in_section(section: Section, settings: Settings, detectors: Sequence[SpanDetector] = DETECTORS) -> Found:
    """Spans of every active section detector in one section."""
    return {d.name: d.find(section, settings) for d in active(settings, detectors) if isinstance(d, SectionDetector)}


def merge(into: Found, more: Found) -> None:
    """Add one section's findings to the document's, detector by detector, in reading order."""
    for name, spans in more.items():
        into.setdefault(name, []).extend(spans)


def reported(found: Found, settings: Settings, detectors: Sequence[SpanDetector] = DETECTORS) -> list[Span]:
    """The spans a report shows: the fast tier's, with a deep-tier detector's spans in place of
    the fast ones of its kind when the deep check ran."""
    running = active(settings, detectors)
    replaced = {d.kind for d in running if d.tier == "deep"}
    return [span for d in running if (d.tier == "deep") or (d.kind not in replaced) for span in found.get(d.name, [])]


def fast(found: Found, settings: Settings, detectors: Sequence[SpanDetector] = DETECTORS) -> list[Span]:
    """The fast tier's spans: what the document features read (the heads were trained on them)."""
    return [span for d in active(settings, detectors) if d.tier == "fast" for span in found.get(d.name, [])]


def outside(spans: Iterable[Span], ranges: Sequence[tuple[int, int, str]]) -> list[Span]:
    """The spans that overlap no (start, end, why) range: page furniture, allowed phrases.
    `ranges` are sorted and disjoint."""
    starts = [r[0] for r in ranges]
    kept = []
    for span in spans:
        i = bisect.bisect_right(starts, span.start) - 1
        if not any(span.start < end and start < span.end for start, end, _ in ranges[max(i, 0) : i + 2]):
            kept.append(span)
    return kept


def calques_over_inner_discoveries(spans: Sequence[Span]) -> list[Span]:
    """The spans less each discovery that lies inside a calque: for the shown spans, where the
    calque's compound is the better suggestion (on test round trips, the source's wording for 108
    of 126 calques a discovery overlaps, the discovery's synonym for 40: it reads an unchanged
    word of the phrase as swapped, "a chamber of growth" -> "cell"; docs/experiments.md). A
    discovery reaching past the calque keeps its precedence (it covers words the calque does
    not), and the document features keep the kinds' own order, which the heads learned on."""
    calques = [s for s in spans if s.kind == SpanKind.CALQUE]
    return [
        s
        for s in spans
        if s.kind != SpanKind.DISCOVERY or not any(c.start <= s.start and s.end <= c.end for c in calques)
    ]


def resolve_overlaps(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Where spans overlap, keep the one whose kind takes precedence (a listed phrase over a
    discovery over an MT artifact; then the earlier, then the longer); sorted by position.

    Kept spans are held as sorted disjoint intervals, so each check is a binary search.
    """
    starts: list[int] = []
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (SpanKind(s.kind).precedence, s.start, -(s.end - s.start))):
        i = bisect.bisect_left(starts, span.start)
        if i > 0 and kept[i - 1].end > span.start:
            continue
        if i < len(kept) and kept[i].start < span.end:
            continue
        starts.insert(i, span.start)
        kept.insert(i, span)
    return tuple(kept)
