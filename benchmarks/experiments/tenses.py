"""Tense calques (`detector.spans.tenses`): false spans on clean prose, and what they flag.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/tenses.py

No round trip makes the pattern (Apertium's Romance pivots narrate dated events in the simple
past), so there is no machine-made gold: the rule is English grammar, and what is measured here
is what it costs on human English: the calque experiment's clean test prose (the five modern
sources and Wikipedia, the clean originals of the team's evaluation set, the outside devset's
clean and tricky clean documents when `../shared/data/devset` is there), the clean Wikipedia and
news test documents of `quality.py`, and 300 validation documents of each modern source. The
rule's gap (MAX_GAP) and its capitalised "In" were chosen on these same texts, so the figure is
not held out. Every span is listed, to be read. Writes benchmarks/experiments/results/tenses.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from detector.spans.tenses import find_tense_calques
from detector.text import tokenize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from calques import ROOT, clean_texts  # the calque experiment's clean prose


def main() -> int:
    from detector.training import calque_model, modern_corpus
    from detector.training.doc_corpus import build

    texts = clean_texts("test", devset=True)
    texts += [d.text for d in build("test", sources=("moby",)) if d.spun == 0 and d.mt == 0]
    texts += [t for s in calque_model.CLEAN_SOURCES for t in modern_corpus.documents(s, "val")[:300]]
    words, flagged = 0, []
    for text in texts:
        tokens = tokenize(text)
        words += len(tokens)
        flagged += [span.text for span in find_tense_calques(text, tokens)]
    result = {
        "clean_texts": len(texts),
        "clean_words": words,
        "false_spans": len(flagged),
        "false_per_1k": round(1000 * len(flagged) / max(words, 1), 3),
        "flagged": flagged,
    }
    print(json.dumps(result, indent=1))
    out = ROOT / "benchmarks" / "experiments" / "results" / "tenses.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
