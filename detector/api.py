"""Public entry points: `score(text)` and `score_many(texts)`.

Data flows one way: raw text or HTML -> page (main text versus boilerplate lines, language)
-> quality flags and tokens -> spans (fingerprints, user PPS list, discovery; none inside
boilerplate) -> document score -> `Report`. Heavy resources load lazily, once per process.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from detector import allowlist, discovery, doc_features, mt_words, quality, scoring
from detector import fingerprints as known_phrases
from detector.allowlist import AllowSource
from detector.page import Format, Page, read_page
from detector.parallel import ordered_map
from detector.text import Token, sections, tokenize
from detector.types import Quality, Report, Span

if TYPE_CHECKING:
    from detector.pps import PpsList

# A path to a PPS export CSV, or a list already loaded with `detector.pps.load_pps`.
FingerprintSource = Union[str, "os.PathLike[str]", "PpsList", None]

QualityOptions = dict[str, dict[str, Any]]


@lru_cache(maxsize=8)
def _load_pps(path: str, mtime: float) -> PpsList:
    from detector.pps import load_pps

    return load_pps(path)


def _user_list(fingerprints_arg: FingerprintSource) -> PpsList | None:
    if fingerprints_arg is None:
        return None
    if isinstance(fingerprints_arg, (str, os.PathLike)):
        path = os.fspath(fingerprints_arg)
        return _load_pps(path, os.path.getmtime(path))
    from detector.pps import PpsList

    if isinstance(fingerprints_arg, PpsList):
        return fingerprints_arg
    raise TypeError("fingerprints must be a path to a PPS export CSV or a detector.pps.PpsList")


def _outside(tokens: list[Token], ranges: list[tuple[int, int, str]]) -> list[Token]:
    """The tokens that lie outside every (start, end) range; ranges are sorted and disjoint."""
    if not ranges:
        return tokens
    starts = [r[0] for r in ranges]
    kept = []
    for token in tokens:
        i = bisect.bisect_right(starts, token.start) - 1
        if i < 0 or token.start >= ranges[i][1]:
            kept.append(token)
    return kept


def _outside_spans(spans: Iterable[Span], ranges: list[tuple[int, int, str]]) -> list[Span]:
    """The spans that overlap no (start, end) range; ranges are sorted and disjoint."""
    starts = [r[0] for r in ranges]
    kept = []
    for span in spans:
        i = bisect.bisect_right(starts, span.start) - 1
        if not any(span.start < end and start < span.end for start, end, _ in ranges[max(i, 0) : i + 2]):
            kept.append(span)
    return kept


def _dedupe(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Keep listed phrases over discoveries where they overlap; sort by position.

    Spans are taken in priority order and kept when they overlap no kept span; kept spans
    are held as sorted disjoint intervals, so each check is a binary search.
    """
    priority = {"fingerprint": 0, "pps": 1, "discovery": 2, "mt": 3}
    starts: list[int] = []
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (priority[s.kind], s.start, -(s.end - s.start))):
        i = bisect.bisect_left(starts, span.start)
        if i > 0 and kept[i - 1].end > span.start:
            continue
        if i < len(kept) and kept[i].start < span.end:
            continue
        starts.insert(i, span.start)
        kept.insert(i, span)
    return tuple(kept)


def _quality(page: Page, main_words: int, options: QualityOptions | None) -> Quality:
    measures = quality.measure(
        quality.PageText(page.main_lines, page.boilerplate_share, page.language, page.language_confidence)
    )
    return Quality(
        flags=quality.run_checks(measures, options),
        boilerplate_share=round(page.boilerplate_share, 4),
        main_words=main_words,
        language=page.language,
        boilerplate=page.boilerplate,
        stats=tuple((k, round(v, 4)) for k, v in measures.as_dict().items()),
    )


def _deep_tier() -> Any:
    """The deep tier's module, once it is known to be installed (imported only when asked for)."""
    from detector import deep

    deep.check_available()
    return deep


@dataclass(frozen=True)
class Analysis:
    """Everything found in one document before the document score: the report so far (spans,
    quality, notes; score from the span-based estimate) and the document features, or None
    when the text is not scored (not English, no words)."""

    report: Report
    features: np.ndarray | None
    deep: bool = False  # the discovery spans are the deep tier's verified ones


def analyse(
    text: str,
    *,
    fingerprints: FingerprintSource = None,
    discover: bool = True,
    format: Format = "auto",
    quality_options: QualityOptions | None = None,
    allow: AllowSource = None,
    deep: bool = False,
) -> Analysis:
    """The page, quality, span and feature stages of `score` (see there for the arguments)."""
    if not isinstance(text, str):
        raise TypeError(f"score() takes str, not {type(text).__name__}")
    user_list = _user_list(fingerprints)
    allowed = allowlist.resolve(allow)
    deep_tier = _deep_tier() if deep and discover else None
    verified: list[Span] = []
    page = read_page(text, format)
    body = page.text
    shown = body if page.source_format == "html" else None
    skipped = list(page.boilerplate)
    checked = _quality(page, 0, quality_options)
    supported = not checked.flagged("non_english")
    notes: list[str] = []
    if skipped:
        notes.append(f"{len(skipped)} lines of page furniture (menus, teasers, share lines) were not scored")
    notes.extend(flag.reason for flag in checked.flags if flag.name != "too_few_words")
    found: list[Span] = []
    if supported:
        found.extend(known_phrases.curated().find(body))
        if user_list is not None:
            found.extend(user_list.find(body))
    # Word-level MT evidence means nothing in degenerate repeated text ("the cat the cat ...").
    mt_spans_allowed = not (checked.flagged("repeated_ngrams") or checked.flagged("repeated_lines"))
    profile = doc_features.TextProfile()
    words_model = mt_words.load() if supported else None
    for piece in sections(body):  # one section's tokens at a time: memory stays flat
        tokens = _outside(tokenize(body, *piece), skipped)
        if words_model is None:
            profile.words += len(tokens)
            continue
        matrix = mt_words.word_matrix(tokens)
        probs = words_model.predict(matrix)
        profile.add(body, tokens, matrix, probs, mt_words.load_edit().scores(matrix))
        if discover:
            candidates: list[discovery.Candidate] | None = [] if deep_tier else None
            threshold = deep_tier.load_model().candidate_threshold if deep_tier else 0.0
            found.extend(discovery.find(body, tokens, None, profile.window_probs, candidates, threshold))
            if deep_tier and candidates:
                verified.extend(deep_tier.verify(body, candidates))
            if mt_spans_allowed:
                found.extend(mt_words.spans(body, tokens, probs, words_model.span_threshold))
    n_words = profile.words
    checked = replace(checked, main_words=n_words)
    if not supported:
        notes.append("language unsupported: the main text does not read as English, so it was not scored")
        report = Report(0.0, "unsupported", (), n_words, False, True, tuple(notes), checked, page.source_format, shown)
        return Analysis(report, None)
    if n_words == 0:
        notes.append("no words to judge")
        return Analysis(Report(0.0, "clean", (), 0, True, True, tuple(notes), checked, page.source_format, shown), None)
    if allowed is not None and len(allowed):
        # Allowed phrases are judged clean by the user: neither flagged nor counted as evidence.
        allowed_ranges = [(start, end, "allowed") for start, end in allowed.ranges(body)]
        found = _outside_spans(found, allowed_ranges)
        verified = _outside_spans(verified, allowed_ranges)
    spans = _dedupe(_outside_spans(found, skipped))
    # The document features stay the fast tier's (the fast heads were trained on those spans);
    # with `deep`, the reported discovery spans are the ones the neural language model verified,
    # and the document score adds them as evidence (`scoring.finish`, `deep_doc_model`).
    shown_spans = spans
    if deep_tier:
        shown_spans = _dedupe(_outside_spans([s for s in found if s.kind != "discovery"] + verified, skipped))
    low = n_words < scoring.LOW_CONFIDENCE_WORDS
    if low:
        notes.append(f"short text ({n_words} words): too few words to judge with confidence")
    # Score and label are set by the document classifier (`scoring.finish`).
    report = Report(0.0, "clean", shown_spans, n_words, True, low, tuple(notes), checked, page.source_format, shown)
    return Analysis(report, doc_features.vector(spans, profile, checked), deep_tier is not None)


def score(
    text: str,
    *,
    fingerprints: FingerprintSource = None,
    discover: bool = True,
    format: Format = "auto",
    quality_options: QualityOptions | None = None,
    allow: AllowSource = None,
    threshold: float | None = None,
    mt_threshold: float | None = None,
    deep: bool = False,
) -> Report:
    """Score one text or HTML page for spinning. Never raises on content; raises TypeError on
    non-str and ValueError on an unknown `format` or a threshold outside [0, 1].

    `fingerprints`: optional path to a Problematic Paper Screener export CSV (or a loaded
    `detector.pps.PpsList`), matched in addition to the shipped curated list.
    `discover=False` switches discovery off (list matching only).
    `format`: "text", "html", or "auto" (HTML when the input looks like a web page). For HTML,
    span offsets point into `Report.text`, the extracted page text.
    `quality_options`: per-check threshold overrides, e.g. {"too_few_words": {"min_words": 30}}
    (see `detector.quality.CHECKS`).
    `allow`: phrases and names never to flag: a list of phrases, a `detector.allowlist.Allowlist`,
    or the path of a file with one phrase per line.
    `threshold`, `mt_threshold`: decision thresholds for the `spun` and `mt` labels instead of
    the stored ones (which flag at most 5% of held-out clean documents).
    `deep=True`: a neural language model verifies the discovery candidates (optional extra
    `detector[deep]`; raises `detector.deep.DeepUnavailable` saying how to install it). The
    reported discovery spans are the verified ones, and the document score weighs them with
    the fast head's verdict (`detector.deep_doc_model`; its own stored threshold).
    """
    for name, value in (("threshold", threshold), ("mt_threshold", mt_threshold)):
        if value is not None and not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1, got {value}")
    analysis = analyse(
        text,
        fingerprints=fingerprints,
        discover=discover,
        format=format,
        quality_options=quality_options,
        allow=allow,
        deep=deep,
    )
    if analysis.features is None:
        return analysis.report
    return scoring.finish(analysis.report, analysis.features, threshold, mt_threshold, deep=analysis.deep)


def _score_chunk(texts: list[str], options: dict[str, Any]) -> list[Report]:
    return [score(t, **options) for t in texts]


def _checked(texts: Iterable[str]) -> Iterator[str]:
    for i, item in enumerate(texts):
        if not isinstance(item, str):
            raise TypeError(f"score_many() item {i} is {type(item).__name__}, not str")
        yield item


def score_stream(texts: Iterable[str], *, n_jobs: int = 1, chunk_size: int = 64, **options: Any) -> Iterator[Report]:
    """Reports for `texts` as they are ready, in input order, with `score`'s keyword options.

    Texts are pulled lazily, so a generator over a file of any size scores in flat memory.
    `n_jobs > 1` (or -1: every core) scores chunks of `chunk_size` in joblib worker processes,
    each loading the resources once; under `joblib.parallel_config(backend="dask")` the
    chunks run on a Dask cluster.
    """
    if options.keys() - SCORE_OPTIONS:
        raise TypeError(f"unknown option(s) {sorted(options.keys() - SCORE_OPTIONS)}; score() takes {SCORE_OPTIONS}")
    if isinstance(options.get("allow"), Iterable) and not isinstance(options["allow"], (str, os.PathLike)):
        options["allow"] = allowlist.resolve(options["allow"])  # materialize once, not per worker chunk
    yield from ordered_map(_score_chunk, _checked(texts), options, n_jobs=n_jobs, chunk_size=chunk_size)


def score_many(texts: Iterable[str], *, n_jobs: int = 1, chunk_size: int = 64, **options: Any) -> list[Report]:
    """Reports for many texts or pages, in input order, with `score`'s keyword options
    (`score_stream` without the streaming)."""
    return list(score_stream(texts, n_jobs=n_jobs, chunk_size=chunk_size, **options))


SCORE_OPTIONS = frozenset(
    ("fingerprints", "discover", "format", "quality_options", "allow", "threshold", "mt_threshold", "deep")
)
