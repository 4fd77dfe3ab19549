"""Which restorations should the deep tier choose its suggestion from? Judged on validation.

The second stage decides from the language model's view of the fast tier's restorations; the
suggestion is the likeliest restoration. Offering more restorations to the decision made it
less strict (more false spans at the same threshold). Here they compete for the suggestion
only: the shipped second stage decides on the validation examples of `python -m
detector.training.deep_model` (Wikipedia val leads spun with Moby, the team's development
data) as `deep.verify` does, the kept spans are scored again with their thesaurus extras
(`deep.resuggest`), and they are tallied with the suggestion chosen

- among the restorations the decision saw (the fast tier's choice and its alternatives);
- among those and the thesaurus extras (`discovery.MAX_EXTRAS`);
- as the previous, with kept spans one word apart on a line joined into one phrase
  ("persistent kidney illness" when "persistent" and "illness" were both kept).

No evaluation text (benchmarks/data) and no seed page is read.
Run: PYTHONPATH=. .venv/bin/python benchmarks/deep_suggestions.py [--extras N]   (~4 minutes;
needs detector[deep]; --extras sets discovery.MAX_EXTRAS for the run)
Writes benchmarks/results/deep_suggestions.json.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "deep_suggestions.json"


def main() -> None:
    import argparse

    from detector import discovery

    parser = argparse.ArgumentParser()
    parser.add_argument("--extras", type=int, default=discovery.MAX_EXTRAS)
    discovery.MAX_EXTRAS = parser.parse_args().extras
    from detector.deep import join_neighbours, language_model, load_model, rescore, resuggest
    from detector.discovery import MAX_EXTRAS, Candidate, find
    from detector.text import tokenize
    from detector.training.deep_model import CANDIDATE_THRESHOLD, example_sets
    from detector.training.span_eval import SpanTally, tally_document

    started = time.time()
    _, val = example_sets()
    model = load_model()
    lm = language_model()
    rules = ("decision's restorations", "with thesaurus extras", "with extras, neighbours joined")
    tallies = {name: {rule: SpanTally() for rule in rules} for name in val}
    extras_offered = candidates_total = resuggest_tokens = decided_tokens = 0
    for name, examples in val.items():
        for text, gold, clean in examples:
            candidates: list[Candidate] = []
            find(text, tokenize(text), None, None, candidates, CANDIDATE_THRESHOLD)
            candidates_total += len(candidates)
            extras_offered += sum(len(c.extras) for c in candidates)
            before = lm.tokens_decoded
            rescored = rescore(text, candidates)  # as `verify` decides: without the extras
            decided_tokens += lm.tokens_decoded - before
            probs = model.predict(np.vstack([r.features for r in rescored])) if rescored else np.zeros(0)
            kept = [r for r, p in zip(rescored, probs, strict=True) if p >= model.threshold]
            before = lm.tokens_decoded
            resuggested = resuggest(text, kept, candidates)
            resuggest_tokens += lm.tokens_decoded - before
            joined = [s for s, _ in join_neighbours(text, resuggested)]
            spans = {rules[0]: [r.span for r in kept], rules[1]: [s for s, _ in resuggested], rules[2]: joined}
            words = len(text.split())
            for rule in rules:
                tally_document(tallies[name][rule], text, spans[rule], gold, words, clean)
    out = {
        "command": "python benchmarks/deep_suggestions.py",
        "candidates": candidates_total,
        "extras_per_candidate": round(extras_offered / max(candidates_total, 1), 2),
        "max_extras": MAX_EXTRAS,
        "language_model_tokens": {"decision": decided_tokens, "suggestions_again": resuggest_tokens},
        "validation": {
            name: {rule: tally.as_dict() for rule, tally in by_rule.items()} for name, by_rule in tallies.items()
        },
        "seconds": round(time.time() - started),
    }
    for name, by_rule in out["validation"].items():
        for rule, row in by_rule.items():
            print(
                f"{name:10s} {rule:32s} recall {row['recall']:.3f} suggestions {row['suggestion_accuracy']:.3f} "
                f"false/1k {row['false_spans_per_1k_clean_words']:.2f}"
            )
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
