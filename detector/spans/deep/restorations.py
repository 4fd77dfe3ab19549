"""The ranker's restorations of a span, for the deep tier's neural LM to choose the suggestion.

The fast tier picks a span's suggestion by a coordinate search that the trigram LM and the
restoration ranker's prior score (`spans/discovery/restoration.py`). Shown the same candidates,
a neural LM judges them better in context. Here every combination of the ranker's few best
candidates for the span's words and the content word on each side is valued as the fast tier
would (trigram LM in context plus the ranker's log prior, which carries the fast search's rarity
term), and the N_BEST best go to SmolLM2, the fast tier's own suggestion in place of the last (its search
tries more candidates, ranked again beside restored neighbours), whose log-likelihood plus
PRIOR_WEIGHT times the prior picks the suggestion
(`detector.spans.deep.restore_suggestions`). Its time is what the deep tier costs, so only
LOOKS_PER_1K spans per 1,000 words are looked at, those whose first two options the fast
valuation separates least first: on dense spun news the deep tier then runs at 1.6-1.7 KB/s
(budget 1.5). Deep-tier suggestions right, team dev validation (chosen on) / team evaluation /
outside devset: 0.492 / 0.484 / 0.376 without; 0.542 / 0.516 / 0.387 as shipped (4 options,
40 looks); 0.514 / 0.496 / 0.361 with 20 looks and 0.524 / 0.500 / 0.374 with 30
(`benchmarks/experiments/deep_restorations.py`). The thorough mode (`deep="thorough"`) reads
THOROUGH_N_BEST options of every span: 0.560 / 0.541 / 0.416, at 1.05 KB/s where the budgeted
mode runs 2.4 on the same machine. Those figures predate the rarity term; with it in both the fast
search and here, the budgeted mode gives 0.540 / 0.531 / 0.406 (0.532 / 0.520 / 0.389 with it in
the fast search alone); after the fast search's second ranking, 0.541 / 0.531 / 0.404 without the
fast suggestion among the options and 0.566 / 0.535 / 0.404 with it in place of the last.

Only the options come from here; which spans there are is not this module's question: spans
keep their place and score, and grow only over a neighbour the chosen option changes.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from detector.lm.reference import Reference
from detector.spans.discovery import ScoredWindows
from detector.spans.discovery.ranking import Ranked, load_ranker
from detector.spans.discovery.restoration import (
    Proposals,
    article_before,
    articles_agreeing,
    rarity,
    seen_bonus,
    stretch_of,
)
from detector.spans.discovery.windows import swap_cost
from detector.text import Token, context, match_case
from detector.types import Span

TOP_CANDIDATES = 3  # the ranker's best candidates tried per word
MAX_POSITIONS = 4  # words of the stretch that may change (the span's, then a neighbour each side)
N_BEST = 4  # combinations the neural LM reads, best by the trigram LM and the prior
THOROUGH_N_BEST = 8  # the same for every span in the thorough mode (`deep="thorough"`)
CONTEXT = 2  # words each side that the trigram valuation reads
PRUNE_PRIOR_WEIGHT = 0.5  # log10 trigram units per nat of the ranker's prior, when pruning
PRIOR_WEIGHT = 0.5  # nats of neural likelihood per nat of the ranker's prior
LOOKS_PER_1K = 40  # spans per 1,000 words the neural LM chooses for: its time is the deep tier's cost
MIN_LOOKS = 5  # however short the text


@dataclass(frozen=True)
class RankedOptions:
    """Restorations of the stretch `start:end` of the text (each the whole stretch, the words it
    leaves as written included), with the ranker's log prior of each and the character range
    each changes (the span grows to it)."""

    start: int
    end: int
    options: tuple[str, ...]
    priors: tuple[float, ...]
    changed: tuple[tuple[int, int], ...]
    margin: float  # how far the fast tier's valuation puts its first option ahead of the second


def ranked_options(
    text: str, spans: Sequence[Span], scored: ScoredWindows, ref: Reference, n_best: int = N_BEST
) -> list[RankedOptions | None]:
    """Per span, in order: the `n_best` combinations of ranked candidates over its stretch, each
    changing at least one of the span's own words; None without a ranker or when the span holds
    no token of a scored block. The other spans' words stay as written. A block's words are
    ranked in one batch, as discovery ranks them."""
    out: list[RankedOptions | None] = [None] * len(spans)
    ranker = load_ranker()
    if ranker is None or not spans:
        return out
    ref = ref.restoring  # as discovery's restorations read it
    cost = swap_cost(ref.synonyms)
    for tokens, features, _ in scored.blocks:
        groups = _groups(tokens, spans)
        covered = {p for group in groups.values() for p in group}
        stretches = {}
        for i, group in groups.items():
            inside = set(group)
            positions = [
                p for p in stretch_of(tokens, group) if not tokens[p].is_function and (p in inside or p not in covered)
            ][:MAX_POSITIONS]
            if inside.intersection(positions):
                stretches[i] = positions
        if not stretches:
            continue
        wanted = sorted({p for positions in stretches.values() for p in positions})
        ranked = ranker.rank(tokens, wanted, ref, cost, Proposals(features.windows), features.topics)
        for i, positions in stretches.items():
            found = _combinations(text, tokens, set(groups[i]), positions, ranked, ref, n_best)
            out[i] = _with_fast_choice(text, spans[i], found) if found else found
    return out


def _with_fast_choice(text: str, span: Span, found: RankedOptions) -> RankedOptions:
    """The options with the fast tier's own suggestion in place of the last, when it is not
    already one: the fast search tries more candidates per word, ranked again beside restored
    neighbours, and the neural LM should be able to keep its choice. Its prior is the best
    option's. In place of the last option rather than beside it, so the language model reads no
    more (team dev validation, budgeted suggestions right: 0.541 without, 0.564 beside, 0.566 in
    place; docs/experiments.md, "Deep-tier suggestions: the fast tier's choice among the options")."""
    if span.suggestion is None or not (found.start <= span.start and span.end <= found.end):
        return found
    option = text[found.start : span.start] + span.suggestion + text[span.end : found.end]
    if option in found.options or option == text[found.start : found.end]:
        return found
    keep = max(len(found.options) - 1, 1)
    return replace(
        found,
        options=(*found.options[:keep], option),
        priors=(*found.priors[:keep], max(found.priors)),
        changed=(*found.changed[:keep], (span.start, span.end)),
    )


def _groups(tokens: list[Token], spans: Sequence[Span]) -> dict[int, list[int]]:
    """Span index -> the indexes of the tokens inside it, for the spans with tokens in `tokens`."""
    starts = [t.start for t in tokens]
    out = {}
    for i, span in enumerate(spans):
        k = bisect.bisect_left(starts, span.start)
        group = []
        while k < len(tokens) and tokens[k].end <= span.end:
            group.append(k)
            k += 1
        if group:
            out[i] = group
    return out


def _priced(written: str, ranked: Ranked, ref: Reference) -> list[tuple[str, float]]:
    """The ranker's TOP_CANDIDATES for a written word, each with its prior in nats.

    The fast search's rarity term joins the ranker's log prior, so both the pruning and the
    neural LM's choice value fit beyond frequency as the fast search does (team dev validation,
    deep suggestions right at weight 0 / 0.5 / 1.0: 0.532 / 0.540 / 0.532); so does its price of
    swaps spinners were seen making (`restoration.seen_bonus`)."""
    ng = ref.ngrams
    own = ng.index.get(written)
    return [
        (
            ng.words[i],
            float(np.log(max(s, 1e-3)) + (seen_bonus(written, ng.words[i]) - rarity(ng.unigram, i, own)) * np.log(10)),
        )
        for i, s in zip(ranked.ids[:TOP_CANDIDATES].tolist(), ranked.scores.tolist())
    ]


def _combinations(
    text: str,
    tokens: list[Token],
    inside: set[int],
    positions: list[int],
    ranked: dict[int, Ranked],
    ref: Reference,
    n_best: int,
) -> RankedOptions | None:
    """The `n_best` combinations of the positions' ranked candidates that change a word of the
    span (`inside`), valued as the fast tier would."""
    choices = [[None, *_priced(tokens[p].lower, ranked[p], ref)] for p in positions]
    # Every combination, valued as the fast tier would (trigram LM in context, plus the prior):
    # the neural LM reads only the `n_best` of them.
    ctx = context(tokens, positions[0], positions[-1], CONTEXT)
    combos = []
    for combo in itertools.product(*choices):
        if not any(c is not None and p in inside for p, c in zip(positions, combo)):
            continue
        changes = {p: c[0] for p, c in zip(positions, combo) if c is not None}
        changes.update(articles_agreeing(tokens, changes))  # "an invoice" -> "a bill"
        seq = list(ctx.words)
        for p, word in changes.items():
            seq[ctx.index(p)] = word
        prior = sum(c[1] for c in combo if c is not None)
        combos.append((ref.context_logprob(seq, ctx.start) + PRUNE_PRIOR_WEIGHT * prior, prior, changes))
    combos.sort(key=lambda item: -item[0])
    options, priors, changed = [], [], []
    article = article_before(tokens, positions[0])  # an option may change it: the stretch starts there
    lo = article if article >= 0 else positions[0]
    first, last = tokens[lo], tokens[positions[-1]]
    for _, prior, changes in combos[:n_best]:
        pieces, cursor = [], first.start
        for p in range(lo, positions[-1] + 1):
            pieces.append(text[cursor : tokens[p].start])
            pieces.append(match_case(tokens[p].text, changes[p]) if p in changes else tokens[p].text)
            cursor = tokens[p].end
        options.append("".join(pieces))
        priors.append(prior)
        changed.append((tokens[min(changes)].start, tokens[max(changes)].end))
    if not options:
        return None
    margin = combos[0][0] - combos[1][0] if len(combos) > 1 else float("inf")
    return RankedOptions(first.start, last.end, tuple(options), tuple(priors), tuple(changed), margin)


def restored(text: str, span: Span, found: RankedOptions, best: int) -> Span:
    """The span grown to cover what option `best` changes, with that option's words there as
    its suggestion (the score stays; the caller sets the reason)."""
    a, b = found.changed[best]
    start, end = min(span.start, a), max(span.end, b)
    option = found.options[best]
    # The option spells the stretch [found.start, found.end), whose words outside what it
    # changes are as written: cut it, or pad it with the written text, to [start, end).
    cut_head = len(text[found.start : start]) if start > found.start else 0
    cut_tail = len(text[end : found.end]) if end < found.end else 0
    middle = option[cut_head : len(option) - cut_tail]
    suggestion = text[start : found.start] + middle + text[found.end : end]
    return Span(
        start=start,
        end=end,
        text=text[start:end],
        kind=span.kind,
        score=span.score,
        reason=span.reason,
        suggestion=suggestion,
    )
