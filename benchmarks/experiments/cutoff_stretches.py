"""Should the document-adaptive cutoff count suspect stretches instead of suspect windows?

    .venv/bin/python benchmarks/experiments/cutoff_stretches.py   # ~15 min; prints the best settings

Discovery's threshold slides from `high` to `low` as the document's density of suspect windows
(windows over `density_prob` per 1,000 words) passes `density_mid`. One long suspect stretch
covers several overlapping windows, so a clean text with a single odd phrase of four words can
count as dense and let weaker windows elsewhere through. The alternative counts stretches:
maximal runs of suspect windows' words, a gap of one word still joining them.

The shipped window scorer's validation sets as `training.discovery` chooses its cutoff
(Wikipedia validation leads spun and clean, the team dev validation third, clean modern
validation documents), scored once; each unit with a grid of cutoffs, ranked as the training
ranks them (most team-dev recall within the false-span budgets). Validation data only; the
outside devset is measured after the choice by `benchmarks/spans.py --devset`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from detector.spans.discovery import Cutoff, load_model
from detector.training import discovery as training

OUT = ROOT / "benchmarks" / "experiments" / "results" / "cutoff_stretches.json"


def main() -> int:
    booster = load_model().booster
    val_syn, val_dev, val_clean = training.scored_validation(booster)
    everything_set = val_syn + val_dev + val_clean
    grids = {
        "windows": [
            (h, lo, m, p) for h in (0.8, 0.9) for lo in (0.2, 0.3, 0.4) for m in (10.0, 20.0) for p in (0.5, 0.7)
        ],
        "stretches": [
            (h, lo, m, p)
            for h in (0.8, 0.9)
            for lo in (0.15, 0.2, 0.3, 0.4)
            for m in (5.0, 7.5, 10.0, 15.0, 20.0)
            for p in (0.5, 0.7)
        ],
    }
    results: dict = {}
    for unit, grid in grids.items():
        rows = []
        for h, lo, m, p in grid:
            cutoff = Cutoff(h, lo, m, p, unit=unit)
            everything = training.tally(everything_set, cutoff).as_dict()
            dev = training.tally(val_dev, cutoff).as_dict()
            rows.append({"cutoff": [h, lo, m, p], "all": everything, "team_dev": dev})
        admissible = [
            r
            for r in rows
            if r["all"]["false_spans_per_1k_clean_words"] <= training.FALSE_SPAN_BUDGET
            and r["all"]["clean_docs_flooded_share"] <= training.FLOODED_BUDGET
            and r["team_dev"]["false_spans_per_1k_clean_words"] <= training.TRICKY_BUDGET
        ]
        ranked = sorted(
            admissible, key=lambda r: (-r["team_dev"]["recall"], r["all"]["false_spans_per_1k_clean_words"])
        )
        results[unit] = {"best": ranked[:5], "admissible": len(admissible), "tried": len(rows)}
        print(unit, len(admissible), "of", len(rows), "admissible", flush=True)
        for r in ranked[:5]:
            print(
                f"  {r['cutoff']}: team dev recall {r['team_dev']['recall']} false {r['team_dev']['false_spans_per_1k_clean_words']}"
                f" | all recall {r['all']['recall']} false {r['all']['false_spans_per_1k_clean_words']}"
                f" flooded {r['all']['clean_docs_flooded_share']}",
                flush=True,
            )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
