"""Suggestions: a swap spinners were seen making often is cheaper, by how often.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/seen_swaps.py   # ~30 min

The learned links (`data/learned_links.tsv`, from the team's development training part and the
PPS training split) spare a swap the loose-link price; before this their counts were not read: PPS
writers were seen writing "information" for "data" 35 times and for "knowledge" twice. Here a
swap costs `restoration.SEEN_WEIGHT` x log10(1 + times seen) less (`thesaurus.times_seen`,
across inflection). None of the measured sets fed the counts: team dev validation is the third
the links leave out, the PPS planted pairs the held-out 20%. Variants measured as in
`search_moves.py` (weight 0: as before; 1.25 shipped, chosen on team dev validation and the PPS
planted pairs).

Writes `benchmarks/experiments/results/seen_swaps.json`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import run_variants

from detector.spans.discovery import restoration

OUT = ROOT / "benchmarks" / "experiments" / "results" / "seen_swaps.json"

VARIANTS = {
    f"weight {w}": (lambda w=w: mock.patch.object(restoration, "SEEN_WEIGHT", w))
    for w in (0.0, 0.5, 1.0, 1.25, 1.5, 2.0)
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
