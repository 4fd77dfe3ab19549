"""Suggestions: a cap on how many unflagged words one restoration may change (not kept).

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/neighbour_cap.py   # ~10 min

The trigram LM can pull a stretch to an unrelated common phrase by changing several weakly
linked words at once ("furrow your roads" -> "open your mouth"). A one-off patch makes every
combination that changes more than 1 / 2 words outside the flagged ones worthless. Variants
measured as in `search_moves.py` (team dev validation chooses).

Writes `benchmarks/experiments/results/neighbour_cap.json`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import flagged_value_patch, run_variants

from detector.spans.discovery import restoration

OUT = ROOT / "benchmarks" / "experiments" / "results" / "neighbour_cap.json"


def _capped(limit: int) -> ExitStack:
    """The search with any combination changing more than `limit` unflagged words ruled out."""

    def adjust(value: Callable[..., float], flagged: frozenset[int]) -> Callable[..., float]:
        def capped(current: dict[int, int], extra_cost: float = 0.0) -> float:
            if sum(p not in flagged for p in current) > limit:
                return float("-inf")
            return value(current, extra_cost)

        return capped

    return flagged_value_patch(adjust)


VARIANTS = {
    "no cap (shipped)": lambda: mock.patch.object(restoration, "MAX_OPTIONS", restoration.MAX_OPTIONS),
    **{f"at most {limit} unflagged word(s) changed": (lambda limit=limit: _capped(limit)) for limit in (1, 2)},
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
