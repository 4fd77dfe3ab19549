"""Candidate windows and their restorations, computed in bulk with numpy.

A window is a pair of content words, adjacent ("virus war") or around one function word
("place of delegates"). For every window whose observed wording the reference LM finds
unusual, each content word is swapped for its thesaurus candidates (one word, or both), and
every swapped pair the LM knows as an explicit bigram is a restoration. All windows of a
document are expanded in one batch: one `np.searchsorted` over the LM's bigram keys per
stage, and `np.maximum.reduceat` to pick each window's best restoration, so cost grows
linearly with the text and no Python loop runs over synonym lists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detector.ngrams import NgramTables
from detector.text import FUNCTION_WORDS, Token
from detector.thesaurus import CandidateTable

BRIDGE_WORDS = frozenset({"of", "for", "in", "on", "and", "to", "the", "with"})
# Expand a window when its observed bigram is not in the LM, or is only weakly associated.
OBSERVED_PMI_GATE = 1.0
DOUBLE_SWAP_WIDTH = 30  # candidates per word tried in double swaps (30 x 30 probes)


@dataclass(frozen=True)
class Windows:
    """Parallel arrays over a document's candidate windows (one row per window)."""

    left: np.ndarray  # token index of the first content word
    right: np.ndarray  # token index of the second content word
    bridge: np.ndarray  # token index of the function word between them, or -1
    obs_joint: np.ndarray  # log10 P(first) + log P(rest | ...) of the observed wording
    obs_explicit: np.ndarray  # observed bigram(s) explicit in the LM
    obs_pmi: np.ndarray  # association of the observed pair (log10 P(b|a) - log10 P(b))
    best_joint: np.ndarray  # same joint score of the best restoration (-inf when none)
    best_left: np.ndarray  # word id restored at `left` (== observed when unchanged)
    best_right: np.ndarray
    best_flags: np.ndarray  # thesaurus link flags of the swapped word(s)
    best_rank: np.ndarray  # rank of the swapped word among its candidates (0 = most common)
    best_pmi: np.ndarray  # association of the restored pair
    n_better: np.ndarray  # restorations with a higher joint score than the observed wording
    second_joint: np.ndarray  # joint score of the runner-up (ambiguity)


def make_windows(tokens: list[Token], ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word pairs within one segment: adjacent (one may be a function word) or across a bridge word."""
    n = len(tokens)
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    seg = np.fromiter((t.segment for t in tokens), dtype=np.int64, count=n)
    content = np.fromiter(
        (t.lower not in FUNCTION_WORDS and t.lower.isalpha() for t in tokens), dtype=bool, count=n
    )
    bridge = np.fromiter((t.lower in BRIDGE_WORDS for t in tokens), dtype=bool, count=n)
    known = ids >= 0
    ok = content & known
    i = np.arange(n - 1)
    # Adjacent pairs need one content word; the function word is context, never swapped.
    adjacent = i[known[:-1] & known[1:] & (ok[:-1] | ok[1:]) & (seg[:-1] == seg[1:])]
    j = np.arange(max(n - 2, 0))
    across = j[ok[:-2] & bridge[1:-1] & known[1:-1] & ok[2:] & (seg[:-2] == seg[2:])] if n > 2 else j
    left = np.concatenate([adjacent, across])
    right = np.concatenate([adjacent + 1, across + 2])
    mid = np.concatenate([np.full(len(adjacent), -1), across + 1])
    return left, right, mid


def _joint(ng: NgramTables, a: np.ndarray, f: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Joint log10 score of `a (f) b` and whether every bigram in it is explicit."""
    has_bridge = f >= 0
    lp_ab, ex_ab = ng.bigram(a, b)
    lp_af, ex_af = ng.bigram(a, np.where(has_bridge, f, 0))
    lp_fb, ex_fb = ng.bigram(np.where(has_bridge, f, 0), b)
    uni = ng.unigram[np.maximum(a, 0)]
    joint = np.where(has_bridge, uni + lp_af + lp_fb, uni + lp_ab)
    explicit = np.where(has_bridge, ex_af & ex_fb, ex_ab)
    return joint, explicit


def _pmi(ng: NgramTables, a: np.ndarray, f: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Association of the pair: how much the first word(s) raise the second word's probability."""
    has_bridge = f >= 0
    lp_ab, _ = ng.bigram(a, b)
    lp_fb, _ = ng.bigram(np.where(has_bridge, f, 0), b)
    lp = np.where(has_bridge, lp_fb, lp_ab)
    return lp - ng.unigram[np.maximum(b, 0)]


def expand(tokens: list[Token], ids: np.ndarray, ng: NgramTables, table: CandidateTable) -> Windows:
    """Find every window's best thesaurus restoration in one vectorised pass."""
    left, right, mid = make_windows(tokens, ids)
    a, b = ids[left], ids[right]
    f = np.where(mid >= 0, ids[np.maximum(mid, 0)], -1)
    obs_joint, obs_explicit = _joint(ng, a, f, b)
    obs_pmi = _pmi(ng, a, f, b)
    m = len(left)
    best_joint = np.full(m, -np.inf)
    second_joint = np.full(m, -np.inf)
    best_left, best_right = a.copy(), b.copy()
    best_flags = np.zeros(m, dtype=np.int64)
    best_rank = np.full(m, -1, dtype=np.int64)
    n_better = np.zeros(m, dtype=np.int64)
    gated = np.flatnonzero(~obs_explicit | (obs_pmi < OBSERVED_PMI_GATE))
    content = np.fromiter((t.lower not in FUNCTION_WORDS for t in tokens), dtype=bool, count=len(tokens))
    empty = (table.candidates[:0], table.flags[:0])

    rows: list[np.ndarray] = []
    cand_a: list[np.ndarray] = []
    cand_b: list[np.ndarray] = []
    flags: list[np.ndarray] = []
    ranks: list[np.ndarray] = []
    for w in gated:
        ca, fa = table.of(int(a[w])) if content[left[w]] else empty
        cb, fb = table.of(int(b[w])) if content[right[w]] else empty
        if len(ca):
            rows.append(np.full(len(ca), w))
            cand_a.append(ca)
            cand_b.append(np.full(len(ca), b[w]))
            flags.append(fa)
            ranks.append(np.arange(len(ca)))
        if len(cb):
            rows.append(np.full(len(cb), w))
            cand_a.append(np.full(len(cb), a[w]))
            cand_b.append(cb)
            flags.append(fb)
            ranks.append(np.arange(len(cb)))
        if len(ca) and len(cb):
            da, db = ca[:DOUBLE_SWAP_WIDTH], cb[:DOUBLE_SWAP_WIDTH]
            rows.append(np.full(len(da) * len(db), w))
            cand_a.append(np.repeat(da, len(db)))
            cand_b.append(np.tile(db, len(da)))
            flags.append(np.repeat(fa[: len(da)], len(db)) | np.tile(fb[: len(db)], len(da)) | 8)
            ranks.append(np.add.outer(np.arange(len(da)), np.arange(len(db))).ravel())
    if rows:
        row = np.concatenate(rows)
        ca_all = np.concatenate(cand_a).astype(np.int64)
        cb_all = np.concatenate(cand_b).astype(np.int64)
        joint, explicit = _joint(ng, ca_all, f[row], cb_all)
        # Only explicit LM n-grams count as restorations: a backed-off guess is no phrase.
        joint = np.where(explicit, joint, -np.inf)
        better = joint > obs_joint[row]
        np.add.at(n_better, row, better)
        order = np.lexsort((-joint, row))
        row_sorted = row[order]
        starts = np.flatnonzero(np.r_[True, row_sorted[1:] != row_sorted[:-1]])
        top = order[starts]
        winners = row[top]
        best_joint[winners] = joint[top]
        best_left[winners] = ca_all[top]
        best_right[winners] = cb_all[top]
        best_flags[winners] = np.concatenate(flags)[top]
        best_rank[winners] = np.concatenate(ranks)[top]
        counts = np.diff(np.r_[starts, len(order)])
        has_second = counts > 1
        second = order[starts[has_second] + 1]
        second_joint[winners[has_second]] = joint[second]
    best_pmi = np.where(
        np.isfinite(best_joint), _pmi(ng, np.maximum(best_left, 0), f, np.maximum(best_right, 0)), -9.0
    )
    return Windows(
        left=left,
        right=right,
        bridge=mid,
        obs_joint=obs_joint,
        obs_explicit=obs_explicit,
        obs_pmi=obs_pmi,
        best_joint=best_joint,
        best_left=best_left,
        best_right=best_right,
        best_flags=best_flags,
        best_rank=best_rank,
        best_pmi=best_pmi,
        n_better=n_better,
        second_joint=second_joint,
    )
