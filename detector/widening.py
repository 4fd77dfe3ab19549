"""Widen a flagged word to its neighbour when the neighbour was swapped too.

Hand-spun and spinner text often swaps both words of a set phrase ("unexpected leave" for
"sudden exit", "force slices" for "power cuts"), while the evidence flags one of them. The
flagged word's suggestion then restores half the phrase. Here each one-word span with a
one-word suggestion gets variants that also replace the word before or after it by one of
its thesaurus candidates, kept only when the restored pair is an explicit bigram of the
reference LM and more probable than the pair with the neighbour as written; the best few per
side go to the caller, who lets a stronger model choose (the deep tier's neural LM).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from detector.ngrams import tables
from detector.thesaurus import candidate_table
from detector.types import Span

# Chosen on validation (`benchmarks/deep_widening.py`, hand-spun dev texts, right suggestions /
# language-model tokens for the widening): 4 variants, no pair gain 183 / 19.5k; 2 and 0 182 / 17.3k;
# 2 and 0.5 180 / 12.3k; 2 and 1.0 175 / 7.5k (167 without widening; the decision costs 82k tokens).
VARIANTS_PER_SIDE = 2  # most probable restored pairs tried on each side
PAIR_GAIN = 0.5  # log10: a restored pair must be this much likelier than the pair as written
_AFTER = re.compile(r" ([A-Za-z][A-Za-z'-]*)")
_BEFORE = re.compile(r"([A-Za-z][A-Za-z'-]*) $")


@dataclass(frozen=True)
class Widening:
    """A span grown by one neighbouring word: the stretch `start:end` of the text, its
    restoration with the neighbour as written first, then with the neighbour replaced."""

    start: int
    end: int
    options: tuple[str, ...]


def neighbour_variants(text: str, span: Span, taken: Sequence[tuple[int, int]] = ()) -> list[Widening]:
    """Variants of a one-word span on each side (none across a line break or into a `taken`
    stretch, another flagged span); empty when the span or its suggestion is not one word."""
    suggestion = span.suggestion or ""
    if " " in suggestion or " " in span.text or not suggestion:
        return []
    ngrams, table = tables(), candidate_table()
    restored_id = ngrams.index.get(suggestion.lower(), -1)
    if restored_id < 0:
        return []
    out = []
    for side, match in (("after", _AFTER.match(text, span.end)), ("before", _BEFORE.search(text, 0, span.start))):
        if match is None:
            continue
        start, end = match.span(1)
        if any(start < b and a < end for a, b in taken):
            continue
        neighbour = match.group(1)
        neighbour_id = ngrams.index.get(neighbour.lower(), -1)
        candidates, _ = table.of(neighbour_id)
        if len(candidates) == 0:
            continue
        fixed = np.full(len(candidates), restored_id)
        pairs = (fixed, candidates) if side == "after" else (candidates, fixed)
        logprob, explicit = ngrams.bigram(*pairs)
        as_written, _ = ngrams.bigram(
            *((fixed[:1], [neighbour_id]) if side == "after" else ([neighbour_id], fixed[:1]))
        )
        keep = np.flatnonzero(explicit & (logprob > as_written[0] + PAIR_GAIN))
        best = keep[np.argsort(-logprob[keep], kind="stable")][:VARIANTS_PER_SIDE]
        if len(best) == 0:
            continue
        words = [_cased(ngrams.words[c], neighbour) for c in candidates[best]]
        if side == "after":
            lo, hi, glue = span.start, end, text[span.end : start]
            options = [suggestion + glue + w for w in (neighbour, *words)]
        else:
            lo, hi, glue = start, span.end, text[end : span.start]
            options = [w + glue + suggestion for w in (neighbour, *words)]
        out.append(Widening(lo, hi, tuple(options)))
    return out


def _cased(word: str, like: str) -> str:
    """`word` with the capitalisation of the word it replaces."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word
