"""Should the deep tier widen a kept word to a swapped neighbour, and at what margin? Judged on validation.

Hand-spun text swaps both words of set phrases ("force slices" for "power cuts") where the
evidence flags one word, so the suggestion restores half the phrase. `deep.widenings` tries,
for each kept one-word span, restorations of the word before or after it too
(`widening.neighbour_variants`) and lets the neural LM rank them; `deep.widen` takes one when
it beats restoring the flagged word alone by a margin (nats). Here the shipped second stage
decides on the validation examples of `python -m detector.training.deep_model` (Wikipedia val
leads spun with Moby; the dev data's validation third: hand-spun news and science, clean
tricky text), as `deep.verify` does, and the kept spans are tallied without widening and with
it at several margins: recall, suggestions right, false spans per 1,000 clean words, and the
language-model tokens the widening costs against the decision's.

No evaluation text (benchmarks/data) and no seed page is read.
Run: PYTHONPATH=. .venv/bin/python benchmarks/deep_widening.py   (~4 minutes; needs detector[deep])
Writes benchmarks/results/deep_widening.json.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "deep_widening.json"
MARGINS = (0.0, 0.5, 1.0, 2.0, 3.0)


def main() -> None:
    from detector.deep import WIDEN_MARGIN, language_model, load_model, rescore, widen, widenings
    from detector.discovery import Candidate, find
    from detector.text import tokenize
    from detector.training.deep_model import CANDIDATE_THRESHOLD, example_sets
    from detector.training.span_eval import SpanTally, tally_document

    started = time.time()
    _, val = example_sets()
    model, lm = load_model(), language_model()
    rules = ["no widening", *(f"margin {m}" for m in MARGINS)]
    tallies = {name: {rule: SpanTally() for rule in rules} for name in val}
    tokens = {"decision": 0, "widening": 0}
    for name, examples in val.items():
        for text, gold, clean in examples:
            candidates: list[Candidate] = []
            find(text, tokenize(text), None, None, candidates, CANDIDATE_THRESHOLD)
            before = lm.tokens_decoded
            rescored = rescore(text, candidates)
            tokens["decision"] += lm.tokens_decoded - before
            probs = model.predict(np.vstack([r.features for r in rescored])) if rescored else np.zeros(0)
            kept = [r.span for r, p in zip(rescored, probs, strict=True) if p >= model.threshold]
            before = lm.tokens_decoded
            wins = widenings(text, kept)
            tokens["widening"] += lm.tokens_decoded - before
            words = len(text.split())
            tally_document(tallies[name]["no widening"], text, kept, gold, words, clean)
            for margin in MARGINS:
                tally_document(
                    tallies[name][f"margin {margin}"], text, widen(text, kept, margin, wins), gold, words, clean
                )
    out = {
        "command": "python benchmarks/deep_widening.py",
        "shipped_margin": WIDEN_MARGIN,
        "language_model_tokens": tokens,
        "validation": {
            name: {
                rule: {
                    k: t.as_dict()[k]
                    for k in ("gold", "recall", "suggestion_accuracy", "false_spans_per_1k_clean_words")
                }
                | {"found": t.found, "suggested_right": t.suggested_right}
                for rule, t in by_rule.items()
            }
            for name, by_rule in tallies.items()
        },
        "seconds": round(time.time() - started, 1),
    }
    for name, by_rule in out["validation"].items():
        for rule, row in by_rule.items():
            print(f"{name:10s} {rule:12s} {json.dumps(row)}")
    print("language-model tokens:", tokens)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
