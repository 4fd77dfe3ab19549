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

from detector.lm.ngrams import NgramTables
from detector.lm.thesaurus import CandidateTable
from detector.text import FUNCTION_WORDS, Token

BRIDGE_WORDS = frozenset({"of", "for", "in", "on", "and", "to", "the", "with"})
# Expand a window when its observed bigram is not in the LM, or is only weakly associated.
OBSERVED_PMI_GATE = 1.0
TOP_K = 4  # restorations per window kept for trigram rescoring
DOUBLE_SWAP_WIDTH = 32  # candidates per word tried in double swaps (32 x 32 probes)


@dataclass(frozen=True)
class Windows:
    """Parallel arrays over a document's candidate windows (one row per window)."""

    left: np.ndarray  # token index of the first content word
    right: np.ndarray  # token index of the second content word
    bridge: np.ndarray  # token index of the function word between them, or -1
    obs_joint: np.ndarray  # log10 score of the observed words in bigram context (see `_joint`)
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
    # The TOP_K best restorations per window (-1 / -inf padded), for rescoring in context.
    alt_left: np.ndarray
    alt_right: np.ndarray
    alt_joint: np.ndarray
    alt_flags: np.ndarray
    alt_rank: np.ndarray
    alt_penalty: np.ndarray  # log10 cost of the swaps each restoration assumes

    def __len__(self) -> int:
        return len(self.left)

    def subset(self, rows: np.ndarray) -> Windows:
        """The windows at `rows` (a boolean mask or index array)."""
        return Windows(**{name: getattr(self, name)[rows] for name in self.__dataclass_fields__})


def make_windows(tokens: list[Token], ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word pairs within one segment: adjacent (one may be a function word) or across a bridge word."""
    n = len(tokens)
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    seg = np.fromiter((t.segment for t in tokens), dtype=np.int64, count=n)
    content = np.fromiter((t.lower not in FUNCTION_WORDS and t.lower.isalpha() for t in tokens), dtype=bool, count=n)
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


def joint_score(
    ng: NgramTables,
    a: np.ndarray,
    f: np.ndarray,
    b: np.ndarray,
    prev: np.ndarray | None = None,
    nxt: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """log10 score of `a (f) b` in its bigram context, and whether its inner bigrams are explicit.

    With `prev`/`nxt` (ids of the neighbouring words; -1 for a word the LM lacks) the score is
    log P(a|prev) + log P(b|a) (+ bridge) + log P(next|b): the neighbours judge a restoration
    ("Chinese leader" beats "Chinese first"), where a unigram prior would favour any common word.
    """
    has_bridge = f >= 0
    if prev is None:
        joint = ng.unigram[np.maximum(a, 0)].astype(np.float64)
    else:
        lp_pa, _ = ng.bigram(prev, a)
        joint = np.where(prev >= 0, lp_pa, ng.unigram[np.maximum(a, 0)]).astype(np.float64)
    explicit = np.zeros(len(a), dtype=bool)
    plain = ~has_bridge
    lp_ab, ex_ab = ng.bigram(a[plain], b[plain])
    joint[plain] += lp_ab
    explicit[plain] = ex_ab
    if has_bridge.any():
        lp_af, ex_af = ng.bigram(a[has_bridge], f[has_bridge])
        lp_fb, ex_fb = ng.bigram(f[has_bridge], b[has_bridge])
        joint[has_bridge] += lp_af + lp_fb
        explicit[has_bridge] = ex_af & ex_fb
    if nxt is not None:
        lp_bn, _ = ng.bigram(b, nxt)
        joint += np.where(nxt >= 0, lp_bn, 0.0)
    return joint, explicit


def _inner_explicit(ng: NgramTables, a: np.ndarray, f: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether `a b` (or `a f` and `f b` across a bridge word) are explicit LM bigrams."""
    has_bridge = f >= 0
    explicit = np.zeros(len(a), dtype=bool)
    explicit[~has_bridge] = ng.explicit(a[~has_bridge], b[~has_bridge])
    if has_bridge.any():
        explicit[has_bridge] = ng.explicit(a[has_bridge], f[has_bridge]) & ng.explicit(f[has_bridge], b[has_bridge])
    return explicit


def association(ng: NgramTables, a: np.ndarray, f: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Association of the pair: how much the first word(s) raise the second word's probability."""
    has_bridge = f >= 0
    lp_ab, _ = ng.bigram(a, b)
    lp_fb, _ = ng.bigram(np.where(has_bridge, f, 0), b)
    lp = np.where(has_bridge, lp_fb, lp_ab)
    return lp - ng.unigram[np.maximum(b, 0)]


SWAP_PRIOR = 1.0
# Windows whose best restoration beats the observed words by less than -COST_SLACK after swap
# costs are not worth scoring: they hold almost no spun spans (measured on the team dev set).
COST_SLACK = 2.5


def swap_cost(table: CandidateTable) -> np.ndarray:
    """Per original word id: log10 cost of assuming a spinner replaced it.

    A noisy channel: the spinner swapped the word (prior odds) and picked this synonym among
    the word's many (1 / number of its thesaurus links). Words with long synonym lists
    explain any observed word cheaply per link but pay for the choice.
    """
    counts = np.diff(table.offsets).astype(np.float64)
    return SWAP_PRIOR + np.log10(np.maximum(counts, 1.0))


def _neighbours(
    tokens: list[Token], ids: np.ndarray, left: np.ndarray, right: np.ndarray, ng: NgramTables
) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the word before and after each window: sentence markers at segment edges."""
    n = len(tokens)
    seg = np.fromiter((t.segment for t in tokens), dtype=np.int64, count=n)
    bos, eos = ng.index["<s>"], ng.index["</s>"]
    before = np.maximum(left - 1, 0)
    after = np.minimum(right + 1, n - 1)
    prev = np.where((left > 0) & (seg[before] == seg[left]), ids[before], bos)
    nxt = np.where((right + 1 < n) & (seg[after] == seg[right]), ids[after], eos)
    return prev, nxt


def _ragged(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For groups of the given lengths: (group index, index within group) of every element."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    group = np.repeat(np.arange(len(lengths)), lengths)
    starts = np.cumsum(lengths) - lengths
    return group, np.arange(total) - starts[group]


@dataclass(frozen=True)
class _Swaps:
    """One kind of swap (first word, second word, or both) over the gated windows, flattened:
    one row per candidate pair, so the LM is probed in one batch rather than per window."""

    rows: np.ndarray  # window index
    left: np.ndarray  # candidate word id at the window's first word
    right: np.ndarray  # ... at its second word
    link_left: np.ndarray | None  # index of the first word's thesaurus link (None: word kept)
    link_right: np.ndarray | None
    rank: np.ndarray  # rank of the swapped word(s) among the candidates (0 = most common)


@dataclass(frozen=True)
class _Restorations:
    """The swaps that are explicit LM n-grams, all kinds together: one row per restoration."""

    rows: np.ndarray  # window index
    left: np.ndarray  # restored word ids
    right: np.ndarray
    flags: np.ndarray  # thesaurus link flags of the swapped word(s), 8 added for double swaps
    rank: np.ndarray


@dataclass(frozen=True)
class _Ranking:
    """Restorations sorted by window, best first within each: the windows' top-k in one sort."""

    order: np.ndarray  # restoration indexes in ranked order
    starts: np.ndarray  # position in `order` of each restored window's best restoration
    counts: np.ndarray  # restorations per restored window
    winners: np.ndarray  # window index of each restored window


def expand(tokens: list[Token], ids: np.ndarray, ng: NgramTables, table: CandidateTable) -> Windows:
    """Find every window's best thesaurus restoration in one vectorised pass."""
    left, right, mid = make_windows(tokens, ids)
    a, b = ids[left], ids[right]
    f = np.where(mid >= 0, ids[np.maximum(mid, 0)], -1)
    prev, nxt = _neighbours(tokens, ids, left, right, ng)
    obs_joint, obs_explicit = joint_score(ng, a, f, b, prev, nxt)
    obs_pmi = association(ng, a, f, b)
    content = np.fromiter((t.lower not in FUNCTION_WORDS for t in tokens), dtype=bool, count=len(tokens))
    both_content = content[left] & content[right]
    # Pairs with a function word are ordinary unless the LM has never seen them.
    gated = np.flatnonzero(~obs_explicit | ((obs_pmi < OBSERVED_PMI_GATE) & both_content))
    # Every candidate swap of the gated windows, per kind, flattened (one row per candidate pair).
    # This stays inline: its temporaries must live until the search ends; freed earlier, they
    # come back from glibc's allocator as freshly faulted pages (a third slower, measured in
    # docs/measurements.md).
    offsets = table.offsets
    a_gated, b_gated = a[gated], b[gated]
    a_lo = offsets[np.maximum(a_gated, 0)]
    b_lo = offsets[np.maximum(b_gated, 0)]
    a_len = np.where(content[left[gated]], offsets[np.maximum(a_gated, 0) + 1] - a_lo, 0)
    b_len = np.where(content[right[gated]], offsets[np.maximum(b_gated, 0) + 1] - b_lo, 0)
    # Swap the first word: every candidate of a, with b kept.
    r1, k1 = _ragged(a_len)
    # Swap the second word.
    r2, k2 = _ragged(b_len)
    # Swap both, over the most common candidates of each, for pairs the LM has never seen.
    da = np.where(~obs_explicit[gated], np.minimum(a_len, DOUBLE_SWAP_WIDTH), 0)
    db = np.where(da > 0, np.minimum(b_len, DOUBLE_SWAP_WIDTH), 0)
    da = np.where(db > 0, da, 0)
    r3, k3 = _ragged(da * db)
    ka3, kb3 = k3 // db[r3], k3 % db[r3]
    cands = table.candidates
    swaps = (
        _Swaps(gated[r1], cands[a_lo[r1] + k1], b_gated[r1], a_lo[r1] + k1, None, k1),
        _Swaps(gated[r2], a_gated[r2], cands[b_lo[r2] + k2], None, b_lo[r2] + k2, k2),
        _Swaps(gated[r3], cands[a_lo[r3] + ka3], cands[b_lo[r3] + kb3], a_lo[r3] + ka3, b_lo[r3] + kb3, ka3 + kb3),
    )
    found = _explicit_restorations(swaps, f, ng, table)
    chosen = _choose(found, a, b, f, prev, nxt, obs_joint, ng, table)
    best_left, best_right = chosen["best_left"], chosen["best_right"]
    best_pmi = np.where(
        np.isfinite(chosen["best_joint"]), association(ng, np.maximum(best_left, 0), f, np.maximum(best_right, 0)), -9.0
    )
    return Windows(
        left=left,
        right=right,
        bridge=mid,
        obs_joint=obs_joint,
        obs_explicit=obs_explicit,
        obs_pmi=obs_pmi,
        best_pmi=best_pmi,
        **chosen,
    )


def _explicit_restorations(
    swaps: tuple[_Swaps, ...], f: np.ndarray, ng: NgramTables, table: CandidateTable
) -> _Restorations:
    """The swaps whose inner bigram(s) the LM holds explicitly, with their link flags and ranks.

    Only explicit LM n-grams count as restorations: a backed-off guess is no phrase. Checking
    that first leaves a few percent of candidates, so links and ranks are read for those only.
    """
    cflags = table.flags.astype(np.int64)
    kept_rows, kept_a, kept_b, kept_flags, kept_ranks = [], [], [], [], []
    for swap in swaps:
        ca, cb = swap.left.astype(np.int64), swap.right.astype(np.int64)
        keep = np.flatnonzero(_inner_explicit(ng, ca, f[swap.rows], cb))
        flag = np.zeros(len(keep), dtype=np.int64)
        if swap.link_left is not None:
            flag |= cflags[swap.link_left[keep]]
        if swap.link_right is not None:
            flag |= cflags[swap.link_right[keep]]
        if swap.link_left is not None and swap.link_right is not None:
            flag |= 8  # both words swapped
        kept_rows.append(swap.rows[keep])
        kept_a.append(ca[keep])
        kept_b.append(cb[keep])
        kept_flags.append(flag)
        kept_ranks.append(swap.rank[keep])
    return _Restorations(
        np.concatenate(kept_rows),
        np.concatenate(kept_a),
        np.concatenate(kept_b),
        np.concatenate(kept_flags),
        np.concatenate(kept_ranks),
    )


def _unrestored(a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    """The `Windows` restoration fields of windows without a restoration: the observed words,
    -inf scores and -1 / -inf padded alternatives. `_choose` fills in the restored windows."""
    m = len(a)
    return {
        "best_joint": np.full(m, -np.inf),
        "best_left": a.copy(),
        "best_right": b.copy(),
        "best_flags": np.zeros(m, dtype=np.int64),
        "best_rank": np.full(m, -1, dtype=np.int64),
        "n_better": np.zeros(m, dtype=np.int64),
        "second_joint": np.full(m, -np.inf),
        "alt_left": np.full((m, TOP_K), -1, dtype=np.int64),
        "alt_right": np.full((m, TOP_K), -1, dtype=np.int64),
        "alt_joint": np.full((m, TOP_K), -np.inf),
        "alt_flags": np.zeros((m, TOP_K), dtype=np.int64),
        "alt_rank": np.full((m, TOP_K), -1, dtype=np.int64),
        "alt_penalty": np.zeros((m, TOP_K)),
    }


def _choose(
    found: _Restorations,
    a: np.ndarray,
    b: np.ndarray,
    f: np.ndarray,
    prev: np.ndarray,
    nxt: np.ndarray,
    obs_joint: np.ndarray,
    ng: NgramTables,
    table: CandidateTable,
) -> dict[str, np.ndarray]:
    """Each window's best, runner-up and TOP_K restorations by noisy-channel score, as the
    `Windows` restoration fields (see `_unrestored` for windows without any)."""
    chosen = _unrestored(a, b)
    row = found.rows
    if not len(row):
        return chosen
    ca_all, cb_all = found.left, found.right
    joint, _ = joint_score(ng, ca_all, f[row], cb_all, prev[row], nxt[row])
    cost = swap_cost(table)
    penalty = np.where(ca_all != a[row], cost[ca_all], 0.0) + np.where(cb_all != b[row], cost[cb_all], 0.0)
    better = joint - penalty > obs_joint[row] - COST_SLACK
    chosen["n_better"] = np.bincount(row, weights=better, minlength=len(a)).astype(np.int64)
    # Noisy-channel ranking: LM score of the restoration minus the cost of the swaps it assumes.
    order = np.lexsort((-(joint - penalty), row))
    row_sorted = row[order]
    starts = np.flatnonzero(np.r_[True, row_sorted[1:] != row_sorted[:-1]])
    ranking = _Ranking(order, starts, np.diff(np.r_[starts, len(order)]), row[order[starts]])
    _keep_best(chosen, found, joint, ranking)
    _keep_top_k(chosen, found, joint, penalty, ranking)
    return chosen


def _keep_best(chosen: dict[str, np.ndarray], found: _Restorations, joint: np.ndarray, ranking: _Ranking) -> None:
    """Write each restored window's best restoration, and the runner-up's score, into `chosen`."""
    top = ranking.order[ranking.starts]
    winners = ranking.winners
    chosen["best_joint"][winners] = joint[top]
    chosen["best_left"][winners] = found.left[top]
    chosen["best_right"][winners] = found.right[top]
    chosen["best_flags"][winners] = found.flags[top]
    chosen["best_rank"][winners] = found.rank[top]
    has_second = ranking.counts > 1
    second = ranking.order[ranking.starts[has_second] + 1]
    chosen["second_joint"][winners[has_second]] = joint[second]


def _keep_top_k(
    chosen: dict[str, np.ndarray], found: _Restorations, joint: np.ndarray, penalty: np.ndarray, ranking: _Ranking
) -> None:
    """Write each restored window's TOP_K best restorations into `chosen`'s `alt_*` columns,
    for rescoring in sentence context (one vectorised write per rank, not per window)."""
    for k in range(TOP_K):
        present = ranking.counts > k
        pick = ranking.order[ranking.starts[present] + k]
        rows_k = ranking.winners[present]
        chosen["alt_left"][rows_k, k] = found.left[pick]
        chosen["alt_right"][rows_k, k] = found.right[pick]
        chosen["alt_joint"][rows_k, k] = joint[pick]
        chosen["alt_flags"][rows_k, k] = found.flags[pick]
        chosen["alt_rank"][rows_k, k] = found.rank[pick]
        chosen["alt_penalty"][rows_k, k] = penalty[pick]
