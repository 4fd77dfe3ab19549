"""Machine-translation and back-translation figures of the document score (`Report.mt_score`).

    .venv/bin/python benchmarks/mt.py    # about 2 minutes; writes benchmarks/results/mt.json

- Round trips never trained on: BBC News and conversational utterances (`chatterbot-corpus`:
  questions, requests, replies; sources no model saw) and the test splits of Wikipedia and
  PubMed, through the offline neural engine (`python -m detector.training.roundtrip
  --all`) and for BBC News and conversation also through Apertium's four pivots (`--all --pivot
  es ca gl eo`; Esperanto is held out of every trainer); each round trip against a *different* source text of the same set, as one sentence,
  as four sentences, and lower-cased (the maintainers' round-trip set is lower-cased requests).
- MLQE-PE test: machine-translated documents against post-edited ones (other MT systems, five
  source languages).
- The outside development set (`../shared/data/devset`): its back-translated documents against
  its clean and tricky clean ones, and how many of them are labelled `mt`.
- Clean modern prose of the test split (`doc_corpus.modern_texts`: abstracts, BBC News, State of
  the Union, licences, machine-learning documentation): the share of each source labelled `mt`
  and its MT spans per 1,000 words (human English the MT label and spans should leave alone).

ROC AUC of `mt_score`, higher for the machine side. Nothing here is fitted.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from detector import score
from detector.training import doc_corpus, roundtrip

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
OUT = ROOT / "benchmarks" / "results" / "mt.json"


def _auc(pos: list[float], neg: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score([1] * len(pos) + [0] * len(neg), pos + neg)), 4)


def _mt(text: str) -> float:
    return float(score(text).mt_score)


def round_trips() -> dict[str, dict[str, float]]:
    """Rows `bbc`, `chat`, `wiki`, `pubmed` for the neural engine; `bbc_es`, `chat_eo`, ... for
    Apertium's pivots (`eo` is the one no model was fitted on)."""
    out = {}
    jobs = [(source, roundtrip.PIVOT) for source in ("bbc", "chat", "wiki", "pubmed")]
    jobs += [(source, pivot) for pivot in roundtrip.APERTIUM_MODES for source in ("bbc", "chat")]
    for source, pivot in jobs:
        path = roundtrip.path_for(source, "test", pivot)
        if not path.exists():
            continue
        trips = roundtrip.read(path)
        # Round trips of even positions against sources of odd ones: no text meets its own twin.
        machine, human = trips[0::2], trips[1::2]
        row = {}
        for size in (1, 4):
            m = [" ".join(t.output for t in machine[i : i + size]) for i in range(0, len(machine), size)]
            h = [" ".join(t.source for t in human[i : i + size]) for i in range(0, len(human), size)]
            row[f"{size}_sentence_auc"] = _auc([_mt(x) for x in m], [_mt(x) for x in h])
            if size == 1:
                row["1_sentence_lower_auc"] = _auc([_mt(x.lower()) for x in m], [_mt(x.lower()) for x in h])
        name = source if pivot == roundtrip.PIVOT else f"{source}_{pivot}"
        out[name] = row
        print(name, row, flush=True)
    return out


def mlqe() -> dict[str, float] | None:
    docs = doc_corpus.mlqe("test")
    if not docs:
        return None
    m = [_mt(d.text) for d in docs if d.mt == 1]
    h = [_mt(d.text) for d in docs if d.mt == 0]
    return {"mt_vs_post_edit_auc": _auc(m, h), "documents": len(docs)}


def devset() -> dict[str, object] | None:
    if not DEVSET.exists():
        return None
    records = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
    reports = [(r["kind"], score(r["text"])) for r in records]
    by_kind: dict[str, list[float]] = {}
    for kind, report in reports:
        by_kind.setdefault(kind, []).append(float(report.mt_score))
    bt = [report for kind, report in reports if kind == "backtranslated"]
    return {
        "mt_auc_backtranslated_vs_clean_and_tricky": _auc(
            by_kind["backtranslated"], by_kind["clean"] + by_kind["tricky_clean"]
        ),
        "mt_auc_spun_vs_clean_and_tricky": _auc(by_kind["spun"], by_kind["clean"] + by_kind["tricky_clean"]),
        "mean_mt_score": {k: round(float(np.mean(v)), 3) for k, v in by_kind.items()},
        "backtranslated_labels": [report.label for report in bt],
        "clean_and_tricky_labelled_mt": sum(
            report.label == "mt" for kind, report in reports if kind in ("clean", "tricky_clean")
        ),
    }


def modern_prose() -> dict[str, float]:
    """Per source of clean modern test-split documents: the share labelled `mt`, their mean MT
    score, and MT spans per 1,000 words (every one a false alarm on human English)."""
    out: dict[str, float] = {}
    for source, texts in doc_corpus.modern_texts("test").items():
        reports = [score(text) for text in texts]
        words = sum(r.n_words for r in reports)
        mt_spans = sum(s.kind == "mt" for r in reports for s in r.spans)
        out[f"{source}_labelled_mt"] = round(sum(r.label == "mt" for r in reports) / max(len(reports), 1), 3)
        out[f"{source}_mean_mt_score"] = round(float(np.mean([r.mt_score for r in reports])), 3)
        out[f"{source}_mt_spans_per_1k"] = round(1000 * mt_spans / max(words, 1), 2)
    return out


def main() -> None:
    results = {
        "round_trips": round_trips(),
        "mlqe_test": mlqe(),
        "devset": devset(),
        "modern_prose_test": modern_prose(),
    }
    print(json.dumps(results, indent=1))
    OUT.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
