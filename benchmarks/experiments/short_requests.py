"""Short requests: what tells a one-utterance round trip from a human utterance (analysis).

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/short_requests.py [--lm]   # 4 / 6 minutes

The maintainers' short-request set (lower-cased requests and their round trips through a public
engine) has no copy here; its proxy is the conversational utterances of `chatterbot-corpus`
through the offline neural engine (`benchmarks/mt.py`, row `chat`). Three questions:

- how many round trips are their source unchanged (no score can tell those apart: a ceiling);
- whether the document features carry the signal at all: a LightGBM fitted *in domain*, on the
  utterances themselves (sources against round trips, lower-cased, five folds grouped by
  utterance), and each feature's own ROC AUC;
- with `--lm`, whether round trips read as more probable to a neural language model (the deep
  tier's SmolLM2; needs the `deep` extra): mean, median and least token log-probability of
  400 round trips against 400 other utterances' sources.

Writes benchmarks/experiments/results/short_requests.json. Nothing here is shipped.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from detector.training import roundtrip

ROOT = Path(__file__).resolve().parents[2]


def _auc(labels: list[int] | np.ndarray, scores: list[float] | np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(labels, scores)), 3)


def in_domain(trips: list[roundtrip.RoundTrip]) -> dict:
    import lightgbm
    from sklearn.model_selection import GroupKFold

    from detector.api import examine
    from detector.document.features import FEATURE_NAMES

    rows, labels, groups = [], [], []
    for i, trip in enumerate(trips):
        for text, label in ((trip.source, 0), (trip.output, 1)):
            features = examine(text.lower()).features
            rows.append(features if features is not None else np.full(len(FEATURE_NAMES), np.nan, np.float32))
            labels.append(label)
            groups.append(i)
    x, y = np.array(rows), np.array(labels)
    single = {}
    for j, name in enumerate(FEATURE_NAMES):
        known = ~np.isnan(x[:, j])
        if known.mean() > 0.5 and len(set(y[known])) == 2:
            single[name] = _auc(y[known], x[known, j])
    probs = np.zeros(len(y))
    for fit, held in GroupKFold(5).split(x, y, groups):
        model = lightgbm.LGBMClassifier(n_estimators=200, num_leaves=7, learning_rate=0.05, verbose=-1)
        probs[held] = model.fit(x[fit], y[fit]).predict_proba(x[held])[:, 1]
    strongest = dict(sorted(single.items(), key=lambda kv: -abs(kv[1] - 0.5))[:8])
    return {"in_domain_cv_auc": _auc(y, probs), "strongest_single_features": strongest}


def language_model(trips: list[roundtrip.RoundTrip], count: int = 400) -> dict:
    from detector.lm.neural_lm import Passage
    from detector.spans.deep import language_model as load

    lm = load()

    def stats(texts: list[str]) -> np.ndarray:
        tokens = [lm.tokens(t.lower())[:200] for t in texts]
        out = []
        for i in range(0, len(tokens), 64):
            batch = [Passage(t, (), (range(len(t)),)) for t in tokens[i : i + 64]]
            for scores in lm.score(batch):
                lp = scores.written.logprob[np.isfinite(scores.written.logprob)]
                out.append((lp.mean(), np.median(lp), lp.min()))
        return np.array(out)

    machine = stats([t.output for t in trips[0 : 2 * count : 2]])
    human = stats([t.source for t in trips[1 : 2 * count : 2]])
    labels = [1] * len(machine) + [0] * len(human)
    return {name: _auc(labels, np.r_[machine[:, j], human[:, j]]) for j, name in enumerate(("mean", "median", "least"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lm", action="store_true", help="also the neural language model's view")
    args = parser.parse_args()
    trips = roundtrip.read(roundtrip.path_for("chat", "test"))
    result = {
        "utterances": len(trips),
        "unchanged_share": round(float(np.mean([t.source == t.output for t in trips])), 3),
        **in_domain(trips),
    }
    if args.lm:
        result["neural_lm_logprob_auc"] = language_model(trips)
    print(json.dumps(result, indent=1))
    out = ROOT / "benchmarks" / "experiments" / "results" / "short_requests.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
