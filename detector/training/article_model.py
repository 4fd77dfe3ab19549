"""Train the article scorer (`spans.articles`): round trips that added "The" against clean prose.

    python -m detector.training.roundtrip --source S --split val --pivot es ca gl \\
        --max-sentences 1500 --limit 3000       # for S in pubmed, bbc, wiki (as for the calques)
    python -m detector.training.article_model   # this model (~1 minute)

Rows: positives are the Apertium round trips (Spanish, Catalan, Galician) of validation
sentences of PubMed abstracts, BBC News and Wikipedia whose source opened with a bare word and
whose output opens with "The" and that word (`article_gold`); negatives are every other
round trip opening with "The" and a lowercase word, and every sentence-opening "The" of clean
validation prose (the calque scorer's: the five modern sources and Wikipedia). The threshold is
the cross-fitted probability where clean prose gets FALSE_PER_1K false spans per 1,000 words,
as for the calque scorer (`calque_model.threshold`). Measured on the test split by
`benchmarks/experiments/articles.py --test`.
"""

from __future__ import annotations

import json
import time

import numpy as np

from detector.lm.reference import reference
from detector.model_files import library_versions, save_booster, write_manifest
from detector.spans.articles import FEATURES, MANIFEST_FILE, MODEL_FILE, features, openers
from detector.text import tokenize
from detector.training.boosting import binary_params
from detector.training.calque_model import DATA, FALSE_PER_1K, PIVOTS, ROUNDS, SOURCES, clean_texts, fold_of, threshold
from detector.training.roundtrip import RoundTrip, path_for, read

PARAMS = binary_params(13, learning_rate=0.05, leaves=15, min_data=20, feature_fraction=0.8)


def article_gold(trip: RoundTrip) -> bool:
    """Whether the round trip added the "The" it opens with: its source opens with the word
    after it."""
    source, output = tokenize(trip.source), tokenize(trip.output)
    return bool(source and len(output) > 1 and output[0].lower == "the" and source[0].lower == output[1].lower)


def rows(split: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(matrix, labels, fold of each row, clean words) of one split."""
    ref = reference()
    blocks, labels, groups = [], [], []
    for source in SOURCES:
        for pivot in PIVOTS:
            for trip in read(path_for(source, split, pivot)):
                tokens = tokenize(trip.output)
                if 0 in openers(trip.output, tokens):
                    blocks.append(features(tokens, [0], ref))
                    labels.append(int(article_gold(trip)))
                    groups.append(fold_of(trip.source))
    words = 0
    for text in clean_texts(split):
        tokens = tokenize(text)
        words += len(tokens)
        if found := openers(text, tokens):
            blocks.append(features(tokens, found, ref))
            labels += [0] * len(found)
            groups += [fold_of(text)] * len(found)
    return np.vstack(blocks), np.array(labels), np.array(groups), words


def main() -> int:
    import lightgbm

    started = time.time()
    matrix, labels, groups, words = rows("val")
    cut = threshold(matrix, labels, groups, words, PARAMS)
    booster = lightgbm.train(PARAMS, lightgbm.Dataset(matrix, labels), ROUNDS)
    manifest = {
        "features": list(FEATURES),
        "threshold": round(cut, 6),
        "model_sha256": save_booster(booster, DATA / MODEL_FILE),
        "rows": {"added_articles": int(labels.sum()), "other_openers": int((labels == 0).sum()), "clean_words": words},
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
