"""Discovery's adaptive cutoff through the full fast tier: first pass, dense gate, second looks.

    .venv/bin/python benchmarks/experiments/cutoff_full_system.py   # ~8 min

`cutoff_stretches.py` chooses the cutoff as training does, on the first pass alone. The shipped
fast tier also gives a text that reads as spun (or as translated) a second look at a lower
window threshold, so much of what a lower floor finds in dense texts the second look finds
anyway. Here each cutoff runs through the dense gate's own validation sets and tally
(`training.dense_gate`: Wikipedia validation leads spun and clean, the team dev validation third,
clean modern validation documents) at the shipped gate and thresholds; the outside devset is
reported beside (`../shared/data/devset`, when present; never chosen on).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from spans import devset, full_system

from detector.document import scoring
from detector.spans.discovery import Cutoff, load_model
from detector.training import dense_gate
from detector.training.corpus import documents
from detector.training.discovery import SEED, dev_examples, make_examples, modern_clean

OUT = ROOT / "benchmarks" / "experiments" / "results" / "cutoff_full_system.json"
VARIANTS = {
    "windows 0.9 / 0.3 / 10 / 0.7 (before)": Cutoff(0.9, 0.3, 10.0, 0.7, 0.8, "windows"),
    "stretches 0.9 / 0.15 / 10 / 0.7 (first-pass choice)": Cutoff(0.9, 0.15, 10.0, 0.7, 0.8, "stretches"),
    "stretches 0.9 / 0.2 / 10 / 0.7": Cutoff(0.9, 0.2, 10.0, 0.7, 0.8, "stretches"),
    "stretches 0.9 / 0.3 / 10 / 0.7": Cutoff(0.9, 0.3, 10.0, 0.7, 0.8, "stretches"),
}
KEYS = ("recall", "suggestion_accuracy", "false_spans_per_1k_clean_words", "clean_docs_flooded_share")


def devset_figures() -> dict | None:
    """The outside devset through `benchmarks/spans.py`'s own measure, the keys compared here."""
    found = devset(full_system)
    if found is None:
        return None
    return {
        "spun_recall": found["spun"]["recall"],
        "suggestion_accuracy": found["spun"]["suggestion_accuracy"],
        "clean_false_per_1k": found["clean_false_per_1k"],
        "tricky_false_per_1k": found["tricky_clean_false_per_1k"],
    }


def main() -> int:
    examples = {
        "wikipedia": make_examples(documents("val")[:600], SEED + 1),
        "team_dev": dev_examples(ROOT / "data" / "dev", "val"),
        "modern_clean": modern_clean(120),
    }
    model = load_model()
    setting = (scoring.dense_gate(), scoring.dense_threshold(), scoring.second_look_kind_cut())
    mt_threshold = scoring.translated_dense_threshold()
    results = {}
    for name, cutoff in VARIANTS.items():
        object.__setattr__(model, "cutoff", cutoff)  # every reader asks the one cached model
        everything, dev = [], []
        for set_name, ex in examples.items():
            rows = [dense_gate.passes(e, thresholds=(setting[1], mt_threshold)) for e in ex]
            everything.append((ex, rows))
            if set_name == "team_dev":
                dev = (ex, rows)
        all_ex = [e for ex, _ in everything for e in ex]
        all_rows = [r for _, rows in everything for r in rows]
        all_tally = dense_gate.tally(all_ex, all_rows, *setting, mt_threshold).as_dict()
        dev_tally = dense_gate.tally(*dev, *setting, mt_threshold).as_dict()
        results[name] = {
            "all validation": {k: all_tally[k] for k in KEYS},
            "team dev validation": {k: dev_tally[k] for k in KEYS},
            "outside devset (reported)": devset_figures(),
        }
        print(name, json.dumps(results[name]), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
