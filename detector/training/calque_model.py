"""Train the calque scorer (`spans.calques`): round trips' calques against clean prose's "of" phrases.

    python -m detector.training.of_phrases      # the phrase counts it reads (~1 minute)
    python -m detector.training.roundtrip --source S --split val --pivot es ca gl \\
        --max-sentences 1500 --limit 3000       # for each S in SOURCES (~1 minute each)
    python -m detector.training.calque_model    # this model (~3 minutes)

Rows: positives are the calques of Apertium's round trips (Spanish, Catalan, Galician) of the
validation split of PubMed abstracts, BBC News, Wikipedia, State of the Union addresses and
software licences (each genre added lifts the others' test figures, the one left out included:
`benchmarks/experiments/calque_genres.py`): an "of" phrase of the output whose
source wrote the compound or the possessive instead (`calque_gold`); negatives are every
candidate "of" phrase of clean validation prose (the five modern sources and Wikipedia,
CLEAN_DOCUMENTS documents each). Why validation: the phrase counts are taken from the train
split, where every phrase of a clean text is counted at least once by construction, a tell the
model would learn. The reporting threshold is the probability above which clean validation prose
gets FALSE_PER_1K false spans per 1,000 words, read from probabilities cross-fitted over
FOLDS folds (grouped by text), so the model never scores its own rows. Measured on the test
split by `benchmarks/experiments/calques.py --test`.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import numpy as np

from detector.lm.reference import reference
from detector.model_files import library_versions, save_booster, write_manifest
from detector.spans.calques import FEATURES, MANIFEST_FILE, MODEL_FILE, features
from detector.spans.noun_phrases import candidates, compound_forms, of_phrases
from detector.text import tokenize
from detector.training import corpus, modern_corpus
from detector.training.boosting import binary_params
from detector.training.roundtrip import RoundTrip, path_for, read

DATA = Path(__file__).resolve().parents[2] / "detector" / "data"
SOURCES = ("pubmed", "bbc", "wiki", "sotu", "licences")
PIVOTS = ("es", "ca", "gl")
CLEAN_SOURCES = ("pubmed", "bbc", "sotu", "licences", "docstrings")
CLEAN_DOCUMENTS = 300
FALSE_PER_1K = 0.2
FOLDS = 5
ROUNDS = 200
PARAMS = binary_params(11, learning_rate=0.05, leaves=15, min_data=20, feature_fraction=0.8)


def calque_gold(trip: RoundTrip) -> set[int]:
    """Character ends of the output's calques: "of" phrases whose source wrote the compound
    (the modifier, or a name's last word, as written or in the singular) or the possessive, and
    no "head of"."""
    source = " " + " ".join(t.lower for t in tokenize(trip.source)) + " "
    tokens = tokenize(trip.output)
    out = set()
    for h, m in of_phrases(trip.output, tokens):
        head, modifier = tokens[h].lower, tokens[m].lower
        joined = any(f" {f} {head} " in source or f" {f}'s {head} " in source for f in compound_forms(modifier))
        if joined and f" {head} of " not in source:
            out.add(tokens[m].end)
    return out


def clean_texts(split: str, documents: int = CLEAN_DOCUMENTS) -> list[str]:
    """Clean prose of one split: the modern sources' and Wikipedia's first `documents` each."""
    texts = [t for s in CLEAN_SOURCES for t in modern_corpus.documents(s, split)[:documents]]
    return texts + corpus.documents(split)[:documents]


def fold_of(key: str) -> int:
    """The cross-fitting fold of a text (by a hash of its source: a round trip and its source
    never fall in two folds)."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % FOLDS


def rows(split: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(matrix, labels, fold of each row, clean words) of one split."""
    ref = reference()
    blocks, labels, groups = [], [], []
    for source in SOURCES:
        for pivot in PIVOTS:
            for trip in read(path_for(source, split, pivot)):
                tokens, gold = tokenize(trip.output), calque_gold(trip)
                pairs = [(h, m) for h, m in candidates(trip.output, tokens) if tokens[m].end in gold]
                if pairs:
                    blocks.append(features(tokens, pairs, ref)[0])
                    labels += [1] * len(pairs)
                    groups += [fold_of(trip.source)] * len(pairs)
    words = 0
    for text in clean_texts(split):
        tokens = tokenize(text)
        words += len(tokens)
        if pairs := candidates(text, tokens):
            blocks.append(features(tokens, pairs, ref)[0])
            labels += [0] * len(pairs)
            groups += [fold_of(text)] * len(pairs)
    return np.vstack(blocks), np.array(labels), np.array(groups), words


def threshold(matrix: np.ndarray, labels: np.ndarray, groups: np.ndarray, words: int) -> float:
    """The cross-fitted probability above which clean prose gets FALSE_PER_1K false spans per
    1,000 words."""
    import lightgbm

    fitted = np.zeros(len(labels))
    for fold in range(FOLDS):
        train = groups != fold
        booster = lightgbm.train(PARAMS, lightgbm.Dataset(matrix[train], labels[train]), ROUNDS)
        fitted[~train] = booster.predict(matrix[~train])
    allowed = int(FALSE_PER_1K * words / 1000)
    clean = np.sort(fitted[labels == 0])[::-1]
    return float(clean[allowed]) if allowed < len(clean) else 0.5


def main() -> int:
    import lightgbm

    started = time.time()
    matrix, labels, groups, words = rows("val")
    cut = threshold(matrix, labels, groups, words)
    booster = lightgbm.train(PARAMS, lightgbm.Dataset(matrix, labels), ROUNDS)
    manifest = {
        "features": list(FEATURES),
        "threshold": round(cut, 6),
        "model_sha256": save_booster(booster, DATA / MODEL_FILE),
        "rows": {"calques": int(labels.sum()), "clean_phrases": int((labels == 0).sum()), "clean_words": words},
        "trained_on": f"val round trips of {', '.join(SOURCES)} through {', '.join(PIVOTS)}; clean val prose",
        "false_per_1k_target": FALSE_PER_1K,
        "libraries": library_versions(),
    }
    (DATA / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    write_manifest(DATA)
    print(f"{json.dumps(manifest['rows'])}, threshold {cut:.3f}, in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
