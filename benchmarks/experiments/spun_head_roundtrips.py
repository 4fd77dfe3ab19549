"""Would the spun head stop calling back-translated text spun if it saw round trips as clean?

Back-translated documents are mostly labelled `spun`: their calques ("the goals of the state")
read to discovery as synonym swaps, and the spun head never saw a round trip. This script
featurizes the fit and calibrate parts as `python -m detector.train` does (cached in a temporary
file), plus the round-trip documents (`doc_corpus.roundtrip`), and fits the spun head twice:
as shipped, and with every round-trip document (output and source) as a clean negative.
Chosen on the calibrate part without MLQE-PE and round trips (the same documents for both);
the outside development set is reported beside it, never used to choose.

Run: PYTHONPATH=. .venv/bin/python benchmarks/experiments/spun_head_roundtrips.py   (~6 minutes
the first time; needs the round-trip files, `python -m detector.training.roundtrip --all`)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"


def _data() -> dict[str, Any]:
    from detector.training import doc_model
    from detector.training.doc_corpus import build

    def make() -> dict[str, Any]:
        out: dict[str, Any] = {}
        for part, spins in (("fit", doc_model.FIT_SPINS), ("calibrate", 1)):
            docs = build(part, spins=spins)
            mask, _ = doc_model.labels_for("spun", docs)
            roundtrip = np.array([d.group == "roundtrip" for d in docs])
            out[f"{part}_x"] = doc_model.featurize(docs)
            out[f"{part}_shipped"] = mask
            out[f"{part}_roundtrip"] = roundtrip
            out[f"{part}_spun"] = np.array([d.spun for d in docs])
            out[f"{part}_group"] = np.array([d.group for d in docs])
            out[f"{part}_weight"] = doc_model.fit_weights("spun", docs)
        if DEVSET.exists():
            records = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
            out["dev_x"] = doc_model.featurize_texts([r["text"] for r in records])
            out["dev_kind"] = np.array([r["kind"] for r in records])
        return out

    return doc_model.cached_features("spun_head_roundtrips", make)


def _auc(p: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, p)), 4)


def _variant(data: dict[str, Any], with_roundtrips: bool) -> dict[str, Any]:
    import lightgbm

    from detector.document.features import FEATURE_NAMES
    from detector.training import doc_model

    def rows(part: str) -> np.ndarray:
        shipped = data[f"{part}_shipped"]
        return shipped | data[f"{part}_roundtrip"] if with_roundtrips else shipped

    m = rows("fit")
    x_fit = doc_model.masked(data["fit_x"], "spun")
    params = {**doc_model.PARAMS, "monotone_constraints": [int(n in doc_model.INCREASING) for n in FEATURE_NAMES]}
    booster = lightgbm.train(
        params,
        lightgbm.Dataset(x_fit[m], data["fit_spun"][m], weight=data["fit_weight"][m]),
        num_boost_round=doc_model.ROUNDS,
    )
    c = rows("calibrate")
    x_cal = doc_model.masked(data["calibrate_x"], "spun")
    slope, intercept = doc_model.platt(booster.predict(x_cal[c], raw_score=True), data["calibrate_spun"][c])

    def prob(x: np.ndarray) -> np.ndarray:
        return doc_model.sigmoid(slope * booster.predict(doc_model.masked(x, "spun"), raw_score=True) + intercept)

    threshold = doc_model.threshold_at_fpr(prob(data["calibrate_x"][c]), data["calibrate_spun"][c])
    same = data["calibrate_shipped"] & ~np.isin(data["calibrate_group"], ("mlqe", "roundtrip"))
    p, y = prob(data["calibrate_x"][same]), data["calibrate_spun"][same]
    out: dict[str, Any] = {
        "threshold": round(float(threshold), 3),
        "calibrate": {
            "auc": _auc(p, y),
            "ece": round(doc_model.ece(p, y), 4),
            "clean_mean": round(float(p[y == 0].mean()), 3),
        },
    }
    if "dev_x" in data:
        p, kind = prob(data["dev_x"]), data["dev_kind"]
        plain = kind != "backtranslated"
        out["devset"] = {
            "auc_spun_vs_clean_tricky": _auc(p[plain], (kind[plain] == "spun").astype(int)),
            **{
                f"mean_{k}": round(float(p[kind == k].mean()), 3)
                for k in ("spun", "backtranslated", "clean", "tricky_clean")
            },
            "backtranslated_above_threshold": int((p[kind == "backtranslated"] >= threshold).sum()),
            "spun_above_threshold": int((p[kind == "spun"] >= threshold).sum()),
        }
    return out


def main() -> None:
    data = _data()
    results = {name: _variant(data, flag) for name, flag in (("shipped", False), ("round_trips_as_clean", True))}
    for name, result in results.items():
        print(name, json.dumps(result))
    (ROOT / "benchmarks" / "results" / "spun_head_roundtrips.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
