"""Suggestions: one restoration ranker or the mean of several trained with other seeds.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/ranker_ensemble.py   # ~25 min

`ranker_sources.py` found that the ranker retrained on the same rows in another order (so other
bagged samples) gives suggestions right 0.544 / 0.570 / 0.434 (team dev validation / team
evaluation / outside devset) against the shipped 0.559 / 0.578 / 0.443: the figures carry the
variance of one bagged model. Here the shipped training rows (`training.restoration_ranker`, same
order) are refit with seeds 23-27, and the mean probability of 3 and of 5 of them is the ranker.
(The seed-23 refit is not the shipped model, though its rows count the same: the script says so.) Measured through the full fast tier as
`search_moves.py` measures.

Writes `benchmarks/experiments/results/ranker_ensemble.json`.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import ranker_patch, run_variants

from detector.spans.discovery import ranking
from detector.training import restoration_ranker as R
from detector.training.boosting import binary_params

OUT = ROOT / "benchmarks" / "experiments" / "results" / "ranker_ensemble.json"
SEEDS = (23, 24, 25, 26, 27)


class Mean:
    """A booster stand-in: the mean probability of several boosters."""

    def __init__(self, boosters: list) -> None:
        self.boosters = boosters

    def predict(self, rows: np.ndarray, num_threads: int | None = None) -> np.ndarray:
        return np.mean([b.predict(rows, num_threads=num_threads) for b in self.boosters], axis=0)


def boosters() -> dict[int, object]:
    import lightgbm

    train = [e for part in R.training_parts().values() for e in part]
    x, y, _, counts = R.rows(train)
    print(counts, flush=True)
    data = lightgbm.Dataset(x, y, feature_name=list(ranking.RANK_FEATURES), free_raw_data=False)
    return {
        seed: lightgbm.train(binary_params(seed, learning_rate=R.LEARNING_RATE, min_data=50), data, R.ROUNDS)
        for seed in SEEDS
    }


def main() -> int:
    shipped = ranking.load_ranker()
    assert shipped is not None
    models = boosters()
    probe = np.random.default_rng(0).normal(size=(200, len(ranking.RANK_FEATURES)))
    same = np.allclose(models[R.SEED].predict(probe), shipped.booster.predict(probe))
    print("seed 23 refit equals the shipped ranker:", same, flush=True)

    def variant(booster):
        def patch() -> ExitStack:
            return ranker_patch(shipped if booster is None else ranking.Ranker(booster, shipped.manifest))

        return patch

    variants = {
        "shipped (seed 23)": variant(None),
        "seed 24": variant(models[24]),  # refits; 23's differs from the shipped model
        "seed 25": variant(models[25]),
        "mean of seeds 23-25": variant(Mean([models[s] for s in SEEDS[:3]])),
        "mean of seeds 23-27": variant(Mean([models[s] for s in SEEDS])),
    }
    return run_variants(variants, OUT)


if __name__ == "__main__":
    raise SystemExit(main())
