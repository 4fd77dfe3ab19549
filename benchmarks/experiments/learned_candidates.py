"""Suggestions: the originals spinners were seen writing a word for, always in reach.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/learned_candidates.py   # ~10 min

After swaps seen more often were priced lower (`seen_swaps.py`), a learned original can still
be lost before the search weighs it: cut by the ranker's pre-score (32 of up to 320 neighbours
stay) or ranked below the six the search tries. Of the team sets' words lost at those stages
(`suggestion_funnel.py`), 35 of 168 have a learned link to their original ("boss" -> "chief"
seen 8 times, "organizations" -> "networks" 17); of the outside devset's, none. Variants: the
learned links cut by the pre-score as any neighbour (before), or always kept in its pool
(`ranking.KEEP_LEARNED`, shipped). Measured as `search_moves.py`.

Writes `benchmarks/experiments/results/learned_candidates.json`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import run_variants

from detector.spans.discovery import ranking

OUT = ROOT / "benchmarks" / "experiments" / "results" / "learned_candidates.json"


VARIANTS = {
    "learned links cut as any neighbour (before)": lambda: mock.patch.object(ranking, "KEEP_LEARNED", False),
    "learned links kept in the pool (shipped)": lambda: mock.patch.object(ranking, "KEEP_LEARNED", True),
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
