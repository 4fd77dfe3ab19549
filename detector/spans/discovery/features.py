"""Features of candidate windows, shared by the discovery detector and its training script.

One function builds the matrix for both, so the model is trained on exactly what it sees at
run time. Context gain, the most expensive feature (trigram LM queries), is computed only
for windows that have a restoration at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from detector.lm.ngrams import NgramTables
from detector.lm.reference import Reference
from detector.lm.thesaurus import BACKWARD, CURATED, FORWARD, SECOND
from detector.spans.discovery.windows import Windows, association, expand
from detector.text import Token, context

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
    "link_second",
    "obs_modern_log_count",
    "restored_modern_log_count",
    "changed_word_modern_shift",
    "restored_word_modern_shift",
    "changed_word_topic_fit",
    "restored_word_topic_gain",
)
CONTEXT = 2  # words of context on each side for the trigram rescoring


@dataclass(frozen=True)
class WindowFeatures:
    windows: Windows
    matrix: np.ndarray  # (n_windows, len(FEATURE_NAMES)) float32
    topics: np.ndarray | None = None  # per token: its topic context (`Reference.topic_contexts`), for the ranker


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


def _rescore_in_context(tokens: list[Token], w: Windows, ref: Reference) -> tuple[Windows, np.ndarray, np.ndarray]:
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
    words = ref.ngrams.words
    for r in range(len(w.left)):
        lo, hi = int(w.left[r]), int(w.right[r])
        ctx = context(tokens, lo, hi, CONTEXT)
        base = ref.context_logprob(ctx.words, ctx.start)
        best_k, best_gain = 0, -np.inf
        for k in range(w.alt_left.shape[1]):
            if w.alt_left[r, k] < 0:
                break
            restored = list(ctx.words)
            restored[ctx.index(lo)] = words[int(w.alt_left[r, k])]
            restored[ctx.index(hi)] = words[int(w.alt_right[r, k])]
            gain = ref.context_logprob(restored, ctx.start) - base - w.alt_penalty[r, k]
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


def window_features(tokens: list[Token], ref: Reference) -> WindowFeatures:
    """The candidate windows of `tokens` that could be spans, and their feature matrix
    (columns in FEATURE_NAMES order)."""
    ng = ref.ngrams
    ids = ng.ids([t.lower for t in tokens])
    w = expand(tokens, ids, ng, ref.synonyms)
    # Only windows with a restoration that beats the observed words, swap cost included, can be spans.
    w = w.subset(np.isfinite(w.best_joint) & (w.n_better > 0))
    w, ctx, penalty = _rescore_in_context(tokens, w, ref)
    f = np.where(w.bridge >= 0, ids[np.maximum(w.bridge, 0)], -1)
    w = replace(w, best_pmi=association(ng, np.maximum(w.best_left, 0), f, np.maximum(w.best_right, 0)))
    if len(w.left) == 0:
        return WindowFeatures(w, np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32))
    topics = ref.topic_contexts(ids, np.fromiter((not t.is_function for t in tokens), dtype=bool, count=len(tokens)))
    a, b = ids[w.left], ids[w.right]
    columns = {
        **_restoration_columns(w, a, b, ng, ctx, penalty),
        **_token_columns(tokens, w),
        **_changed_word_columns(tokens, w, a, b, ctx),
        **_web_columns(tokens, ids, w, ref),
        **_topic_columns(topics, ids, w, ref),
    }
    matrix = np.column_stack([columns[name] for name in FEATURE_NAMES]).astype(np.float32)
    return WindowFeatures(w, matrix, topics)


def _restoration_columns(
    w: Windows, a: np.ndarray, b: np.ndarray, ng: NgramTables, ctx: np.ndarray, penalty: np.ndarray
) -> dict[str, np.ndarray]:
    """How the observed pair and its chosen restoration read to the LM, and what the swap costs.

    Windows without a restoration get fixed floor values (-20, or 10 for the runner-up margin)
    rather than infinities, which the model cannot use.
    """
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
    flags = w.best_flags
    # Conditional probability of the second word given the first (observed and restored):
    # fixed phrases predict their second word strongly ("cold" -> "war").
    obs_cond, _ = ng.bigram(a, b)
    best_cond, _ = ng.bigram(np.maximum(w.best_left, 0), np.maximum(w.best_right, 0))
    return {
        "obs_joint": w.obs_joint,
        "obs_explicit": w.obs_explicit,
        "obs_pmi": w.obs_pmi,
        "gain": gain,
        "best_pmi": w.best_pmi,
        "best_rank": w.best_rank,
        "link_forward": (flags & FORWARD) > 0,
        "link_backward": (flags & BACKWARD) > 0,
        "link_curated": (flags & CURATED) > 0,
        "link_second": (flags & SECOND) > 0,
        "double_swap": (flags & 8) > 0,
        "log_n_better": np.log1p(w.n_better),
        "margin_second": margin,
        "obs_logp_left": uni[a],
        "obs_logp_right": uni[b],
        "restored_logp_min": restored_min,
        "context_gain": ctx,
        "obs_cond": np.maximum(obs_cond, -20.0),
        "best_cond": np.where(has_best, np.maximum(best_cond, -20.0), -20.0),
        "swap_cost": penalty,
        "channel_gain": gain - penalty,
    }


def _token_columns(tokens: list[Token], w: Windows) -> dict[str, np.ndarray]:
    """What the page layout says about each window's words: capitals, headline-like segments,
    word length, a function word beside the swap."""
    n = len(tokens)
    cap = np.fromiter((t.is_capitalized for t in tokens), dtype=np.float32, count=n)
    seg_start = np.fromiter(
        (i == 0 or tokens[i - 1].segment != t.segment for i, t in enumerate(tokens)), dtype=np.float32, count=n
    )
    lengths = np.fromiter((len(t.text) for t in tokens), dtype=np.float32, count=n)
    function_side = np.fromiter((t.is_function for t in tokens), dtype=bool, count=n)
    return {
        "cap_left": cap[w.left],
        "cap_right": cap[w.right],
        "segment_start": seg_start[w.left],
        "segment_cap_share": _segment_cap_share(tokens)[w.left],
        "has_bridge": w.bridge >= 0,
        "word_len_max": np.maximum(lengths[w.left], lengths[w.right]),
        "changed_function_neighbour": function_side[w.left] | function_side[w.right],
    }


def _changed_word_columns(
    tokens: list[Token], w: Windows, a: np.ndarray, b: np.ndarray, ctx: np.ndarray
) -> dict[str, np.ndarray]:
    """Evidence about the word a window would change, from the rest of the text.

    A word repeated through the text is its topic ("bark" in an article on bark), not a swap.
    And a swapped word reads wrong with both neighbours, a rare but right word usually only
    with one: so count the windows that would change the same word, and take the best context
    gain among the others.
    """
    n = len(tokens)
    counts = Counter(t.lower for t in tokens)
    repeats = np.fromiter((counts[t.lower] for t in tokens), dtype=np.float32, count=n)
    changes_left = w.best_left != a
    changes_right = w.best_right != b
    changed_repeats = np.maximum(
        np.where(changes_left, repeats[w.left], 0.0), np.where(changes_right, repeats[w.right], 0.0)
    )
    votes = np.zeros(n, dtype=np.float32)
    np.add.at(votes, w.left[changes_left], 1.0)
    np.add.at(votes, w.right[changes_right], 1.0)
    top_gain = np.full(n, -20.0, dtype=np.float32)
    second_gain = np.full(n, -20.0, dtype=np.float32)
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
    return {
        "changed_word_repeats": changed_repeats,
        "changed_word_votes": changed_votes,
        "changed_word_best_other_gain": np.maximum(other(w.left, changes_left), other(w.right, changes_right)),
    }


def _web_columns(tokens: list[Token], ids: np.ndarray, w: Windows, ref: Reference) -> dict[str, np.ndarray]:
    """Web and modern-prose counts of the adjacent pair, as written and as restored (0 across a
    bridge word: the counts are of adjacent words only), and how much more modern domain prose
    uses the changed word and its replacement than the reference LM expects."""
    m, words = len(w.left), ref.ngrams.words
    obs_web = np.fromiter(
        (
            ref.web_log_count(tokens[l].lower, tokens[r].lower) if br < 0 else 0.0
            for l, r, br in zip(w.left, w.right, w.bridge)
        ),
        dtype=np.float32,
        count=m,
    )
    restored_web = np.fromiter(
        (
            ref.web_log_count(words[l], words[r]) if br < 0 else 0.0
            for l, r, br in zip(w.best_left, w.best_right, w.bridge)
        ),
        dtype=np.float32,
        count=m,
    )
    adjacent = w.bridge < 0
    a, b = ids[w.left], ids[w.right]
    left_changed, right_changed = w.best_left != a, w.best_right != b
    observed_shift = np.maximum(
        np.where(left_changed, ref.modern_shift(a), -9.0), np.where(right_changed, ref.modern_shift(b), -9.0)
    )
    restored_shift = np.maximum(
        np.where(left_changed, ref.modern_shift(w.best_left), -9.0),
        np.where(right_changed, ref.modern_shift(w.best_right), -9.0),
    )
    return {
        # Domain vocabulary ("token", "throughput") is what a text is about, not a swap.
        "changed_word_modern_shift": observed_shift,
        "restored_word_modern_shift": restored_shift,
        "obs_web_log_count": obs_web,
        "restored_web_log_count": restored_web,
        "obs_modern_log_count": np.where(adjacent, ref.modern_log_count(ids[w.left], ids[w.right]), 0.0),
        "restored_modern_log_count": np.where(adjacent, ref.modern_log_count(w.best_left, w.best_right), 0.0),
    }


def _topic_columns(contexts: np.ndarray, ids: np.ndarray, w: Windows, ref: Reference) -> dict[str, np.ndarray]:
    """How well the word a window would change fits the topic of the text around it, and how
    much better its replacement would (the lower of two changed words; NaN where a word has no
    topic vector). A spinner's synonym is often of another sense ("matrix" among power lines);
    a rare but right word is usually on topic."""
    a, b = ids[w.left], ids[w.right]
    fits, gains = [], []
    for pos, observed, new in ((w.left, a, w.best_left), (w.right, b, w.best_right)):
        fit = ref.topic_fit(observed, contexts[pos])
        gain = ref.topic_fit(new, contexts[pos]) - fit
        changed = new != observed
        fits.append(np.where(changed, fit, np.inf))
        gains.append(np.where(changed, gain, -np.inf))
    fit = np.fmin(fits[0], fits[1])
    gain = np.fmax(gains[0], gains[1])
    return {
        "changed_word_topic_fit": np.where(np.isfinite(fit), fit, np.nan),
        "restored_word_topic_gain": np.where(np.isfinite(gain), gain, np.nan),
    }
