"""Suggestions: the restoration search's channel constants, checked again on today's search.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/channel_retune.py   # ~25 min

RARITY_WEIGHT, PRIOR_SHARPNESS, CHANNEL_BIAS and LOOSE_LINK_COST were chosen on team dev
validation when the search was simpler (4-6 candidates from 160-long lists, no pair moves, no
reach across a function word). One step each way from every shipped value (LOOSE_LINK_COST in
four steps), and the two best steps together, measured as in `search_moves.py` (team dev
validation chooses).

Writes `benchmarks/experiments/results/channel_retune.json`.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import run_variants

from detector.spans.discovery import restoration

OUT = ROOT / "benchmarks" / "experiments" / "results" / "channel_retune.json"
STEPS = {
    "RARITY_WEIGHT": (0.4, 0.6),
    "PRIOR_SHARPNESS": (2.5, 4.0),
    "CHANNEL_BIAS": (-1.25, -0.75),
    "LOOSE_LINK_COST": (0.75, 1.25, 1.5, 2.0),
}


def _together(**values: float) -> ExitStack:
    stack = ExitStack()
    for name, value in values.items():
        stack.enter_context(mock.patch.object(restoration, name, value))
    return stack


VARIANTS = {
    "shipped": lambda: mock.patch.object(restoration, "MAX_OPTIONS", restoration.MAX_OPTIONS),
    **{
        f"{name} {value:g} (shipped {getattr(restoration, name):g})": (
            lambda name=name, value=value: mock.patch.object(restoration, name, value)
        )
        for name, values in STEPS.items()
        for value in values
    },
    "LOOSE_LINK_COST 1.5 and PRIOR_SHARPNESS 2.5": lambda: _together(LOOSE_LINK_COST=1.5, PRIOR_SHARPNESS=2.5),
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
