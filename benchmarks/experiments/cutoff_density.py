"""Which density statistic lets the discovery threshold drop for lightly spun technical text?

    .venv/bin/python benchmarks/experiments/cutoff_density.py   # ~5 min; prints the best settings

The shipped window scorer's validation sets (Wikipedia validation leads, the team dev validation
third, clean modern validation documents) plus modern validation documents spun with Moby or
MyThes (the other half of `training.discovery.modern_texts("budget")`), scored once; then a grid
of cutoffs with density thresholds 0.4-0.7 and mid-points 10-45, ranked under the shipped budgets
by team-dev recall, and by team-dev plus modern-spun recall. Validation data only. Suspects are
counted as windows, as before the stretch unit (`cutoff_stretches.py` compares the units).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from detector.spans.discovery import Cutoff, load_model
from detector.training import discovery as training

PER_SOURCE = 120


def main() -> int:
    booster = load_model().booster
    val_syn, val_dev, val_clean = training.scored_validation(booster, PER_SOURCE)
    texts = training.modern_texts("budget", 2 * PER_SOURCE)
    spun_texts = [t for i, t in enumerate(texts) if i % (2 * PER_SOURCE) >= PER_SOURCE]
    val_spun = training.score_examples(
        booster, training.make_examples(spun_texts, training.SEED + 5, ("moby", "mythes"))
    )
    rows = []
    for high in (0.8, 0.9):
        for low in (0.15, 0.2, 0.3, 0.4):
            for mid in (10.0, 20.0, 30.0, 45.0):
                for prob in (0.4, 0.5, 0.6, 0.7):
                    cutoff = Cutoff(high, low, mid, prob, unit="windows")
                    everything = training.tally(val_syn + val_dev + val_clean + val_spun, cutoff).as_dict()
                    dev = training.tally(val_dev, cutoff).as_dict()
                    spun = training.tally(val_spun, cutoff).as_dict()
                    rows.append((cutoff, everything, dev, spun))
    admissible = [
        r
        for r in rows
        if r[1]["false_spans_per_1k_clean_words"] <= training.FALSE_SPAN_BUDGET
        and r[1]["clean_docs_flooded_share"] <= training.FLOODED_BUDGET
        and r[2]["false_spans_per_1k_clean_words"] <= training.TRICKY_BUDGET
    ]
    for name, key in (
        ("team dev recall", lambda r: r[2]["recall"]),
        ("team dev + modern spun recall", lambda r: r[2]["recall"] + r[3]["recall"]),
    ):
        print(name)
        for cutoff, everything, dev, spun in sorted(admissible, key=lambda r: -key(r))[:5]:
            print(
                f"  {cutoff}: team dev {dev['recall']} @ {dev['false_spans_per_1k_clean_words']}, "
                f"modern spun {spun['recall']}, all clean false {everything['false_spans_per_1k_clean_words']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
