"""Should the adaptive cutoff hold the false-span budget on each clean source, not only pooled?

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/cutoff_every_source.py   # ~15 min

`training.discovery.choose_cutoff` holds discovery's cutoff to 1.0 false span per 1,000 words
of all clean validation prose together. Pooled, the modern genres' long, quiet documents hide
the encyclopaedic leads: with the shipped cutoff the clean Wikipedia validation leads get about
2 false spans per 1,000 words (rare but correct words, two of which in a short lead make it read
as dense). This scores the cutoff's own validation sets once (as `cutoff_stretches.py` does)
and ranks a grid of stretch cutoffs, with the pseudo-length that keeps short texts from reading
as dense (`DENSITY_MIN_WORDS`) varied too, under the shipped rule and under the rule with the
budget held on the clean Wikipedia leads and the clean modern prose separately as well.
Validation data only; the outside devset is measured after a choice by `benchmarks/spans.py --devset`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from detector.spans import discovery
from detector.spans.discovery import Cutoff, load_model
from detector.training import discovery as training

OUT = ROOT / "benchmarks" / "experiments" / "results" / "cutoff_every_source.json"


def main() -> int:
    booster = load_model().booster
    shipped = load_model().cutoff
    val_syn, val_dev, val_clean = training.scored_validation(booster)
    print("scored", flush=True)
    rows = []
    for min_words in (150, 300):
        with mock.patch.object(discovery, "DENSITY_MIN_WORDS", min_words):
            for h in (0.9, 0.95):
                for lo in (0.15, 0.3):
                    for m in (7.5, 10.0, 15.0):
                        for p in (0.7, 0.85):
                            cutoff = Cutoff(h, lo, m, p, short=shipped.short, unit="stretches")
                            t = {
                                "all": training.tally(val_syn + val_dev + val_clean, cutoff).as_dict(),
                                "team_dev": training.tally(val_dev, cutoff).as_dict(),
                                "wikipedia": training.tally(val_syn, cutoff).as_dict(),
                                "modern": training.tally(val_clean, cutoff).as_dict(),
                            }
                            rows.append({"cutoff": [h, lo, m, p, min_words], **t})

    def pooled_ok(r: dict) -> bool:
        return (
            r["all"]["false_spans_per_1k_clean_words"] <= training.FALSE_SPAN_BUDGET
            and r["all"]["clean_docs_flooded_share"] <= training.FLOODED_BUDGET
            and r["team_dev"]["false_spans_per_1k_clean_words"] <= training.TRICKY_BUDGET
        )

    def every_ok(r: dict) -> bool:
        return pooled_ok(r) and all(
            r[s]["false_spans_per_1k_clean_words"] <= training.FALSE_SPAN_BUDGET for s in ("wikipedia", "modern")
        )

    results = {}
    for rule, ok in (("pooled (shipped rule)", pooled_ok), ("every source", every_ok)):
        ranked = sorted(
            (r for r in rows if ok(r)),
            key=lambda r: (-r["team_dev"]["recall"], r["all"]["false_spans_per_1k_clean_words"]),
        )
        results[rule] = ranked[:8]
        print(rule, len(ranked), "admissible of", len(rows), flush=True)
        for r in ranked[:8]:
            print(
                f"  {r['cutoff']}: team dev {r['team_dev']['recall']} @ {r['team_dev']['false_spans_per_1k_clean_words']}"
                f" | all {r['all']['recall']} @ {r['all']['false_spans_per_1k_clean_words']}"
                f" | wiki {r['wikipedia']['recall']} @ {r['wikipedia']['false_spans_per_1k_clean_words']}"
                f" | modern @ {r['modern']['false_spans_per_1k_clean_words']}",
                flush=True,
            )
    shipped_row = next(
        (r for r in rows if r["cutoff"] == [shipped.high, shipped.low, shipped.density_mid, shipped.density_prob, 150]),
        None,
    )
    results["shipped"] = shipped_row
    print(
        "shipped", json.dumps({k: shipped_row[k] for k in ("team_dev", "wikipedia", "modern")} if shipped_row else None)
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
