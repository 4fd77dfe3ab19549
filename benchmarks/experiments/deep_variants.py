"""Should the deep tier swap a kept span's suggestion for a variant, and at what margin? Judged on validation.

The fast tier restores a flagged stretch from the replacements its windows proposed. Two of its
misses are common in hand-spun text: a set phrase with both words swapped where one is flagged
("force slices" for "power cuts"), and a flagged phrase restored to the n-gram LM's favourite
("haunted house" for "hanged parliament"). `detector.spans.deep.variants` offers other restorations for
both, `deep.variant_wins` lets the neural LM rank them, and `deep.refine` takes one when it beats
the suggestion by a margin (nats). Here the shipped second stage decides on the validation
examples of `python -m detector.training.deep_model` (Wikipedia val leads spun with Moby; the dev
data's validation third: hand-spun news and science, clean tricky text), as `deep.verify` does,
and the kept spans are tallied without the second look and with it at several margins (with both
kinds of variant, and with neighbour variants only): recall, suggestions right, false spans per
1,000 clean words, and the language-model tokens the second look costs against the decision's.

No evaluation text (benchmarks/data) and no seed page is read.
Run: PYTHONPATH=. .venv/bin/python benchmarks/experiments/deep_variants.py   (~5 minutes; needs detector[deep])
Writes benchmarks/results/deep_variants.json.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from detector.lm.reference import reference
from detector.types import Span

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "benchmarks" / "results" / "deep_variants.json"
MARGINS = (0.0, 0.5, 1.0, 2.0, 3.0)


def _covered(kept: list[Span], wide: Span) -> str:
    """The text of the kept span inside a variant's stretch (shorter when the variant grew it)."""
    inside = [s for s in kept if wide.start <= s.start and s.end <= wide.end]
    return inside[0].text if inside else wide.text


def main() -> None:
    from detector.spans.deep import REFINE_MARGIN, language_model, load_model, refine, rescore, variant_wins
    from detector.spans.discovery import candidates_from, score_windows
    from detector.text import tokenize
    from detector.training.deep_model import CANDIDATE_THRESHOLD, example_sets
    from detector.training.span_eval import SpanTally, tally_document

    started = time.time()
    _, val = example_sets()
    model, lm = load_model(), language_model()
    rules = ["no second look", *(f"margin {m}" for m in MARGINS), f"neighbours only, margin {REFINE_MARGIN}"]
    tallies = {name: {rule: SpanTally() for rule in rules} for name in val}
    tokens = {"decision": 0, "second look": 0}
    for name, examples in val.items():
        for text, gold, clean in examples:
            candidates = candidates_from(text, score_windows(tokenize(text), reference()), CANDIDATE_THRESHOLD)
            before = lm.tokens_decoded
            rescored = rescore(text, candidates)
            tokens["decision"] += lm.tokens_decoded - before
            probs = model.predict(np.vstack([r.features for r in rescored])) if rescored else np.zeros(0)
            kept = [r.span for r, p in zip(rescored, probs, strict=True) if p >= model.threshold]
            before = lm.tokens_decoded
            wins = variant_wins(text, kept, reference())
            tokens["second look"] += lm.tokens_decoded - before
            words = len(text.split())
            tally_document(tallies[name]["no second look"], text, kept, gold, words, clean)
            for margin in MARGINS:
                refined = refine(text, kept, reference(), margin, wins)
                tally_document(tallies[name][f"margin {margin}"], text, refined, gold, words, clean)
            neighbours = [w for w in wins if len(w[1].span.text) > len(_covered(kept, w[1].span))]
            refined = refine(text, kept, reference(), REFINE_MARGIN, neighbours)
            tally_document(tallies[name][f"neighbours only, margin {REFINE_MARGIN}"], text, refined, gold, words, clean)
    out = {
        "command": "python benchmarks/experiments/deep_variants.py",
        "shipped_margin": REFINE_MARGIN,
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
            print(f"{name:10s} {rule:30s} {json.dumps(row)}")
    print("language-model tokens:", tokens)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
