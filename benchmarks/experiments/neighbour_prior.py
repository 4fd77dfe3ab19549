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

import spans as bench
from search_moves import run_variants

from detector.spans.discovery import restoration
from detector.text import tokenize
from detector.training.corpus import documents
from detector.training.span_eval import SpanTally, tally_document
from detector.training.spinner import spin

OUT = ROOT / "benchmarks" / "experiments" / "results" / "neighbour_prior.json"
HEAVY_RATE, HEAVY_DOCS = 0.4, 300


def heavy() -> dict[str, dict[str, dict[str, float]]]:
    texts = documents("val")[:HEAVY_DOCS]
    out = {}
    for source in ("moby", "mythes"):
        tally = SpanTally()
        for i, text in enumerate(texts):
            spun = spin(text, HEAVY_RATE, source, seed=7000 + i)
            gold = [(w.start, w.end, w.original) for w in spun.swaps]
            tally_document(tally, spun.text, bench.full_system(spun.text), gold, len(tokenize(spun.text)), False)
        out[source] = {"found": tally.found, "suggestion_right": round(tally.suggestion_accuracy, 3)}
    return {"synthetic 40%": out}


VARIANTS = {
    f"neighbour floor {floor:g}{' (shipped)' if floor == restoration.NEIGHBOUR_FLOOR else ''}": (
        lambda floor=floor: mock.patch.object(restoration, "NEIGHBOUR_FLOOR", floor)
    )
    for floor in (0.2, 0.3, 0.4)
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT, heavy))
