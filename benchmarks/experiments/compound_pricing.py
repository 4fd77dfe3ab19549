"""Suggestions: what a restoration that joins two words ("jug neck" -> "bottleneck") or reorders
"X of Y" costs in the restoration search.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/compound_pricing.py   # ~15 min

Variants of `spans/discovery/restoration.py` (one-off patches): the joined word priced as a swap
of its own at its position (before: it is no candidate of either word, so it took the ranker's
floor share and could never beat the two words it joins), and the shipped pricing, its parts'
swaps plus JOIN_COST, at several JOIN_COST values. Each is measured as `search_moves.py` measures:
the sets of `restoration.py` (team dev validation, where the constant is chosen; team evaluation;
the outside devset, reported only), Wikipedia validation leads spun at 20% by Moby and by MyThes,
and the PPS test pairs planted in team sentences (discovery alone).
Writes `benchmarks/experiments/results/compound_pricing.json`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

import search_moves

from detector.spans.discovery import restoration

OUT = ROOT / "benchmarks" / "experiments" / "results" / "compound_pricing.json"
_length_changes = restoration._length_changes


def _priced_as_a_swap(*args, **kwargs):  # type: ignore[no-untyped-def]
    """The moves with no extra cost: value() then prices the joined word as a swap at its position."""
    *head, _penalty_of = args
    return [(trial, 0.0) for trial, _ in _length_changes(*head, lambda p, alt: 0.0)]


VARIANTS: dict[str, Callable[[], AbstractContextManager[object]]] = {
    "joined word priced as a swap (before)": lambda: mock.patch.object(
        restoration, "_length_changes", _priced_as_a_swap
    ),
    **{
        f"parts plus JOIN_COST {cost}": (lambda cost=cost: mock.patch.object(restoration, "JOIN_COST", cost))
        for cost in (0.0, 0.5, 1.0, 2.0)
    },
}


def main() -> int:
    return search_moves.run_variants(VARIANTS, OUT)


if __name__ == "__main__":
    raise SystemExit(main())
