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

A cheap vectorised pre-score (the windows' proposals always kept) keeps PRESCORE_KEEP neighbours
before the trigram context is scored, and a page's words are ranked in one batch (one numpy
pass, one model call), so a flagged word costs a fraction of a millisecond.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from detector.lm.ngrams import NgramTables
from detector.lm.reference import Reference
from detector.lm.thesaurus import BACKWARD, CURATED, FORWARD, LEARNED, SECOND, CandidateTable, lemmas
from detector.model_files import load_booster, predict_threads
from detector.resources import data_dir, data_file
from detector.text import FUNCTION_WORDS, Token, context

MODEL_FILE = "restoration_ranker.txt"
MANIFEST_FILE = "restoration_ranker.json"
PRESCORE_KEEP = 32  # neighbours kept for trigram scoring
# A neighbour spinners were seen swapping in (a learned link, `thesaurus.LEARNED`) always stays in
# the pre-score's pool, as the windows' proposals and the words the text writes elsewhere do: the
# pre-score reads only the adjacent words and cut originals such as "boss" -> "chief" (seen 8
# times). Team dev validation / team evaluation / outside devset suggestions right 0.562 / 0.590 /
# 0.455 -> 0.569 / 0.602 / 0.465 (`benchmarks/experiments/learned_candidates.py`).
KEEP_LEARNED = True
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
    "topic_fit",
    "topic_gain",
    "in_document",
    "pair_in_document",
    "form_in_document",
    "reverse_rank",
)


class _Proposals(Protocol):
    """Per token index: how often the windows proposed each replacement id."""

    def __getitem__(self, token: int) -> Counter[int]: ...


@dataclass(frozen=True)
class Ranked:
    """A flagged word's candidate originals, best first, with their model scores (0..1)."""

    ids: np.ndarray
    scores: np.ndarray

    def merged(self, other: Ranked) -> Ranked:
        """Both rankings' candidates, each with the better of its scores, best first."""
        ids = np.concatenate((self.ids, other.ids))
        scores = np.concatenate((self.scores, other.scores))
        order = np.lexsort((-scores, ids))  # per id, its best score first
        first = np.ones(len(ids), dtype=bool)
        first[1:] = ids[order][1:] != ids[order][:-1]
        ids, scores = ids[order][first], scores[order][first]
        best = np.argsort(-scores, kind="stable")
        return Ranked(ids[best], scores[best])


def neighbour(tokens: list[Token], p: int, step: int, content: bool) -> int:
    """Index of the next token from p in direction `step` within p's segment (a content word
    when `content`), or -1 at the segment's edge."""
    seg = tokens[p].segment
    q = p + step
    while 0 <= q < len(tokens) and tokens[q].segment == seg:
        if not content or not tokens[q].is_function:
            return q
        q += step
    return -1


def _around(tokens: list[Token], positions: list[int], ng: NgramTables) -> dict[str, np.ndarray]:
    """Per position, computed once for every feature that reads them: the token indices of its
    adjacent words and of its nearest content words (-1 at a segment edge), and the LM ids of
    those words and of the word itself (-1 at an edge or for an unknown word)."""
    out: dict[str, np.ndarray] = {}
    for name, step, content in (
        ("before", -1, False),
        ("after", 1, False),
        ("content_before", -1, True),
        ("content_after", 1, True),
    ):
        out[name] = np.array([neighbour(tokens, p, step, content) for p in positions], dtype=np.int64)
    for name, where in (
        ("prev", "before"),
        ("next", "after"),
        ("content_prev", "content_before"),
        ("content_next", "content_after"),
    ):
        out[name] = np.array(
            [ng.index.get(tokens[q].lower, -1) if q >= 0 else -1 for q in out[where].tolist()], dtype=np.int64
        )
    out["observed"] = np.array([ng.index.get(tokens[p].lower, -1) for p in positions], dtype=np.int64)
    return out


@lru_cache(maxsize=4)
def _function_mask(ref: Reference) -> np.ndarray:
    """Per LM word id: is it a function word (never a spinner's original)?"""
    words = ref.ngrams.words
    return np.fromiter((w in FUNCTION_WORDS for w in words), dtype=bool, count=len(words))


def _pool(
    positions: list[int],
    around: dict[str, np.ndarray],
    ref: Reference,
    cost: np.ndarray,
    proposals: _Proposals,
    written: np.ndarray,
) -> dict[str, np.ndarray]:
    """Every position's candidates in one set of arrays (`at`: index into `positions`): its
    thesaurus neighbours and the windows' proposals, function words and the word itself left
    out, pre-scored on the adjacent words and cut to PRESCORE_KEEP per position; the proposals
    and the neighbours the text writes elsewhere (`written`: its LM ids) always stay, since a
    spinner leaves some occurrences of a word it swaps (`_document_features`), and so do the
    learned links (KEEP_LEARNED). Computed for
    all positions at once so that each numpy lookup runs once per page, not once per word."""
    ng = ref.ngrams
    names = ("ids", "flags", "rank", "at", "proposed", "prev", "next", "observed")
    parts: dict[str, list[np.ndarray]] = {name: [] for name in names}
    bos, eos = ng.index["<s>"], ng.index["</s>"]
    for i, p in enumerate(positions):
        observed = int(around["observed"][i])
        table_ids, table_flags = ref.synonyms.of(observed)
        listed = set(table_ids.tolist())
        extra = [c for c in proposals[p] if c not in listed]
        ids = np.concatenate((table_ids.astype(np.int64), np.array(extra, dtype=np.int64)))
        proposed = np.fromiter(proposals[p], dtype=np.int64, count=len(proposals[p]))
        n = len(ids)
        parts["ids"].append(ids)
        parts["flags"].append(np.concatenate((table_flags.astype(np.int64), np.zeros(len(extra), dtype=np.int64))))
        parts["rank"].append(np.concatenate((np.arange(len(table_ids)), np.full(len(extra), len(table_ids)))))
        parts["at"].append(np.full(n, i))
        parts["proposed"].append(np.isin(ids, proposed))
        parts["prev"].append(np.full(n, around["prev"][i] if around["before"][i] >= 0 else bos))
        parts["next"].append(np.full(n, around["next"][i] if around["after"][i] >= 0 else eos))
        parts["observed"].append(np.full(n, observed))
    pool = {name: np.concatenate(values) if values else np.zeros(0, dtype=np.int64) for name, values in parts.items()}
    keep = ~_function_mask(ref)[pool["ids"]] & (pool["ids"] != pool["observed"])
    pool = {name: values[keep] for name, values in pool.items()}
    left_logp, pool["left_explicit"] = ng.bigram(pool["prev"], pool["ids"])
    right_logp, pool["right_explicit"] = ng.bigram(pool["ids"], pool["next"])
    pool["left_logp"], pool["right_logp"] = np.maximum(left_logp, -12.0), np.maximum(right_logp, -12.0)
    # Fit on both sides net of the swap cost: of the pre-scores tried, the one that keeps the
    # original most often (0.75 of swaps at 48 kept, against 0.83 with all kept; team dev val).
    kept = pool["proposed"] | np.isin(pool["ids"], written)
    if KEEP_LEARNED:
        kept |= (pool["flags"] & LEARNED) > 0
    prescore = np.where(kept, np.inf, pool["left_logp"] + pool["right_logp"] - cost[pool["ids"]])
    order = np.lexsort((np.arange(len(prescore)), -prescore, pool["at"]))  # by position, best first, stable
    at = pool["at"][order]
    first = np.searchsorted(at, at, side="left")
    order = order[np.arange(len(order)) - first < PRESCORE_KEEP]
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


def _word_features(
    tokens: list[Token],
    positions: list[int],
    around: dict[str, np.ndarray],
    pool: dict[str, np.ndarray],
    ref: Reference,
    proposals: _Proposals,
) -> list[np.ndarray]:
    """The per-word features that need the words as strings: context gains, web counts with the
    adjacent words, window votes (count and share), and form agreement with the observed word."""
    words = [ref.ngrams.words[c] for c in pool["ids"].tolist()]
    gains, web_left, web_right, votes, share = (np.zeros(len(words), dtype=np.float32) for _ in range(5))
    initial, suffix2, suffix3, length = (np.zeros(len(words), dtype=np.float32) for _ in range(4))
    bounds = np.searchsorted(pool["at"], np.arange(len(positions) + 1))
    for i, p in enumerate(positions):
        lo, hi = bounds[i], bounds[i + 1]
        if lo == hi:
            continue
        mine = words[lo:hi]
        gains[lo:hi] = _context_gains(tokens, p, ref, mine)
        before, after = int(around["before"][i]), int(around["after"][i])
        if before >= 0:
            web_left[lo:hi] = [ref.web_log_count(tokens[before].lower, w) for w in mine]
        if after >= 0:
            web_right[lo:hi] = [ref.web_log_count(w, tokens[after].lower) for w in mine]
        proposed = proposals[p]
        total = max(sum(proposed.values()), 1)
        votes[lo:hi] = [proposed.get(c, 0) for c in pool["ids"][lo:hi].tolist()]
        share[lo:hi] = votes[lo:hi] / total
        observed = tokens[p].lower
        initial[lo:hi] = [w[:1] == observed[:1] for w in mine]
        length[lo:hi] = [len(w) / max(len(observed), 1) for w in mine]
        # Inflection and part of speech: a spinner keeps the form ("-ing" for "-ing").
        suffix2[lo:hi] = [w[-2:] == observed[-2:] for w in mine]
        suffix3[lo:hi] = [w[-3:] == observed[-3:] for w in mine]
    return [gains, web_left, web_right, votes, share, initial, length, suffix2, suffix3]


def _topic_features(
    tokens: list[Token],
    positions: list[int],
    at: np.ndarray,
    ids: np.ndarray,
    observed: np.ndarray,
    ref: Reference,
    topics: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """How well each candidate fits the topic of the text around its position (cosine with the
    surrounding content words' vectors), and how much better than the observed word: the
    spinner's synonym is often of another sense ("matrix" beside "power lines"). `topics`: the
    tokens' topic contexts when the window features already computed them."""
    if not len(ids):
        return np.zeros(0, np.float32), np.zeros(0, np.float32)
    if topics is None:
        token_ids = ref.ngrams.ids([t.lower for t in tokens])
        topics = ref.topic_contexts(token_ids, np.array([not t.is_function for t in tokens], dtype=bool))
    contexts = topics[np.asarray(positions, dtype=np.int64)][at]
    fit = ref.topic_fit(ids, contexts)
    return fit, fit - ref.topic_fit(observed, contexts)


@dataclass(frozen=True)
class PageWords:
    """What the document features read of the whole page: the known LM ids of its words with
    their counts (sorted), the adjacent pairs it writes and the lemmas of its words. Computed
    once per page (`page_words`) and shared by its rankings: a second ranking of some words
    beside their restored neighbours still reads the page as written."""

    written: tuple[np.ndarray, np.ndarray]
    pairs: np.ndarray
    forms: frozenset[str]


def page_words(tokens: list[Token], ng: NgramTables) -> PageWords:
    token_ids = ng.ids([t.lower for t in tokens])
    size = np.int64(len(ng.words))
    segments = np.array([t.segment for t in tokens], dtype=np.int64)
    joined = (segments[1:] == segments[:-1]) & (token_ids[1:] >= 0) & (token_ids[:-1] >= 0)
    return PageWords(
        written=np.unique(token_ids[token_ids >= 0], return_counts=True),
        pairs=np.unique(token_ids[:-1][joined] * size + token_ids[1:][joined]),
        forms=frozenset(lemma for word in {t.lower for t in tokens} for lemma, _ in lemmas(word)),
    )


def _document_features(
    page: PageWords, ids: np.ndarray, prev_ids: np.ndarray, next_ids: np.ndarray, ng: NgramTables
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How often each candidate is written elsewhere in the text (log1p of its count); whether
    it makes, with the word before or after it, a pair the text writes elsewhere; and whether
    the text writes another form of it ("networks" for "network"). A spinner swaps some
    occurrences of a word and leaves the others ("neural system" in an abstract that says
    "network" twice); a trigram LM trained on other text cannot know the document's own
    vocabulary. The candidate is never the observed word, so its own position never counts."""
    if not len(ids):
        return np.zeros(0, np.float32), np.zeros(0, np.float32), np.zeros(0, np.float32)
    known, counts = page.written
    count = np.zeros(len(ids), dtype=np.int64)
    if len(known):
        at = np.minimum(np.searchsorted(known, ids), len(known) - 1)
        count = np.where(known[at] == ids, counts[at], 0)
    size = np.int64(len(ng.words))
    left = np.isin(prev_ids * size + ids, page.pairs) & (prev_ids >= 0)
    right = np.isin(ids * size + next_ids, page.pairs) & (next_ids >= 0)
    unique = np.unique(ids)
    family = np.fromiter(
        (any(lemma in page.forms for lemma, _ in lemmas(ng.words[i])) for i in unique.tolist()),
        dtype=bool,
        count=len(unique),
    )
    return (
        np.log1p(count).astype(np.float32),
        (left | right).astype(np.float32),
        family[np.searchsorted(unique, ids)].astype(np.float32),
    )


def reverse_rank(ids: np.ndarray, observed: np.ndarray, table: CandidateTable) -> np.ndarray:
    """Where the observed word stands in each candidate's own neighbour list, commonest first (0:
    the candidate's commonest synonym; 2.0 when absent), per 160. Someone rewording reaches first
    for a word's common synonyms, which the one-over-links swap cost treats alike (outside devset
    suggestions 0.380 -> 0.397; docs/experiments.md, "Which synonym would the writer reach for")."""
    rank = table.rank_in(ids, observed)
    return np.where(np.isnan(rank), 2.0, rank / 160.0).astype(np.float32)


def candidate_matrices(
    tokens: list[Token],
    positions: list[int],
    ref: Reference,
    cost: np.ndarray,
    proposals: _Proposals,
    topics: np.ndarray | None = None,
    page: PageWords | None = None,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per position: (candidate ids, feature matrix in RANK_FEATURES order); `topics`: the
    tokens' topic contexts, computed here when not given; `page`: the words of the page the
    document features read (`page_words(tokens)` when not given: `tokens` may show some words
    restored, and the page is still the text as written)."""
    ng = ref.ngrams
    around = _around(tokens, positions, ng)
    page = page_words(tokens, ng) if page is None else page
    pool = _pool(positions, around, ref, cost, proposals, page.written[0])
    ids, flags, at = pool["ids"], pool["flags"], pool["at"]
    gains, web_left, web_right, votes, share, initial, length, suffix2, suffix3 = _word_features(
        tokens, positions, around, pool, ref, proposals
    )
    prev_ids, next_ids = around["prev"][at], around["next"][at]
    content_prev, content_next = around["content_prev"][at], around["content_next"][at]
    observed = around["observed"][at]
    topic_fit, topic_gain = _topic_features(tokens, positions, at, ids, observed, ref, topics)
    document = _document_features(page, ids, prev_ids, next_ids, ng)
    columns = (
        gains,
        pool["left_logp"],
        pool["right_logp"],
        pool["left_explicit"],
        pool["right_explicit"],
        web_left,
        web_right,
        ref.modern_log_count(prev_ids, ids),
        ref.modern_log_count(ids, next_ids),
        ref.modern_log_count(content_prev, ids),
        ref.modern_log_count(ids, content_next),
        ng.unigram[ids],
        np.where(observed >= 0, ng.unigram[np.maximum(observed, 0)], -8.0),
        cost[ids],
        pool["rank"] / 160.0,
        (flags & FORWARD) > 0,
        (flags & BACKWARD) > 0,
        (flags & SECOND) > 0,
        (flags & CURATED) > 0,
        votes,
        share,
        initial,
        length,
        suffix2,
        suffix3,
        topic_fit,
        topic_gain,
        *document,  # in_document, pair_in_document, form_in_document
        reverse_rank(ids, observed, ref.synonyms),
    )
    matrix = np.column_stack(columns).astype(np.float32) if len(ids) else np.zeros((0, len(RANK_FEATURES)), np.float32)
    bounds = np.searchsorted(at, np.arange(len(positions) + 1))
    return [(ids[lo:hi], matrix[lo:hi]) for lo, hi in itertools.pairwise(bounds)]


def candidate_matrix(
    tokens: list[Token], p: int, ref: Reference, cost: np.ndarray, proposed: Counter[int]
) -> tuple[np.ndarray, np.ndarray]:
    """(candidate ids, feature matrix in RANK_FEATURES order) for token p alone."""
    return candidate_matrices(tokens, [p], ref, cost, {p: proposed})[0]


@dataclass(frozen=True)
class Ranker:
    booster: Any
    manifest: dict[str, Any]

    def rank(
        self,
        tokens: list[Token],
        positions: list[int],
        ref: Reference,
        cost: np.ndarray,
        proposals: _Proposals,
        topics: np.ndarray | None = None,
        page: PageWords | None = None,
    ) -> dict[int, Ranked]:
        """Each position's candidates, best first: one model call for all of them."""
        matrices = candidate_matrices(tokens, positions, ref, cost, proposals, topics, page)
        stacked = np.vstack([m for _, m in matrices]) if matrices else np.zeros((0, len(RANK_FEATURES)))
        scores = (
            np.asarray(self.booster.predict(stacked, num_threads=predict_threads())) if len(stacked) else np.zeros(0)
        )
        out, lo = {}, 0
        for p, (ids, _) in zip(positions, matrices):
            mine = scores[lo : lo + len(ids)]
            lo += len(ids)
            order = np.argsort(-mine, kind="stable")
            out[p] = Ranked(ids[order], mine[order])
        return out


@lru_cache(maxsize=1)
def load_ranker() -> Ranker | None:
    """The shipped ranker, checked on load; None when no ranker is shipped (the restoration
    search then uses the windows' proposals alone)."""
    if not (data_dir() / MODEL_FILE).exists():
        return None
    booster, manifest = load_booster(data_file(MODEL_FILE), data_file(MANIFEST_FILE), RANK_FEATURES)
    return Ranker(booster, manifest)
