"""Does text that a machine already translated change less when translated out and back again?

Round-trip stability (Nguyen-Son et al., 2019: machine-translated text is a near fixed point of
machine translation): translate each sentence English -> Portuguese -> English with the offline
engine of `detector.training.roundtrip` and measure how much of it survives (difflib ratio of
the lower-cased word sequences). Human English should change more than English a machine wrote.

Sets, each scored per sentence and per document (mean over its sentences); higher stability is
read as "machine-translated":
- `wiki_same_engine`: Wikipedia test-split leads against their own round trips through this very
  engine (optimistic: the same system wrote the positives);
- `wiki_lower`: the same, lower-cased before the round trip (as the maintainers' round-trip set);
- `mlqe_cross_system`: MLQE-PE test MT output (five source languages, other NMT systems) against
  its human post-edits, sentences edited by at least HTER_MIN only;
- `devset`: the outside development set's back-translated documents against its clean and tricky
  clean ones (nothing fitted: a score without parameters).

Run: PYTHONPATH=. .venv/bin/python benchmarks/experiments/roundtrip_stability.py   (~3 minutes)
"""

from __future__ import annotations

import difflib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
WIKI_LEADS = 120
MLQE_PER_PAIR = 120
HTER_MIN = 0.15


def _auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score([1] * len(pos) + [0] * len(neg), list(pos) + list(neg))), 4)


def stability(a: str, b: str) -> float:
    """Share of the lower-cased word sequence kept by the round trip (difflib ratio)."""
    return difflib.SequenceMatcher(a=a.lower().split(), b=b.lower().split(), autojunk=False).ratio()


def _trip(sentences: list[str], forward: Callable[[str], str], back: Callable[[str], str]) -> list[str]:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda s: back(forward(s)) if s.strip() else s, sentences))


def _docs(groups: list[list[str]], trip: Callable[[list[str]], list[str]]) -> list[list[float]]:
    flat = [s for g in groups for s in g]
    out = trip(flat)
    scores, i = [], 0
    for g in groups:
        scores.append([stability(s, o) for s, o in zip(g, out[i : i + len(g)])])
        i += len(g)
    return scores


def _report(pos: list[list[float]], neg: list[list[float]]) -> dict:
    return {
        "sentences": [sum(map(len, pos)), sum(map(len, neg))],
        "mean_stability": [
            round(float(np.mean([x for d in pos for x in d])), 3),
            round(float(np.mean([x for d in neg for x in d])), 3),
        ],
        "sentence_auc": _auc([x for d in pos for x in d], [x for d in neg for x in d]),
        "doc_auc": _auc([float(np.mean(d)) for d in pos if d], [float(np.mean(d)) for d in neg if d]),
    }


def main() -> None:
    from detector.training import mt_corpus
    from detector.training.corpus import documents
    from detector.training.roundtrip import engine, sentences

    forward, back = engine()

    def trip(xs: list[str]) -> list[str]:
        return _trip(xs, forward, back)

    results: dict[str, dict] = {}
    started = time.time()
    leads = [sentences(t)[:6] for t in documents("test")[:WIKI_LEADS]]
    leads = [g for g in leads if g]
    once = [trip(g) for g in leads]
    results["wiki_same_engine"] = _report(_docs(once, trip), _docs(leads, trip))
    lower = [[s.lower() for s in g] for g in leads]
    lower_once = [trip(g) for g in lower]
    results["wiki_lower"] = _report(_docs(lower_once, trip), _docs(lower, trip))
    if mt_corpus.available():
        items = [
            p for pair in mt_corpus.PAIRS for p in mt_corpus.sentences("test", (pair,))[:400] if p.hter >= HTER_MIN
        ]
        by_pair: dict[str, list] = {}
        for p in items:
            by_pair.setdefault(p.pair, []).append(p)
        chosen = [p for pair in by_pair.values() for p in pair[:MLQE_PER_PAIR]]
        # Documents of eight sentences of one language pair, as the MT head's training documents.
        groups = [chosen[i : i + 8] for i in range(0, len(chosen), 8)]
        results["mlqe_cross_system"] = _report(
            _docs([[p.mt for p in g] for g in groups], trip), _docs([[p.pe for p in g] for g in groups], trip)
        )
    if DEVSET.exists():
        records = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
        bt = [sentences(r["text"]) for r in records if r["kind"] == "backtranslated"]
        clean = [sentences(r["text"]) for r in records if r["kind"] in ("clean", "tricky_clean")]
        results["devset"] = _report(_docs(bt, trip), _docs(clean, trip))
    results["seconds"] = {"total": round(time.time() - started, 1)}
    print(json.dumps(results, indent=1))
    (Path(__file__).parent / "results" / "roundtrip_stability.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
