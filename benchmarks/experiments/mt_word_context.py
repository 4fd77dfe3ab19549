"""Does the MT word scorer gain from wider context, and does the MT head gain from that?

The shipped word scorer (`detector/spans/mt_words.py`) sees each word through bigrams only. This
adds candidate word features computable from the word matrix and the LM word ids:

- `tri`: trigram (reference LM) features: log10 P(w | two words before), the same for the
  next two words (whose history contains w), and their gain over the bigram;
- `window`: the neighbours' own LM view (unigram, bigram on their far side, capitalization);
- `sentence`: the sentence's LM fluency (mean and minimum bigram log-probability, unknown
  and capitalized shares, length) and the word's bigram minus the sentence mean;
- `repeat`: earlier occurrences of the word in its sentence.

Word level: each variant is fit on MLQE-PE train word tags (shipped parameters, 60 trees, no
early stopping) and judged by ROC AUC on dev words. Document level: each variant's word
probabilities (each MLQE-PE sentence tokenized on its own) replace the four MT word summaries
of the documents cached by `benchmarks/experiments/mt_features.py`; train documents are scored out of
fold (`crossfit`, four folds over sentences) or, with --insample, by the scorer fit on all of
train. MT head fit and judging as in `benchmarks/experiments/mt_features.py` (three seeds, paired bootstrap).

Finding (dev): `all` raises word AUC 0.658 -> 0.681 but not the MT head (0.7825 -> 0.7787
in-sample, 0.7812 -> 0.7783 cross-fit); see `benchmarks/experiments/mt_edit_words.py` for what did.

Run (after benchmarks/experiments/mt_features.py has filled its cache; ~5 minutes a variant on 2 cores):
  PYTHONPATH=. .venv/bin/python benchmarks/experiments/mt_word_context.py --variants base all --insample
Writes benchmarks/results/mt_word_context.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from detector.lm.reference import reference

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling experiment scripts

GROUPS = {
    "tri": ("tri_logprob", "tri_gain", "tri_next1", "tri_next2"),
    "window": ("prev_unigram", "next_unigram", "prev_left_logprob", "next_right_logprob", "prev_cap", "next_cap"),
    "sentence": ("sent_mean_logprob", "sent_min_logprob", "sent_unknown", "sent_cap", "sent_words", "rel_logprob"),
    "repeat": ("repeat_in_sentence",),
}
VARIANTS = {
    "base": (),
    "tri": ("tri",),
    "window": ("window",),
    "sentence": ("sentence",),
    "repeat": ("repeat",),
    "all": ("tri", "window", "sentence", "repeat"),
}


def extras(matrix: np.ndarray, ids: np.ndarray, sentence: np.ndarray) -> dict[str, np.ndarray]:
    """Candidate word features for consecutive words (any number of sentences and documents).

    Segments (no punctuation between words) start where the matrix's `position` is 0."""
    from detector.lm.ngrams import _LOGMATH, _model, tables
    from detector.spans.mt_words import WORD_FEATURES

    col = {name: matrix[:, k].astype(np.float64) for k, name in enumerate(WORD_FEATURES)}
    n = len(ids)
    seg_start = col["position"] == 0
    same_prev = np.concatenate(([False], ~seg_start[1:]))  # word i-1 in the same segment
    same_next = np.concatenate((same_prev[1:], [False]))
    words = tables().words
    model = _model()
    tri = np.full(n, np.nan)
    for i in range(n):
        if ids[i] < 0 or not same_prev[i] or ids[i - 1] < 0:
            continue
        history = [words[ids[i - 1]]]
        if same_prev[i - 1] and ids[i - 2] >= 0:
            history.append(words[ids[i - 2]])
        if len(history) < 2:
            continue
        value = model.prob([words[ids[i]], *history])
        tri[i] = value * _LOGMATH if value > -(10**8) else np.nan
    out: dict[str, np.ndarray] = {}
    out["tri_logprob"] = tri
    out["tri_gain"] = tri - col["left_logprob"]
    nxt1 = np.concatenate((tri[1:], [np.nan]))
    nxt2 = np.concatenate((tri[2:], [np.nan, np.nan]))
    out["tri_next1"] = np.where(same_next, nxt1, np.nan)
    out["tri_next2"] = np.where(same_next & np.concatenate((same_next[1:], [False])), nxt2, np.nan)

    def prev(a: np.ndarray) -> np.ndarray:
        return np.where(same_prev, np.concatenate(([np.nan], a[:-1])), np.nan)

    def nxt(a: np.ndarray) -> np.ndarray:
        return np.where(same_next, np.concatenate((a[1:], [np.nan])), np.nan)

    out["prev_unigram"] = prev(col["unigram"])
    out["next_unigram"] = nxt(col["unigram"])
    out["prev_left_logprob"] = prev(col["left_logprob"])
    out["next_right_logprob"] = nxt(col["right_logprob"])
    out["prev_cap"] = prev(col["is_capitalized"])
    out["next_cap"] = nxt(col["is_capitalized"])
    _, s = np.unique(sentence, return_inverse=True)
    lp = col["left_logprob"]
    ok = np.isfinite(lp)
    count = np.bincount(s).astype(np.float64)
    lp_count = np.bincount(s[ok], minlength=len(count)).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(s[ok], weights=lp[ok], minlength=len(count)) / lp_count
    low = np.full(len(count), np.inf)
    np.minimum.at(low, s[ok], lp[ok])
    low[~np.isfinite(low)] = np.nan
    out["sent_mean_logprob"] = mean[s]
    out["sent_min_logprob"] = low[s]
    out["sent_unknown"] = (np.bincount(s, weights=col["is_unknown"]) / count)[s]
    out["sent_cap"] = (np.bincount(s, weights=col["is_capitalized"]) / count)[s]
    out["sent_words"] = count[s]
    out["rel_logprob"] = lp - mean[s]
    rep = np.zeros(n)
    seen: dict[tuple[int, int], int] = {}
    for i in range(n):
        if ids[i] >= 0 and col["is_function"][i] == 0:
            key = (int(s[i]), int(ids[i]))
            rep[i] = seen.get(key, 0)
            seen[key] = rep[i] + 1
    out["repeat_in_sentence"] = rep
    return out


def columns(variant: str) -> list[str]:
    return [c for g in VARIANTS[variant] for c in GROUPS[g]]


def design(matrix: np.ndarray, extra: dict[str, np.ndarray], variant: str) -> np.ndarray:
    cols = columns(variant)
    if not cols:
        return matrix.astype(np.float32)
    return np.column_stack([matrix.astype(np.float32)] + [extra[c].astype(np.float32) for c in cols])


FOLDS = 4


def sentence_data(split: str) -> dict[str, list]:
    """Per MLQE-PE sentence (file order over pairs): the word scorer's training rows and labels
    (MT side, tagged), and the word matrices and ids of the MT and post-edit sides as the
    document classifier sees them (each sentence tokenized on its own)."""
    from detector.lm.ngrams import tables
    from detector.spans.mt_words import word_matrix
    from detector.text import tokenize
    from detector.training.doc_corpus import plain_text
    from detector.training.mt_corpus import detokenize, sentences, tagged_sentences
    from detector.training.mt_model import words_and_labels

    items, tagged = sentences(split), tagged_sentences(split)
    assert len(items) == len(tagged)
    out: dict[str, list] = {"fit": [], "y": [], "mt": [], "pe": []}
    for item, sentence in zip(items, tagged, strict=True):
        x, y = words_and_labels(sentence)
        ids = tables().ids([t.lower for t in tokenize(detokenize(" ".join(sentence.tokens)))])
        out["fit"].append((x, ids))
        out["y"].append(y)
        for side, text in (("mt", item.mt), ("pe", item.pe)):
            tokens = tokenize(plain_text(text))
            out[side].append((word_matrix(tokens, reference()), tables().ids([t.lower for t in tokens])))
    return out


def stacked(rows: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray, int]:
    """(matrix, extras, sentence number of each word, sentences) of consecutive sentences."""
    sent = np.concatenate([np.full(len(ids), k) for k, (_, ids) in enumerate(rows)])
    matrix = np.vstack([m for m, _ in rows])
    return matrix, extras(matrix, np.concatenate([ids for _, ids in rows]), sent), sent, len(rows)


def doc_rows(split: str, seed: int) -> list[list[int]]:
    """Sentence numbers (as in `sentence_data`) of each document, in the harness's row order."""
    from detector.training.doc_corpus import MT_DOC_SENTENCES
    from detector.training.mt_corpus import PAIRS, _groups, _load

    docs, offset = [], 0
    for pair in PAIRS:
        items = _load(pair, split)
        for group in _groups(items, MT_DOC_SENTENCES, f"{seed}-{pair}-{split}"):
            docs.append([offset + item.index for item in group])
        offset += len(items)
    return docs


def summaries(x: np.ndarray, docs: list[list[int]], p: dict[str, list[np.ndarray]]) -> np.ndarray:
    """`x` (rows: each document's MT side then its post-edit) with the four MT word summaries
    recomputed from per-sentence word probabilities."""
    from detector.document.features import FEATURE_NAMES, MT_HIGH_WORD, MT_STRONG_WORD

    x = x.copy()
    assert len(x) == 2 * len(docs)
    col = {n: FEATURE_NAMES.index(n) for n in FEATURE_NAMES}
    for k, doc in enumerate(docs):
        for row, side in ((2 * k, "mt"), (2 * k + 1, "pe")):
            parts = [p[side][s] for s in doc if len(p[side][s])]
            q = np.concatenate(parts)
            smax = np.array([part.max() for part in parts])
            x[row, col["mt_word_mean"]] = q.mean()
            x[row, col["mt_word_high_share"]] = (q >= MT_HIGH_WORD).mean()
            x[row, col["mt_sentence_max_mean"]] = smax.mean()
            x[row, col["mt_sentence_strong_share"]] = (smax >= MT_STRONG_WORD).mean()
    return x


def split_probs(booster, rows, variant):  # type: ignore[no-untyped-def]
    """Word probabilities of each sentence of `rows` (from `stacked`)."""
    matrix, extra, sent, n = rows
    p = booster.predict(design(matrix, extra, variant))
    bounds = np.concatenate(([0], np.cumsum(np.bincount(sent, minlength=n))))
    return [p[bounds[k] : bounds[k + 1]] for k in range(len(bounds) - 1)]


def main() -> None:
    import lightgbm
    import mt_features as harness
    from sklearn.metrics import roc_auc_score

    from detector.document.features import FEATURE_NAMES
    from detector.training import doc_model
    from detector.training.doc_model import IGNORED
    from detector.training.mt_model import PARAMS

    doc_model.PARAMS["num_threads"] = 1  # the harness's MT head fits read it
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS))
    parser.add_argument("--insample", action="store_true", help="also: train documents scored by the full word model")
    args = parser.parse_args()
    variants = args.variants
    judge_split, judge = "dev", harness.DEV
    data = {split: sentence_data(split) for split in ("train", judge_split)}
    fit_rows = stacked(data["train"]["fit"])
    y_fit = np.concatenate(data["train"]["y"])
    ev_rows = stacked(data[judge_split]["fit"])
    y_ev = np.concatenate(data[judge_split]["y"])
    side_rows = {(split, side): stacked(data[split][side]) for split in data for side in ("mt", "pe")}
    n_train = len(data["train"]["y"])
    fold = np.random.default_rng(0).integers(0, FOLDS, n_train)
    word_fold = np.concatenate([np.full(len(y), fold[k]) for k, y in enumerate(data["train"]["y"])])
    docs = {part: doc_rows(*part) for part in harness.FIT + judge}
    cached = {part: harness._load(*part) for part in harness.FIT + judge}
    params = {**PARAMS, "num_threads": 1}
    out: dict[str, dict] = {}
    base_p = None
    for variant in variants:
        x_fit = design(fit_rows[0], fit_rows[1], variant)
        full = lightgbm.train(params, lightgbm.Dataset(x_fit, y_fit), num_boost_round=60)
        word_auc = roc_auc_score(y_ev, full.predict(design(ev_rows[0], ev_rows[1], variant)))
        probs = {judge_split: {s: split_probs(full, side_rows[(judge_split, s)], variant) for s in ("mt", "pe")}}
        oof: dict[str, list] = {"mt": [None] * n_train, "pe": [None] * n_train}
        for f in range(FOLDS):
            model = lightgbm.train(
                params, lightgbm.Dataset(x_fit[word_fold != f], y_fit[word_fold != f]), num_boost_round=60
            )
            for s in ("mt", "pe"):
                ps = split_probs(model, side_rows[("train", s)], variant)
                for k in np.flatnonzero(fold == f):
                    oof[s][k] = ps[k]
        modes = {"crossfit": oof}
        if args.insample:
            modes = {
                "insample": {s: split_probs(full, side_rows[("train", s)], variant) for s in ("mt", "pe")},
                **modes,
            }
        for mode, train_p in modes.items():
            probs["train"] = train_p
            xs = {part: summaries(cached[part]["x"], docs[part], probs[part[0]]) for part in docs}
            xf = np.vstack([xs[part] for part in harness.FIT])
            yf = np.concatenate([cached[part]["y"] for part in harness.FIT])
            xe = np.vstack([xs[part] for part in judge])
            ye = np.concatenate([cached[part]["y"] for part in judge])
            pair = np.concatenate([cached[part]["pair"] for part in judge])
            for name in IGNORED["mt"]:
                xf[:, FEATURE_NAMES.index(name)] = np.nan
                xe[:, FEATURE_NAMES.index(name)] = np.nan
            scores, p_doc = harness._scores(xf, yf, xe, ye, pair, list(FEATURE_NAMES))
            label = f"{variant}/{mode}"
            out[label] = {"word_auc": round(float(word_auc), 4), **scores}
            if base_p is None:
                base_p = p_doc
            else:
                out[label]["all_minus_first_95"] = harness._bootstrap(ye, base_p, p_doc)
            print(f"{label:20s}", json.dumps(out[label]), flush=True)
    (ROOT / "benchmarks" / "results" / "mt_word_context.json").write_text(
        json.dumps(out, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
