"""Does the neural LM tell round-tripped English from its source? (experiment, deep extra)

    .venv/bin/python benchmarks/experiments/roundtrip_neural_signal.py [--documents 150]

Round trips (English -> Portuguese -> English, `training.roundtrip`) of Wikipedia test-split
leads and their source sentences are scored by the deep tier's SmolLM2 (every token after the
first, in one batched pass each). Per sentence: mean token log-probability, and mean gap to
the model's favourite token. Reported: ROC AUC of each (round trip vs source, either
direction taken as positive where it ranks higher) and the speed. Numbers only, to
benchmarks/results/roundtrip_neural_signal.json.
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
OUT = ROOT / "benchmarks" / "results" / "roundtrip_neural_signal.json"


def auc(positives: list[float], negatives: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score([1] * len(positives) + [0] * len(negatives), positives + negatives)), 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=150)
    args = parser.parse_args()
    from detector.lm.neural_lm import Passage
    from detector.spans.deep import language_model
    from detector.training.corpus import documents
    from detector.training.roundtrip import engine, round_trips

    forward, back = engine()
    trips = [t for t in round_trips(documents("test")[: args.documents], forward, back) if t.output]
    model = language_model()
    started = time.time()
    stats: dict[str, dict[str, list[float]]] = {
        "round_trip": {"mean": [], "gap": []},
        "source": {"mean": [], "gap": []},
    }
    tokens = 0
    for side in ("round_trip", "source"):
        texts = [t.output if side == "round_trip" else t.source for t in trips]
        passages = []
        for text in texts:
            ids = model.tokens(" " + text)
            passages.append(Passage(ids, scored=(range(1, len(ids)),)))
            tokens += len(ids)
        for scores in model.score(passages):
            lp, top = scores.written.logprob, scores.written.top
            keep = np.isfinite(lp)
            stats[side]["mean"].append(float(lp[keep].mean()) if keep.any() else 0.0)
            stats[side]["gap"].append(float((top[keep] - lp[keep]).mean()) if keep.any() else 0.0)
    seconds = time.time() - started
    results = {"sentences": len(trips), "tokens": tokens, "tokens_per_second": round(tokens / seconds, 1)}
    for name in ("mean", "gap"):
        value = auc(stats["round_trip"][name], stats["source"][name])
        results[f"auc_round_trip_higher_{name}"] = value
        results[f"mean_{name}"] = {side: round(float(np.mean(v[name])), 4) for side, v in stats.items()}
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
