"""Discovery detector: tortured phrases that no list holds, each with its likely original.

Pipeline per document: candidate windows and their best thesaurus restoration
(`candidates`), window features (`span_features`), a LightGBM window scorer trained on
synthetic spinning (`training/discovery.py`), then span assembly: the swapped words of the
windows above the threshold become spans, neighbours across one function word merge
("Place of Delegates" -> "House of Representatives"), and the restoration is the suggestion.

The model ships as LightGBM text plus a JSON manifest (feature names, cutoff, hash),
checked on load; nothing is unpickled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from detector.lm.ngrams import NgramTables
from detector.lm.reference import Reference, reference
from detector.model_files import FIX, ModelFileError, field, load_booster, predict_threads
from detector.resources import data_file
from detector.spans.contract import Section, SectionDetector, Settings, more_likely
from detector.spans.discovery.consistency import others_choices
from detector.spans.discovery.features import FEATURE_NAMES, WindowFeatures, window_features
from detector.spans.discovery.ranking import Ranked, load_ranker, page_words
from detector.spans.discovery.restoration import Proposals, Restoration, positions_of, rerank_in_context, restore
from detector.spans.discovery.windows import Windows, swap_cost
from detector.text import FUNCTION_WORDS, Token, match_case
from detector.types import Span, SpanKind

__all__ = [
    "UNITS",
    "Candidate",
    "Cutoff",
    "ModelFileError",
    "ScoredWindows",
    "SpanModel",
    "assemble_spans",
    "candidates_from",
    "find",
    "load_model",
    "score_windows",
    "spans_from",
    "stretch_count",
]

MODEL_FILE = "discovery_model.txt"
MANIFEST_FILE = "discovery_model.json"


@dataclass(frozen=True)
class Cutoff:
    """A window threshold that adapts to how suspect the whole document is.

    Spun documents hold many tortured phrases; clean ones hold few suspect windows. So a
    window in a document dense with suspects (`density`: suspects per 1,000 words, a suspect
    being a window scoring above `density_prob`, or with `unit` "stretches" a run of words such
    windows cover) needs less evidence: the threshold slides from `high` (isolated
    suspects) to `low` (dense documents) around `density_mid`. Stretches count one odd phrase
    once, however many overlapping windows it spans: one four-word oddity in a clean review
    must not make the review read as dense. A text shorter than SHORT_WORDS (a sentence, a
    title) has no such context and uses `short`, chosen on short texts of its own.
    """

    high: float
    low: float
    density_mid: float
    density_prob: float = 0.5
    short: float | None = None
    unit: str = "windows"  # or "stretches"

    def threshold(self, density: float) -> float:
        if self.density_mid <= 0:
            return self.high
        weight = 1.0 / (1.0 + math.exp((density - self.density_mid) / (0.25 * self.density_mid)))
        return self.low + (self.high - self.low) * weight

    def suspects(self, windows: Windows, probs: np.ndarray) -> int:
        """The suspects among one block's scored windows, in this cutoff's unit."""
        hot = probs > self.density_prob
        if self.unit == "windows":
            return int(hot.sum())
        return stretch_count(np.concatenate((windows.left[hot], windows.right[hot])))

    def density(self, suspects: int, n_words: int) -> float:
        """Suspects per 1,000 words (short texts count as DENSITY_MIN_WORDS long)."""
        return 1000.0 * suspects / max(n_words, DENSITY_MIN_WORDS)

    def for_document(self, suspects: int, n_words: int) -> float:
        if n_words < SHORT_WORDS and self.short is not None:
            return self.short
        return self.threshold(self.density(suspects, n_words))


def stretch_count(positions: np.ndarray) -> int:
    """Runs among token positions, a gap of one word still joining two runs ("Place of
    Delegates" is one stretch)."""
    if not len(positions):
        return 0
    unique = np.unique(positions)
    return 1 + int((np.diff(unique) > 2).sum())


DENSITY_MIN_WORDS = 150  # short texts count as this long, so one hit does not make them dense
UNITS = ("windows", "stretches")
SHORT_WORDS = 40


@dataclass(frozen=True)
class SpanModel:
    booster: Any
    cutoff: Cutoff
    manifest: dict[str, Any]

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        if len(matrix) == 0:
            return np.zeros(0)
        return np.asarray(self.booster.predict(matrix, num_threads=predict_threads()))


@lru_cache(maxsize=1)
def load_model() -> SpanModel:
    """The window scorer and its cutoffs, checked on load (hashes, feature list, every cutoff
    present and a number): a bare KeyError would not say which file lacks what."""
    manifest_path = data_file(MANIFEST_FILE)
    booster, manifest = load_booster(data_file(MODEL_FILE), manifest_path, FEATURE_NAMES)
    cut = field(manifest, "cutoff", manifest_path)
    try:
        short = cut.get("short")
        cutoff = Cutoff(
            float(cut["high"]),
            float(cut["low"]),
            float(cut["density_mid"]),
            float(cut["density_prob"]),
            None if short is None else float(short),
            str(cut.get("unit", "windows")),
        )
        if cutoff.unit not in UNITS:
            raise ValueError(f"unknown unit {cutoff.unit!r}")
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise ModelFileError(f"{manifest_path}: the cutoff is incomplete ({error!r}); {FIX}") from error
    return SpanModel(booster, cutoff, manifest)


def assemble_spans(
    text: str,
    tokens: list[Token],
    features: WindowFeatures,
    probs: np.ndarray,
    threshold: float,
    ref: Reference,
    rank: bool = True,
) -> list[Span]:
    """Turn scored windows into spans over the swapped words, with restorations.

    `rank=False` restores from the windows' proposals without the restoration ranker: spans
    fall in nearly the same places at a third of the cost, which is what a threshold search
    over hundreds of settings needs (their suggestions are not what it measures)."""
    w = features.windows
    ref = ref.restoring  # the windows are scored; the restorations read the longer candidate lists
    ng = ref.ngrams
    best = _flagged(tokens, w, probs, threshold, ng)
    if not best:
        return []
    groups = _groups(tokens, best)
    options = Proposals(w)
    cost = swap_cost(ref.synonyms)
    swap_prob = _swap_probabilities(tokens, w, probs, ng)
    ranker = load_ranker() if rank else None
    ranked, page = None, None
    if ranker is not None:  # every word any restoration may change, ranked in one batch
        changeable = sorted({p for g in groups for p in positions_of(tokens, g)})
        page = page_words(tokens, ref.ngrams)  # the page as written, for both rankings
        ranked = ranker.rank(tokens, changeable, ref, cost, options, features.topics, page)

    def search(
        group: list[int], ranked: dict[int, Ranked] | None, agreed: dict[int, frozenset[int]] | None = None
    ) -> Restoration:
        initial = {p: best[p][1] for p in group}
        return restore(tokens, group, initial, options, ref, cost, swap_prob, ranked, rank, agreed)

    restorations = [(group, search(group, ranked)) for group in groups]
    if ranker is not None and ranked is not None:  # once more, changed words ranked beside restored neighbours
        again = rerank_in_context(tokens, restorations, ranker, ref, cost, options, features.topics, page)
        ranked = {**ranked, **{p: ranked[p].merged(r) for p, r in again.items()}}
        restorations = [
            (group, search(group, ranked) if again.keys() & set(positions_of(tokens, group)) else restoration)
            for group, restoration in restorations
        ]
    if agreed := others_choices(tokens, restorations, ng.index):
        restorations = [  # once more where occurrences of one written word were restored apart
            (group, search(group, ranked, agreed) if agreed.keys() & set(positions_of(tokens, group)) else restoration)
            for group, restoration in restorations
        ]
    spans = [_make_span(text, tokens, r, max(best[p][0] for p in group)) for group, r in restorations]
    return _merge_overlaps(spans)


def _flagged(
    tokens: list[Token], w: Windows, probs: np.ndarray, threshold: float, ng: NgramTables
) -> dict[int, tuple[float, int]]:
    """Per token a window at or above the threshold changes: (its best window's probability, that
    window's replacement id)."""
    best: dict[int, tuple[float, int]] = {}
    for r in np.flatnonzero(probs >= threshold):
        if not np.isfinite(w.best_joint[r]):
            continue
        for pos, new in ((int(w.left[r]), int(w.best_left[r])), (int(w.right[r]), int(w.best_right[r]))):
            # A spinner swaps content words only: a function word is never the original.
            if ng.words[new] == tokens[pos].lower or ng.words[new] in FUNCTION_WORDS:
                continue
            if pos not in best or best[pos][0] < probs[r]:
                best[pos] = (float(probs[r]), new)
    return best


def _groups(tokens: list[Token], best: dict[int, tuple[float, int]]) -> list[list[int]]:
    """The flagged positions in runs that restore together (`_joins`)."""
    groups: list[list[int]] = []
    for pos in sorted(best):
        if groups and _joins(tokens, groups[-1][-1], pos):
            groups[-1].append(pos)
        else:
            groups.append([pos])
    return groups


def _swap_probabilities(tokens: list[Token], w: Windows, probs: np.ndarray, ng: NgramTables) -> np.ndarray:
    """Per token: the highest probability of a window whose restoration changes it, read as the
    chance that a spinner swapped it (0 where no window proposes a change). The restoration
    search weighs changing a word, flagged or not, by these odds."""
    out = np.zeros(len(tokens), dtype=np.float64)
    ids = ng.ids([t.lower for t in tokens])
    finite = np.isfinite(w.best_joint)
    for pos, new in ((w.left, w.best_left), (w.right, w.best_right)):
        changed = finite & (new != ids[pos])
        np.maximum.at(out, pos[changed], probs[changed])
    return out


def _joins(tokens: list[Token], prev: int, pos: int) -> bool:
    """Flagged words merge when adjacent, or separated by one function word, in one segment."""
    if tokens[pos].segment != tokens[prev].segment:
        return False
    return pos - prev == 1 or (pos - prev == 2 and tokens[pos - 1].is_function)


def _merge_overlaps(spans: list[Span]) -> list[Span]:
    """Widened restorations may touch: keep the stronger of two overlapping spans."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: -s.score):
        if not any(span.start < k.end and k.start < span.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _make_span(text: str, tokens: list[Token], restoration: Restoration, prob: float) -> Span:
    first, last = tokens[restoration.first], tokens[restoration.last]
    pieces: list[str] = []
    cursor = first.start
    for pos in range(restoration.first, restoration.last + 1):
        tok = tokens[pos]
        replacement = restoration.replacements.get(pos)
        if replacement == "":  # merged into its neighbour or dropped by a reordering
            cursor = tok.end
            continue
        pieces.append(text[cursor : tok.start])
        pieces.append(match_case(tok.text, replacement) if replacement else tok.text)
        cursor = tok.end
    suggestion = "".join(pieces)
    reason = (
        f"unusual wording, one synonym away from a common phrase: the reference language model "
        f'finds "{suggestion}" {more_likely(restoration.gain)} here'
    )
    return Span(
        start=first.start,
        end=last.end,
        text=text[first.start : last.end],
        kind=SpanKind.DISCOVERY,
        score=round(prob, 4),
        reason=reason,
        suggestion=suggestion,
    )


BLOCK_TOKENS = 4000  # long texts are scored in blocks, so memory stays flat


def blocks(tokens: list[Token], size: int = BLOCK_TOKENS) -> list[list[Token]]:
    """Consecutive runs of about `size` tokens, cut only where a segment ends.

    Windows never cross a segment, so scoring block by block gives the same spans as
    scoring the whole text, with memory bounded by the block size.
    """
    out: list[list[Token]] = []
    start = 0
    while start < len(tokens):
        end = min(start + size, len(tokens))
        while end < len(tokens) and tokens[end].segment == tokens[end - 1].segment:
            end += 1
        out.append(tokens[start:end])
        start = end
    return out


# Other restorations offered with a one-word candidate (most proposed first): with 4 rather
# than 2 the original wording is among a true candidate's options 0.48 rather than 0.45 of the
# time (validation, `benchmarks/experiments/deep_features.py` run with each value).
MAX_ALTERNATIVES = 4


@dataclass(frozen=True)
class Candidate:
    """A span at a low threshold for the deep tier, with other restorations worth trying."""

    span: Span
    alternatives: tuple[str, ...] = ()


def _with_alternatives(
    block: list[Token], features: WindowFeatures, spans: list[Span], words: tuple[str, ...]
) -> list[Candidate]:
    """One-word spans get the other replacements their windows proposed most often."""
    options = Proposals(features.windows)
    at = {tok.start: i for i, tok in enumerate(block)}
    out = []
    for span in spans:
        i = at.get(span.start)
        alternatives: list[str] = []
        if i is not None and block[i].end == span.end:
            for word_id, _ in options[i].most_common(MAX_ALTERNATIVES + 2):
                word = match_case(block[i].text, words[word_id])
                if word.lower() not in (block[i].lower, (span.suggestion or "").lower()) and word not in alternatives:
                    alternatives.append(word)
        out.append(Candidate(span, tuple(alternatives[:MAX_ALTERNATIVES])))
    return out


@dataclass(frozen=True)
class ScoredWindows:
    """Every candidate window of one run of tokens, featurised and scored once, block by block.

    Discovery's spans, the deep tier's candidates and the document features (the suspect
    windows below the span threshold count too) all read the same scores, so they are computed
    once per section and handed on, not recomputed by each reader.
    """

    blocks: tuple[tuple[list[Token], WindowFeatures, np.ndarray], ...]
    n_words: int
    reference: Reference  # what the windows were scored against; their restorations read it too

    @property
    def probs(self) -> list[np.ndarray]:
        """The window probabilities, one array per block."""
        return [probs for _, _, probs in self.blocks]

    def suspects(self) -> int:
        """The suspects that set the document-adaptive threshold (`Cutoff.suspects`)."""
        cutoff = load_model().cutoff
        return sum(cutoff.suspects(features.windows, probs) for _, features, probs in self.blocks)


def score_windows(tokens: list[Token], ref: Reference) -> ScoredWindows:
    """Score every candidate window of `tokens` with the window model."""
    model = load_model()
    scored = []
    for block in blocks(tokens):
        features = window_features(block, ref)
        scored.append((block, features, model.predict(features.matrix)))
    return ScoredWindows(tuple(scored), len(tokens), ref)


def spans_from(text: str, scored: ScoredWindows, threshold: float | None = None) -> list[Span]:
    """Spans from scored windows: `threshold` fixes the window threshold; by default it adapts
    to how suspect the document is (`Cutoff`)."""
    if threshold is None:
        threshold = load_model().cutoff.for_document(scored.suspects(), scored.n_words)
    spans: list[Span] = []
    for block, features, probs in scored.blocks:
        spans.extend(assemble_spans(text, block, features, probs, threshold, scored.reference))
    return spans


def candidates_from(text: str, scored: ScoredWindows, candidate_threshold: float) -> list[Candidate]:
    """The spans at a low `candidate_threshold`, with other restorations worth trying: what the
    deep tier verifies."""
    out: list[Candidate] = []
    for block, features, probs in scored.blocks:
        low = assemble_spans(text, block, features, probs, candidate_threshold, scored.reference)
        out.extend(_with_alternatives(block, features, low, scored.reference.ngrams.words))
    return out


def find(text: str, tokens: list[Token], threshold: float | None = None) -> list[Span]:
    """Spans of likely tortured phrases in `text` that no list needs to hold (see `spans_from`),
    against the process's reference statistics: a shortcut for scripts and tests."""
    return spans_from(text, score_windows(tokens, reference()), threshold)


class Discovery(SectionDetector):
    """Tortured phrases no list holds, found from the section's scored windows."""

    name = "discovery"
    kind = SpanKind.DISCOVERY

    def find(self, section: Section, settings: Settings) -> list[Span]:
        if section.windows is None:
            return []
        # A document the classifier already reads as spun gets the dense-document threshold,
        # however few of its windows score high (lightly spun technical text).
        return spans_from(section.text, section.windows, settings.dense_threshold)
