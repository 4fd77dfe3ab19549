"""MT spans on one rare word: evidence of translation, or the writer's own vocabulary?

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/mt_span_rare_words.py   # ~8 minutes

The MT word scorer learned on single MLQE-PE sentences, where a word the LM hardly knows is
often an untranslated or garbled one. In English documents a single rare word is more often a
term, a name or a literary word ("runbook", "susurrus"), and machine translation writes common
words. Per set of `mt_span_terms.py` (clean modern test prose, Wikipedia test leads, round trips
of test sentences, output and human source side by side, and the outside devset's
back-translated documents when present): MT spans per 1,000 words, all and those of one content
word whose wordfreq Zipf frequency is under each cut. If such spans are as frequent on the human
sources as on the machine outputs, they say nothing about translation. Nothing is fitted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from mt_span_terms import sets

from detector import score
from detector.spans.mt_words import zipf_table
from detector.text import tokenize

OUT = ROOT / "benchmarks" / "experiments" / "results" / "mt_span_rare_words.json"
CUTS = (2.5, 3.0, 3.5, 4.0)


def rare_single(text: str, zipf: dict[str, float], cut: float) -> bool:
    """Is the span one content word (hyphenated parts count as one) rarer than `cut`?"""
    words = [t.lower for t in tokenize(text) if not t.is_function]
    return len(words) == 1 and zipf.get(words[0], 0.0) < cut


def main() -> int:
    zipf = zipf_table()
    results: dict[str, dict[str, float]] = {}
    examples: dict[str, list[str]] = {}
    for name, texts in sets().items():
        words, spans = 0, []
        for text in texts:
            words += len(tokenize(text))
            spans += [s.text for s in score(text).spans if s.kind == "mt"]
        row = {"all": round(1000 * len(spans) / max(words, 1), 2)}
        for cut in CUTS:
            row[f"one word under zipf {cut}"] = round(1000 * sum(rare_single(s, zipf, cut) for s in spans) / words, 2)
        results[name] = row
        if "devset" not in name:
            examples[name] = [s for s in spans if rare_single(s, zipf, 3.0)][:12]
        print(name, json.dumps(row), examples.get(name, ""), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"per_1k_words": results, "examples": examples}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
