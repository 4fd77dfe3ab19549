"""Train the MT word scorer on MLQE-PE word tags (run by `python -m detector.train`).

Each MT sentence is detokenized and split by the detector's own tokenizer, so the scorer
sees words exactly as it will at run time; a word is BAD when any Moses token inside it was
tagged BAD. Fit on the train split, early-stopped and thresholded on dev, measured on test.
The span threshold is the lowest at which at least SPAN_PRECISION of flagged dev words are
BAD (an MT span should usually be a word a post-editor changed) and clean Wikipedia prose
gets at most CLEAN_SPANS_PER_1K flagged words per 1,000.

The edit scorer (`mt_words.load_edit`) is fit on the same sentences with their post-edits:
each MT sentence and its post-edit are tokenized as documents are (`doc_corpus.plain_text`),
aligned word by word (difflib), and the words outside the alignment are the examples: MT
words the post-editor replaced (1) against the words written in their place (0). Fit on
train with a fixed number of trees (EDIT_TREES), measured on dev and test.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from detector.lm.reference import reference
from detector.model_files import library_versions, save_booster, write_manifest
from detector.spans.mt_words import (
    EDIT_MANIFEST_FILE,
    EDIT_MODEL_FILE,
    MANIFEST_FILE,
    MODEL_FILE,
    WORD_FEATURES,
    word_matrix,
)
from detector.text import tokenize
from detector.training.boosting import binary_params
from detector.training.mt_corpus import TaggedSentence, detokenize, tagged_sentences

DATA = Path(__file__).resolve().parents[2] / "detector" / "data"
SPAN_PRECISION = 0.75
CLEAN_SPANS_PER_1K = 0.5
CLEAN_DOCS = 1000
MAX_TREES = 60  # every word of every document passes through it: keep it cheap (~2 us a word)
PARAMS: dict[str, Any] = binary_params(11, learning_rate=0.15, min_data=100, lambda_l2=0.0)


def words_and_labels(sentence: TaggedSentence) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and BAD labels for the detector's words of one MT sentence."""
    text = detokenize(" ".join(sentence.tokens))
    owner = np.full(len(text), -1, dtype=np.int64)
    cursor = 0
    for k, token in enumerate(sentence.tokens):
        at = text.find(token, cursor)
        if at < 0:
            continue  # detokenizing rewrote it (quotes); its characters stay unowned
        owner[at : at + len(token)] = k
        cursor = at + len(token)
    tokens = tokenize(text)
    bad = np.array(sentence.bad, dtype=bool)
    labels = np.array(
        [bool(bad[owner[t.start : t.end][owner[t.start : t.end] >= 0]].any()) for t in tokens], dtype=np.int8
    )
    return word_matrix(tokens, reference()), labels


EDIT_TREES = (
    60  # as cheap as the tag scorer (~2 us a word); more score higher on dev (benchmarks/experiments/mt_edit_words.py)
)


def replaced(a: Sequence[str], b: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the words of `a` and of `b` outside difflib's matching blocks of the two."""
    import difflib

    in_a, in_b = np.ones(len(a), dtype=bool), np.ones(len(b), dtype=bool)
    for block in difflib.SequenceMatcher(None, list(a), list(b), autojunk=False).get_matching_blocks():
        in_a[block.a : block.a + block.size] = False
        in_b[block.b : block.b + block.size] = False
    return in_a, in_b


def edit_dataset(split: str) -> tuple[np.ndarray, np.ndarray]:
    """Word rows of the MT words post-editors replaced (label 1) and of the words they wrote instead (0)."""
    from detector.training.doc_corpus import plain_text
    from detector.training.mt_corpus import sentences

    rows, labels = [], []
    for item in sentences(split):
        mt, pe = tokenize(plain_text(item.mt)), tokenize(plain_text(item.pe))
        in_mt, in_pe = replaced([t.lower for t in mt], [t.lower for t in pe])
        for tokens, mask, label in ((mt, in_mt, 1), (pe, in_pe, 0)):
            if mask.any():
                rows.append(word_matrix(tokens, reference())[mask])
                labels.append(np.full(int(mask.sum()), label, dtype=np.int8))
    return np.vstack(rows), np.concatenate(labels)


def train_edit(seed_versions: dict[str, str]) -> dict[str, Any]:
    """Fit the edit scorer on train; write it and its manifest (dev and test word AUC) into detector/data."""
    import lightgbm
    from sklearn.metrics import roc_auc_score

    started = time.time()
    x_fit, y_fit = edit_dataset("train")
    booster = lightgbm.train(PARAMS, lightgbm.Dataset(x_fit, y_fit), num_boost_round=EDIT_TREES)
    metrics = {}
    for split in ("dev", "test"):
        x, y = edit_dataset(split)
        metrics[f"{split}_roc_auc"] = round(float(roc_auc_score(y, booster.predict(x))), 4)
    model_sha256 = save_booster(booster, DATA / EDIT_MODEL_FILE)
    manifest = {
        "features": list(WORD_FEATURES),
        "model_sha256": model_sha256,
        "trees": booster.num_trees(),
        "data": {
            "source": "MLQE-PE MT sentences and their post-edits (CC0), words outside a difflib alignment: "
            "train fits, dev and test measure",
            "words": {"train": len(y_fit)},
            "replaced_share_train": round(float(y_fit.mean()), 4),
        },
        "metrics": metrics,
        "versions": seed_versions,
        "command": "python -m detector.train",
        "seconds": round(time.time() - started, 1),
    }
    (DATA / EDIT_MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    write_manifest(DATA)  # the document training after this loads the new scorer
    return manifest


def dataset(split: str) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for sentence in tagged_sentences(split):
        x, y = words_and_labels(sentence)
        rows.append(x)
        labels.append(y)
    return np.vstack(rows), np.concatenate(labels)


def clean_word_probabilities(booster: Any) -> np.ndarray:
    """Word scores on clean human prose: Wikipedia leads of the validation split."""
    from detector.training.corpus import documents

    rows = [word_matrix(tokenize(t), reference()) for t in documents("val")[:CLEAN_DOCS]]
    return np.asarray(booster.predict(np.vstack(rows)))


def span_threshold(p: np.ndarray, y: np.ndarray, clean: np.ndarray) -> float:
    """The lowest threshold with SPAN_PRECISION on MT dev words and at most CLEAN_SPANS_PER_1K
    flagged words per 1,000 words of clean prose: MT spans must not litter human text."""
    for t in np.linspace(0.5, 0.995, 100):
        flagged = p >= t
        if (
            flagged.sum() >= 50
            and y[flagged].mean() >= SPAN_PRECISION
            and 1000 * (clean >= t).mean() <= CLEAN_SPANS_PER_1K
        ):
            return round(float(t), 3)
    return 0.995


def _mcc(p: np.ndarray, y: np.ndarray, t: float) -> float:
    from sklearn.metrics import matthews_corrcoef

    return round(float(matthews_corrcoef(y, p >= t)), 4)


def train(seed_versions: dict[str, str]) -> dict[str, Any]:
    import lightgbm
    from sklearn.metrics import roc_auc_score

    started = time.time()
    x_fit, y_fit = dataset("train")
    x_dev, y_dev = dataset("dev")
    x_test, y_test = dataset("test")
    booster = lightgbm.train(
        PARAMS,
        lightgbm.Dataset(x_fit, y_fit),
        num_boost_round=MAX_TREES,
        valid_sets=[lightgbm.Dataset(x_dev, y_dev)],
        callbacks=[lightgbm.early_stopping(30, verbose=False)],
    )
    p_dev, p_test = booster.predict(x_dev), booster.predict(x_test)
    clean = clean_word_probabilities(booster)
    threshold = span_threshold(p_dev, y_dev, clean)
    flagged = p_test >= threshold
    model_sha256 = save_booster(booster, DATA / MODEL_FILE)
    manifest = {
        "features": list(WORD_FEATURES),
        "model_sha256": model_sha256,
        "span_threshold": threshold,
        "trees": booster.num_trees(),
        "data": {
            "source": "MLQE-PE word tags (CC0): train fits, dev stops and thresholds, test measures",
            "words": {"train": len(y_fit), "dev": len(y_dev), "test": len(y_test)},
            "bad_share_test": round(float(y_test.mean()), 4),
        },
        "test_metrics": {
            "roc_auc": round(float(roc_auc_score(y_test, p_test)), 4),
            "mcc_at_0.5": _mcc(p_test, y_test, 0.5),
            "span_precision": round(float(y_test[flagged].mean()), 4) if flagged.any() else None,
            "span_recall": round(float(flagged[y_test == 1].mean()), 4),
            "clean_val_words_flagged_per_1k": round(1000 * float((clean >= threshold).mean()), 3),
        },
        "versions": seed_versions,
        "command": "python -m detector.train",
        "seconds": round(time.time() - started, 1),
    }
    (DATA / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    write_manifest(DATA)  # the document training after this loads the new scorer
    return manifest


def main(argv: Sequence[str] | None = None) -> None:

    print(json.dumps(train(library_versions())["test_metrics"]))
    print(json.dumps(train_edit(library_versions())["metrics"]))


if __name__ == "__main__":
    main()
