"""The document classifier: calibrated probabilities that a text was spun or machine-translated,
with the features that moved them, in words.

Three LightGBM heads share the document features (`doc_features`): `spun` (synonym spinning,
trained on spun against clean prose), `mt` (machine translation, trained on MT output
against human English) and `kind` (for a text already judged altered: machine-translated
rather than spun, trained on altered documents only). The first two never see each other's
positives, so a back-translated text full of calques reads as altered to both; `kind` is the
question that tells them apart (`scoring.finish` uses it for the label). Each raw margin goes through a sigmoid fitted on held-out documents
(Platt scaling), so 0.8 means "about 8 in 10 documents scored like this were positive" on
data like the training mix; each head's decision threshold was chosen on that held-out part.
Both are stored in the manifest with the models' hashes, checked on load: a missing, altered
or mismatched file is an error naming the file, never a silent fallback. Nothing is unpickled.

`python -m detector.train` rebuilds the files (see `detector/training/doc_model.py`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from detector.document.features import FEATURE_NAMES, FEATURES
from detector.model_files import ModelFileError, field, read_manifest, read_model
from detector.resources import data_file

__all__ = ["HEADS", "DocModel", "Head", "ModelFileError", "load", "reasons"]

MANIFEST_FILE = "doc_model.json"
HEADS = ("spun", "mt", "kind")
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Head:
    name: str
    booster: Any
    slope: float  # Platt scaling: p = 1 / (1 + exp(-(slope * margin + intercept)))
    intercept: float
    threshold: float
    ignored: tuple[int, ...] = ()  # feature positions this head was trained without
    # (below this many words, threshold) pairs, shortest first: a short text gives a noisy
    # per-word mean, so its label needs a higher probability (`training/length_thresholds.py`).
    length_thresholds: tuple[tuple[int, float], ...] = ()

    def threshold_for(self, words: int) -> float:
        """The decision threshold for a text of `words` words: the first length bucket it falls
        below, else the stored threshold."""
        for below, threshold in self.length_thresholds:
            if words < below:
                return threshold
        return self.threshold

    def _row(self, features: np.ndarray) -> np.ndarray:
        row = np.array(features, dtype=np.float64).reshape(1, -1)
        row[0, list(self.ignored)] = np.nan
        return row

    def probability(self, features: np.ndarray) -> float:
        margin = float(self.booster.predict(self._row(features), raw_score=True, num_threads=1)[0])
        return 1.0 / (1.0 + math.exp(-(self.slope * margin + self.intercept)))

    def contributions(self, features: np.ndarray) -> np.ndarray:
        """Per-feature contributions to the raw margin (LightGBM SHAP values), bias dropped."""
        row = self.booster.predict(self._row(features), pred_contrib=True, num_threads=1)[0]
        return np.asarray(row[:-1], dtype=np.float64)


@dataclass(frozen=True)
class DocModel:
    heads: dict[str, Head]
    manifest: dict[str, Any]


def _load_head(name: str, manifest: dict[str, Any], manifest_path: Path) -> Head:
    import lightgbm

    heads = field(manifest, "heads", manifest_path)
    if name not in heads:
        raise ModelFileError(f"{manifest_path} has no {name!r} head; reinstall the package")
    entry = heads[name]
    text = read_model(data_file(field(entry, "file", manifest_path)), entry.get("sha256"), manifest_path)
    ignored = entry.get("ignored_features", ())
    unknown = [n for n in ignored if n not in FEATURE_NAMES]
    if unknown:
        raise ModelFileError(f"{manifest_path} ignores unknown features {unknown}; run `python -m detector.train`")
    try:
        calibration = entry["calibration"]
        slope, intercept, threshold = (
            float(calibration["slope"]),
            float(calibration["intercept"]),
            float(entry["threshold"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(f"{manifest_path}: the {name!r} head's calibration is incomplete ({error})") from error
    return Head(
        name,
        lightgbm.Booster(model_str=text),
        slope,
        intercept,
        threshold,
        tuple(FEATURE_NAMES.index(n) for n in ignored),
        _length_thresholds(name, entry, threshold, manifest_path),
    )


def _length_thresholds(
    name: str, entry: dict[str, Any], threshold: float, manifest_path: Path
) -> tuple[tuple[int, float], ...]:
    """A head's per-length thresholds, checked: word counts rising, thresholds at most 1 and
    falling with length down to the stored one (a longer text never needs more evidence)."""
    block = entry.get("length_thresholds", {"buckets": []})
    try:
        pairs = tuple((int(row["below_words"]), float(row["threshold"])) for row in block["buckets"])
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(
            f"{manifest_path}: the {name!r} head's length thresholds are incomplete ({error})"
        ) from error
    words = [w for w, _ in pairs]
    values = [t for _, t in pairs] + [threshold]
    rising = all(a < b for a, b in itertools.pairwise(words))
    falling = all(a >= b for a, b in itertools.pairwise(values))
    if not (rising and falling and values[0] <= 1.0):
        raise ModelFileError(
            f"{manifest_path}: the {name!r} head's length thresholds must rise in words and fall to its "
            f"threshold {threshold}; run `python -m detector.training.length_thresholds`"
        )
    return pairs


@lru_cache(maxsize=1)
def load() -> DocModel:
    """The shipped document model, checked against its manifest (once per process)."""
    path = data_file(MANIFEST_FILE)
    manifest = read_manifest(path)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(f"{path} has format {manifest.get('format_version')!r}, this code reads {FORMAT_VERSION}")
    if tuple(manifest.get("features", ())) != FEATURE_NAMES:
        raise ModelFileError(f"{path} lists other features than this code computes; run `python -m detector.train`")
    return DocModel({name: _load_head(name, manifest, path) for name in HEADS}, manifest)


def _number(unit: str, value: float) -> str:
    """A value as a reviewer reads it: shares and probabilities as percentages, the length of the
    text in words (not its log), other counts and lengths with their unit."""
    if unit in ("share", "probability", "mean probability"):
        return f"{value:.0%}"
    if unit == "log10 words":
        return f"{10**value:,.0f} words"
    if unit == "per 1,000 words":
        return f"{value:.1f}"
    return f"{value:.1f} {unit}"


def _describe(name: str, value: float, typical: float | None = None) -> str:
    """One feature in words, with the value clean training text typically has, for scale. A log
    scale means nothing to a reviewer ("0.33 (mean log10 ratio)"), so such a feature reads as
    how many times higher or lower than in typical clean text it is."""
    what, unit = FEATURES[name]
    if math.isnan(value):  # a sentence has no spread of sentence lengths, no 50-word stretch
        return f"{what}: not measurable in a text this short"
    usual = math.nan if typical is None else typical
    known = not math.isnan(usual)
    if ("log" in unit or "Zipf" in unit) and unit != "log10 words":  # Zipf frequency is a log10 too
        if not known:
            return f"{what}: {value:.2f} ({unit})"
        factor = (math.e if "odds" in unit else 10.0) ** abs(value - usual)
        direction = "higher" if value > usual else "lower"
        if factor < 1.25:
            return f"{what}: about the same as in typical clean text"
        if factor < 2:
            return f"{what}: slightly {direction} than in typical clean text"
        return f"{what}: about {factor:,.0f} times {direction} than in typical clean text"
    scale = f" (typical clean text {_number(unit, usual)})" if known else ""
    if unit == "per 1,000 words":
        return f"{value:.1f} {what} per 1,000 words{scale}"
    return f"{what}: {_number(unit, value)}{scale}"


def reasons(head: Head, features: np.ndarray, top: int = 3) -> tuple[str, ...]:
    """The features that moved this head's score most, strongest first, in plain words,
    each marked as raising (+) or lowering (-) the score, with the typical clean value."""
    typical = load().manifest.get("clean_medians", {})
    contrib = head.contributions(features)
    order = np.argsort(-np.abs(contrib))[:top]
    out = []
    for i in order:
        if abs(contrib[i]) < 0.05:
            break
        sign = "+" if contrib[i] > 0 else "-"
        name = FEATURE_NAMES[i]
        out.append(f"{sign} {_describe(name, float(features[i]), typical.get(name))}")
    return tuple(out)
