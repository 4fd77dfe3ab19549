"""The document score in deep mode: the fast head's verdict plus the spans the neural LM kept.

The fast spun head (`doc_model`) reads the fast tier's window evidence, which cannot tell a
document with 5% of its words swapped from clean prose well (ROC AUC 0.82 cross-source). The
deep tier's verified spans can (validation: 0.91 from spans per 1,000 words alone,
`benchmarks/experiments/doc_low_share.py --deep`), but running the neural LM over the fast heads' 25k fit
documents would take hours. So deep mode adds a logistic combiner with few inputs (FEATURES:
the fast head's log-odds and the verified spans' summed scores per 1,000 words), fitted on held-out
documents by `python -m detector.training.deep_doc_model`. It is calibrated by construction
(a logistic fit on the population it scores) and ships as JSON: coefficients, threshold,
data hash and validation metrics; no pickle.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from detector.model_files import ModelFileError, field, read_manifest
from detector.resources import data_file
from detector.types import Span, SpanKind

MODEL_FILE = "deep_doc_model.json"
# Raw evidence per document, from the verified discovery spans.
EVIDENCE = ("deep_spans", "deep_strength", "deep_max")
# Inputs of the combiner, in order (see `inputs`). The verified spans enter as their summed
# scores per 1,000 words: with their count per 1,000 words and the best score as well, the
# held-out figures were the same (validation, out of fold: ROC AUC 0.960 either way, 5% of words
# 0.928 against 0.928), and the collinear extras took negative weights, so more confirmed
# phrases could have lowered a score.
FEATURES = ("fast_logit", "deep_strength_per_1k")
# The model files whose outputs the combiner was fitted on: retraining any of them makes its
# inputs mean something else, so `load` refuses a combiner fitted on other versions. The second
# stage's manifest counts too: its threshold decides which spans the deep tier adds.
DEPENDS_ON = ("doc_model_spun.txt", "deep_model.txt", "deep_model.json", "discovery_model.txt")
MIN_WORDS = 150  # densities of shorter texts count them as this long, so one span is not a flood
EPS = 1e-4


def evidence(spans: Sequence[Span], words: int) -> tuple[float, float, float]:
    """(count, summed score, best score) of the verified discovery spans of a document."""
    scores = [float(s.score) for s in spans if s.kind == SpanKind.DISCOVERY]
    return float(len(scores)), float(sum(scores)), float(max(scores, default=0.0))


def inputs(fast_p: np.ndarray, words: np.ndarray, raw: np.ndarray) -> np.ndarray:
    """The combiner's FEATURES from the fast probability, word counts and EVIDENCE rows."""
    fast_p = np.clip(np.asarray(fast_p, np.float64), EPS, 1 - EPS)
    per_1k = 1000.0 / np.maximum(np.asarray(words, np.float64), MIN_WORDS)
    raw = np.atleast_2d(np.asarray(raw, np.float64))
    return np.column_stack([np.log(fast_p / (1 - fast_p)), np.log1p(raw[:, 1] * per_1k)])


@dataclass(frozen=True)
class DeepDocModel:
    coef: np.ndarray
    intercept: float
    threshold: float

    def logit_parts(self, fast_p: float, words: int, spans: Sequence[Span]) -> tuple[float, float]:
        """(the fast head's share, the verified spans' share) of the combined log-odds."""
        x = inputs(np.array([fast_p]), np.array([words]), np.array([evidence(spans, words)]))[0]
        return float(x[0] * self.coef[0] + self.intercept), float(x[1:] @ self.coef[1:])

    def probability(self, fast_p: float, words: int, spans: Sequence[Span]) -> float:
        """P(spun) of one document from the fast head's probability and its verified spans."""
        z = sum(self.logit_parts(fast_p, words, spans))
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def reasons(model: DeepDocModel, fast_p: float, words: int, spans: Sequence[Span]) -> tuple[str, ...]:
    """What the deep tier's spans (the fast tier's and those the neural LM added) did to the
    score, in plain words (none when they did little)."""
    n, _, best = evidence(spans, words)
    _, deep_part = model.logit_parts(fast_p, words, spans)
    if n and deep_part >= 0.05:
        per_1k = n * 1000.0 / max(words, 1)
        plural = "s" if n != 1 else ""
        found = f"{n:.0f} tortured phrase{plural} with the neural language model's check"
        return (f"+ {found} ({per_1k:.1f} per 1,000 words; strongest {best:.2f})",)
    if not n and fast_p >= 0.5:
        return ("- no suspect phrase found, even with the neural language model's check",)
    return ()


def depends_on() -> dict[str, str]:
    """SHA-256 of each model file in DEPENDS_ON, as shipped."""
    return {name: hashlib.sha256(data_file(name).read_bytes()).hexdigest() for name in DEPENDS_ON}


RETRAIN = "retrain it with `python -m detector.training.deep_doc_model`"


@lru_cache(maxsize=1)
def load() -> DeepDocModel:
    """The shipped combiner, checked against FEATURES and the model files it was fitted on."""
    path = data_file(MODEL_FILE)
    manifest = read_manifest(path)
    names = tuple(field(manifest, "features", path))
    if names != FEATURES:
        raise ModelFileError(f"{path}: built for features {names}, this version reads {FEATURES}; {RETRAIN}")
    if field(manifest, "depends_on", path) != depends_on():
        raise ModelFileError(f"{path} was fitted on other versions of {', '.join(DEPENDS_ON)}; {RETRAIN}")
    values = [field(manifest, key, path) for key in ("coef", "intercept", "threshold")]
    try:
        coef, intercept, threshold = np.array(values[0], np.float64), float(values[1]), float(values[2])
    except (TypeError, ValueError) as error:
        raise ModelFileError(
            f"{path}: coefficients, intercept and threshold must be numbers ({error}); {RETRAIN}"
        ) from error
    if coef.shape != (len(FEATURES),) or not np.isfinite(coef).all():
        raise ModelFileError(f"{path}: coefficients do not match the {len(FEATURES)} features")
    return DeepDocModel(coef, intercept, threshold)
