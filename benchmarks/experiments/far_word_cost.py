"""Suggestions: a word across a function word joins the restoration search at a price (kept, 1.5).

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/far_word_cost.py   # ~40 min

Reaching across one function word (`wider_stretch.py`) restores idioms whose second word the
spinner swapped too ("requests of size" -> "orders of magnitude", "hoists the prize" -> "lifts
the trophy"), but at the ordinary channel price such a word changed wrongly often enough that
the synthetic validation spins lost 0.02. The farther word pays `restoration.FAR_WORD_COST`
log10 more for any change, so only a large gain in fit moves it. Variants measured as in
`search_moves.py` (team dev validation chooses):

- no reach: the search changes the stretch and its adjacent content words only (before);
- across a function word at +1 / +1.5 (shipped) / +2 / +3 log10.

Writes `benchmarks/experiments/results/far_word_cost.json`.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import run_variants

from detector.spans import discovery
from detector.spans.discovery import restoration

OUT = ROOT / "benchmarks" / "experiments" / "results" / "far_word_cost.json"


def _variant(cost: float | None) -> ExitStack:
    stack = ExitStack()
    if cost is None:
        for module in (restoration, discovery):
            stack.enter_context(mock.patch.object(module, "positions_of", restoration.stretch_of))
    else:
        stack.enter_context(mock.patch.object(restoration, "FAR_WORD_COST", cost))
    return stack


VARIANTS = {
    "no reach (before)": lambda: _variant(None),
    **{
        f"across a function word, +{cost:g} log10{' (shipped)' if cost == restoration.FAR_WORD_COST else ''}": (
            lambda cost=cost: _variant(cost)
        )
        for cost in (1.0, 1.5, 2.0, 3.0)
    },
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
