"""How much left context the deep tier's language model needs, measured on validation data.

The second stage is refitted (shipped parameters, the validation examples of `python -m
detector.training.deep_model`, its fit examples with 400 Wikipedia leads instead of 1,600 to
keep this quick) for each way of giving the language model context:
each candidate alone with 6, 8 or 12 words before it, and the shipped design, where the
candidates of one line share a passage from up to 40 words before the first of them; that one
with the Q4_0 and with the Q8_0 copy of the weights (shipped: Q8_0). Reported
per design: the share of true candidates kept at the threshold that gives each clean
validation population (Wikipedia, dev texts) at most 2 false spans per 1,000 words, the
threshold, and the tokens the language model evaluated. Validation data only (never the evaluation sets in `benchmarks/data/`).

Run: .venv/bin/python benchmarks/experiments/deep_context.py   (needs the deep extra; about 20 minutes)
Writes benchmarks/results/deep_context.json.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "benchmarks" / "results" / "deep_context.json"
DESIGNS = {  # name: (LEFT_WORDS, PASSAGE_WORDS, weights); PASSAGE_WORDS 0: every candidate its own passage
    "each candidate alone, 6 words before, Q4_0 weights": (6, 0, "q4_0"),
    "each candidate alone, 8 words before, Q4_0 weights": (8, 0, "q4_0"),
    "each candidate alone, 12 words before, Q4_0 weights": (12, 0, "q4_0"),
    "shared passage per line, up to 40 words before, Q4_0 weights": (40, 120, "q4_0"),
    "shared passage per line, up to 40 words before, Q8_0 weights (shipped)": (40, 120, "q8_0"),
}


def main() -> None:
    import lightgbm

    from detector.lm.neural_lm import NeuralLM
    from detector.spans import deep
    from detector.training import deep_model

    fit, val = deep_model.example_sets(fit_docs=400)
    tokens = 0
    real_score = NeuralLM.score

    def counting(self, passages):  # type: ignore[no-untyped-def]
        nonlocal tokens
        tokens += sum(p.size for p in passages)
        return real_score(self, passages)

    NeuralLM.score = counting  # type: ignore[method-assign]
    shipped = (deep.LEFT_WORDS, deep.PASSAGE_WORDS, deep.QUANT)
    result: dict = {"command": "python benchmarks/experiments/deep_context.py", "designs": {}}
    try:
        for name, (left, passage, weights) in DESIGNS.items():
            deep.LEFT_WORDS, deep.PASSAGE_WORDS, deep.QUANT = left, passage, weights
            deep.language_model.cache_clear()
            started, tokens = time.time(), 0
            fitted = deep_model.featurize(fit)
            x_fit, y_fit = fitted.x, fitted.y
            checked = deep_model.featurize([example for examples in val.values() for example in examples])
            x_val, y_val = checked.x, checked.y
            every = np.ones(len(y_val), dtype=bool)  # this experiment judged every candidate
            clean_sets = deep_model.candidate_rows(checked, deep_model.clean_documents(val), every)
            booster = lightgbm.train(
                deep_model.PARAMS, lightgbm.Dataset(x_fit, y_fit), num_boost_round=deep_model.ROUNDS
            )
            threshold, curve = deep_model.choose_threshold(booster.predict(x_val), y_val, clean_sets)
            point = next(c for c in curve if c["threshold"] == threshold)
            result["designs"][name] = {
                "positives_kept": point["positives_kept"],
                "false_per_1k_clean": point["false_per_1k_clean"],
                "threshold": threshold,
                "tokens_evaluated": tokens,
                "seconds": round(time.time() - started),
            }
            print(name, json.dumps(result["designs"][name]), flush=True)
    finally:
        deep.LEFT_WORDS, deep.PASSAGE_WORDS, deep.QUANT = shipped
        deep.language_model.cache_clear()
        NeuralLM.score = real_score  # type: ignore[method-assign]
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
