"""MT spans over words the text writes again, and in long unpunctuated stretches: false alarms on
clean prose, evidence on round trips.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/mt_span_terms.py   # ~8 minutes

The MT word scorer's spans (`spans/mt_words.py`) without either rule, with the rule that drops a
run whose every content word the text writes again (`TERM_REPEATS`), and with that one and the
rule that drops runs in segments of more than `MAX_SEGMENT_WORDS` words: MT spans per 1,000 words on clean
modern test-split prose (60 documents of 80+ words per source, Wikipedia test leads), on round
trips of PubMed, BBC News and Wikipedia test sentences (8 consecutive sentences a document; the
machine output against its human source), and on the outside devset's back-translated documents
when present. Nothing is fitted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from detector import score
from detector.spans import mt_words
from detector.text import tokenize
from detector.training import modern_corpus, roundtrip
from detector.training.corpus import documents

DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
OUT = ROOT / "benchmarks" / "experiments" / "results" / "mt_span_terms.json"


def per_1k(texts: list[str]) -> float:
    words = spans = 0
    for text in texts:
        words += len(tokenize(text))
        spans += sum(s.kind == "mt" for s in score(text).spans)
    return round(1000 * spans / max(words, 1), 2)


def sets() -> dict[str, list[str]]:
    out = {"wikipedia test leads": documents("test")[:400]}
    for source in modern_corpus.SOURCES:
        out[f"modern {source}"] = modern_corpus.documents(source, "test", 80)[:60]
    for source in ("pubmed", "bbc", "wiki"):
        for pivot in (roundtrip.PIVOT, "es"):
            path = roundtrip.path_for(source, "test", pivot)
            if path.exists():
                trips = roundtrip.read(path)[:800]
                for side in ("output", "source"):
                    out[f"round trips {source} {pivot} {side}"] = [
                        " ".join(getattr(t, side) for t in trips[i : i + 8]) for i in range(0, len(trips), 8)
                    ]
    if DEVSET.exists():
        docs = [json.loads(line) for line in DEVSET.open(encoding="utf-8")]
        out["devset back-translated"] = [d["text"] for d in docs if d["kind"] == "backtranslated"]
    return out


def main() -> int:
    results: dict[str, dict[str, float]] = {}
    texts = sets()
    variants = (
        ("without the rules", 10**9, 10**9),
        ("repeated terms", mt_words.TERM_REPEATS, 10**9),
        ("repeated terms and long segments (shipped)", mt_words.TERM_REPEATS, mt_words.MAX_SEGMENT_WORDS),
    )
    for variant, repeats, longest in variants:
        with (
            mock.patch.object(mt_words, "TERM_REPEATS", repeats),
            mock.patch.object(mt_words, "MAX_SEGMENT_WORDS", longest),
        ):
            results[variant] = {name: per_1k(group) for name, group in texts.items()}
        print(variant, json.dumps(results[variant]), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
