"""Suggestions: may the restoration search leave a flagged word as written? (not kept)

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/keep_flagged.py   # ~20 min

The windows flag a word because they believe it was swapped; the search may still keep it when
the trigram LM prefers the text as written, and change a neighbour instead ("clerical staff"
kept where the ranker's first choice was right). A one-off patch charges a cost (log10) for each
flagged word the search leaves as written. Variants measured as in `search_moves.py` (team dev
validation chooses): 0 (shipped), 0.5, 1, 2.

Writes `benchmarks/experiments/results/keep_flagged.json`.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import flagged_value_patch, run_variants

OUT = ROOT / "benchmarks" / "experiments" / "results" / "keep_flagged.json"


def _charging(cost: float) -> ExitStack:
    """The search with each flagged word left as written priced at `cost`."""
    return flagged_value_patch(
        lambda value, flagged: (
            lambda current, extra_cost=0.0: value(current, extra_cost) - cost * sum(p not in current for p in flagged)
        )
    )


VARIANTS = {
    f"keep cost {cost:g}{' (shipped)' if cost == 0 else ''}": (lambda cost=cost: _charging(cost))
    for cost in (0.0, 0.5, 1.0, 2.0)
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
