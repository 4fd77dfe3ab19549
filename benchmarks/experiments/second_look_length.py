"""How short a text may be and still earn discovery's second look (analysis).

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/second_look_length.py   # ~15 min

A text whose first pass reads as spun (dense gate) or as machine-translated gets a second look
at a much lower window threshold (`api.examine`). On a short text the document heads read few
words, and a wrong verdict floods it: State of the Union paragraphs of 80-100 words are where
the clean validation prose gets most of its false spans. This measures, on the dense gate's own
validation documents (`training/dense_gate.py`: Wikipedia validation leads half spun, the team
dev validation third, clean modern validation prose), the shipped gate and thresholds with the
second look withheld from texts under a minimum length: recall, and false spans per 1,000 clean
words overall and per modern genre. Nothing from the evaluation sets or the outside devset is read.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from detector.document import scoring
from detector.text import tokenize
from detector.training import modern_corpus
from detector.training.corpus import documents
from detector.training.dense_gate import passes, tally
from detector.training.discovery import SEED, dev_examples, make_examples
from detector.training.doc_corpus import _bucket

OUT = ROOT / "benchmarks" / "experiments" / "results" / "second_look_length.json"
MIN_WORDS = (40, 60, 80, 100, 120, 150)


def modern_by_source(per_source: int = 120) -> dict[str, list]:
    """`discovery.modern_clean`'s documents, kept apart by genre."""
    out = {}
    for source in modern_corpus.SOURCES:
        docs = [t for t in modern_corpus.documents(source, "val", 80) if _bucket(t, 2)]
        random.Random(SEED).shuffle(docs)
        out[f"modern_{source}"] = [(t, [], True) for t in docs[:per_source]]
    return out


def main() -> int:
    started = time.time()
    sets = {
        "wikipedia": make_examples(documents("val")[:600], SEED + 1),
        "team_dev": dev_examples(ROOT / "data" / "dev", "val"),
        **modern_by_source(),
    }
    gate, threshold = scoring.dense_gate(), scoring.dense_threshold()
    mt_threshold, kind_cut = scoring.translated_dense_threshold(), scoring.second_look_kind_cut()
    thresholds = tuple(sorted({threshold, mt_threshold}))
    scanned = {name: [passes(e, thresholds) for e in ex] for name, ex in sets.items()}
    lengths = {name: [len(tokenize(e[0])) for e in ex] for name, ex in sets.items()}
    print(f"scanned in {time.time() - started:.0f}s", flush=True)
    keys = ("recall", "precision", "false_spans_per_1k_clean_words", "clean_docs_flooded_share")
    results = {}
    for min_words in MIN_WORDS:
        # A text under the floor keeps its first pass: no second-look spans to choose from.
        rows = {
            name: [
                p if n >= min_words else (p[0], p[1], p[2], None)
                for p, n in zip(scanned[name], lengths[name], strict=True)
            ]
            for name in sets
        }
        groups = {name: (sets[name], rows[name]) for name in sets}
        groups["all"] = ([e for ex in sets.values() for e in ex], [r for rs in rows.values() for r in rs])
        row = {}
        for name, (examples, passes_) in groups.items():
            t = tally(examples, passes_, gate, threshold, kind_cut, mt_threshold).as_dict()
            row[name] = {k: t[k] for k in keys}
        results[min_words] = row
        print(min_words, json.dumps(row), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
