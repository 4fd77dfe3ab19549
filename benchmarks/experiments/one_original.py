"""Suggestions: one written word, one original (`spans/discovery/consistency.py`).

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/one_original.py   # ~20 min

Where two occurrences of one written word were restored to different words, each is searched
again with `restoration.CONSISTENCY_BONUS` off the swap to what the others became. Variants
measured as in `search_moves.py` (team dev validation chooses):

- no second search (before); bonus 0.5 / 1 (shipped) / 2 log10.

Writes `benchmarks/experiments/results/one_original.json`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import run_variants

from detector.spans import discovery
from detector.spans.discovery import restoration

OUT = ROOT / "benchmarks" / "experiments" / "results" / "one_original.json"

VARIANTS = {
    "no second search (before)": lambda: mock.patch.object(discovery, "others_choices", lambda *args: {}),
    **{
        f"bonus {bonus:g}{' (shipped)' if bonus == restoration.CONSISTENCY_BONUS else ''}": (
            lambda bonus=bonus: mock.patch.object(restoration, "CONSISTENCY_BONUS", bonus)
        )
        for bonus in (0.5, 1.0, 2.0)
    },
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
