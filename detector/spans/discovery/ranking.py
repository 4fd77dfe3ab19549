"""Which original did the spinner replace? A learned ranking of a word's thesaurus neighbours.

The windows propose replacements that make one bigram more common; the original is often a
neighbour they never proposed ("weak request" -> "weak demand" is found, "self consideration"
-> "self attention" is not), and the most common proposal is often not the original. So every
neighbour of a flagged word (the candidate table, up to 160) is described by how well it fits
both sides of the observed context (reference-LM bigrams and trigrams, web and modern-prose
collocations), how common it is, how the thesauri link it, and how often the windows
proposed it; a LightGBM model trained on synthetic spins (`training/restoration_ranker.py`)
scores each as the original. The restoration search (`restoration.py`) tries the best-ranked
ones and weighs its choice by these scores.

A cheap vectorised pre-score (with the windows' proposals always kept) keeps PRESCORE_KEEP neighbours before the trigram context is
scored, so a flagged word costs a fraction of a millisecond.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from detector.lm.reference import Reference
from detector.lm.thesaurus import BACKWARD, CURATED, FORWARD, SECOND
from detector.model_files import load_booster, predict_threads
from detector.resources import data_file
from detector.text import FUNCTION_WORDS, Token, context

MODEL_FILE = "restoration_ranker.txt"
MANIFEST_FILE = "restoration_ranker.json"
PRESCORE_KEEP = 48  # neighbours kept for trigram scoring
CONTEXT = 2

RANK_FEATURES: tuple[str, ...] = (
    "context_gain",
    "left_logp",
    "right_logp",
    "left_explicit",
    "right_explicit",
    "left_web",
    "right_web",
    "left_modern",
    "right_modern",
    "content_left_modern",
    "content_right_modern",
    "unigram",
    "observed_unigram",
    "swap_cost",
    "table_rank",
    "link_forward",
    "link_backward",
    "link_second",
    "link_curated",
    "proposed",
    "proposed_share",
    "same_initial",
    "length_ratio",
    "same_suffix2",
    "same_suffix3",
)


@dataclass(frozen=True)
class Ranked:
    """A flagged word's candidate originals, best first, with their model scores (0..1)."""

    ids: np.ndarray
    scores: np.ndarray


def _neighbour(tokens: list[Token], p: int, step: int, content: bool) -> int:
    """Index of the next token from p in direction `step` within p's segment (a content word
    when `content`), or -1 at the segment's edge."""
    seg = tokens[p].segment
    q = p + step
    while 0 <= q < len(tokens) and tokens[q].segment == seg:
        if not content or not tokens[q].is_function:
            return q
        q += step
    return -1


def _pool(
    tokens: list[Token], p: int, ref: Reference, cost: np.ndarray, proposed: Counter[int]
) -> dict[str, np.ndarray]:
    """Token p's candidates (thesaurus neighbours and the windows' proposals, function words
    and the word itself left out), pre-scored on the adjacent words and cut to PRESCORE_KEEP,
    with the vectorised features computed on the way."""
    ng = ref.ngrams
    observed = ng.index.get(tokens[p].lower, -1)
    table_ids, table_flags = ref.synonyms.of(observed)
    listed = set(table_ids.tolist())
    extra = [c for c in proposed if c not in listed]
    ids = np.concatenate((table_ids.astype(np.int64), np.array(extra, dtype=np.int64)))
    pool = {
        "ids": ids,
        "flags": np.concatenate((table_flags.astype(np.int64), np.zeros(len(extra), dtype=np.int64))),
        "rank": np.concatenate((np.arange(len(table_ids)), np.full(len(extra), len(table_ids)))),
    }
    keep = np.array([ng.words[c] not in FUNCTION_WORDS and c != observed for c in ids.tolist()], dtype=bool)
    pool = {name: values[keep] for name, values in pool.items()}
    ids, n = pool["ids"], len(pool["ids"])
    before, after = _neighbour(tokens, p, -1, False), _neighbour(tokens, p, 1, False)
    prev_id = ng.index.get(tokens[before].lower, -1) if before >= 0 else ng.index["<s>"]
    next_id = ng.index.get(tokens[after].lower, -1) if after >= 0 else ng.index["</s>"]
    left_logp, pool["left_explicit"] = ng.bigram(np.full(n, prev_id), ids)
    right_logp, pool["right_explicit"] = ng.bigram(ids, np.full(n, next_id))
    pool["left_logp"], pool["right_logp"] = np.maximum(left_logp, -12.0), np.maximum(right_logp, -12.0)
    # Fit on both sides net of the swap cost: of the pre-scores tried, the one that keeps the
    # original most often (0.75 of swaps at 48 kept, against 0.83 with all kept; team dev val).
    prescore = pool["left_logp"] + pool["right_logp"] - cost[ids]
    prescore[np.isin(ids, np.fromiter(proposed, dtype=np.int64, count=len(proposed)))] = np.inf  # always kept
    order = np.argsort(-prescore, kind="stable")[:PRESCORE_KEEP]
    return {name: values[order] for name, values in pool.items()}


def _context_gains(tokens: list[Token], p: int, ref: Reference, words: list[str]) -> np.ndarray:
    """Trigram LM gain in context (two words each side) of each candidate over the observed word."""
    ctx = context(tokens, p, p, CONTEXT)
    at = ctx.index(p)
    seq = list(ctx.words)
    base = ref.context_logprob(seq, ctx.start)
    gains = np.empty(len(words), dtype=np.float32)
    for i, word in enumerate(words):
        seq[at] = word
        gains[i] = ref.context_logprob(seq, ctx.start) - base
    return gains


def _collocations(tokens: list[Token], p: int, ref: Reference, ids: np.ndarray, words: list[str]) -> list[np.ndarray]:
    """Web and modern-prose counts of each candidate with the adjacent words, and modern counts
    with the nearest content words (across "of", "the")."""
    ng = ref.ngrams
    n = len(ids)
    out = []
    before, after = _neighbour(tokens, p, -1, False), _neighbour(tokens, p, 1, False)
    prev_word = tokens[before].lower if before >= 0 else ""
    next_word = tokens[after].lower if after >= 0 else ""
    out.append(np.array([ref.web_log_count(prev_word, w) if prev_word else 0.0 for w in words], dtype=np.float32))
    out.append(np.array([ref.web_log_count(w, next_word) if next_word else 0.0 for w in words], dtype=np.float32))
    for left_at, right_at in ((before, after), (_neighbour(tokens, p, -1, True), _neighbour(tokens, p, 1, True))):
        left_id = ng.index.get(tokens[left_at].lower, -1) if left_at >= 0 else -1
        right_id = ng.index.get(tokens[right_at].lower, -1) if right_at >= 0 else -1
        out.append(ref.modern_log_count(np.full(n, left_id), ids))
        out.append(ref.modern_log_count(ids, np.full(n, right_id)))
    return out


def candidate_matrix(
    tokens: list[Token], p: int, ref: Reference, cost: np.ndarray, proposed: Counter[int]
) -> tuple[np.ndarray, np.ndarray]:
    """(candidate ids, feature matrix in RANK_FEATURES order) for token p."""
    ng = ref.ngrams
    pool = _pool(tokens, p, ref, cost, proposed)
    ids, flags = pool["ids"], pool["flags"]
    n = len(ids)
    if n == 0:
        return ids, np.zeros((0, len(RANK_FEATURES)), dtype=np.float32)
    words = [ng.words[c] for c in ids.tolist()]
    web_left, web_right, left_modern, right_modern, content_left, content_right = _collocations(
        tokens, p, ref, ids, words
    )
    total = max(sum(proposed.values()), 1)
    votes = np.array([proposed.get(c, 0) for c in ids.tolist()], dtype=np.float32)
    observed_word = tokens[p].lower
    observed = ng.index.get(observed_word, -1)
    columns = (
        _context_gains(tokens, p, ref, words),
        pool["left_logp"],
        pool["right_logp"],
        pool["left_explicit"],
        pool["right_explicit"],
        web_left,
        web_right,
        left_modern,
        right_modern,
        content_left,
        content_right,
        ng.unigram[ids],
        np.full(n, ng.unigram[observed] if observed >= 0 else -8.0),
        cost[ids],
        pool["rank"] / 160.0,
        (flags & FORWARD) > 0,
        (flags & BACKWARD) > 0,
        (flags & SECOND) > 0,
        (flags & CURATED) > 0,
        votes,
        votes / total,
        np.array([w[:1] == observed_word[:1] for w in words]),
        np.array([len(w) / max(len(observed_word), 1) for w in words]),
        # Inflection and part of speech: a spinner keeps the form ("-ing" for "-ing").
        np.array([w[-2:] == observed_word[-2:] for w in words]),
        np.array([w[-3:] == observed_word[-3:] for w in words]),
    )
    return ids, np.column_stack(columns).astype(np.float32)


@dataclass(frozen=True)
class Ranker:
    booster: Any
    manifest: dict[str, Any]

    def rank(self, tokens: list[Token], p: int, ref: Reference, cost: np.ndarray, proposed: Counter[int]) -> Ranked:
        ids, matrix = candidate_matrix(tokens, p, ref, cost, proposed)
        if len(ids) == 0:
            return Ranked(ids, np.zeros(0))
        scores = np.asarray(self.booster.predict(matrix, num_threads=predict_threads()))
        order = np.argsort(-scores, kind="stable")
        return Ranked(ids[order], scores[order])


@lru_cache(maxsize=1)
def load_ranker() -> Ranker | None:
    """The shipped ranker, checked on load; None when no ranker is shipped (the restoration
    search then uses the windows' proposals alone)."""
    path = data_file(MODEL_FILE)
    if not path.exists():
        return None
    booster, manifest = load_booster(path, data_file(MANIFEST_FILE), RANK_FEATURES)
    return Ranker(booster, manifest)
