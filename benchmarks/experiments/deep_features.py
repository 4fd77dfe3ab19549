"""Which second-stage features and which suggestion rule help the deep tier? Judged on validation.

Featurizes the deep tier's fit and validation examples once (as `python -m
detector.training.deep_model` does: Wikipedia train/val leads spun with Moby, the team's
development data), caches the rows in /tmp, then

- feature sets: the second stage refitted without one group of features at a time; the
  figure is the share of true validation candidates kept at the threshold where every clean
  validation population stays within the false-span budget (`choose_threshold`);
- suggestion rules: among true validation candidates, how often the restoration each rule
  picks is the original wording (the language model's total log-likelihood, that per token,
  or with a bonus for the fast tier's own choice).

No evaluation text (benchmarks/data) and no seed page is read.
Run: PYTHONPATH=. .venv/bin/python benchmarks/experiments/deep_features.py   (~9 minutes the first time)
Writes benchmarks/results/deep_features.json.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from detector.lm.reference import reference

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path("/tmp/deep_features_cache.npz")
NEW = ("line_written_mean", "best_margin")  # added to the second stage after this comparison
OUT = ROOT / "benchmarks" / "results" / "deep_features.json"
GROUPS = {
    "line_written_mean": ("line_written_mean",),
    "best_margin": ("best_margin",),
    "context_tokens": ("context_tokens",),
}


def _featurize(examples: list, with_options: bool) -> dict[str, np.ndarray]:
    """Rows, labels, owners, clean flags; for true candidates also which options are right."""
    from detector.spans.deep import language_model, rescore
    from detector.spans.discovery import candidates_from, score_windows
    from detector.text import tokenize
    from detector.training.deep_model import CANDIDATE_THRESHOLD
    from detector.training.span_eval import _norm, restored_text

    lm = language_model()
    rows, labels, owners, sugg = [], [], [], []
    for i, (text, gold, _) in enumerate(examples):
        candidates = candidates_from(text, score_windows(tokenize(text), reference()), CANDIDATE_THRESHOLD)
        for item in rescore(text, candidates):
            hits = [g for g in gold if item.span.start < g[1] and g[0] < item.span.end]
            rows.append(item.features)
            labels.append(bool(hits))
            owners.append(i)
            if not with_options:
                continue
            # per option: (log-likelihood, tokens, right?) padded to 8 options
            entry = np.full((8, 3), np.nan)
            for k, (option, total) in enumerate(zip(item.options[:8], item.option_logprobs[:8], strict=False)):
                span = replace(item.span, suggestion=option)
                right = any(
                    _norm(restored_text(text, span, g0, g1)) == _norm(original) or _norm(option) == _norm(original)
                    for g0, g1, original in hits
                )
                entry[k] = (total, len(lm.tokens(" " + option)), right)
            sugg.append(entry)
    out = {
        "x": np.vstack(rows),
        "y": np.array(labels, dtype=int),
        "owners": np.array(owners, dtype=int),
        "clean": np.array([examples[i][2] for i in owners], dtype=bool),
    }
    if with_options:
        out["options"] = np.stack(sugg)
    return out


def _kept(x_fit, y_fit, x_val, y_val, clean_sets, seed: int = 7) -> tuple[float, float]:
    import lightgbm

    from detector.training.deep_model import PARAMS, ROUNDS, choose_threshold

    booster = lightgbm.train({**PARAMS, "seed": seed}, lightgbm.Dataset(x_fit, y_fit), num_boost_round=ROUNDS)
    p = booster.predict(x_val)
    threshold, curve = choose_threshold(p, y_val, clean_sets)
    kept = next(row["positives_kept"] for row in curve if row["threshold"] == threshold)
    return float(kept), threshold


def main() -> None:
    from detector.spans.deep import FEATURE_NAMES
    from detector.training.deep_model import _words, example_sets

    started = time.time()
    fit, val = example_sets()
    val_examples = [e for examples in val.values() for e in examples]
    cached = dict(np.load(CACHE)) if CACHE.exists() else {}
    if not cached or cached["fit_x"].shape[1] != len(FEATURE_NAMES):
        f, v = _featurize(fit, False), _featurize(val_examples, True)
        cached = {**{f"fit_{k}": a for k, a in f.items()}, **{f"val_{k}": a for k, a in v.items()}}
        np.savez(CACHE, **cached)
    print(f"featurized in {time.time() - started:.0f} s")
    names = list(FEATURE_NAMES)
    clean_sets, first = {}, 0
    for name, examples in val.items():
        owners = cached["val_owners"]
        inside = (owners >= first) & (owners < first + len(examples))
        clean_sets[name] = (cached["val_clean"] & inside, _words(examples, clean=True))
        first += len(examples)

    def kept_without(drop: tuple[str, ...]) -> dict[str, float]:
        cols = [i for i, n in enumerate(names) if n not in drop]
        runs = [
            _kept(cached["fit_x"][:, cols], cached["fit_y"], cached["val_x"][:, cols], cached["val_y"], clean_sets, s)
            for s in (7, 8, 9)
        ]
        return {"kept": round(float(np.mean([k for k, _ in runs])), 4), "thresholds": [t for _, t in runs]}

    features = {"all": kept_without(()), "without line_written_mean and best_margin": kept_without(NEW)}
    for label, group in GROUPS.items():
        features[f"without {label}"] = kept_without(group)
    for label, value in features.items():
        print(f"{label:70s} {value}")

    opts = cached["val_options"][cached["val_y"] == 1]
    total, tokens, right = opts[..., 0], opts[..., 1], opts[..., 2]
    valid = ~np.isnan(total)
    answerable = (np.nan_to_num(right) > 0).any(axis=1)

    def accuracy(score: np.ndarray) -> float:
        pick = np.nanargmax(np.where(valid, score, -np.inf), axis=1)
        return round(float(np.nan_to_num(right)[np.arange(len(pick)), pick].mean()), 4)

    bonus = np.zeros_like(total)
    bonus[:, 0] = 1.0
    rules = {
        "fast choice": accuracy(np.where(valid, bonus, 0.0)),
        "total log-likelihood (shipped)": accuracy(total),
        "per token": accuracy(total / np.maximum(tokens, 1)),
        **{f"total + {b} for fast choice": accuracy(total + b * bonus) for b in (0.5, 1.0, 2.0, 3.0)},
        **{f"total + {a} per token": accuracy(total + a * tokens) for a in (0.5, 1.0, 2.0)},
    }
    for label, value in rules.items():
        print(f"{label:70s} {value}")
    out = {
        "command": "PYTHONPATH=. python benchmarks/experiments/deep_features.py",
        "true_candidates": len(opts),
        "right_option_among_tried": round(float(answerable.mean()), 4),
        "kept_at_budget_mean_of_3_seeds": features,
        "suggestion_accuracy_on_true_candidates": rules,
        "seconds": round(time.time() - started, 1),
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
