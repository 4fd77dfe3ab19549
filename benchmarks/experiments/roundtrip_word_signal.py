"""How much signal do the MT word features carry about round-trip changes? (experiment)

    .venv/bin/python benchmarks/experiments/roundtrip_word_signal.py [--train 1500 --test 150]

Round trips (English -> Portuguese -> English, `training.roundtrip`) of Wikipedia train-split
leads give labelled words: a round-trip output word inside a changed stretch is positive, every
word of the source sentences negative (what a human wrote). A LightGBM fitted on the MT word
features (`spans.mt_words.WORD_FEATURES`, the reference LM's view of each word) is judged on
test-split leads: word ROC AUC (changed output words vs source words), and sentence ROC AUC of
the mean and max word probability (round trip vs source). Numbers only, to
benchmarks/results/roundtrip_word_signal.json; nothing is shipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "results" / "roundtrip_word_signal.json"


def auc(positives: list[float], negatives: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score([1] * len(positives) + [0] * len(negatives), positives + negatives)), 4)


def rows(trips: list, ref: object) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """Word rows and labels; per trip, the row ranges of its output and of its source."""
    from detector.spans.mt_words import word_matrix
    from detector.text import tokenize

    xs, ys, spans, at = [], [], [], 0
    for trip in trips:
        out, src = tokenize(trip.output), tokenize(trip.source)
        changed = [any(c.start <= t.start < c.end for c in trip.changed) for t in out]
        xs += [word_matrix(out, ref), word_matrix(src, ref)]
        ys += [np.array(changed, dtype=int), np.zeros(len(src), dtype=int)]
        spans.append((at, at + len(out)))
        at += len(out) + len(src)
    return np.vstack(xs), np.concatenate(ys), spans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=int, default=1500)
    parser.add_argument("--test", type=int, default=150)
    args = parser.parse_args()
    import lightgbm as lgb

    from detector.lm.reference import reference
    from detector.training.corpus import documents
    from detector.training.roundtrip import engine, round_trips

    started = time.time()
    forward, back = engine()
    ref = reference()
    split = {}
    for name, count in (("train", args.train), ("test", args.test)):
        trips = [t for t in round_trips(documents(name)[:count], forward, back) if t.output]
        split[name] = (trips, *rows(trips, ref))
    _, x, y, _ = split["train"]
    model = lgb.LGBMClassifier(n_estimators=300, learning_rate=0.05, num_leaves=31, verbose=-1, random_state=0)
    model.fit(x, y)
    trips, x, y, out_ranges = split["test"]
    prob = model.predict_proba(x)[:, 1]
    is_output = np.zeros(len(y), dtype=bool)
    for a, b in out_ranges:
        is_output[a:b] = True
    source = ~is_output
    results = {
        "train_sentences": len(split["train"][0]),
        "test_sentences": len(trips),
        "word_auc_changed_vs_source_words": auc(list(prob[is_output & (y == 1)]), list(prob[source])),
        "word_auc_all_output_vs_source_words": auc(list(prob[is_output]), list(prob[source])),
    }
    means, maxes = {"out": [], "src": []}, {"out": [], "src": []}
    for i, (a, b) in enumerate(out_ranges):
        end = out_ranges[i + 1][0] if i + 1 < len(out_ranges) else len(prob)
        for side, part in (("out", prob[a:b]), ("src", prob[b:end])):
            if len(part):
                means[side].append(float(part.mean()))
                maxes[side].append(float(part.max()))
    results["sentence_auc_mean_prob"] = auc(means["out"], means["src"])
    results["sentence_auc_max_prob"] = auc(maxes["out"], maxes["src"])
    results["seconds"] = round(time.time() - started, 1)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
