"""The adaptive cutoff chosen by the one-standard-error rule (`training.discovery.choose_cutoff`).

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/cutoff_one_se.py   # ~15 min

The rule before took the most team-dev recall within the false-span budgets, which always lands
on the budget's edge. The rule now takes, among the cutoffs whose team-dev recall is within one
standard error of the best, the one with the fewest false spans on all clean validation prose.
This runs the rule on the shipped window scorer's own validation sets (as training scores them),
over the stretch-unit part of the training grid that earlier choices showed to matter (isolated
thresholds 0.9 and 0.95, floors 0.15-0.3, mid-points 7.5-15, suspect probabilities 0.5-0.85),
and prints the choice and its neighbours. Validation data only; the full fast tier and the
outside devset are measured after the choice (`cutoff_full_system.py`, `benchmarks/spans.py --devset`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from detector.spans.discovery import Cutoff, load_model
from detector.training import discovery as training

OUT = ROOT / "benchmarks" / "experiments" / "results" / "cutoff_one_se.json"


def main() -> int:
    booster = load_model().booster
    val_syn, val_dev, val_clean = training.scored_validation(booster)
    settings = [
        Cutoff(high, low, mid, prob, unit="stretches")
        for high in (0.9, 0.95)
        for low in (0.15, 0.2, 0.3)
        for mid in (7.5, 10.0, 15.0)
        for prob in (0.5, 0.7, 0.85)
    ]
    chosen, grid = training.choose_cutoff(val_syn + val_dev + val_clean, val_dev, settings=settings)
    rows = sorted(grid, key=lambda g: -g["team_dev"]["recall"])
    for g in rows[:12]:
        c = g["cutoff"]
        print(
            f"{c.high} {c.low} {c.density_mid} {c.density_prob}: team dev {g['team_dev']['recall']} "
            f"@ {g['team_dev']['false_spans_per_1k_clean_words']} | all {g['all']['recall']} "
            f"@ {g['all']['false_spans_per_1k_clean_words']} flooded {g['all']['clean_docs_flooded_share']}"
        )
    print("chosen", chosen)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "chosen": [chosen.high, chosen.low, chosen.density_mid, chosen.density_prob, chosen.unit],
                "grid": [
                    {"cutoff": [g["cutoff"].high, g["cutoff"].low, g["cutoff"].density_mid, g["cutoff"].density_prob]}
                    | {k: g[k] for k in ("all", "team_dev")}
                    for g in rows
                ],
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
