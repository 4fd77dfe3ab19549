"""Odd prepositions (analysis, not built): does the trigram LM's preferred preposition find the
prepositions a round trip swapped, at a false-span rate a span could afford?

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/prepositions.py

Gold: prepositions of a round trip's output where its source has another preposition and the
two words on each side are the same (difflib alignment of lower-cased words): validation
round trips through Apertium's Spanish and Galician (PubMed, BBC News) and the neural engine's
test round trips (Wikipedia, BBC News, PubMed). Clean: every preposition of the clean validation
prose of the calque experiment. Score: the best of PREPOSITIONS' log10 gain over the written one,
the 3-gram LM over the two words before and after. Writes
benchmarks/experiments/results/prepositions.json.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import numpy as np

from detector.lm import ngrams
from detector.training import calque_model, roundtrip

ROOT = Path(__file__).resolve().parents[2]
PREPOSITIONS = [
    "of",
    "in",
    "on",
    "at",
    "for",
    "to",
    "from",
    "by",
    "with",
    "during",
    "since",
    "about",
    "over",
    "into",
    "under",
    "through",
    "after",
    "before",
    "within",
    "until",
    "between",
    "among",
    "towards",
    "toward",
    "across",
    "against",
    "throughout",
]
FILES = (("bbc", "val", "es"), ("pubmed", "val", "es"), ("bbc", "val", "gl"), ("pubmed", "val", "gl"))
FILES += tuple((source, "test", roundtrip.PIVOT) for source in ("wiki", "bbc", "pubmed"))
GAINS = (1.0, 2.0, 3.0)
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def gain(ws: list[str], i: int) -> tuple[float, str]:
    """(log10 gain of the LM's favourite other preposition at i, that preposition)."""
    lo, hi = max(0, i - 2), min(len(ws), i + 3)
    scores = {p: ngrams.sequence_logprob((ws[:i] + [p] + ws[i + 1 :])[lo:hi], i - lo) for p in PREPOSITIONS}
    written = scores.pop(ws[i])
    best = max(scores, key=scores.__getitem__)
    return scores[best] - written, best


def swaps() -> list[tuple[float, bool]]:
    """(gain, whether the favourite is the source's preposition) per swapped preposition."""
    out = []
    for source, split, pivot in FILES:
        path = roundtrip.path_for(source, split, pivot)
        if not path.exists():
            continue
        for trip in roundtrip.read(path):
            a, b = words(trip.source), words(trip.output)
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if op != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
                    continue
                same_context = a[i1 - 2 : i1] == b[j1 - 2 : j1] and a[i2 : i2 + 2] == b[j2 : j2 + 2]
                if a[i1] in PREPOSITIONS and b[j1] in PREPOSITIONS and same_context:
                    value, best = gain(b, j1)
                    out.append((value, best == a[i1]))
    return out


def main() -> int:
    from sklearn.metrics import roc_auc_score

    gold = swaps()
    clean, n_words = [], 0
    for text in calque_model.clean_texts("val"):
        ws = words(text)
        n_words += len(ws)
        clean += [gain(ws, i)[0] for i, w in enumerate(ws) if w in PREPOSITIONS]
    g, c = np.array([x for x, _ in gold]), np.array(clean)
    result = {
        "swapped": len(gold),
        "clean_prepositions": len(clean),
        "clean_words": n_words,
        "auc": round(float(roc_auc_score([1] * len(g) + [0] * len(c), np.r_[g, c])), 3),
        "at_gain": {
            str(t): {
                "found": round(float((g > t).mean()), 3),
                "favourite_is_source": round(float(np.mean([ok for x, ok in gold if x > t] or [0.0])), 3),
                "clean_false_per_1k": round(1000 * float((c > t).sum()) / n_words, 3),
            }
            for t in GAINS
        },
    }
    print(json.dumps(result, indent=1))
    out = ROOT / "benchmarks" / "experiments" / "results" / "prepositions.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
