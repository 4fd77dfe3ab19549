"""Which summaries of the window scores help the spun head at low replacement rates?

A document spun at 5% holds a few swapped words among hundreds; the spun head sees the window
scores only as a handful of summaries (windows above 0.5 and 0.2 per 1,000 words, the top five,
the mean, the 90th percentile). This script featurizes the fit part (as `python -m
detector.train` does) and the calibrate part spun with Moby and with MyThes (validation only:
the test part and the team's evaluation set are never looked at), keeps every document's window
probabilities and spans, and compares the shipped feature set with candidate extra summaries:
spun-head ROC AUC on the calibrate part, per replacement rate and for 300+ word documents,
over three LightGBM seeds.

Run: PYTHONPATH=. .venv/bin/python benchmarks/experiments/doc_window_features.py   (~15 min the first time;
features are cached in a temporary file)
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

CACHE = Path(tempfile.gettempdir()) / "doc_window_features_cache_v2.npz"  # v2: news documents, stored fit weights
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
SEEDS = (7, 11, 13)


def _capture(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray, list[tuple[str, float, int]], int]]:
    """(feature vector, window probabilities, spans as (kind, score, words), words) per text."""
    from detector import api
    from detector.document import features as doc_features
    from detector.document.features import FEATURE_NAMES

    seen: dict[str, Any] = {}
    original = doc_features.vector

    def vector(spans: Any, profile: Any, quality: Any) -> np.ndarray:
        seen["windows"] = np.concatenate(profile.window_probs) if profile.window_probs else np.zeros(0, np.float32)
        seen["spans"] = [(s.kind, float(s.score), len(s.text.split())) for s in spans]
        seen["words"] = profile.words
        return original(spans, profile, quality)

    api.doc_features.vector = vector  # type: ignore[assignment]
    out = []
    for text in texts:
        seen.clear()
        features = api.analyse(text).features
        if features is None:
            out.append((np.full(len(FEATURE_NAMES), np.nan, np.float32), np.zeros(0, np.float32), [], 0))
        else:
            out.append((features, seen["windows"], seen["spans"], seen["words"]))
    return out


def _featurize(texts: list[str], chunk: int = 64) -> list[Any]:
    from joblib import Parallel, delayed

    parts = Parallel(n_jobs=2)(delayed(_capture)(texts[i : i + chunk]) for i in range(0, len(texts), chunk))
    return [row for part in parts for row in part]


def _load() -> dict[str, Any]:
    from detector.training.doc_corpus import build
    from detector.training.doc_model import FIT_SPINS, fit_weights, labels_for

    if CACHE.exists():
        data = np.load(CACHE, allow_pickle=False)
        return {k: data[k] for k in data.files}
    out: dict[str, Any] = {}
    sources = ("moby", f"mythes:{MYTHES}") if MYTHES.exists() else ("moby",)
    for part, docs in (
        ("fit", build("fit", spins=FIT_SPINS)),
        ("cal", build("calibrate", sources=sources)),
    ):
        mask, y = labels_for("spun", docs)
        out[f"{part}_weight"] = fit_weights("spun", docs)[mask]
        docs = [d for d, m in zip(docs, mask, strict=True) if m]
        rows = _featurize([d.text for d in docs])
        out[f"{part}_x"] = np.vstack([r[0] for r in rows])
        out[f"{part}_y"] = y
        out[f"{part}_rate"] = np.array([d.rate for d in docs], np.float32)
        out[f"{part}_source"] = np.array([d.source.split(":")[0] for d in docs])
        out[f"{part}_words"] = np.array([r[3] for r in rows])
        out[f"{part}_wlen"] = np.array([len(r[1]) for r in rows])
        out[f"{part}_windows"] = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0)
        out[f"{part}_disc"] = np.array(
            [[sum(1 for s in r[2] if s[0] == "discovery" and s[1] >= t) for t in (0.0, 0.7, 0.9)] for r in rows]
        )
        print(part, len(docs), "documents", flush=True)
    np.savez(CACHE, **out)
    return out


def _extra(data: dict[str, Any], part: str) -> dict[str, np.ndarray]:
    """Candidate summaries per document, from its window probabilities and spans."""
    lengths = data[f"{part}_wlen"]
    edges = np.concatenate(([0], np.cumsum(lengths)))
    windows = data[f"{part}_windows"]
    words = np.maximum(data[f"{part}_words"], 1).astype(np.float64)
    cols: dict[str, list[float]] = {
        k: [] for k in ("w70", "w90", "top10_mean", "evidence", "logit_mean", "top_share_mean")
    }
    for i in range(len(lengths)):
        w = np.clip(windows[edges[i] : edges[i + 1]].astype(np.float64), 1e-6, 1 - 1e-6)
        per_1k = 1000.0 / words[i]
        cols["w70"].append(float((w > 0.7).sum()) * per_1k)
        cols["w90"].append(float((w > 0.9).sum()) * per_1k)
        top = np.sort(w)[-10:]
        cols["top10_mean"].append(float(top.mean()) if len(top) else 0.0)
        logit = np.log(w / (1 - w))
        # log-likelihood ratio of "a few windows are swaps" (prior 5%) against "none are"
        # when each window's odds stand for its likelihood ratio: sparse evidence summed.
        prior = 0.05
        cols["evidence"].append(float(np.log1p(prior * (np.exp(logit - np.log(0.2 / 0.8)) - 1)).sum()) * per_1k)
        cols["logit_mean"].append(float(logit.mean()) if len(logit) else 0.0)
        k = max(1, round(0.05 * len(w)))
        cols["top_share_mean"].append(float(np.sort(w)[-k:].mean()) if len(w) else 0.0)
    out = {k: np.array(v, np.float32) for k, v in cols.items()}
    disc = data[f"{part}_disc"].astype(np.float64)
    out["disc70_per_1k"] = (disc[:, 1] * 1000.0 / words).astype(np.float32)
    out["disc90_per_1k"] = (disc[:, 2] * 1000.0 / words).astype(np.float32)
    return out


def _auc(p: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")


def evaluate(data: dict[str, Any], extra_names: tuple[str, ...]) -> dict[str, float]:
    import lightgbm

    from detector.document.features import FEATURE_NAMES
    from detector.training.doc_model import INCREASING, PARAMS, ROUNDS, masked

    xs = {}
    for part in ("fit", "cal"):
        x = masked(data[f"{part}_x"], "spun")
        ex = _extra(data, part)
        xs[part] = np.hstack([x] + [ex[n][:, None] for n in extra_names]) if extra_names else x
    names = list(FEATURE_NAMES) + list(extra_names)
    mono = [int(n in INCREASING or n in extra_names) for n in names]
    weights = data["fit_weight"]
    y_cal, rate, source = data["cal_y"], data["cal_rate"], data["cal_source"]
    clean = y_cal == 0
    long = data["cal_words"] >= 300
    res: dict[str, list[float]] = {}
    for seed in SEEDS:
        booster = lightgbm.train(
            {**PARAMS, "seed": seed, "monotone_constraints": mono},
            lightgbm.Dataset(xs["fit"], data["fit_y"], weight=weights),
            num_boost_round=ROUNDS,
        )
        p = booster.predict(xs["cal"], raw_score=True)
        for src in np.unique(source[(y_cal == 1) & (rate > 0)]):
            for name, pos in (
                (f"{src} 5%", (source == src) & (rate == 0.05)),
                (f"{src} 10%", (source == src) & (rate == 0.1)),
                (f"{src} 15%+", (source == src) & (rate >= 0.15)),
            ):
                sel = pos | clean
                res.setdefault(name, []).append(_auc(p[sel], y_cal[sel]))
                sel = (pos | clean) & long
                res.setdefault(name + " 300+", []).append(_auc(p[sel], y_cal[sel]))
    return {k: round(float(np.mean(v)), 4) for k, v in res.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", nargs="*", default=None)
    args = parser.parse_args()
    data = _load()
    print("cal documents:", len(data["cal_y"]), "300+ words:", int((data["cal_words"] >= 300).sum()))
    variants = {
        "shipped": (),
        "+w70,w90": ("w70", "w90"),
        "+top10": ("top10_mean",),
        "+evidence": ("evidence",),
        "+logit_mean": ("logit_mean",),
        "+top_share": ("top_share_mean",),
        "+disc70,90": ("disc70_per_1k", "disc90_per_1k"),
        "+all": (
            "w70",
            "w90",
            "top10_mean",
            "evidence",
            "logit_mean",
            "top_share_mean",
            "disc70_per_1k",
            "disc90_per_1k",
        ),
    }
    for name, extra in variants.items():
        if args.variants and name not in args.variants:
            continue
        print(name, json.dumps(evaluate(data, extra)), flush=True)


if __name__ == "__main__":
    main()
