"""Back-translation word scorer: how much each word reads like a machine round trip's output.

The MT word scorer (`mt_words`) learned where MLQE-PE's post-editors acted; outside that data
it carries no signal. Round trips through a real NMT engine (`training.roundtrip`: English ->
Portuguese -> English, offline) give back-translated English *with its human source*: every
word the round trip changed is a positive, every word of the human sources a negative. The
artifacts live in function-word patterns ("return to the growth", "the goals of the state",
"aged of 54 years"), so next to the MT word scorer's bigram view of each word (`WORD_FEATURES`)
this scorer reads the trigram LM's view (the word given the two before it, the next word given
it) and the identities of the word and of two neighbours on each side when they are among the
LM's COMMON commonest words (categorical features).

Its per-word probabilities are weak one by one (changed words against human words: ROC AUC
about 0.66-0.70 on round trips of sources it never saw), so no span is drawn from them; their
mean over a document is the MT head's evidence (the outside development set's back-translated
documents against its clean and tricky ones: AUC 0.98 for the mean alone,
`benchmarks/experiments/bt_words.py`; 0.87 for the `mt` head that weighs it with everything
else, `benchmarks/mt.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from detector.lm import ngrams
from detector.lm.reference import Reference
from detector.model_files import ModelFileError, field, load_booster, predict_threads
from detector.resources import data_file
from detector.spans.mt_words import WORD_FEATURES
from detector.text import Token

MODEL_FILE = "bt_word_model.txt"
MANIFEST_FILE = "bt_word_model.json"
COMMON = 300  # words with an identity of their own
CONTEXT_FEATURES: tuple[str, ...] = ("tri_logprob", "tri_next", "cat_m2", "cat_m1", "cat_0", "cat_p1", "cat_p2")
FEATURES: tuple[str, ...] = WORD_FEATURES + CONTEXT_FEATURES
CATEGORICAL: tuple[str, ...] = tuple(name for name in CONTEXT_FEATURES if name.startswith("cat_"))
OUTSIDE = COMMON + 1  # category of a neighbour outside the segment (or the text)
# Only the document's mean is read: a long section is scored on every k-th word, at most this
# many (the mean of 1,500 probabilities is as good as of all, and 27 KB of news is 4,400 words).
SAMPLE_WORDS = 1500


def sample(n: int) -> np.ndarray:
    """Positions of the words scored in a section of `n` words: all of them, or every k-th."""
    return np.arange(0, n, max(1, -(-n // SAMPLE_WORDS)))


def common_words(ref: Reference, count: int = COMMON) -> tuple[str, ...]:
    """The LM's `count` commonest alphabetic words, most common first (stored in the model's
    manifest at training, so the categories cannot drift from what the model learned)."""
    ng = ref.ngrams
    order = np.argsort(-ng.unigram, kind="stable")
    out: list[str] = []
    for i in order:
        word = ng.words[int(i)]
        if word.isalpha():
            out.append(word)
            if len(out) == count:
                break
    return tuple(out)


def context_matrix(
    tokens: Sequence[Token], base: np.ndarray, common: dict[str, int], rows: np.ndarray | None = None
) -> np.ndarray:
    """One row of FEATURES per token in `rows` (every token when None): the word matrix `base`
    (`mt_words.word_matrix`, one row per token) and the context columns."""
    n = len(tokens)
    rows = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
    extra = np.full((len(rows), len(CONTEXT_FEATURES)), np.nan, dtype=np.float32)
    if len(rows):
        lower = [t.lower for t in tokens]
        segments = np.fromiter((t.segment for t in tokens), dtype=np.int64, count=n)
        following = rows + 1 < n  # and the next word in the same segment, as for every neighbour
        following[following] &= segments[rows[following] + 1] == segments[rows[following]]
        extra[:, 0] = ngrams.logprobs_in_segments(lower, segments, rows.tolist())
        extra[following, 1] = ngrams.logprobs_in_segments(lower, segments, (rows[following] + 1).tolist())
        categories = np.fromiter((common.get(w, COMMON) for w in lower), dtype=np.float32, count=n)
        for k, shift in enumerate((-2, -1, 0, 1, 2)):
            at = rows + shift
            inside = (at >= 0) & (at < n)
            inside[inside] &= segments[at[inside]] == segments[rows[inside]]
            column = np.full(len(rows), OUTSIDE, dtype=np.float32)
            column[inside] = categories[at[inside]]
            extra[:, 2 + k] = column
    return np.hstack([base[rows].astype(np.float32, copy=False), extra])


@dataclass(frozen=True)
class BtModel:
    booster: Any
    common: dict[str, int]
    manifest: dict[str, Any]

    def probabilities(self, tokens: Sequence[Token], base: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """P(the word is a round trip's change rather than human wording), per token in `rows`
        (every token when None; `sample(len(tokens))` is what the pipeline scores)."""
        rows = np.arange(len(tokens)) if rows is None else rows
        if len(rows) == 0:
            return np.zeros(0, dtype=np.float32)
        matrix = context_matrix(tokens, base, self.common, rows)
        return np.asarray(self.booster.predict(matrix, num_threads=predict_threads()), dtype=np.float32)


@lru_cache(maxsize=1)
def load() -> BtModel:
    """The back-translation word scorer, loaded once per process and checked on load."""
    manifest_path = data_file(MANIFEST_FILE)
    booster, manifest = load_booster(data_file(MODEL_FILE), manifest_path, FEATURES)
    words = field(manifest, "common_words", manifest_path)
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words) or len(words) != COMMON:
        raise ModelFileError(f"{manifest_path}: common_words must list {COMMON} words")
    return BtModel(booster, {w: k for k, w in enumerate(words)}, manifest)
