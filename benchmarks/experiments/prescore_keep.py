"""Suggestions: how many of a word's neighbours the pre-score keeps for the ranker.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/prescore_keep.py   # ~25 min

The ranker reads PRESCORE_KEEP neighbours of each flagged word, cut from the restoration
table's lists by a cheap bigram pre-score (`ranking._pool`). Those lists grew from 160 to 320
entries (docs/experiments.md, "longer candidate lists"), so the same cut now drops a larger
share; `suggestion_funnel.py` counts the originals it loses. Variants measured as in
`search_moves.py`; the shipped ranker reads every pool size (it scores candidates one by one).

Writes `benchmarks/experiments/results/prescore_keep.json`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import run_variants

from detector.spans.discovery import ranking

OUT = ROOT / "benchmarks" / "experiments" / "results" / "prescore_keep.json"

VARIANTS = {
    f"{keep} neighbours{' (shipped)' if keep == ranking.PRESCORE_KEEP else ''}": (
        lambda keep=keep: mock.patch.object(ranking, "PRESCORE_KEEP", keep)
    )
    for keep in (32, 48, 64)
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
