"""Machine-translation artifacts: words a post-editor would change, found by a word scorer.

Back-translated and machine-translated English has wrong prepositions and articles, literal
calques and word-order slips that no synonym lookup reaches. MLQE-PE tags every word of 35k
NMT outputs OK or BAD from human post-edits; `training/mt_model.py` fits a LightGBM word
scorer on them with features the span engine already has at hand: the reference LM's view
of each word and its neighbours (bigram probabilities both ways, association, whether the
pair was ever seen), word rarity, the synonym gap, and the word's role and place.

Per document this gives `kind="mt"` spans (runs of words scored above a strict threshold,
chosen on MLQE-PE dev for precision) and the word-probability profile that the document
classifier's MT head reads. A second scorer over the same word matrix, the edit scorer, is fit
on the difference between each MT sentence and its post-edit: the MT words the post-editor
replaced against the words they were replaced with. Words both sides share say nothing about
which side a text is; its per-word log-odds feed the MT head (`mt_edit_mean`). Both models
ship as LightGBM text plus a JSON manifest, checked on load.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from detector.lm.reference import Reference
from detector.model_files import ModelFileError, field, load_booster, predict_threads
from detector.resources import data_file
from detector.spans.contract import Section, SectionDetector, Settings
from detector.text import FUNCTION_WORDS, Token
from detector.types import Span, SpanKind

__all__ = [
    "WORD_FEATURES",
    "EditModel",
    "ModelFileError",
    "MtWords",
    "WordModel",
    "load",
    "load_edit",
    "spans",
    "word_matrix",
]

MODEL_FILE = "mt_word_model.txt"
MANIFEST_FILE = "mt_word_model.json"
EDIT_MODEL_FILE = "mt_edit_model.txt"
EDIT_MANIFEST_FILE = "mt_edit_model.json"
WORD_FEATURES: tuple[str, ...] = (
    "unigram",
    "zipf",
    "synonym_gap",
    "left_logprob",
    "right_logprob",
    "left_pmi",
    "right_pmi",
    "left_attested",
    "right_attested",
    "min_side_logprob",
    "is_function",
    "left_is_function",
    "right_is_function",
    "is_capitalized",
    "is_unknown",
    "length",
    "position",
    "segment_words",
)


@lru_cache(maxsize=1)
def zipf_table() -> dict[str, float]:
    """wordfreq's English frequencies as Zipf values, loaded once (dict lookups, not calls)."""
    from wordfreq import get_frequency_dict

    return {w: math.log10(f) + 9.0 for w, f in get_frequency_dict("en").items() if f > 0}


@lru_cache(maxsize=1)
def synonym_gap(ref: Reference) -> np.ndarray:
    """Per LM word id: log10 frequency of its most frequent thesaurus neighbour minus its own
    (0 when it has none or is itself the most frequent). Spinners trade common words for
    rarer synonyms, so spun text is full of words with a large gap."""
    unigram = ref.ngrams.unigram.astype(np.float32)
    table = ref.synonyms
    gap = np.zeros(len(unigram), dtype=np.float32)
    counts = np.diff(table.offsets)
    has = np.flatnonzero(counts > 0)
    if len(has):
        best = np.maximum.reduceat(unigram[table.candidates], table.offsets[has])
        gap[has] = np.maximum(best - unigram[has], 0.0)
    return gap


def word_matrix(tokens: Sequence[Token], ref: Reference) -> np.ndarray:
    """One row of WORD_FEATURES per token (float32, NaN where undefined)."""
    n = len(tokens)
    out = np.full((n, len(WORD_FEATURES)), np.nan, dtype=np.float32)
    if n == 0:
        return out
    ng = ref.ngrams
    lower = [t.lower for t in tokens]
    ids = ng.ids(lower)
    known = ids >= 0
    safe = np.where(known, ids, 0)
    unigram = np.where(known, ng.unigram[safe], np.nan)
    segments = np.fromiter((t.segment for t in tokens), dtype=np.int64, count=n)
    same = np.zeros(n + 1, dtype=bool)  # same[i]: tokens i-1 and i share a segment
    same[1:n] = segments[1:] == segments[:-1]
    pair_ok = same[1:n] & known[:-1] & known[1:]
    logprob = np.full(n - 1, np.nan, dtype=np.float32)
    attested = np.full(n - 1, np.nan, dtype=np.float32)
    if pair_ok.any():
        lp, explicit = ng.bigram(ids[:-1][pair_ok], ids[1:][pair_ok])
        logprob[pair_ok] = lp
        attested[pair_ok] = explicit
    left = np.concatenate(([np.nan], logprob))
    right = np.concatenate((logprob, [np.nan]))
    is_function = np.fromiter((w in FUNCTION_WORDS for w in lower), dtype=np.float32, count=n)
    zipf = zipf_table()
    gap = synonym_gap(ref)
    starts = np.concatenate(([True], ~same[1:n]))
    seg_start = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    seg_id = np.cumsum(starts) - 1
    seg_len = np.bincount(seg_id)[seg_id]
    out[:, 0] = unigram
    out[:, 1] = [zipf.get(w, 0.0) for w in lower]
    out[:, 2] = np.where(known, gap[safe], np.nan)
    out[:, 3] = left
    out[:, 4] = right
    out[:, 5] = left - unigram
    out[:, 6] = right - np.concatenate((unigram[1:], [np.nan]))
    out[:, 7] = np.concatenate(([np.nan], attested))
    out[:, 8] = np.concatenate((attested, [np.nan]))
    out[:, 9] = np.fmin(left, right)
    out[:, 10] = is_function
    # Neighbours count only within the segment, as for the LM columns: a word after a comma or
    # a line break has no left neighbour, whatever section it was scored in.
    out[:, 11] = np.where(same[:n], np.concatenate(([np.nan], is_function[:-1])), np.nan)
    out[:, 12] = np.where(same[1:], np.concatenate((is_function[1:], [np.nan])), np.nan)
    out[:, 13] = [t.text[:1].isupper() for t in tokens]
    out[:, 14] = ~known
    out[:, 15] = [len(w) for w in lower]
    out[:, 16] = (np.arange(n) - seg_start) / np.maximum(seg_len - 1, 1)
    out[:, 17] = seg_len
    return out


@dataclass(frozen=True)
class WordModel:
    booster: Any
    span_threshold: float
    manifest: dict[str, Any]

    def probabilities(self, tokens: Sequence[Token], ref: Reference) -> np.ndarray:
        return self.predict(word_matrix(tokens, ref))

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        """P(a post-editor would change the word) for each row of a `word_matrix`."""
        if len(matrix) == 0:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self.booster.predict(matrix, num_threads=predict_threads()), dtype=np.float32)


@lru_cache(maxsize=1)
def load() -> WordModel:
    manifest_path = data_file(MANIFEST_FILE)
    booster, manifest = load_booster(data_file(MODEL_FILE), manifest_path, WORD_FEATURES)
    try:
        threshold = float(field(manifest, "span_threshold", manifest_path))
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"{manifest_path}: span_threshold is not a number") from error
    return WordModel(booster, threshold, manifest)


@dataclass(frozen=True)
class EditModel:
    """The edit scorer: which side of a post-edit a word reads as. The tag scorer says where an
    editor would act; this one says whether a text is the MT before the edit or the human wording
    after it, which is the MT head's question (`benchmarks/experiments/mt_edit_words.py`)."""

    booster: Any
    manifest: dict[str, Any]

    def scores(self, matrix: np.ndarray) -> np.ndarray:
        """Log-odds that each word (a row of a `word_matrix`) is an MT word a post-editor would
        replace rather than a word a post-editor wrote."""
        if len(matrix) == 0:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self.booster.predict(matrix, raw_score=True, num_threads=predict_threads()), dtype=np.float32)


@lru_cache(maxsize=1)
def load_edit() -> EditModel:
    """The edit scorer, loaded once per process and checked on load (hash, feature list)."""
    booster, manifest = load_booster(data_file(EDIT_MODEL_FILE), data_file(EDIT_MANIFEST_FILE), WORD_FEATURES)
    return EditModel(booster, manifest)


MAX_RUN_WORDS = 6  # a longer run is degenerate text (a repeated word), not a translation slip
TERM_REPEATS = 2  # a word written this often in a text is its own term, not a slip (see `spans`)
# The scorer learned on MLQE-PE sentences: 99% of its training words sit in segments (stretches
# between punctuation marks) of at most 30 words, 1.6% of its MT spans on MLQE-PE test in segments
# over 40. Longer unpunctuated stretches (legal drafting, docstrings, speeches) are outside what it
# has seen, and on clean prose they held most of its false spans (`spans`).
MAX_SEGMENT_WORDS = 40


def spans(text: str, tokens: Sequence[Token], probs: np.ndarray, threshold: float) -> list[Span]:
    """Runs of up to MAX_RUN_WORDS neighbouring words (same segment) scored at or above
    `threshold`, except runs whose every content word the text writes again elsewhere, and runs
    in a segment of more than MAX_SEGMENT_WORDS words (outside the scorer's training: on clean
    test prose, licences 0.67 -> 0.06 MT spans per 1,000 words, MLQE-PE test MT output's spans
    -1.6%; docs/experiments.md, "MT spans in long unpunctuated stretches").

    Why the exception: the scorer learned from single MLQE-PE sentences, where a word the LM does
    not know is usually an untranslated or garbled one. In a document, a rare word written again
    and again is the writer's own vocabulary, a term of art or a name ("plastin" eight times in an
    abstract, a licence's defined terms): on clean modern test prose 60-80% of these spans were
    such words (`benchmarks/experiments/mt_span_terms.py`; docs/experiments.md, "MT spans on a
    document's own terms")."""
    out: list[Span] = []
    if not (probs >= threshold).any():  # the usual case: no word, so no terms to count
        return out
    counts = Counter(t.lower for t in tokens)
    segment_words = Counter(t.segment for t in tokens)
    i = 0
    while i < len(tokens):
        if probs[i] < threshold:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and probs[j + 1] >= threshold and tokens[j + 1].segment == tokens[i].segment:
            j += 1
        content = [t.lower for t in tokens[i : j + 1] if not t.is_function]
        repeated = content and all(counts[w] >= TERM_REPEATS for w in content)
        if j - i + 1 > MAX_RUN_WORDS or repeated or segment_words[tokens[i].segment] > MAX_SEGMENT_WORDS:
            i = j + 1
            continue
        start, end = tokens[i].start, tokens[j].end
        strength = float(probs[i : j + 1].max())
        out.append(
            Span(
                start=start,
                end=end,
                text=text[start:end],
                kind=SpanKind.MT,
                score=round(strength, 4),
                reason=f"reads like machine translation: a post-editor would likely change this ({strength:.0%})",
                suggestion=None,
            )
        )
        i = j + 1
    return out


class MtWords(SectionDetector):
    """Runs of words the MT word scorer finds a post-editor would change."""

    name = "mt_words"
    kind = SpanKind.MT

    def enabled(self, settings: Settings) -> bool:
        # Word-level MT evidence means nothing in degenerate repeated text ("the cat the cat ...").
        repeated = settings.quality.flagged("repeated_ngrams") or settings.quality.flagged("repeated_lines")
        return settings.discover and not repeated

    def find(self, section: Section, settings: Settings) -> list[Span]:
        return spans(section.text, section.tokens, section.words.mt, load().span_threshold)
