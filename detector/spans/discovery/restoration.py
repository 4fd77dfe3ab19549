"""Suggestions: restore a flagged stretch as a whole, ranked by the reference LM in context.

Windows propose replacements for two words at a time; a flagged stretch may span several
windows, and a neighbouring word may have been swapped too ("unexpected leave" for "sudden
exit", where only "unexpected" was flagged). So each stretch, widened by one content word on
either side, is restored jointly: every word may keep its form or take one of its best-ranked
candidate originals (`ranking.py`; the windows' proposals when no ranker is shipped), and a
coordinate ascent, then every pair of candidates for two adjacent words at once, picks the
combination with the best trigram-LM score in context net of the noisy-channel cost of each
swap, with every word's probability weighed against how common the word is (RARITY_WEIGHT): an
established phrase is one whose words fit each other beyond their frequency.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from detector.lm.ngrams import NgramTables
from detector.lm.reference import Reference
from detector.lm.thesaurus import times_seen
from detector.spans.discovery.ranking import PageWords, Ranked, Ranker, load_ranker, neighbour, page_words
from detector.spans.discovery.windows import Windows
from detector.text import FUNCTION_WORDS, Context, Token, context, indefinite_article

MAX_OPTIONS = 6  # replacements tried per word, best-ranked (or most often proposed) first
DELETED = -1  # a word merged into its neighbour or dropped by a reordering
MIN_COMPOUND_LOGPROB = -6.5  # compounds rarer than this are not restorations
CONTEXT = 2
PASSES = 2
READS_AROUND = 1  # tokens each side whose restoration a word's ranking is redone for (2: the same suggestions, slower)
# The noisy channel with the ranker (see `restore`); values chosen on the team dev validation
# split (`benchmarks/experiments/restoration.py`).
PRIOR_FLOOR = 1e-3  # least ranker share of a candidate
NEIGHBOUR_FLOOR = 0.2  # least swap probability of any word in the stretch
CHANNEL_BIAS = -1.0  # log10 odds added to every swap: spun stretches hold more swaps than windows show
# The ranker's scores are sharpened before they become shares (score ** k over its word's sum):
# its first choice is right more often than its probabilities say once the trigram LM weighs in.
# Team dev validation, suggestions right at k = 1 / 1.5 / 2 / 3 / 4: 0.462 / 0.473 / 0.480 /
# 0.487 / 0.485 (`benchmarks/experiments/ranker_variants.py`; recall unchanged).
PRIOR_SHARPNESS = 3.0
# The trigram LM's joint probability favours common words ("time", "good", "first") over the
# specific word a writer chose; each swap's cost also carries this weight times log10 of how much
# commoner the candidate is than the written word. Over the whole stretch that divides every
# word's probability by its unigram probability to this power: the search values how well a word
# fits its context beyond how common it is (PMI-like), the measure of an established phrase.
# Team dev validation, suggestions right at 0 / 0.3 / 0.6 / 1.0 with 4 candidates per word:
# 0.469 / 0.485 / 0.483 / 0.484; at 0.5 with 4 / 6 / 8 / 12 candidates: 0.483 / 0.496 / 0.498 /
# 0.498 (the weight lets rarer candidates win, so more of them are worth trying; recall within
# 0.003; docs/experiments.md, "Suggestions: the search values fit beyond frequency").
RARITY_WEIGHT = 0.5
# Moby, the candidate source, also lists loose relations, and the trigram LM pulls a word to
# whichever related word makes a common news phrase: "persistent kidney illness" -> "persistent lung
# cancer", "digital wellbeing organization" -> "possible health organization". A change that no
# link beyond Moby supports (a second thesaurus, the team's curated list or the learned spinner
# links: `thesaurus.REAL_LINKS`) costs this much more (log10). Team dev validation, suggestions
# right at 0 / 0.5 / 1 / 2: 0.519 / 0.528 / 0.530 / 0.532, recall 0.586 up to 1 and 0.581 at 2. Moby-spun
# validation suggestions fall (0.626 -> 0.596 at 1: that spinner's swaps are loose links),
# MyThes-spun ones rise (0.447 -> 0.454) (docs/experiments.md, "Suggestions: a change only Moby
# supports costs more").
LOOSE_LINK_COST = 1.0
# A restoration that joins two words into a compound or reorders "X of Y" pays its parts' swaps
# plus this (log10): a changed word count is one more thing the spinner would have had to do.
# Team dev validation suggestions right 0.539 before (the joined word priced as a swap of its
# own), 0.541 at 0 / 0.5 / 1 / 2; team evaluation 0.552, 0.552 / 0.552 / 0.556 / 0.556; MyThes-spun
# validation 0.445, 0.442 / 0.443 / 0.443 / 0.445 (docs/experiments.md, "Suggestions: a compound
# pays for its parts").
JOIN_COST = 2.0
# A second swapped word one function word away ("requests of size" -> "orders of magnitude",
# "hoists the prize" -> "lifts the trophy") lies outside the flagged stretch and its adjacent
# words. The search may change the content word across one function word too, at this much more
# (log10) than any other swap, so that only a large gain in fit moves it. Team dev validation /
# team evaluation / outside devset suggestions right at no reach, +0, +1, +1.5, +2, +3: 0.551 /
# 0.569 / 0.434, 0.552 / 0.561 / 0.432, 0.558 / 0.572 / 0.433, 0.557 / 0.574 / 0.434, 0.555 /
# 0.572 / 0.434, 0.553 / 0.574 / 0.434; Wikipedia validation spins right (Moby / MyThes) 341 / 293
# at no reach, 348 / 299 at 1.5, 336 / 303 at 0 (docs/experiments.md, "Suggestions: a word
# across a function word, at a price").
FAR_WORD_COST = 1.5
# A spinner swaps a word the same way wherever it occurs (`consistency.py`): a swap to what
# another occurrence of the same written word was restored to costs this much less (log10).
# Suggestions right (team dev validation / team evaluation / outside devset) at 0 / 0.5 / 1 / 2:
# see docs/experiments.md, "Suggestions: one written word, one original".
CONSISTENCY_BONUS = 1.0
# A swap spinners were seen making is cheaper by how often: this times log10(1 + times seen) off
# its cost (`thesaurus.times_seen`: the learned links' counts, from the team's development
# training part and the PPS training split; "information" was written for "data" 35 times, for
# "knowledge" twice). Team dev validation / team evaluation / outside devset suggestions right at
# 0 / 0.5 / 1 / 1.25 / 1.5 / 2: 0.559 / 0.578 / 0.443, 0.556 / 0.582 / 0.447, 0.561 / 0.586 / 0.447,
# 0.562 / 0.590 / 0.455, 0.562 / 0.590 / 0.455, 0.559 / 0.598 / 0.467; PPS planted 0.486, 0.486,
# 0.505, 0.495, 0.486, 0.486; Moby-spun validation, a spinner the counts never saw, 0.564, 0.559,
# 0.554, 0.552, 0.547, 0.545 (docs/experiments.md, "Suggestions: swaps spinners were seen making").
SEEN_WEIGHT = 1.25


@dataclass(frozen=True)
class Restoration:
    first: int  # token index range covered, inclusive
    last: int
    replacements: dict[int, str]  # token index -> replacement (lowercase; "" = word removed)
    gain: float  # log10 LM gain over the observed words, net of swap costs


class Proposals:
    """Per token: how often each replacement id was proposed by the windows' restorations.

    Counted on first request: only the few tokens of flagged stretches (and their neighbours)
    are ever asked for, so a Counter per token of the text would be wasted work."""

    def __init__(self, windows: Windows) -> None:
        k = windows.alt_left.shape[1]
        pos = np.concatenate((np.repeat(windows.left, k), np.repeat(windows.right, k)))
        alt = np.concatenate((windows.alt_left.ravel(), windows.alt_right.ravel()))
        proposed = alt >= 0  # rows are -1 padded after their last restoration
        order = np.argsort(pos[proposed], kind="stable")  # per token: left windows' first, in row order
        self._pos = pos[proposed][order]
        self._alt = alt[proposed][order]
        self._counted: dict[int, Counter[int]] = {}

    def __getitem__(self, token: int) -> Counter[int]:
        counted = self._counted.get(token)
        if counted is None:
            lo, hi = np.searchsorted(self._pos, (token, token + 1))
            counted = self._counted[token] = Counter(self._alt[lo:hi].tolist())
        return counted


def restore(
    tokens: list[Token],
    group: list[int],
    initial: dict[int, int],
    options: Proposals,
    ref: Reference,
    cost: np.ndarray,
    swap_prob: np.ndarray | None = None,
    ranked: dict[int, Ranked] | None = None,
    rank: bool = True,
    agreed: dict[int, frozenset[int]] | None = None,
) -> Restoration:
    """Best joint restoration of the flagged tokens `group` (and one content word each side).

    `initial` (token index -> replacement id) is the windows' own choice, where the search
    starts when no restoration ranker is shipped; it is kept when nothing scores better.
    With the ranker (`ranking.py`), each word's candidates are its best-ranked neighbours, and a
    restoration's value is the trigram LM in context plus a noisy channel per changed word:
    log10 of the odds that the word was swapped (`swap_prob`, per token: the best window that
    changes it) and of the ranker's share for the candidate (`ranked`: the page's rankings,
    computed in one batch by the caller; ranked here when absent). `rank=False` searches the
    windows' proposals alone. A neighbour that no window
    suspects can still change when the LM gain pays for its low odds ("frail request" ->
    "weak demand", where only "frail" was flagged). `agreed` (position -> replacement ids): what
    other occurrences of the written word were restored to, tried and priced lower
    (`consistency.py`).
    """
    positions = positions_of(tokens, group)
    first, last = positions[0], positions[-1]
    ctx = context(tokens, first, last, CONTEXT)
    ng = ref.ngrams
    words = ng.words
    far = frozenset(positions).difference(stretch_of(tokens, group))
    candidates, penalty_of = _candidates(tokens, positions, options, ref, cost, swap_prob, ranked, rank, far, agreed)
    if rank and load_ranker() is not None:  # the search starts from the ranker's choice for each flagged word
        initial = {p: candidates[p][0] if candidates[p] else alt for p, alt in initial.items()}

    value = _valuer(tokens, ctx, ref, penalty_of)
    base = value({})
    choice, best_value = _ascend(positions, candidates, dict(initial), value)
    if not choice:  # the LM prefers the text as written: keep the windows' proposal
        choice = dict(initial)
        best_value = value(choice)
    pairs = [(trial, 0.0) for trial in _pair_moves(tokens, positions, choice, candidates)]
    choice, best_value = _best_of(pairs, choice, best_value, value)
    choice, best_value = _best_of(
        _length_changes(tokens, positions, choice, candidates, ng, penalty_of), choice, best_value, value
    )
    replacements = {p: "" if alt == DELETED else words[alt] for p, alt in choice.items()}
    replacements.update(articles_agreeing(tokens, replacements))
    changed = sorted(replacements) or group
    return Restoration(changed[0], changed[-1], replacements, best_value - base)


def _valuer(
    tokens: list[Token], ctx: Context, ref: Reference, penalty_of: Callable[[int, int], float]
) -> Callable[..., float]:
    """`value(current, extra_cost=0.0)`: the trigram LM's log10 probability of the stretch in
    context with the changes `current` (position -> replacement id) made and the articles
    agreeing, net of the channel's price of each swap and of `extra_cost`. Memoised per
    combination: the ascent, the pair moves and the length changes revisit many of them."""
    words = ref.ngrams.words
    valued: dict[tuple[tuple[int, int], ...], float] = {}

    def lm_value(current: dict[int, int]) -> float:
        seq = list(ctx.words)
        changes = {p: "" if alt == DELETED else words[alt] for p, alt in current.items()}
        changes.update(articles_agreeing(tokens, changes))  # a consequence of a swap, at no cost
        for p, word in changes.items():
            seq[ctx.index(p)] = word
        penalty = sum(penalty_of(p, alt) for p, alt in current.items() if alt != DELETED)
        # Deleted words sit after the first scored word, so dropping them keeps ctx.start.
        return ref.context_logprob([w for w in seq if w], ctx.start) - penalty

    def value(current: dict[int, int], extra_cost: float = 0.0) -> float:
        key = tuple(sorted(current.items()))
        if key not in valued:
            valued[key] = lm_value(current)
        return valued[key] - extra_cost

    return value


def _candidates(
    tokens: list[Token],
    positions: list[int],
    options: Proposals,
    ref: Reference,
    cost: np.ndarray,
    swap_prob: np.ndarray | None,
    ranked: dict[int, Ranked] | None,
    rank: bool = True,
    far: frozenset[int] = frozenset(),
    agreed: dict[int, frozenset[int]] | None = None,
) -> tuple[dict[int, list[int]], Callable[[int, int], float]]:
    """Per position, the replacements to try (best first), and the channel's cost of a swap.

    With the ranker: its best-ranked candidates, and as cost -log10 of the odds that the word
    was swapped at all (`swap_prob`) times the ranker's share for the candidate, plus the rarity
    term (RARITY_WEIGHT), plus LOOSE_LINK_COST for a candidate no real link reaches and
    FAR_WORD_COST at a position across a function word from the stretch (`far`), less
    CONSISTENCY_BONUS for a word other occurrences were restored to (`agreed`), less SEEN_WEIGHT
    x log10(1 + times spinners were seen making the swap). Without it:
    the windows' most proposed words, and the swap cost of the candidate (one over its number
    of thesaurus links)."""
    words = ref.ngrams.words
    ranker = load_ranker() if rank else None
    if ranker is None:
        candidates = {
            p: [
                alt
                for alt, _ in options[p].most_common(MAX_OPTIONS + 2)
                if words[alt] != tokens[p].lower and words[alt] not in FUNCTION_WORDS  # never a spinner's original
            ][:MAX_OPTIONS]
            for p in positions
        }
        return candidates, lambda p, alt: float(cost[alt])
    if ranked is None:
        ranked = ranker.rank(tokens, positions, ref, cost, options)
    candidates, share = {}, {}
    for p in positions:
        ranked_p = ranked[p]
        candidates[p] = ranked_p.ids[:MAX_OPTIONS].tolist()
        candidates[p] += [alt for alt in sorted(agreed.get(p, ())) if alt not in candidates[p]] if agreed else []
        sharpened = np.power(ranked_p.scores, PRIOR_SHARPNESS)
        share[p] = dict(zip(ranked_p.ids.tolist(), (sharpened / (float(sharpened.sum()) or 1.0)).tolist()))

    written = {p: ref.ngrams.index.get(tokens[p].lower) for p in positions}
    real = {p: ref.synonyms.real_links(word) for p, word in written.items() if word is not None}

    @cache  # the search values each swap many times, in every combination it tries
    def penalty(p: int, alt: int) -> float:
        swapped = NEIGHBOUR_FLOOR if swap_prob is None else min(max(float(swap_prob[p]), NEIGHBOUR_FLOOR), 0.98)
        odds = (1 - swapped) / swapped
        channel = float(np.log10(odds) - np.log10(max(share[p].get(alt, PRIOR_FLOOR), PRIOR_FLOOR))) + CHANNEL_BIAS
        loose = LOOSE_LINK_COST if p in real and alt not in real[p] else 0.0
        reach = FAR_WORD_COST if p in far else 0.0
        follows = CONSISTENCY_BONUS if agreed and alt in agreed.get(p, ()) else 0.0
        seen = seen_bonus(tokens[p].lower, words[alt])
        return channel + rarity(ref.ngrams.unigram, alt, written[p]) + loose + reach - follows - seen

    return candidates, penalty


def articles_agreeing(tokens: list[Token], changes: dict[int, str]) -> dict[int, str]:
    """The articles a restoration changes with the words after them ("an invoice" -> "a bill"):
    position -> "a" or "an", for each "a"/"an" written right before a changed word (`changes`:
    position -> new word, "" when dropped), in its segment, whose new word wants the other one.
    Without it the trigram LM reads "an bill" and the search favours candidates that fit the
    spinner's article ("an account"). Articles are found by `article_before`."""
    out: dict[int, str] = {}
    for p, word in changes.items():
        a = article_before(tokens, p)
        if word and a >= 0 and a not in changes and (want := indefinite_article(word)) != tokens[a].lower:
            out[a] = want
    return out


def article_before(tokens: list[Token], p: int) -> int:
    """The index of the "a"/"an" written right before token p in its segment, or -1. A capital
    "A" inside a segment is a letter ("vitamin A supplement", "plan A"), not an article."""
    a = p - 1
    if a < 0 or tokens[a].segment != tokens[p].segment or tokens[a].lower not in ("a", "an"):
        return -1
    letter = tokens[a].text == "A" and a > 0 and tokens[a - 1].segment == tokens[a].segment
    return -1 if letter else a


def seen_bonus(written: str, candidate: str) -> float:
    """log10 off the swap of `written` back to `candidate` for how often spinners were seen
    making it (SEEN_WEIGHT; 0 for a swap never seen)."""
    return SEEN_WEIGHT * math.log10(1 + times_seen(written, candidate))


def rarity(unigram: np.ndarray, candidate: int, written: int | None) -> float:
    """The rarity term of a swap, in log10 units: RARITY_WEIGHT times how much commoner the
    candidate is than the written word (0 when the written word is unknown: no frequency to
    compare with)."""
    if written is None:
        return 0.0
    return RARITY_WEIGHT * float(unigram[candidate] - unigram[written])


def rerank_in_context(
    tokens: list[Token],
    restorations: list[tuple[list[int], Restoration]],
    ranker: Ranker,
    ref: Reference,
    cost: np.ndarray,
    options: Proposals,
    topics: np.ndarray | None = None,
    page: PageWords | None = None,
) -> dict[int, Ranked]:
    """The flagged or changed words of a restoration beside a word it changed, ranked again with
    that neighbour restored.

    The ranker reads each word's neighbours as written. Where the search restores both words of
    a two-word swap, each word's candidates were ranked beside the spinner's other word
    ("assimilation" beside "vitality") and the original may not be among those the search tries;
    beside the restored word ("energy") it ranks higher. Returned: each group's flagged or changed
    positions that read another word its own restoration changed (within READS_AROUND tokens, or their
    nearest content word), ranked with those words restored; other groups' words read as
    written, as `restore` reads them. The caller merges these rankings with the first ones
    (`Ranked.merged`), so a restored neighbour adds candidates and takes none away. A word
    must read as written while its restored neighbours read restored, so the words go in a
    few batches whose members read no word shown otherwise (one ranker call a batch). A
    neighbour no window flagged that the search kept as written is not ranked again: beside a
    wrongly restored word it reads a wrong context, which cost synthetic spins more than it
    gained (docs/experiments.md, "Suggestions: each word ranked again beside its restored
    neighbour")."""
    sees: dict[int, set[int]] = {}
    wanted: dict[int, dict[int, str]] = {}  # position -> the restored words it reads
    for group, restoration in restorations:
        for p in positions_of(tokens, group):
            sees[p] = {q for q in range(p - READS_AROUND, p + READS_AROUND + 1) if q != p}
            sees[p].update(q for q in (neighbour(tokens, p, -1, True), neighbour(tokens, p, 1, True)) if q >= 0)
            if not restoration.replacements.get(p) and p not in group:  # an unsuspected neighbour kept
                continue
            reads = {q: w for q, w in restoration.replacements.items() if w and q in sees[p]}
            if reads:
                wanted[p] = reads
    batches: list[tuple[list[int], dict[int, str]]] = []
    for p in sorted(wanted):
        for members, shown in batches:
            merged = {**shown, **wanted[p]}
            fits = p not in merged and all(
                q not in merged and {r: merged[r] for r in sees[q] if r in merged} == wanted[q] for q in members
            )
            if fits and {r: merged[r] for r in sees[p] if r in merged} == wanted[p]:
                members.append(p)
                shown.update(wanted[p])
                break
        else:
            batches.append(([p], dict(wanted[p])))
    out: dict[int, Ranked] = {}
    if batches and page is None:
        page = page_words(tokens, ref.ngrams)  # the text as written, for every batch
    for members, shown in batches:
        view = list(tokens)
        for q, word in shown.items():
            view[q] = replace(tokens[q], text=word, lower=word)
        out.update(ranker.rank(view, members, ref, cost, options, topics, page))
    return out


def stretch_of(tokens: list[Token], group: list[int]) -> list[int]:
    """The flagged stretch plus the content word on either side in its segment: a neighbour
    may have been swapped too without being flagged."""
    seg = tokens[group[0]].segment
    positions = list(range(group[0], group[-1] + 1))
    for extra in (group[0] - 1, group[-1] + 1):
        if 0 <= extra < len(tokens) and tokens[extra].segment == seg and not tokens[extra].is_function:
            positions.append(extra)
    positions.sort()
    return positions


def positions_of(tokens: list[Token], group: list[int]) -> list[int]:
    """Every word the search may change: the stretch (`stretch_of`) and, where the word past
    either edge is a function word, the content word after it in the segment ("requests of size"
    flagged at "requests": "size" too), which pays FAR_WORD_COST to change."""
    positions = stretch_of(tokens, group)
    seg = tokens[group[0]].segment
    for step, edge in ((-1, group[0]), (1, group[-1])):
        near, beyond = edge + step, edge + 2 * step
        if (
            0 <= beyond < len(tokens)
            and tokens[near].segment == tokens[beyond].segment == seg
            and tokens[near].is_function
            and not tokens[beyond].is_function
        ):
            positions.append(beyond)
    return sorted(positions)


def _ascend(
    positions: list[int],
    candidates: dict[int, list[int]],
    choice: dict[int, int],
    value: Callable[[dict[int, int]], float],
) -> tuple[dict[int, int], float]:
    """Coordinate ascent from `choice` (position -> replacement id; absent = unchanged): each
    position in turn keeps its word or takes one of its candidates, whichever `value` scores
    best, for up to PASSES passes: trying every combination would grow exponentially with the
    length of the stretch."""
    best_value = value(choice)
    for _ in range(PASSES):
        improved = False
        for p in positions:
            for alt in [None, *candidates[p]]:
                trial = with_choice(choice, p, alt)
                if trial == choice:
                    continue
                v = value(trial)
                if v > best_value + 1e-9:
                    best_value, choice, improved = v, trial, True
        if not improved:
            break
    return choice, best_value


def _best_of(
    trials: list[tuple[dict[int, int], float]],
    choice: dict[int, int],
    best_value: float,
    value: Callable[[dict[int, int], float], float],
) -> tuple[dict[int, int], float]:
    """The best of `choice` and the `trials` (each with its extra cost), by `value`."""
    for trial, extra in trials:
        v = value(trial, extra)
        if v > best_value + 1e-9:
            best_value, choice = v, trial
    return choice, best_value


def _pair_moves(
    tokens: list[Token], positions: list[int], choice: dict[int, int], candidates: dict[int, list[int]]
) -> list[dict[int, int]]:
    """Restorations that change two adjacent content words at once, built on the current choice:
    every pair of their candidates. The coordinate ascent changes one word at a time, so where
    a spinner swapped both words of a set phrase it keeps whichever single change reads best
    beside the other spun word and can miss the pair that reads best together ("irregular
    stroll" -> "random walk", "yearn woods" -> "pine forest"). Team dev validation, suggestions right 0.530 ->
    0.539, recall unchanged (docs/experiments.md, "Suggestions: both words of a pair at once")."""
    out = []
    for p in positions:
        q = p + 1
        if q not in positions or tokens[p].is_function or tokens[q].is_function:
            continue
        for a in candidates.get(p, []):
            for b in candidates.get(q, []):
                out.append({**choice, p: a, q: b})
    return out


def with_choice(choice: dict[int, int], p: int, alt: int | None) -> dict[int, int]:
    """A copy of `choice` with position `p` taking replacement `alt` (None: its written word)."""
    trial = dict(choice)
    if alt is None:
        trial.pop(p, None)
    else:
        trial[p] = alt
    return trial


def _length_changes(
    tokens: list[Token],
    positions: list[int],
    choice: dict[int, int],
    candidates: dict[int, list[int]],
    ng: NgramTables,
    penalty_of: Callable[[int, int], float],
) -> list[tuple[dict[int, int], float]]:
    """Restorations that change the number of words, built on the current choice.

    - two words -> one compound: "fire warriors" -> "fire" + "fighters" -> "firefighters";
    - "X of Y" -> "Y X": "rate of premium" -> "interest rate".
    Each comes with the extra cost that makes value() charge its parts' swaps plus JOIN_COST.
    """
    words, index = ng.words, ng.index
    out: list[tuple[dict[int, int], float]] = []

    def forms(p: int) -> list[tuple[str, int]]:
        """(word, id) readings of position p: as written (id -1) or a candidate."""
        current = choice.get(p)
        readings = [(tokens[p].lower, -1)] + [(words[c], c) for c in candidates.get(p, [])]
        if current is not None and current != DELETED:
            readings.append((words[current], current))
        return readings

    for p in positions:
        q = p + 1
        if q not in positions or tokens[p].is_function or tokens[q].is_function:
            continue
        for left, left_id in forms(p):
            for right, right_id in forms(q):
                compound = index.get(left + right)
                if compound is None or ng.unigram[compound] < MIN_COMPOUND_LOGPROB:
                    continue
                trial = {k: v for k, v in choice.items() if k not in (p, q)}
                trial[p], trial[q] = compound, DELETED
                # value() prices the compound as a swap at p: it pays its parts' swaps instead.
                extra = _parts(penalty_of, (p, left_id), (q, right_id)) - penalty_of(p, compound) + JOIN_COST
                out.append((trial, extra))
    for p in positions:
        of, q = p + 1, p + 2
        if q not in positions or of >= len(tokens) or tokens[of].lower != "of":
            continue
        for left, left_id in forms(p):
            for right, right_id in forms(q):
                a, b = index.get(right), index.get(left)
                if a is None or b is None:
                    continue
                explicit = ng.bigram(np.array([a]), np.array([b]))[1][0]
                if not explicit:
                    continue
                trial = {k: v for k, v in choice.items() if k not in (p, of, q)}
                trial[p], trial[of], trial[q] = a, DELETED, b
                extra = _parts(penalty_of, (p, left_id), (q, right_id)) - penalty_of(p, a) - penalty_of(q, b)
                out.append((trial, extra + JOIN_COST))
    return out


def _parts(penalty_of: Callable[[int, int], float], *swaps: tuple[int, int]) -> float:
    """The channel's price of the swaps (position, id; id -1: the word as written, free) that a
    compound or a reordering is made of. Before, the joined word was priced as a swap of its own,
    at the ranker's floor share (it is no candidate of either word), and a compound such as
    "bottleneck" for "jug neck" could never beat the two words "bottle neck"."""
    return sum(penalty_of(p, i) for p, i in swaps if i >= 0)
