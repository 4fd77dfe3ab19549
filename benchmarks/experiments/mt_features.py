"""Do sharper summaries of the MT word scores help the MT head? Judged on MLQE-PE dev.

Hypothesis: a post-editor's changes concentrate in a few words, so the mean word probability
(`mt_word_mean`) dilutes them. This featurizes MLQE-PE documents (eight sentences, both sides
of every group) once through the public API, recording beside each feature row the raw
per-word material the document features are made of (the MT word scorer's probabilities, the
sentence of each word, the word matrix, the LM word ids), and caches all of it in /tmp. Candidate
features are then computed from the cache in numpy, so each variant costs only LightGBM fits.

Fit: MLQE-PE train under two groupings (as `python -m detector.train` and
`benchmarks/experiments/mt_training_mix.py` do) with the MT head's shipped parameters, rounds, monotone
constraints and ignored features. Judge: MLQE-PE dev under three groupings, pooled (the same
sentences grouped three ways, to steady the per-pair AUCs). Each variant is fit with three
LightGBM seeds and its AUCs averaged; `all_minus_baseline_95` is a paired bootstrap interval
over sentence groups. The test split is scored only with `--test`, once, after choosing on dev.

Shipped as document features: `mt_sentence_max_mean` (same name here) and
`mt_sentence_strong_share` (`mt_sentence_share_09` here). `mt_word_max` scored best on dev but
grows with document length (the max over more words), the confound `log_words` is ignored for.

Run (from the repository; featurizing takes ~3 minutes on 2 cores, then ~15 s a variant):
  PYTHONPATH=. .venv/bin/python benchmarks/experiments/mt_features.py [--only F ...] [--combo A+B ...]
  PYTHONPATH=. .venv/bin/python benchmarks/experiments/mt_features.py --test A B
Writes benchmarks/results/mt_features.json (dev) or mt_features_test.json (--test).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path("/tmp/mt_features_cache")
SEEDS = (7, 8, 9)
FIT = (("train", 0), ("train", 1))
DEV = (("dev", 0), ("dev", 1), ("dev", 2))
TEST = (("test", 0),)


def _record(texts: list[str]) -> list[tuple[np.ndarray, dict[str, np.ndarray]]]:
    """Feature rows of `texts` through `api.analyse`, each with its raw per-word arrays."""
    from detector import api
    from detector.document import features as doc_features

    original = getattr(doc_features, "_original_profile", doc_features.TextProfile)
    doc_features._original_profile = original  # type: ignore[attr-defined]

    class Recording(original):  # type: ignore[misc,valid-type]
        last: Recording | None = None

        def __init__(self) -> None:
            super().__init__()
            Recording.last = self
            self.raw: dict[str, list[np.ndarray]] = {"p": [], "sentence": [], "matrix": [], "ids": []}
            self.sentence_offset = 0

        def add(self, text, tokens, words, mt_probs, edit_scores=None):  # type: ignore[no-untyped-def]
            super().add(text, tokens, words, mt_probs, edit_scores)
            if not tokens:
                return
            from detector.lm.ngrams import tables

            ends = np.fromiter(
                (m.end() for m in doc_features._SENTENCE_END.finditer(text, tokens[0].start, tokens[-1].end + 4)),
                dtype=np.int64,
            )
            starts = np.fromiter((t.start for t in tokens), dtype=np.int64, count=len(tokens))
            sentence = np.searchsorted(ends, starts, side="right")
            self.raw["sentence"].append(sentence + self.sentence_offset)
            self.sentence_offset += int(sentence.max()) + 1
            self.raw["p"].append(np.asarray(mt_probs, dtype=np.float32))
            self.raw["matrix"].append(np.asarray(words, dtype=np.float32))
            self.raw["ids"].append(tables().ids([t.lower for t in tokens]).astype(np.int32))

    doc_features.TextProfile = Recording  # type: ignore[misc]  # this worker process only
    out = []
    for text in texts:
        Recording.last = None
        features = api.analyse(text).features
        assert features is not None and Recording.last is not None
        raw = {k: np.concatenate(v) for k, v in Recording.last.raw.items()}
        out.append((features, raw))
    return out


def _load(split: str, seed: int) -> dict[str, np.ndarray]:
    """Cached features, labels, pairs and raw per-word arrays of one split under one grouping."""
    from detector.document.features import FEATURE_NAMES

    path = CACHE / f"{split}-{seed}.npz"
    if path.exists():
        with np.load(path) as z:
            if "names" in z and tuple(z["names"]) == FEATURE_NAMES:
                return dict(z)
    from joblib import Parallel, delayed

    from detector.training import mt_corpus
    from detector.training.doc_corpus import MT_DOC_SENTENCES, plain_text

    texts, labels, pairs = [], [], []
    for doc_id, mt_text, pe_text in mt_corpus.documents(split, size=MT_DOC_SENTENCES, seed=seed):
        texts += [plain_text(mt_text), plain_text(pe_text)]
        labels += [1, 0]
        pairs += ["-".join(doc_id.split("-")[:2])] * 2
    chunk = 64
    parts = Parallel(n_jobs=2)(delayed(_record)(texts[i : i + chunk]) for i in range(0, len(texts), chunk))
    rows = [r for part in parts for r in part]
    lengths = np.array([len(raw["p"]) for _, raw in rows])
    data = {
        "names": np.array(FEATURE_NAMES),
        "x": np.vstack([f for f, _ in rows]),
        "y": np.array(labels, dtype=np.int8),
        "pair": np.array(pairs),
        "offsets": np.concatenate(([0], np.cumsum(lengths))),
        **{k: np.concatenate([raw[k] for _, raw in rows]) for k in ("p", "sentence", "ids")},
        "matrix": np.concatenate([raw["matrix"] for _, raw in rows]).astype(np.float16),
    }
    CACHE.mkdir(exist_ok=True)
    np.savez(path, **data)
    return data


# --- candidate features, from the raw per-word arrays of one document --------------------------------------


def _candidates(d: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    from detector.lm.ngrams import tables
    from detector.spans.mt_words import WORD_FEATURES

    vocab = tables()
    article_ids = set(vocab.ids(["a", "an", "the"]).tolist()) - {-1}
    is_function = WORD_FEATURES.index("is_function")
    left = WORD_FEATURES.index("left_logprob")
    names = (
        "mt_word_p75",
        "mt_word_p90",
        "mt_word_top5_mean",
        "mt_word_top3_mean",
        "mt_word_top5pct_mean",
        "mt_word_p95",
        "mt_word_max",
        "mt_word_sd",
        "mt_word_logit_mean",
        "mt_word_share_03",
        "mt_sentence_flagged_share",
        "mt_sentence_share_08",
        "mt_sentence_share_09",
        "mt_sentence_max_mean",
        "mt_sentence_top2_mean",
        "mt_sentence_mean_max",
        "mt_sentence_mean_sd",
        "mt_function_word_mean",
        "mt_content_word_mean",
        "article_share",
        "lm_sentence_min_mean",
    )
    out = {name: np.full(len(d["y"]), np.nan, dtype=np.float32) for name in names}
    offsets = d["offsets"]
    for i in range(len(d["y"])):
        a, b = offsets[i], offsets[i + 1]
        if b == a:
            continue
        p = d["p"][a:b].astype(np.float64)
        sentence = d["sentence"][a:b]
        _, sentence = np.unique(sentence, return_inverse=True)
        s_max = np.full(sentence.max() + 1, -np.inf)
        np.maximum.at(s_max, sentence, p)
        fn = d["matrix"][a:b, is_function] == 1
        out["mt_word_p75"][i] = np.percentile(p, 75)
        out["mt_word_p90"][i] = np.percentile(p, 90)
        out["mt_word_top5_mean"][i] = np.sort(p)[-5:].mean()
        out["mt_word_top3_mean"][i] = np.sort(p)[-3:].mean()
        out["mt_word_top5pct_mean"][i] = np.sort(p)[-max(1, round(0.05 * len(p))) :].mean()
        out["mt_word_p95"][i] = np.percentile(p, 95)
        out["mt_word_max"][i] = p.max()
        s_mean = np.bincount(sentence, weights=p) / np.bincount(sentence)
        out["mt_sentence_mean_max"][i] = s_mean.max()
        out["mt_sentence_mean_sd"][i] = s_mean.std()
        out["mt_word_sd"][i] = p.std()
        q = np.clip(p, 1e-4, 1 - 1e-4)
        out["mt_word_logit_mean"][i] = np.log(q / (1 - q)).mean()
        out["mt_word_share_03"][i] = (p >= 0.3).mean()
        out["mt_sentence_flagged_share"][i] = (s_max >= 0.5).mean()
        out["mt_sentence_share_08"][i] = (s_max >= 0.8).mean()
        out["mt_sentence_share_09"][i] = (s_max >= 0.9).mean()
        out["mt_sentence_max_mean"][i] = s_max.mean()
        out["mt_sentence_top2_mean"][i] = np.mean([np.sort(p[sentence == s])[-2:].mean() for s in range(len(s_max))])
        out["mt_function_word_mean"][i] = p[fn].mean() if fn.any() else np.nan
        out["mt_content_word_mean"][i] = p[~fn].mean() if (~fn).any() else np.nan
        ids = d["ids"][a:b]
        out["article_share"][i] = np.isin(ids, list(article_ids)).mean()
        lp = d["matrix"][a:b, left].astype(np.float64)
        s_min = np.full(sentence.max() + 1, np.inf)
        ok = np.isfinite(lp)
        np.minimum.at(s_min, sentence[ok], lp[ok])
        s_min = s_min[np.isfinite(s_min)]
        out["lm_sentence_min_mean"][i] = s_min.mean() if len(s_min) else np.nan
    return out


def _merged(parts: tuple[tuple[str, int], ...]) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray, np.ndarray]:
    xs, cands, ys, pairs = [], [], [], []
    for split, seed in parts:
        d = _load(split, seed)
        cache = CACHE / f"{split}-{seed}-candidates.npz"
        if cache.exists() and cache.stat().st_mtime > (CACHE / f"{split}-{seed}.npz").stat().st_mtime:
            with np.load(cache) as z:
                c = dict(z)
        else:
            c = _candidates(d)
            np.savez(cache, **c)
        xs.append(d["x"])
        cands.append(c)
        ys.append(d["y"])
        pairs.append(d["pair"])
    cand = {k: np.concatenate([c[k] for c in cands]) for k in cands[0]}
    return np.vstack(xs), cand, np.concatenate(ys), np.concatenate(pairs)


def _scores(
    x_fit: np.ndarray, y_fit: np.ndarray, x_eval: np.ndarray, y_eval: np.ndarray, pair: np.ndarray, names: list[str]
) -> tuple[dict[str, float], np.ndarray]:
    """AUCs (overall and per pair, averaged over LightGBM seeds) and the seed-averaged predictions."""
    import lightgbm
    from sklearn.metrics import roc_auc_score

    from detector.training.doc_model import INCREASING, PARAMS, ROUNDS

    monotone = [int(n in INCREASING) for n in names]
    mean_p = np.zeros(len(y_eval))
    aucs: dict[str, list[float]] = {}
    for seed in SEEDS:
        params = {**PARAMS, "seed": seed, "monotone_constraints": monotone}
        booster = lightgbm.train(params, lightgbm.Dataset(x_fit, y_fit), num_boost_round=ROUNDS)
        p = booster.predict(x_eval)
        mean_p += p / len(SEEDS)
        aucs.setdefault("all", []).append(roc_auc_score(y_eval, p))
        for name in sorted(set(pair)):
            inside = pair == name
            aucs.setdefault(str(name), []).append(roc_auc_score(y_eval[inside], p[inside]))
    return {k: round(float(np.mean(v)), 4) for k, v in aucs.items()}, mean_p


def _bootstrap(y: np.ndarray, p_base: np.ndarray, p_new: np.ndarray, rounds: int = 500) -> tuple[float, float]:
    """95% interval of AUC(new) - AUC(base), resampling sentence groups (a group's MT and
    post-edit rows stay together; the groupings of the same sentences are not independent,
    so the interval is somewhat too narrow)."""
    from sklearn.metrics import roc_auc_score

    groups = np.arange(len(y)) // 2
    rng = np.random.default_rng(0)
    diffs = []
    for _ in range(rounds):
        pick = rng.integers(0, groups[-1] + 1, groups[-1] + 1)
        rows = np.concatenate([2 * pick, 2 * pick + 1])
        diffs.append(roc_auc_score(y[rows], p_new[rows]) - roc_auc_score(y[rows], p_base[rows]))
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    return round(float(lo), 4), round(float(hi), 4)


SHIPPED = ("mt_sentence_max_mean", "mt_sentence_strong_share")  # the features this study added


def _matrix(x: np.ndarray, cand: dict[str, np.ndarray], extra: list[str]) -> tuple[np.ndarray, list[str]]:
    """The MT head's input before this study (its ignored features missing) plus `extra` candidates."""
    from detector.document.features import FEATURE_NAMES
    from detector.training.doc_model import IGNORED

    names = [n for n in FEATURE_NAMES if n not in SHIPPED]
    base = x[:, [FEATURE_NAMES.index(n) for n in names]].copy()
    for name in IGNORED["mt"]:
        base[:, names.index(name)] = np.nan
    return np.column_stack([base] + [cand[n] for n in extra]), names + extra


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--test", nargs="+", metavar="FEATURE", help="score baseline and baseline+these on test")
    parser.add_argument("--only", nargs="*", metavar="FEATURE", help="judge only these single additions")
    parser.add_argument("--combo", nargs="*", default=[], metavar="A+B", help="combinations to judge as well")
    args = parser.parse_args()
    from detector.training import mt_corpus

    if not mt_corpus.available():
        sys.exit("needs ../shared/data/mlqe-pe")
    x_fit, c_fit, y_fit, _ = _merged(FIT)
    x_ev, c_ev, y_ev, pair_ev = _merged(TEST if args.test else DEV)
    variants: dict[str, list[str]] = {"baseline": []}
    if args.test:
        variants["+" + "+".join(args.test)] = args.test
    else:
        variants.update({f"+{n}": [n] for n in (c_fit if args.only is None else args.only)})
        variants.update({"+" + combo: combo.split("+") for combo in args.combo})
    out: dict[str, dict] = {}
    base_p = None
    for label, extra in variants.items():
        xf, names = _matrix(x_fit, c_fit, extra)
        out[label], p = _scores(xf, y_fit, _matrix(x_ev, c_ev, extra)[0], y_ev, pair_ev, names)
        if base_p is None:
            base_p = p
        else:
            out[label]["all_minus_baseline_95"] = _bootstrap(y_ev, base_p, p)
        print(f"{label:50s}", json.dumps(out[label]), flush=True)
    name = "mt_features_test.json" if args.test else "mt_features.json"
    (ROOT / "benchmarks" / "results" / name).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
