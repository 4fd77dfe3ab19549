"""Suggestions: how likely the restoration search holds an unflagged neighbour to be swapped.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/neighbour_prior.py   # ~40 min

Hand spinners often swap both words of a term ("vitality assimilation" for "energy
absorption") where the windows flag one; the search may change the other at the channel's
price, whose swap odds are floored at `restoration.NEIGHBOUR_FLOOR` (0.2, chosen against 0.1).
Variants measured as in `search_moves.py` (team dev validation chooses), plus the same Wikipedia
validation leads spun at 40% (300 each), where most neighbours of a swap are swapped too:

- floor 0.2 (shipped); 0.3; 0.4.

Writes `benchmarks/experiments/results/neighbour_prior.json`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import run_variants, synthetic

from detector.spans.discovery import restoration

OUT = ROOT / "benchmarks" / "experiments" / "results" / "neighbour_prior.json"
HEAVY_RATE, HEAVY_DOCS = 0.4, 300


def heavy() -> dict[str, dict[str, dict[str, float]]]:
    return {"synthetic 40%": synthetic(HEAVY_RATE, HEAVY_DOCS, seed=7000)}


VARIANTS = {
    f"neighbour floor {floor:g}{' (shipped)' if floor == restoration.NEIGHBOUR_FLOOR else ''}": (
        lambda floor=floor: mock.patch.object(restoration, "NEIGHBOUR_FLOOR", floor)
    )
    for floor in (0.2, 0.3, 0.4)
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT, heavy))
