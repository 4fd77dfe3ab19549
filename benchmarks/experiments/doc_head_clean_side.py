"""How low does the spun head score clean text it has no reason to doubt?

The spun head reads a clean document's texture (mean word length, the average window
probability) as well as its spans. After the window scorer learned the domain-vocabulary
features, the average window probability of clean technical prose rose, and with it the spun
score of clean pages with no span at all. This script featurizes the training parts once (as
`python -m detector.train` does; cached in a temporary file) and compares spun-head variants:

- `shipped`: the features and clean sample as trained today;
- `no_window_mean` / `no_texture`: without the mean window probability (and the 90th
  percentile): texture that measures genre as much as spinning;
- `mlqe_X`: a larger share X of MLQE-PE post-edits as extra clean documents.

Chosen on the calibrate part (validation) without its MLQE-PE documents (the same documents for
every variant) only: ROC AUC, AUC on 300+ word documents, mean spun
score of its clean documents, ECE. The team evaluation set and the outside development set are
reported beside it, never used to choose.

Run: PYTHONPATH=. .venv/bin/python benchmarks/experiments/doc_head_clean_side.py   (~6 min the first time)
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
EVAL = ROOT / "benchmarks" / "data"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _data() -> dict[str, Any]:
    from detector.training import doc_model
    from detector.training.doc_corpus import build

    def make() -> dict[str, Any]:
        out: dict[str, Any] = {}
        for part, spins in (("fit", doc_model.FIT_SPINS), ("calibrate", 1)):
            docs = build(part, spins=spins)
            out[f"{part}_x"] = doc_model.featurize(docs)
            out[f"{part}_spun"] = np.array([d.spun for d in docs])
            out[f"{part}_mt"] = np.array([d.mt for d in docs])
            out[f"{part}_group"] = np.array([d.group for d in docs])
            out[f"{part}_words"] = np.array([len(d.text.split()) for d in docs])
            out[f"{part}_hash"] = np.array(
                [int(hashlib.sha256(d.text.encode()).hexdigest()[:8], 16) % 1000 for d in docs]
            )
            out[f"{part}_weight"] = doc_model.fit_weights("spun", docs)
        spun_eval, tricky = _lines(EVAL / "spun_eval.jsonl"), _lines(EVAL / "clean_tricky.jsonl")
        team = [r["spun"] for r in spun_eval] + [r["clean"] for r in spun_eval] + [r["text"] for r in tricky]
        out["team_x"] = doc_model.featurize_texts(team)
        out["team_kind"] = np.array(
            ["spun"] * len(spun_eval) + ["clean"] * len(spun_eval) + ["tricky_clean"] * len(tricky)
        )
        if DEVSET.exists():
            records = _lines(DEVSET)
            out["dev_x"] = doc_model.featurize_texts([r["text"] for r in records])
            out["dev_kind"] = np.array([r["kind"] for r in records])
        return out

    return doc_model.cached_features("doc_head_clean_side", make)


def _auc(p: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, p)), 4)


def _variant(data: dict[str, Any], ignored: tuple[str, ...], mlqe_share: float) -> dict[str, Any]:
    import lightgbm

    from detector.document.features import FEATURE_NAMES
    from detector.training import doc_model

    def mask(part: str) -> np.ndarray:
        mt, group, h = data[f"{part}_mt"], data[f"{part}_group"], data[f"{part}_hash"]
        return (mt == 0) & ((group != "mlqe") | (h < mlqe_share * 1000))

    def cols(x: np.ndarray) -> np.ndarray:
        x = x.copy()
        for name in doc_model.IGNORED["spun"] + ignored:
            x[:, FEATURE_NAMES.index(name)] = np.nan
        return x

    m = mask("fit")
    params = {
        **doc_model.PARAMS,
        "monotone_constraints": [int(n in doc_model.INCREASING) for n in FEATURE_NAMES],
    }
    booster = lightgbm.train(
        params,
        lightgbm.Dataset(cols(data["fit_x"])[m], data["fit_spun"][m], weight=data["fit_weight"][m]),
        num_boost_round=doc_model.ROUNDS,
    )
    c = mask("calibrate")
    y = data["calibrate_spun"][c]
    slope, intercept = doc_model.platt(booster.predict(cols(data["calibrate_x"])[c], raw_score=True), y)

    def prob(x: np.ndarray) -> np.ndarray:
        return doc_model.sigmoid(slope * booster.predict(cols(x), raw_score=True) + intercept)

    # Every variant measured on the same documents: the calibrate part without MLQE-PE.
    c = (data["calibrate_mt"] == 0) & (data["calibrate_group"] != "mlqe")
    y = data["calibrate_spun"][c]
    p = prob(data["calibrate_x"][c])
    long = data["calibrate_words"][c] >= 300
    out: dict[str, Any] = {
        "calibrate": {
            "auc": _auc(p, y),
            "auc_300plus": _auc(p[long], y[long]),
            "clean_mean": round(float(p[y == 0].mean()), 3),
            "ece": round(doc_model.ece(p, y), 4),
        }
    }
    for name in ("team", "dev"):
        if f"{name}_x" not in data:
            continue
        p, kind = prob(data[f"{name}_x"]), data[f"{name}_kind"]
        out[name] = {
            "auc": _auc(p[kind != "backtranslated"], (kind[kind != "backtranslated"] == "spun").astype(int)),
            **{f"mean_{k}": round(float(p[kind == k].mean()), 3) for k in ("spun", "clean", "tricky_clean")},
        }
    return out


VARIANTS: dict[str, tuple[tuple[str, ...], float]] = {
    "shipped": ((), 0.07),
    "no_window_mean": (("window_mean",), 0.07),
    "no_texture": (("window_mean", "window_p90"), 0.07),
    "mlqe_0.15": ((), 0.15),
    "mlqe_0.3": ((), 0.3),
}


def main() -> None:
    data = _data()
    results = {name: _variant(data, *spec) for name, spec in VARIANTS.items()}
    for name, result in results.items():
        print(name, json.dumps(result))
    (Path(__file__).parent / "results" / "doc_head_clean_side.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
