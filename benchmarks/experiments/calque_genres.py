"""Calques across genres: does learning from more genres help the one left out?

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/calque_genres.py   # about 10 minutes

The calque scorer (`training.calque_model`) is fitted on the calques of validation round trips
through Apertium's Spanish, Catalan and Galician. For each set of training genres below, the
scorer is fitted and its threshold chosen exactly as the trainer does (clean validation prose,
0.2 cross-fitted false spans per 1,000 words), then measured as `calques.py --test` measures the
shipped one: calques found and precision in test round trips (eight sentences a text) of
software licences, of State of the Union addresses and of PubMed and BBC News, through Spanish
and Galician, and false spans on the clean test prose. A genre's row is held out where it is not
among the training genres. Round trips: `python -m detector.training.roundtrip --source S
--split val|test --pivot ...`, as the trainer's and `calques.py`'s docstrings say. Writes
benchmarks/experiments/results/calque_genres.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from unittest import mock

import numpy as np

from detector.training import calque_model

sys.path.insert(0, str(Path(__file__).resolve().parent))
from calques import ROOT, clean_texts, measure, round_trips  # the calque experiment's measures

GENRE_SETS = (
    ("pubmed", "bbc", "wiki"),
    ("pubmed", "bbc", "wiki", "sotu"),
    ("pubmed", "bbc", "wiki", "licences"),
    ("pubmed", "bbc", "wiki", "sotu", "licences"),
)
TESTS = {"licences": ("licences",), "sotu": ("sotu",), "pubmed and bbc": ("pubmed", "bbc")}


class Scorer:
    """A fitted booster with its threshold, in the shipped scorer's interface."""

    def __init__(self, booster, threshold: float) -> None:  # type: ignore[no-untyped-def]
        self.booster, self.threshold = booster, threshold

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        return self.booster.predict(matrix)


def main() -> int:
    import lightgbm

    clean = clean_texts("test", devset=True)
    tests = {name: round_trips("test", ("es", "gl"), sources) for name, sources in TESTS.items()}
    results = {}
    for genres in GENRE_SETS:
        with mock.patch.object(calque_model, "SOURCES", genres):
            matrix, labels, groups, words = calque_model.rows("val")
        cut = calque_model.threshold(matrix, labels, groups, words)
        booster = lightgbm.train(calque_model.PARAMS, lightgbm.Dataset(matrix, labels), calque_model.ROUNDS)
        row: dict = {"calques_fitted": int(labels.sum()), "threshold": round(cut, 3)}
        for name, trips in tests.items():
            measured = measure(trips, clean if name == "licences" else [], Scorer(booster, cut))
            if name == "licences":
                row["clean_false_per_1k"] = measured.pop("clean")["false_per_1k"]
            row[name] = {
                pivot: {"recall": v["recall"], "precision": v["precision"]}
                for pivot, v in measured.items()
                if pivot != "clean"
            }
        results[" + ".join(genres)] = row
        print(" + ".join(genres), json.dumps(row), flush=True)
    out = ROOT / "benchmarks" / "experiments" / "results" / "calque_genres.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
