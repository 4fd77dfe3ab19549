"""Other restorations for a kept span, for the deep tier's neural LM to choose among.

The fast tier restores a flagged stretch from the replacements its windows proposed, ranked by
a trigram LM. Two of its misses are common in hand-spun text, and both are cheap to mend once
a stronger model can judge the candidates in context:
- a set phrase with both words swapped where the evidence flags one ("unexpected leave" for
  "sudden exit", "force slices" for "power cuts"): the flagged word's suggestion restores half
  of it. `neighbour_variants` also replaces the word before or after by one of its thesaurus
  candidates, where the restored pair is an explicit bigram of the reference LM and likelier
  than the pair with the neighbour as written;
- a flagged phrase restored to the n-gram LM's favourite rather than the phrase the text meant
  ("haunted house" for "hanged parliament", which was "hung parliament").
  `phrase_variants` recombines, word by word, the observed word, the suggested one and the
  observed word's commonest thesaurus candidates, and keeps the combinations the trigram LM
  likes best between the neighbouring words.
Only candidates come from here; the caller decides (`detector.spans.deep.refine`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from detector.lm.reference import Reference
from detector.types import Span

# Chosen on validation (`benchmarks/experiments/deep_variants.py`, hand-spun dev texts, right suggestions /
# language-model tokens for the neighbour variants): 4 per side, no pair gain 183 / 19.5k; 2 and 0
# 182 / 17.3k; 2 and 0.5 180 / 12.3k; 2 and 1.0 175 / 7.5k (167 without; the decision costs 82k).
VARIANTS_PER_SIDE = 2  # most probable restored pairs tried on each side
PAIR_GAIN = 0.5  # log10: a restored pair must be this much likelier than the pair as written
# With phrase variants too (same benchmark): 2 per phrase 186 right / 22.0k tokens, 4 per phrase 191 / 24.5k.
PHRASE_VARIANTS = 4  # recombinations of a flagged phrase tried, best by the trigram LM first
PHRASE_SYNONYMS = {2: 16, 3: 4}  # thesaurus candidates per word, commonest first, by phrase length
_AFTER = re.compile(r" ([A-Za-z][A-Za-z'-]*)")
_BEFORE = re.compile(r"([A-Za-z][A-Za-z'-]*) $")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@dataclass(frozen=True)
class Variants:
    """Restorations of the stretch `start:end` of the text: the one to beat first (the
    span's own suggestion, with a neighbour as written where the stretch is wider), then the
    variants."""

    start: int
    end: int
    options: tuple[str, ...]


def neighbour_variants(text: str, span: Span, ref: Reference, taken: Sequence[tuple[int, int]] = ()) -> list[Variants]:
    """Variants of a one-word span on each side (none across a line break or into a `taken`
    stretch, another flagged span); empty when the span or its suggestion is not one word."""
    suggestion = span.suggestion or ""
    if " " in suggestion or " " in span.text or not suggestion:
        return []
    ngrams, table = ref.ngrams, ref.synonyms
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

        def pairs(others: np.ndarray, side: str = side) -> tuple[np.ndarray, np.ndarray]:
            """(first, second) ids of the restored word beside each of `others`, in text order."""
            restored = np.full(len(others), restored_id)
            return (restored, others) if side == "after" else (others, restored)

        logprob, explicit = ngrams.bigram(*pairs(candidates))
        as_written = ngrams.bigram(*pairs(np.array([neighbour_id])))[0][0]
        keep = np.flatnonzero(explicit & (logprob > as_written + PAIR_GAIN))
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
        out.append(Variants(lo, hi, tuple(options)))
    return out


def phrase_variants(text: str, span: Span, ref: Reference) -> list[Variants]:
    """Recombinations of a two- or three-word span whose suggestion has as many words, best by
    the trigram LM with up to two words of context on each side; [] for other spans."""
    observed, suggested = span.text.split(), (span.suggestion or "").split()
    if len(observed) not in PHRASE_SYNONYMS or len(observed) != len(suggested):
        return []
    ngrams, table = ref.ngrams, ref.synonyms
    choices = []
    for word, restored in zip(observed, suggested, strict=True):
        options = {word.lower(), restored.lower()}
        candidates, _ = table.of(ngrams.index.get(word.lower(), -1))
        commonest = np.argsort(-ngrams.unigram[candidates], kind="stable")[: PHRASE_SYNONYMS[len(observed)]]
        options.update(ngrams.words[c] for c in candidates[commonest])
        choices.append(sorted(options))
    left = [w.lower() for w in _WORD.findall(text, max(0, span.start - 40), span.start)[-2:]]
    right = [w.lower() for w in _WORD.findall(text, span.end, span.end + 40)[:2]]
    skip = {tuple(w.lower() for w in observed), tuple(w.lower() for w in suggested)}
    ranked = sorted(
        ((ref.context_logprob([*left, *combo, *right], len(left)), combo) for combo in itertools.product(*choices)),
        key=lambda scored: -scored[0],
    )
    best = [combo for _, combo in ranked if combo not in skip][:PHRASE_VARIANTS]
    if not best:
        return []
    options = [" ".join(_cased(w, like) for w, like in zip(combo, suggested, strict=True)) for combo in best]
    return [Variants(span.start, span.end, (span.suggestion or "", *options))]


def _cased(word: str, like: str) -> str:
    """`word` with the capitalisation of the word it replaces."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word
