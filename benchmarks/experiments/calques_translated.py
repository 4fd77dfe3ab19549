"""Calques in texts that read as translated, through the whole product (`score`), with and
without `Settings.translated` (a second look at a text the document heads read as
machine-translated lets calques over the 0.7 floor count without two clearing the threshold).

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/calques_translated.py   # about 3 minutes

Test round trips of eight sentences a text through Apertium's Spanish and Galician (PubMed and
BBC News; State of the Union and licences), gold as in `calques.py`: the share of calques the
report's `calque` spans cover (a chain of calques is one span), their precision, and how many texts are labelled `mt`; and the
calque spans `score` reports on 900 clean test texts (`calque_model.clean_texts`). Writes
benchmarks/experiments/results/calques_translated.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from unittest import mock

from detector import score
from detector.spans import calques
from detector.training import calque_model
from detector.types import SpanKind

sys.path.insert(0, str(Path(__file__).resolve().parent))
from calques import ROOT, covered, documents, round_trips  # the calque experiment's round trips

CLEAN_TEXTS = 900
_find = calques.find_calques


def _never_translated(*args, translated: bool = False, **kwargs):  # type: ignore[no-untyped-def]
    return _find(*args, **kwargs)


def measure() -> dict:
    trips = round_trips("test", ("es", "gl"), ("pubmed", "bbc"))
    trips |= {
        f"{p}, speeches and licences": v for p, v in round_trips("test", ("es", "gl"), ("sotu", "licences")).items()
    }
    out: dict = {}
    for pivot, items in trips.items():
        gold = hit = found = flagged = labelled = 0
        for text, ends, *_ in documents(items):
            report = score(text)
            spans = [s for s in report.spans if s.kind == SpanKind.CALQUE]
            inside = covered(spans, ends)
            gold, found = gold + len(ends), found + len(spans)
            hit += len(set().union(*inside))
            flagged += sum(map(bool, inside))
            labelled += report.label == "mt"
        out[pivot] = {
            "recall": round(hit / max(gold, 1), 3),
            "precision": round(flagged / max(found, 1), 3),
            "labelled_mt": labelled,
        }
    clean = calque_model.clean_texts("test")[:CLEAN_TEXTS]
    out["clean_calque_spans"] = sum(s.kind == SpanKind.CALQUE for t in clean for s in score(t).spans)
    return out


def main() -> int:
    results = {}
    with mock.patch.object(calques, "find_calques", _never_translated):
        results["without the translated setting"] = measure()
    results["with it (shipped)"] = measure()
    print(json.dumps(results, indent=1))
    out = ROOT / "benchmarks" / "experiments" / "results" / "calques_translated.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
