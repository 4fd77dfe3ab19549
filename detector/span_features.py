"""Features of candidate windows, shared by the discovery detector and its training script.

One function builds the matrix for both, so the model is trained on exactly what it sees at
run time. Context gain, the most expensive feature (trigram LM queries), is computed only
for windows that have a restoration at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detector.candidates import Windows, expand
from detector.ngrams import NgramTables, sequence_logprob, tables
from detector.text import Token
from detector.thesaurus import CURATED, FORWARD, BACKWARD, CandidateTable, candidate_table

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


def _context_gain(tokens: list[Token], w: Windows, ng: NgramTables, rows: np.ndarray) -> np.ndarray:
    """Trigram-LM log10 gain of the restoration over the observed words, in sentence context."""
    gains = np.zeros(len(w.left), dtype=np.float32)
    words = ng.words
    for r in rows:
        lo, hi = int(w.left[r]), int(w.right[r])
        seg = tokens[lo].segment
        first = lo
        while first > 0 and lo - first < CONTEXT and tokens[first - 1].segment == seg:
            first -= 1
        last = hi
        while last + 1 < len(tokens) and last - hi < CONTEXT and tokens[last + 1].segment == seg:
            last += 1
        observed = [t.lower for t in tokens[first : last + 1]]
        restored = list(observed)
        restored[lo - first] = words[int(w.best_left[r])]
        restored[hi - first] = words[int(w.best_right[r])]
        if first == 0 or tokens[first - 1].segment != seg:
            observed.insert(0, "<s>")
            restored.insert(0, "<s>")
            offset = 1
        else:
            offset = 0
        start = lo - first + offset
        gains[r] = sequence_logprob(restored, start) - sequence_logprob(observed, start)
    return gains


def window_features(
    tokens: list[Token], ng: NgramTables | None = None, table: CandidateTable | None = None
) -> WindowFeatures:
    ng = ng or tables()
    table = table or candidate_table()
    ids = ng.ids([t.lower for t in tokens])
    w = expand(tokens, ids, ng, table)
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
    rescore = np.flatnonzero(has_best & (gain > 0))
    ctx = _context_gain(tokens, w, ng, rescore)
    flags = w.best_flags
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
            np.where(has_best & (gain > 0), ctx, -20.0),
            np.maximum(lengths[w.left], lengths[w.right]),
        ]
    ).astype(np.float32)
    return WindowFeatures(w, matrix)
