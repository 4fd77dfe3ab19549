"""Features of candidate windows, shared by the discovery detector and its training script.

One function builds the matrix for both, so the model is trained on exactly what it sees at
run time. Context gain, the most expensive feature (trigram LM queries), is computed only
for windows that have a restoration at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from detector.candidates import Windows, association, expand
from detector.ngrams import NgramTables, sequence_logprob, tables
from detector.text import Token, context
from detector.thesaurus import BACKWARD, CURATED, FORWARD, CandidateTable, candidate_table
from detector.web_bigrams import log_count

FEATURE_NAMES: tuple[str, ...] = (
    "obs_joint",
    "obs_explicit",
    "obs_pmi",
    "gain",
    "best_pmi",
    "best_rank",
    "link_forward",
    "link_backward",
    "link_curated",
    "double_swap",
    "log_n_better",
    "margin_second",
    "obs_logp_left",
    "obs_logp_right",
    "restored_logp_min",
    "cap_left",
    "cap_right",
    "segment_start",
    "segment_cap_share",
    "has_bridge",
    "context_gain",
    "word_len_max",
    "obs_cond",
    "best_cond",
    "changed_function_neighbour",
    "swap_cost",
    "channel_gain",
    "changed_word_repeats",
    "changed_word_votes",
    "changed_word_best_other_gain",
    "obs_web_log_count",
    "restored_web_log_count",
)
CONTEXT = 2  # words of context on each side for the trigram rescoring


@dataclass(frozen=True)
class WindowFeatures:
    windows: Windows
    matrix: np.ndarray  # (n_windows, len(FEATURE_NAMES)) float32


def _segment_cap_share(tokens: list[Token]) -> np.ndarray:
    """Per token: share of capitalized words in its segment (Title Case headlines, menus)."""
    share = np.zeros(len(tokens), dtype=np.float32)
    start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or tokens[i].segment != tokens[start].segment:
            seg = tokens[start:i]
            value = sum(t.is_capitalized for t in seg) / len(seg)
            share[start:i] = value
            start = i
    return share


def _rescore_in_context(tokens: list[Token], w: Windows, ng: NgramTables) -> tuple[Windows, np.ndarray, np.ndarray]:
    """Pick each window's restoration by trigram-LM score in sentence context.

    The bigram-context ranking in `candidates` keeps TOP_K restorations; the trigram LM,
    reading two words either side, chooses among them. Returns the windows with their
    `best_*` set to the choice, and its log10 gain over the observed words net of the
    swap cost (see `candidates.swap_cost`).
    """
    gains = np.zeros(len(w.left), dtype=np.float32)
    best_left, best_right = w.best_left.copy(), w.best_right.copy()
    best_joint, best_flags, best_rank = w.best_joint.copy(), w.best_flags.copy(), w.best_rank.copy()
    penalty = np.zeros(len(w.left))
    words = ng.words
    for r in range(len(w.left)):
        lo, hi = int(w.left[r]), int(w.right[r])
        ctx = context(tokens, lo, hi, CONTEXT)
        base = sequence_logprob(ctx.words, ctx.start)
        best_k, best_gain = 0, -np.inf
        for k in range(w.alt_left.shape[1]):
            if w.alt_left[r, k] < 0:
                break
            restored = list(ctx.words)
            restored[ctx.index(lo)] = words[int(w.alt_left[r, k])]
            restored[ctx.index(hi)] = words[int(w.alt_right[r, k])]
            gain = sequence_logprob(restored, ctx.start) - base - w.alt_penalty[r, k]
            if gain > best_gain:
                best_k, best_gain = k, gain
        gains[r] = best_gain
        best_left[r], best_right[r] = w.alt_left[r, best_k], w.alt_right[r, best_k]
        best_joint[r], best_flags[r], best_rank[r] = (
            w.alt_joint[r, best_k],
            w.alt_flags[r, best_k],
            w.alt_rank[r, best_k],
        )
        penalty[r] = w.alt_penalty[r, best_k]
    chosen = replace(
        w, best_left=best_left, best_right=best_right, best_joint=best_joint, best_flags=best_flags, best_rank=best_rank
    )
    return chosen, gains, penalty


def window_features(
    tokens: list[Token], ng: NgramTables | None = None, table: CandidateTable | None = None
) -> WindowFeatures:
    ng = ng or tables()
    table = table or candidate_table()
    ids = ng.ids([t.lower for t in tokens])
    w = expand(tokens, ids, ng, table)
    # Only windows with a restoration that beats the observed words, swap cost included, can be spans.
    w = w.subset(np.isfinite(w.best_joint) & (w.n_better > 0))
    w, ctx, penalty = _rescore_in_context(tokens, w, ng)
    f = np.where(w.bridge >= 0, ids[np.maximum(w.bridge, 0)], -1)
    w = replace(w, best_pmi=association(ng, np.maximum(w.best_left, 0), f, np.maximum(w.best_right, 0)))
    m = len(w.left)
    if m == 0:
        return WindowFeatures(w, np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32))
    a, b = ids[w.left], ids[w.right]
    has_best = np.isfinite(w.best_joint)
    gain = np.where(has_best, w.best_joint - w.obs_joint, -20.0)
    margin = np.where(np.isfinite(w.second_joint) & has_best, w.best_joint - np.maximum(w.second_joint, -99.0), 10.0)
    changed_left = has_best & (w.best_left != a)
    changed_right = has_best & (w.best_right != b)
    uni = ng.unigram
    restored_min = np.where(
        has_best,
        np.minimum(
            np.where(changed_left, uni[np.maximum(w.best_left, 0)], 0.0),
            np.where(changed_right, uni[np.maximum(w.best_right, 0)], 0.0),
        ),
        -20.0,
    )
    cap = np.fromiter((t.is_capitalized for t in tokens), dtype=np.float32, count=len(tokens))
    seg_start = np.fromiter(
        (i == 0 or tokens[i - 1].segment != t.segment for i, t in enumerate(tokens)),
        dtype=np.float32,
        count=len(tokens),
    )
    lengths = np.fromiter((len(t.text) for t in tokens), dtype=np.float32, count=len(tokens))
    cap_share = _segment_cap_share(tokens)
    flags = w.best_flags
    # Conditional probability of the second word given the first (observed and restored):
    # fixed phrases predict their second word strongly ("cold" -> "war").
    obs_cond, _ = ng.bigram(a, b)
    best_cond, _ = ng.bigram(np.maximum(w.best_left, 0), np.maximum(w.best_right, 0))
    function_side = np.fromiter((t.is_function for t in tokens), dtype=bool, count=len(tokens))
    with_function = function_side[w.left] | function_side[w.right]
    # A word repeated through the text is its topic ("bark" in an article on bark), not a swap.
    counts = Counter(t.lower for t in tokens)
    repeats = np.fromiter((counts[t.lower] for t in tokens), dtype=np.float32, count=len(tokens))
    changed_repeats = np.maximum(
        np.where(w.best_left != a, repeats[w.left], 0.0), np.where(w.best_right != b, repeats[w.right], 0.0)
    )
    # Evidence from the other windows over the same word: a swapped word reads wrong with
    # both neighbours, a rare but right word usually only with one.
    changes_left = w.best_left != a
    changes_right = w.best_right != b
    votes = np.zeros(len(tokens), dtype=np.float32)
    np.add.at(votes, w.left[changes_left], 1.0)
    np.add.at(votes, w.right[changes_right], 1.0)
    top_gain = np.full(len(tokens), -20.0, dtype=np.float32)
    second_gain = np.full(len(tokens), -20.0, dtype=np.float32)
    for r in np.argsort(-ctx):
        for pos, changed in ((int(w.left[r]), changes_left[r]), (int(w.right[r]), changes_right[r])):
            if not changed:
                continue
            if top_gain[pos] == -20.0:
                top_gain[pos] = ctx[r]
            elif second_gain[pos] == -20.0:
                second_gain[pos] = ctx[r]

    def other(pos: np.ndarray, changed: np.ndarray) -> np.ndarray:
        own_is_top = np.isclose(top_gain[pos], ctx)
        return np.where(changed, np.where(own_is_top, second_gain[pos], top_gain[pos]), -20.0)

    changed_votes = np.maximum(np.where(changes_left, votes[w.left], 0.0), np.where(changes_right, votes[w.right], 0.0))
    other_gain = np.maximum(other(w.left, changes_left), other(w.right, changes_right))
    # Web collocation counts of the adjacent pair, as written and as restored.
    words = ng.words
    obs_web = np.fromiter(
        (log_count(tokens[l].lower, tokens[r].lower) if br < 0 else 0.0 for l, r, br in zip(w.left, w.right, w.bridge)),
        dtype=np.float32,
        count=m,
    )
    restored_web = np.fromiter(
        (log_count(words[l], words[r]) if br < 0 else 0.0 for l, r, br in zip(w.best_left, w.best_right, w.bridge)),
        dtype=np.float32,
        count=m,
    )
    matrix = np.column_stack(
        [
            w.obs_joint,
            w.obs_explicit,
            w.obs_pmi,
            gain,
            w.best_pmi,
            w.best_rank,
            (flags & FORWARD) > 0,
            (flags & BACKWARD) > 0,
            (flags & CURATED) > 0,
            (flags & 8) > 0,
            np.log1p(w.n_better),
            margin,
            uni[a],
            uni[b],
            restored_min,
            cap[w.left],
            cap[w.right],
            seg_start[w.left],
            cap_share[w.left],
            w.bridge >= 0,
            ctx,
            np.maximum(lengths[w.left], lengths[w.right]),
            np.maximum(obs_cond, -20.0),
            np.where(has_best, np.maximum(best_cond, -20.0), -20.0),
            with_function,
            penalty,
            gain - penalty,
            changed_repeats,
            changed_votes,
            other_gain,
            obs_web,
            restored_web,
        ]
    ).astype(np.float32)
    return WindowFeatures(w, matrix)
