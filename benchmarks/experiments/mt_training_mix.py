"""Which MLQE-PE documents should the MT head learn from, and where is it weak?

Featurizes MLQE-PE documents (eight sentences each) through the public API, both sides of every
sentence group: the train split under two groupings, the test split under one. Fits the MT head
alone (the shipped parameters and ignored features) on three mixes and scores the test split:

- one side per group (a group gives its MT or its post-edit, never both),
- both sides of each group (the translation beside its correction),
- both sides over two groupings of the sentences (the shipped choice, `MT_FIT_GROUPINGS`),

then breaks the last one down by language pair, beside each pair's share of unedited sentences.

Run: .venv/bin/python benchmarks/experiments/mt_training_mix.py   (needs ../shared/data/mlqe-pe; ~2 minutes)
Writes benchmarks/results/mt_training_mix.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "benchmarks" / "results" / "mt_training_mix.json"


def _featurized(split: str, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, labels, pair) with each group's MT row followed by its post-edit row."""
    from detector.training import mt_corpus
    from detector.training.doc_corpus import MT_DOC_SENTENCES, Doc, plain_text
    from detector.training.doc_model import featurize

    docs, pairs = [], []
    for doc_id, mt_text, pe_text in mt_corpus.documents(split, size=MT_DOC_SENTENCES, seed=seed):
        docs += [
            Doc(plain_text(mt_text), 0, 1, "mlqe", "mt", 0.0),
            Doc(plain_text(pe_text), 0, 0, "mlqe", "post-edit", 0.0),
        ]
        pairs += ["-".join(doc_id.split("-")[:2])] * 2
    return featurize(docs), np.array([d.mt for d in docs]), np.array(pairs)


def main() -> None:
    import lightgbm
    from sklearn.metrics import roc_auc_score

    from detector.training import mt_corpus
    from detector.training.doc_model import PARAMS, ROUNDS, masked

    if not mt_corpus.available():
        sys.exit("needs ../shared/data/mlqe-pe")
    x0, y0, _ = _featurized("train", 0)
    x1, y1, _ = _featurized("train", 1)
    x_test, y_test, pair_test = _featurized("test", 0)
    x_test = masked(x_test, "mt")
    # Held-out view as in benchmarks/quality.py: the MT side of even groups, the human side of odd ones.
    group = np.arange(len(y_test)) // 2
    one_side_test = np.where(group % 2 == 0, y_test == 1, y_test == 0)
    one_side_fit = np.where((np.arange(len(y0)) // 2) % 2 == 0, y0 == 1, y0 == 0)
    mixes = {
        "one side per group": (x0[one_side_fit], y0[one_side_fit]),
        "both sides": (x0, y0),
        "both sides, two groupings": (np.vstack([x0, x1]), np.concatenate([y0, y1])),
    }
    out: dict = {"command": "python benchmarks/experiments/mt_training_mix.py", "mixes": {}}
    for name, (x, y) in mixes.items():
        booster = lightgbm.train(PARAMS, lightgbm.Dataset(masked(x, "mt"), y), num_boost_round=ROUNDS)
        p = booster.predict(x_test)
        out["mixes"][name] = {
            "fit_documents": len(y),
            "test_auc_one_side": round(float(roc_auc_score(y_test[one_side_test], p[one_side_test])), 4),
            "test_auc_both_sides": round(float(roc_auc_score(y_test, p)), 4),
        }
        print(name, out["mixes"][name], flush=True)
    out["by_pair"] = {}
    for pair in sorted(set(pair_test)):
        inside = pair_test == pair
        hter = np.array([item.hter for item in mt_corpus._load(pair, "test")])
        out["by_pair"][pair] = {
            "test_auc_both_sides": round(float(roc_auc_score(y_test[inside], p[inside])), 4),
            "mean_hter": round(float(hter.mean()), 3),
            "unedited_sentences": round(float((hter == 0).mean()), 3),
        }
        print(pair, out["by_pair"][pair], flush=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
