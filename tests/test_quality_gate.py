"""Quality gate: span and document figures on the team's evaluation set must not drop below
pinned floors.

The evaluation set (`benchmarks/data/`) is written by the team and never used for training
or thresholds; its hash is pinned so that a silent edit cannot move the floors. The floors
sit a little under the figures measured when the model was last trained (see docs/measurements.md),
so a regression in candidates, features, model or cutoff fails CI.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from detector import score
from detector.text import tokenize
from detector.training.span_eval import SpanTally, tally_document
from detector.types import Report

DATA = Path(__file__).resolve().parents[1] / "benchmarks" / "data"
CORPUS_SHA256 = {
    "spun_eval.jsonl": "75fd22618482fbf56acba95785e66878480c0fb874a73df51ece65b70319acf6",
    "clean_tricky.jsonl": "1f127f94a5205482a677285d9ebcb8709685cea11e0d5667c04ed594eda9bbbb",
}
RECALL_FLOOR = 0.55  # measured 0.672 (curated list + discovery)
SUGGESTION_FLOOR = 0.45  # measured 0.500
# False spans per 1,000 clean words; measured 0.365 (4 spans in 10,961 words). Back to 0.4 now that
# discovery's cutoff takes the fewest false spans its recall affords (it had been raised to 0.6 for
# the stretch cutoff's two borderline spans in short texts: docs/experiments.md, "The cutoff takes
# the fewest false spans its recall can afford").
CLEAN_FALSE_CEILING = 0.4
DOC_AUC_FLOOR = 0.93  # spun vs clean documents, ROC AUC; measured 0.979 (benchmarks/quality.py)
DOC_RECALL_FLOOR = 0.80  # spun documents labelled spun; measured 0.825 (0.900 before a verdict needed a span)
DOC_FLAGGED_CEILING = 0.11  # clean documents (originals and tricky) labelled spun; measured 0.029 (0.057 before a
# verdict needed a span; 0.129 with an earlier window scorer: docs/measurements.md, "Outside development set")
# Mean spun score of the tricky clean texts (jargon, names, idioms): measured 0.240 (0.322 before
# texts without a span had their odds lowered: docs/experiments.md, "Texts without a span").
TRICKY_MEAN_CEILING = 0.27


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).open(encoding="utf-8")]


@pytest.fixture(scope="module")
def reports() -> tuple[list[tuple[dict, Report, Report]], list[Report]]:
    pairs = [(r, score(r["spun"]), score(r["clean"])) for r in _records("spun_eval.jsonl")]
    tricky = [score(r["text"]) for r in _records("clean_tricky.jsonl")]
    return pairs, tricky


@pytest.fixture(scope="module")
def tallies(reports: tuple[list[tuple[dict, Report, Report]], list[Report]]) -> tuple[SpanTally, SpanTally]:
    spun, clean = SpanTally(), SpanTally()
    pairs, tricky = reports
    for record, spun_report, clean_report in pairs:
        gold = []
        for pair in record["pairs"]:
            at = record["spun"].find(pair["spun"])
            gold.append((at, at + len(pair["spun"]), pair["original"]))
        text = record["spun"]
        spans = [s for s in spun_report.spans if s.kind != "mt"]
        tally_document(spun, text, spans, gold, len(tokenize(text)), False)
        clean_spans = [s for s in clean_report.spans if s.kind != "mt"]
        tally_document(clean, record["clean"], clean_spans, [], len(tokenize(record["clean"])), True)
    for record, report in zip(_records("clean_tricky.jsonl"), tricky, strict=True):
        text = record["text"]
        tally_document(clean, text, [s for s in report.spans if s.kind != "mt"], [], len(tokenize(text)), True)
    return spun, clean


def test_document_scores(reports: tuple[list[tuple[dict, Report, Report]], list[Report]]) -> None:
    from sklearn.metrics import roc_auc_score

    pairs, tricky = reports
    spun = [s.score for _, s, _ in pairs]
    clean = [c.score for _, _, c in pairs] + [t.score for t in tricky]
    auc = roc_auc_score([1] * len(spun) + [0] * len(clean), spun + clean)
    recall = sum(s.label == "spun" for _, s, _ in pairs) / len(pairs)
    flagged = (sum(c.label == "spun" for _, _, c in pairs) + sum(t.label == "spun" for t in tricky)) / len(clean)
    tricky_mean = sum(t.score for t in tricky) / len(tricky)
    print(f"document AUC {auc:.3f}, recall {recall:.3f}, clean flagged {flagged:.3f}, tricky mean {tricky_mean:.3f}")
    assert auc >= DOC_AUC_FLOOR
    assert recall >= DOC_RECALL_FLOOR
    assert flagged <= DOC_FLAGGED_CEILING
    assert tricky_mean <= TRICKY_MEAN_CEILING


@pytest.mark.parametrize("name", sorted(CORPUS_SHA256))
def test_evaluation_corpus_is_unchanged(name: str) -> None:
    digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
    assert digest == CORPUS_SHA256[name], f"{name} changed: re-measure and re-pin the floors"


def test_recall_floor(tallies: tuple[SpanTally, SpanTally]) -> None:
    spun, _ = tallies
    print(f"recall {spun.recall:.3f} (floor {RECALL_FLOOR})")
    assert spun.recall >= RECALL_FLOOR


def test_suggestion_floor(tallies: tuple[SpanTally, SpanTally]) -> None:
    spun, _ = tallies
    print(f"suggestion accuracy {spun.suggestion_accuracy:.3f} (floor {SUGGESTION_FLOOR})")
    assert spun.suggestion_accuracy >= SUGGESTION_FLOOR


def test_false_span_ceiling(tallies: tuple[SpanTally, SpanTally]) -> None:
    _, clean = tallies
    print(f"false spans per 1,000 clean words {clean.false_per_1k_clean:.2f} (ceiling {CLEAN_FALSE_CEILING})")
    assert clean.false_per_1k_clean <= CLEAN_FALSE_CEILING
