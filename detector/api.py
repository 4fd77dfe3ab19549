"""Public entry points: `score(text)` and `score_many(texts)`.

Data flows one way: text -> page furniture and tokens -> spans (fingerprints, user PPS
list, discovery; none inside furniture) -> document score -> `Report`. Heavy resources
load lazily, once per process.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Union

from detector import discovery, scoring
from detector import fingerprints as known_phrases
from detector.boilerplate import furniture
from detector.text import Token, english_share, has_letters, sections, tokenize
from detector.types import Report, Span

if TYPE_CHECKING:
    from detector.pps import PpsList

# A path to a PPS export CSV, or a list already loaded with `detector.pps.load_pps`.
FingerprintSource = Union[str, "os.PathLike[str]", "PpsList", None]

MIN_ENGLISH_SHARE = 0.45
MIN_WORDS_FOR_LANGUAGE_CHECK = 8


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
    priority = {"fingerprint": 0, "pps": 1, "discovery": 2}
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


def score(text: str, *, fingerprints: FingerprintSource = None, discover: bool = True) -> Report:
    """Score one text for spinning. Never raises on content; raises TypeError on non-str.

    `fingerprints`: optional path to a Problematic Paper Screener export CSV (or a loaded
    `detector.pps.PpsList`), matched in addition to the shipped curated list.
    `discover=False` switches discovery off (list matching only).
    """
    if not isinstance(text, str):
        raise TypeError(f"score() takes str, not {type(text).__name__}")
    user_list = _user_list(fingerprints)
    notes: list[str] = []
    if not has_letters(text):
        return Report(0.0, "clean", (), 0, True, True, ("no words to judge",))
    pieces = sections(text)
    first = tokenize(text, *pieces[0])
    supported = len(first) < MIN_WORDS_FOR_LANGUAGE_CHECK or english_share(first) >= MIN_ENGLISH_SHARE
    if not supported:
        notes.append("language unsupported: the text does not read as English, so it was not scored")
        n_words = sum(len(tokenize(text, *piece)) for piece in pieces[1:]) + len(first)
        return Report(0.0, "unsupported", (), n_words, False, True, tuple(notes))
    skipped = furniture(text)
    found: list[Span] = list(known_phrases.curated().find(text))
    if user_list is not None:
        found.extend(user_list.find(text))
    n_words = 0
    for i, piece in enumerate(pieces):
        tokens = first if i == 0 else tokenize(text, *piece)
        n_words += len(tokens)
        if discover:
            found.extend(discovery.find(text, _outside(tokens, skipped)))
    spans = _dedupe(_outside_spans(found, skipped))
    if skipped:
        notes.append(f"{len(skipped)} lines of page furniture (menus, teasers, share lines) were not scored")
    value = scoring.document_score(spans, n_words)
    low = n_words < scoring.LOW_CONFIDENCE_WORDS
    if low:
        notes.append(f"short text ({n_words} words): too few words to judge with confidence")
    label = "spun" if value >= scoring.SPUN_THRESHOLD else "clean"
    return Report(value, label, spans, n_words, True, low, tuple(notes))


def _score_chunk(texts: Sequence[str], fingerprints_arg: FingerprintSource) -> list[Report]:
    return [score(t, fingerprints=fingerprints_arg) for t in texts]


def score_many(
    texts: Iterable[str], *, n_jobs: int = 1, fingerprints: FingerprintSource = None, chunk_size: int = 64
) -> list[Report]:
    """Score many texts, in input order; `n_jobs > 1` uses joblib worker processes."""
    items = list(texts)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise TypeError(f"score_many() item {i} is {type(item).__name__}, not str")
    if n_jobs == 1 or len(items) <= 1:
        return _score_chunk(items, fingerprints)
    from joblib import Parallel, delayed

    chunks = [items[i : i + chunk_size] for i in range(0, len(items), chunk_size)]
    results = Parallel(n_jobs=n_jobs)(delayed(_score_chunk)(chunk, fingerprints) for chunk in chunks)
    return [report for chunk in results for report in chunk]
