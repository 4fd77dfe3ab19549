"""Deep-tier suggestions: the neural LM choosing among the ranker's restorations, or not.

    .venv/bin/python benchmarks/experiments/deep_restorations.py [off] [thorough[:LEFT_WORDS]] [N_BEST:PRIOR_WEIGHT:LOOKS_PER_1K ...]
    # any variant may end in /uncounted: the options valued without `restoration.seen_bonus`
    # about 5 minutes per variant; writes results/deep_restorations.json

Recall and suggestions right of the deep tier (`score(..., deep=True)`, spans of every kind
but `mt`) on the team dev validation split (where N_BEST and PRIOR_WEIGHT are chosen), the team
evaluation set and, when present, the outside development set (reported, never chosen on).
"off" is the deep tier without `restore_suggestions` (the fast tier's suggestions, and the
refined ones of the spans it adds); "thorough" is `deep="thorough"` (every span, more options),
optionally with another left context for the language model.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from restoration import _sets

from detector import score
from detector.spans import deep
from detector.spans.deep import restorations
from detector.text import tokenize
from detector.training.span_eval import SpanTally, tally_document

OUT = ROOT / "benchmarks" / "experiments" / "results" / "deep_restorations.json"


def measure(mode: bool | str = True) -> dict[str, dict[str, float]]:
    out = {}
    for name, docs in _sets().items():
        tally = SpanTally()
        for text, gold in docs:
            spans = [s for s in score(text, deep=mode).spans if s.kind != "mt"]  # type: ignore[arg-type]
            tally_document(tally, text, spans, gold, len(tokenize(text)), False)
        out[name] = {"recall": round(tally.recall, 3), "suggestion_right": round(tally.suggestion_accuracy, 3)}
    return out


def main(argv: list[str]) -> int:
    results = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    shipped = f"{deep.BUDGETED.n_best}:{restorations.PRIOR_WEIGHT}:{deep.BUDGETED.per_1k}"
    for variant in argv or ["off", shipped]:
        mode: bool | str = True
        name, uncounted = variant.removesuffix("/uncounted"), variant.endswith("/uncounted")
        variant = name
        if variant == "off":
            patch = mock.patch.object(deep, "restore_suggestions", lambda text, spans, *args, **kw: spans)
        elif variant.startswith("thorough"):
            mode, _, left = variant.partition(":")
            looks = replace(deep.THOROUGH, left_words=int(left)) if left else deep.THOROUGH
            patch = mock.patch.object(deep, "THOROUGH", looks)
        else:
            n, weight, looks = variant.split(":")
            patch = _options(int(n), float(weight), int(looks))
        if uncounted:  # the options valued without the fast search's price of swaps seen before
            variant += "/uncounted"
            stack = ExitStack()
            stack.enter_context(patch)
            stack.enter_context(mock.patch.object(restorations, "seen_bonus", lambda written, candidate: 0.0))
            patch = stack
        with patch:
            results[variant] = measure(mode)
        print(variant, json.dumps(results[variant]), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def _options(n: int, weight: float, looks: int) -> ExitStack:
    """Patch the budgeted mode's option count and looks per 1,000 words, and the prior's weight."""
    stack = ExitStack()
    stack.enter_context(mock.patch.object(deep, "BUDGETED", replace(deep.BUDGETED, n_best=n, per_1k=looks)))
    stack.enter_context(mock.patch.object(restorations, "PRIOR_WEIGHT", weight))
    return stack


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
