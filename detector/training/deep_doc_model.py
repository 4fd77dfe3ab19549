"""Fit the document score for deep mode: the fast head's verdict plus the neural LM's spans.

With `deep=True` the discovery spans a document keeps are the ones the neural language model
verified (`detector.spans.deep`), and they separate lightly spun documents from clean ones far better
than the fast tier's (validation, 5% of words replaced with MyThes: ROC AUC 0.91 from verified
spans per 1,000 words alone against 0.67 from the fast tier's spans:
`PYTHONPATH=. .venv/bin/python benchmarks/experiments/doc_low_share.py --deep`). Running the neural LM over
the 25k fit documents of the fast heads would take hours, so deep mode gets a small logistic
combiner (`detector.document.deep_model.FEATURES`: the fast head's log-odds and the verified spans'
summed scores per 1,000 words) fitted on the calibrate part only: the Wikipedia validation split and the validation
news articles (neither taught the window scorer, the deep tier's second stage or the fast
heads anything), each clean and spun once with Moby at a share of its words from
`doc_corpus.SHARES`. The decision threshold is the 95th percentile of those clean documents'
scores (5.2% flagged in sample; the fast heads' `threshold_at_fpr` would give 0.60). MyThes stays out: it is the cross-source test (`benchmarks/quality.py --deep`).

Run: python -m detector.training.deep_doc_model   (needs the `detector[deep]` extra; about 20
minutes on 2 cores; the analysed documents are cached, so refits take seconds)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from typing import Any

import numpy as np

from detector.model_files import write_manifest
from detector.resources import cache_dir
from detector.training.doc_model import DATA, ece
from detector.training.doc_model import MAX_FALSE_POSITIVE_RATE as FALSE_POSITIVE_BUDGET  # the fast heads' budget

SEED = 20261123
C = 1.0  # inverse L2 strength of the logistic combiner (features are few and on similar scales)


def documents(part: str = "calibrate") -> list[dict[str, Any]]:
    """Every clean document of the part, and once more spun with Moby at the next share."""
    from detector.training.doc_corpus import SHARES, clean_texts
    from detector.training.spinner import replaced_share, spin_words

    out = []
    for i, (group, text) in enumerate(clean_texts(part)):
        out.append({"group": group, "source": "clean", "share": 0.0, "replaced": 0.0, "text": text})
        share = SHARES[i % len(SHARES)]
        spun = spin_words(text, share, "moby", seed=SEED + i)
        out.append(
            {
                "group": group,
                "source": "moby",
                "share": share,
                "replaced": replaced_share(text, spun),
                "text": spun.text,
            }
        )
    return out


def analyse(texts: list[str]) -> list[dict[str, float]]:
    """Per text: the fast head's probability and the deep tier's span evidence (`evidence`)."""
    from detector import api
    from detector.document import deep_model as deep_doc_model
    from detector.document import model as doc_model

    head = doc_model.load().heads["spun"]
    rows = []
    for text in texts:
        analysis = api.examine(text, deep=True)  # as `score` runs it: the dense gate included
        if analysis.features is None:
            rows.append({"fast_p": float("nan"), "words": analysis.report.n_words})
            continue
        spans = analysis.report.spans
        rows.append(
            {
                "fast_p": float(head.probability(analysis.features)),
                "words": analysis.report.n_words,
                **dict(
                    zip(deep_doc_model.EVIDENCE, deep_doc_model.evidence(spans, analysis.report.n_words), strict=True)
                ),
            }
        )
    return rows


def _digest(docs: list[dict[str, Any]]) -> str:
    h = hashlib.sha256()
    for d in docs:
        h.update(f"{d['source']}|{d['share']}|".encode())
        h.update(d["text"].encode())
    return h.hexdigest()


def collect(docs: list[dict[str, Any]], jobs: int) -> list[dict[str, Any]]:
    """Analysed rows, cached by the documents and the model files they depend on."""
    from joblib import Parallel, delayed

    from detector.document.deep_model import depends_on

    key = hashlib.sha256((_digest(docs) + json.dumps(depends_on(), sort_keys=True)).encode()).hexdigest()
    path = cache_dir() / f"deep_doc_rows-{key[:16]}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    texts = [d["text"] for d in docs]
    chunks = [texts[k : k + 10] for k in range(0, len(texts), 10)]
    parts = Parallel(n_jobs=jobs, verbose=5)(delayed(analyse)(c) for c in chunks)
    rows = [
        {**{k: v for k, v in d.items() if k != "text"}, **r}
        for d, r in zip(docs, (r for part in parts for r in part), strict=True)
    ]
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(rows), encoding="utf-8")
    tmp.replace(path)
    return rows


def _matrix(rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(FEATURES matrix, labels, shares) of the scored rows."""
    from detector.document.deep_model import EVIDENCE, inputs

    kept = [r for r in rows if np.isfinite(r["fast_p"])]
    x = inputs(
        np.array([r["fast_p"] for r in kept]),
        np.array([r["words"] for r in kept]),
        np.array([[r[k] for k in EVIDENCE] for r in kept]),
    )
    return x, np.array([int(r["source"] != "clean") for r in kept]), np.array([r["share"] for r in kept])


def _auc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, p)), 4)


def cross_validated(x: np.ndarray, y: np.ndarray, columns: list[int], folds: int = 5) -> np.ndarray:
    """Out-of-fold probabilities of a logistic fit on `columns` (stratified, fixed seed)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros(len(y))
    for fit, held in StratifiedKFold(folds, shuffle=True, random_state=SEED).split(x, y):
        model = LogisticRegression(C=C).fit(x[fit][:, columns], y[fit])
        out[held] = model.predict_proba(x[held][:, columns])[:, 1]
    return out


def metrics(y: np.ndarray, share: np.ndarray, p: np.ndarray) -> dict[str, float]:
    clean = y == 0
    out = {"roc_auc": _auc(y, p), "ece": round(float(ece(p, y)), 4)}
    for s in sorted(set(share[~clean])):
        sel = clean | (share == s)
        out[f"roc_auc_share_{s}"] = _auc(y[sel], p[sel])
    return out


def fit(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Coefficients, threshold and held-out figures of the combiner, as the manifest stores them."""
    from sklearn.linear_model import LogisticRegression

    from detector.document.deep_model import FEATURES

    x, y, share = _matrix(rows)
    # Out-of-fold figures of the fast head alone and of the combiner.
    compared = {
        "fast head alone": metrics(y, share, cross_validated(x, y, [0])),
        "combiner": metrics(y, share, cross_validated(x, y, list(range(len(FEATURES))))),
    }
    model = LogisticRegression(C=C).fit(x, y)
    p = model.predict_proba(x)[:, 1]
    threshold = float(np.quantile(p[y == 0], 1 - FALSE_POSITIVE_BUDGET))
    return {
        "features": list(FEATURES),
        "coef": [round(float(c), 6) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "threshold": round(threshold, 4),
        "regularization_C": C,
        "documents": {"clean": int((y == 0).sum()), "spun": int((y == 1).sum())},
        "validation_out_of_fold": compared,
        "flagged_clean_in_sample": round(float((p[y == 0] >= threshold).mean()), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m detector.training.deep_doc_model", description=__doc__)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--collect-only", action="store_true", help="analyse and cache the documents, fit nothing")
    args = parser.parse_args(argv)
    started = time.time()
    docs = documents()
    rows = collect(docs, args.jobs)
    print(f"{len(rows)} documents analysed in {time.time() - started:.0f} s", file=sys.stderr)
    if args.collect_only:
        return 0
    from detector.document.deep_model import MODEL_FILE, depends_on

    manifest = {
        **fit(rows),
        "data": {"part": "calibrate", "sources": ["clean", "moby"], "sha256": _digest(docs)},
        "depends_on": depends_on(),
        "command": "python -m detector.training.deep_doc_model",
    }
    for name, figures in manifest["validation_out_of_fold"].items():
        print(name, json.dumps(figures), file=sys.stderr)
    (DATA / MODEL_FILE).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    write_manifest(DATA)
    print(f"wrote {DATA / MODEL_FILE} in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
