"""Does a word scorer aimed at the post-editor's edits help the MT head? Judged on MLQE-PE dev.

The shipped word scorer learns which MT words a post-editor changed (word tags). The MT head
must tell an MT document from its post-edit, and words both sides share say nothing about
that. This fits word scorers on the difference instead, on the word matrix alone (`base`) or
with the context features of `benchmarks/experiments/mt_word_context.py` (`tri`, `all`, ...):

- `edit`: MT words the post-editor replaced (1) against the words they were replaced with (0),
  from a word alignment (difflib) of each MT sentence with its post-edit;
- `side`: every word of the MT sentence (1) against every word of the post-edit (0).

Each gives two document features, the mean log-odds over all words and the mean over sentences
of the highest (`mt_edit_mean`, `mt_edit_sentence_max_mean` as shipped), added to the MT head's
input without them. Train documents are scored out of fold (`crossfit`: four folds over
sentences), by the scorer fit on all of train (`insample`, with --insample), or, for `base`,
also as `api.analyse` sees them (`runtime`: the cached document words and sentences, scorer
fit on all of train, as `python -m detector.train` does); dev documents by the scorer fit on all
of train. MT head fit and judging as in `benchmarks/experiments/mt_features.py` (three seeds, paired
bootstrap over sentence groups).

Finding (dev): `edit:base` 0.780 -> 0.832 (runtime), more than any variant with context
features (which raise word-level tag AUC but not this); shipped as the edit scorer, 60 trees
(test 0.783 -> 0.832). Trees trade cost for dev AUC (runtime: 30 trees 0.823, 150 trees 0.842, 300 trees
0.849; `--trees 150 --variants edit:base`), at about 2 us a word per 60 trees.

Run (after benchmarks/experiments/mt_features.py has filled its cache; ~5 minutes a variant on 2 cores):
  PYTHONPATH=. .venv/bin/python benchmarks/experiments/mt_edit_words.py --variants edit:base edit:tri edit:all side:base
  PYTHONPATH=. .venv/bin/python benchmarks/experiments/mt_edit_words.py --test edit:base   (once, after choosing)
Writes benchmarks/results/mt_edit_words.json (or mt_edit_words_test.json with --test).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling experiment scripts

EDIT_FEATURES = ("mt_edit_mean", "mt_edit_sentence_max_mean")  # as shipped in detector/document/features.py


def main() -> None:
    import lightgbm
    import mt_features as harness
    import mt_word_context as ctx

    from detector.document.features import FEATURE_NAMES
    from detector.text import tokenize
    from detector.training import doc_model
    from detector.training.doc_corpus import plain_text
    from detector.training.doc_model import IGNORED
    from detector.training.mt_corpus import sentences
    from detector.training.mt_model import PARAMS, replaced

    doc_model.PARAMS["num_threads"] = 1  # the harness's MT head fits read it
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--variants", nargs="+", default=["edit:all", "side:all"], help="LABEL:FEATURES (mt_word_context variants)"
    )
    parser.add_argument(
        "--insample", action="store_true", help="also: train documents scored by the scorer fit on all of train"
    )
    parser.add_argument("--trees", type=int, default=60, help="trees of each word scorer (shipped: EDIT_TREES)")
    parser.add_argument("--leaves", type=int, default=PARAMS["num_leaves"], help="leaves per tree (cost per tree)")
    parser.add_argument("--test", metavar="VARIANT", help="score the baseline and this variant on test (once)")
    args = parser.parse_args()
    judge_split = "test" if args.test else "dev"
    judge = harness.TEST if args.test else harness.DEV
    variants = [args.test] if args.test else args.variants
    data = {split: ctx.sentence_data(split) for split in ("train", judge_split)}
    rows = {(split, side): ctx.stacked(data[split][side]) for split in data for side in ("mt", "pe")}
    sent_words = {
        split: {
            side: [[t.lower for t in tokenize(plain_text(getattr(item, side)))] for item in sentences(split)]
            for side in ("mt", "pe")
        }
        for split in data
    }
    n_train = len(data["train"]["y"])
    fold = np.random.default_rng(0).integers(0, ctx.FOLDS, n_train)
    features = {v.split(":")[1] for v in variants}
    xs_by = {f: {key: ctx.design(r[0], r[1], f) for key, r in rows.items()} for f in features}
    sent_of = {key: r[2] for key, r in rows.items()}
    masks = {"mt": [], "pe": []}
    for a, b in zip(sent_words["train"]["mt"], sent_words["train"]["pe"], strict=True):
        ma, mb = replaced(a, b)
        masks["mt"].append(ma)
        masks["pe"].append(mb)
    edit = {side: np.concatenate(masks[side]) for side in masks}
    for side in ("mt", "pe"):
        assert len(edit[side]) == len(rows[("train", side)][0]), side
    docs = {part: ctx.doc_rows(*part) for part in harness.FIT + judge}
    cached = {part: harness._load(*part) for part in harness.FIT + judge}
    params = {**PARAMS, "num_threads": 1, "num_leaves": args.leaves}

    def fit(label: str, x: dict, keep_sentence: np.ndarray) -> lightgbm.Booster:
        xs, ys = [], []
        for side, y in (("mt", 1), ("pe", 0)):
            use = keep_sentence[sent_of[("train", side)]]
            if label == "edit":
                use = use & edit[side]
            xs.append(x[("train", side)][use])
            ys.append(np.full(int(use.sum()), y))
        return lightgbm.train(params, lightgbm.Dataset(np.vstack(xs), np.concatenate(ys)), num_boost_round=args.trees)

    def per_sentence(model: lightgbm.Booster, x: dict, split: str, side: str) -> list[np.ndarray]:
        p = model.predict(x[(split, side)], raw_score=True)
        n = rows[(split, side)][3]
        bounds = np.concatenate(([0], np.cumsum(np.bincount(sent_of[(split, side)], minlength=n))))
        return [p[bounds[k] : bounds[k + 1]] for k in range(n)]

    def doc_columns(part: tuple[str, int], scores: dict[str, list[np.ndarray]]) -> np.ndarray:
        out = np.full((2 * len(docs[part]), 2), np.nan)
        for k, doc in enumerate(docs[part]):
            for row, side in ((2 * k, "mt"), (2 * k + 1, "pe")):
                parts = [scores[side][s] for s in doc if len(scores[side][s])]
                out[row] = (np.concatenate(parts).mean(), np.mean([q.max() for q in parts]))
        return out

    def cached_columns(model: lightgbm.Booster, d: dict[str, np.ndarray]) -> np.ndarray:
        q = model.predict(d["matrix"].astype(np.float32), raw_score=True)
        out = np.full((len(d["y"]), 2), np.nan)
        for i in range(len(d["y"])):
            a, b = d["offsets"][i], d["offsets"][i + 1]
            if b > a:
                _, s = np.unique(d["sentence"][a:b], return_inverse=True)
                top = np.full(s.max() + 1, -np.inf)
                np.maximum.at(top, s, q[a:b])
                out[i] = (q[a:b].mean(), top.mean())
        return out

    def head(extra: dict[tuple[str, int], np.ndarray] | None) -> tuple[dict[str, float], np.ndarray]:
        def matrix(parts: tuple[tuple[str, int], ...]) -> np.ndarray:
            xs = np.vstack([cached[part]["x"] for part in parts])[:, [FEATURE_NAMES.index(n) for n in shipped]]
            for name in IGNORED["mt"]:
                xs[:, shipped.index(name)] = np.nan
            if extra is None:
                return xs
            return np.column_stack([xs, np.vstack([extra[part] for part in parts])])

        names = shipped + (["mt_edit_mean", "mt_edit_sentence_max_mean"] if extra is not None else [])
        yf = np.concatenate([cached[part]["y"] for part in harness.FIT])
        ye = np.concatenate([cached[part]["y"] for part in judge])
        pair = np.concatenate([cached[part]["pair"] for part in judge])
        return harness._scores(matrix(harness.FIT), yf, matrix(judge), ye, pair, names)

    shipped = [n for n in FEATURE_NAMES if n not in EDIT_FEATURES]  # the MT head before the edit scorer
    out: dict[str, dict] = {}
    out["shipped"], base_p = head(None)
    print(f"{'shipped':12s}", json.dumps(out["shipped"]), flush=True)
    ye = np.concatenate([cached[part]["y"] for part in judge])
    for variant in variants:
        label, feats = variant.split(":")
        x = xs_by[feats]
        full = fit(label, x, np.ones(n_train, dtype=bool))
        scores = {judge_split: {side: per_sentence(full, x, judge_split, side) for side in ("mt", "pe")}}
        oof: dict[str, list] = {"mt": [None] * n_train, "pe": [None] * n_train}
        for f in range(ctx.FOLDS):
            model = fit(label, x, fold != f)
            for side in ("mt", "pe"):
                ps = per_sentence(model, x, "train", side)
                for k in np.flatnonzero(fold == f):
                    oof[side][k] = ps[k]
        modes = {"crossfit": oof}
        if args.insample:
            modes["insample"] = {side: per_sentence(full, x, "train", side) for side in ("mt", "pe")}
        if feats == "base":
            modes["runtime"] = (
                None  # every document as `api.analyse` saw it (cached words and sentences), fit on all of train
            )
        for mode, train_scores in modes.items():
            scores["train"] = train_scores
            if mode == "runtime":
                extra = {part: cached_columns(full, cached[part]) for part in docs}
            else:
                extra = {part: doc_columns(part, scores[part[0]]) for part in docs}
            key = f"{variant}/{mode}"
            out[key], p = head(extra)
            out[key]["all_minus_shipped_95"] = harness._bootstrap(ye, base_p, p)
            print(f"{key:24s}", json.dumps(out[key]), flush=True)
    name = "mt_edit_words_test.json" if args.test else "mt_edit_words.json"
    if args.trees != 60:
        name = name.replace(".json", f"_trees{args.trees}.json")
    if args.leaves != PARAMS["num_leaves"]:
        name = name.replace(".json", f"_leaves{args.leaves}.json")
    (ROOT / "benchmarks" / "results" / name).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
