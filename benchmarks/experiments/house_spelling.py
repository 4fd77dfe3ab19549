"""Suggestions in the text's own spelling (`detector/spans/spelling.py`): what it changes.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/house_spelling.py   # ~12 min

Each text is scored once with the respelling switched off; the respelling is a pure step on
the reported spans, so each variant is then applied to the same spans:

- off: suggestions as the restoration search spells them (before);
- the text's variety, an unmarked axis left as the search spelled it (shipped);
- the text's variety, an unmarked axis American, the reference LM's own.

Suggestions right on the sets of `restoration.py` (team dev validation chooses; team evaluation
and the outside devset reported) and on Wikipedia validation leads spun at 20% by Moby and by
MyThes (600 each, `search_moves.py`). Writes `benchmarks/experiments/results/house_spelling.json`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

import restoration as sets
from search_moves import RATE, SYNTHETIC_DOCS

from detector import score
from detector.spans import spelling
from detector.text import tokenize
from detector.training.corpus import documents
from detector.training.span_eval import SpanTally, tally_document
from detector.training.spinner import spin
from detector.types import Span

OUT = ROOT / "benchmarks" / "experiments" / "results" / "house_spelling.json"
Respell = Callable[[str, list[Span]], list[Span]]
RESPELL = spelling.in_house_spelling  # the step itself, kept while the pipeline runs without it


def _variant(unmarked: str | None) -> Respell:
    def respell(text: str, spans: list[Span]) -> list[Span]:
        with mock.patch.object(spelling, "UNMARKED", unmarked):
            return list(RESPELL(text, spans))

    return respell


VARIANTS: dict[str, Respell] = {
    "off (before)": lambda text, spans: spans,
    "text's variety, unmarked as searched (shipped)": _variant(None),
    "text's variety, unmarked American": _variant(spelling.AMERICAN),
}


def _documents() -> dict[str, list[tuple[str, list[tuple[int, int, str]]]]]:
    docs = sets._sets()
    texts = documents("val")[:SYNTHETIC_DOCS]
    for source in ("moby", "mythes"):
        docs[f"Wikipedia val {source}"] = []
        for i, text in enumerate(texts):
            spun = spin(text, RATE, source, seed=5000 + i)
            docs[f"Wikipedia val {source}"].append((spun.text, [(w.start, w.end, w.original) for w in spun.swaps]))
    return docs


def main() -> int:
    tallies = {name: {} for name in VARIANTS}
    changed = dict.fromkeys(VARIANTS, 0)
    with mock.patch.object(spelling, "in_house_spelling", lambda text, spans: tuple(spans)):
        for set_name, docs in _documents().items():
            for name in VARIANTS:
                tallies[name][set_name] = SpanTally()
            for text, gold in docs:
                spans = [s for s in score(text).spans if s.kind != "mt"]
                n_words = len(tokenize(text))
                for name, respell in VARIANTS.items():
                    respelled = respell(text, spans)
                    changed[name] += sum(a.suggestion != b.suggestion for a, b in zip(spans, respelled, strict=True))
                    tally_document(tallies[name][set_name], text, respelled, gold, n_words, False)
    results = {
        name: {
            **{s: {"found": t.found, "suggestion_right": round(t.suggestion_accuracy, 4)} for s, t in sets_.items()},
            "suggestions respelled": changed[name],
        }
        for name, sets_ in tallies.items()
    }
    for name, figures in results.items():
        print(name, json.dumps(figures), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
