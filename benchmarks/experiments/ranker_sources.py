"""Suggestions: how much the restoration ranker should learn from Moby-spun text.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/ranker_sources.py   # ~20 min

The ranker (`training.restoration_ranker`) learns which neighbour was the original from
synthetic spins by Moby and by MyThes, the PPS training pairs and the team's development data.
The two synthetic spinners differ in kind: of the gold swaps that the restoration table links,
a real link (MyThes agrees, the team listed it, spinners were seen making it:
`thesaurus.REAL_LINKS`) holds 0.19 of Moby-spun Wikipedia validation's swaps, 0.98 of
MyThes-spun, and 0.84 / 0.875 / 0.848 of team dev validation / team evaluation / outside devset
(an analysis of gold pairs, nothing fitted). Spinners seen in the wild pick real synonyms; Moby's
spins teach loose relations. Variants: the ranker retrained as shipped (control), with the
Moby-spun rows weighted 0.5, and without them. Measured through the full fast tier as
`search_moves.py` measures.

Writes `benchmarks/experiments/results/ranker_sources.json`.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import ranker_patch, run_variants

from detector.spans.discovery import ranking
from detector.training import discovery as spinning
from detector.training import restoration_ranker as R
from detector.training.boosting import binary_params

OUT = ROOT / "benchmarks" / "experiments" / "results" / "ranker_sources.json"


def training_parts_by_source() -> dict[str, list]:
    """`restoration_ranker.training_parts()` with the synthetic parts split by the spinner each
    spun document drew (clean documents carry no rows and are dropped)."""
    drawn: list[str] = []
    spin = spinning.spin

    def recording(text, rate, source, seed):
        drawn.append(source)
        return spin(text, rate, source, seed=seed)

    with mock.patch.object(spinning, "spin", recording):
        parts = R.training_parts()
    spun = [e for e in parts["wikipedia"] + parts["modern"] if not e[2]]
    assert len(spun) == len(drawn)
    by_source = {s: [e for e, d in zip(spun, drawn, strict=True) if d == s] for s in ("moby", "mythes")}
    return {**by_source, "real": parts["team"] + parts["pps"]}


def training_rows() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    parts = training_parts_by_source()
    out = {}
    for name, examples in parts.items():
        x, y, _, counts = R.rows(examples)
        print(name, counts, flush=True)
        out[name] = (x, y)
    return out


def booster(rows: dict[str, tuple[np.ndarray, np.ndarray]], moby_weight: float):
    import lightgbm

    names = [n for n in rows if n != "moby" or moby_weight > 0]
    x = np.vstack([rows[n][0] for n in names])
    y = np.concatenate([rows[n][1] for n in names])
    w = np.concatenate([np.full(len(rows[n][1]), moby_weight if n == "moby" else 1.0) for n in names])
    params = binary_params(R.SEED, learning_rate=R.LEARNING_RATE, min_data=50)
    data = lightgbm.Dataset(x, y, weight=w, feature_name=list(ranking.RANK_FEATURES))
    return lightgbm.train(params, data, num_boost_round=R.ROUNDS)


def main() -> int:
    shipped = ranking.load_ranker()
    assert shipped is not None
    rows = training_rows()

    def variant(weight: float | None):
        def patch() -> ExitStack:
            return ranker_patch(shipped if weight is None else ranking.Ranker(booster(rows, weight), shipped.manifest))

        return patch

    variants = {
        "shipped": variant(None),
        "retrained as shipped (control)": variant(1.0),
        "Moby-spun rows weighted 0.5": variant(0.5),
        "no Moby-spun rows": variant(0.0),
    }
    return run_variants(variants, OUT)


if __name__ == "__main__":
    raise SystemExit(main())
