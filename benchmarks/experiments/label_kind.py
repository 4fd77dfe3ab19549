"""Spun or machine-translated? A third question for documents both could explain.

The spun head learns spinning against clean prose and never sees a round trip; the MT head
learns machine translation against human text and never sees a spun document. A
back-translated document (calques, literal idioms) reads as altered to both, and the label
rule let `spun` win whenever its head crossed the threshold, so `mt` was never reached on
back-translated text. This script fits a `kind` head on altered documents only (spun = 0,
machine-translated = 1: MLQE-PE MT output and round trips of the fit part) and measures:

- held-out (test part): spun documents against round trips of BBC News (a source never
  trained on), PubMed and Wikipedia, and MLQE-PE MT output;
- the outside development set (`../shared/data/devset`): its back-translated documents against
  its spun ones, and the labels a rule would give (reported, never used to choose);
- the shipped `score()`'s labels on the team evaluation set and the outside set, by the rule
  before the `kind` head and after (`labels_shipped`);
- what spans for the documents labelled `mt` would cost (`rescan_cost`): discovery alone at
  fixed thresholds on the outside set, and the false spans a dense-threshold rescan would add
  to clean validation documents that `kind` labels `mt`.

Variants differ in the features the head may read. Chosen on the calibrate part only.

Run: PYTHONPATH=. .venv/bin/python benchmarks/experiments/label_kind.py   (~10 min the first time)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "label_kind.json"


def _data() -> dict[str, Any]:
    from detector.training import doc_model
    from detector.training.doc_corpus import build

    def make() -> dict[str, Any]:
        out: dict[str, Any] = {}
        for part, spins in (("fit", doc_model.FIT_SPINS), ("calibrate", 1), ("test", 1)):
            docs = build(part, spins=spins)
            out[f"{part}_x"] = doc_model.featurize(docs)
            out[f"{part}_spun"] = np.array([d.spun for d in docs])
            out[f"{part}_mt"] = np.array([d.mt for d in docs])
            out[f"{part}_group"] = np.array([d.group for d in docs])
            out[f"{part}_source"] = np.array([d.source for d in docs])
            out[f"{part}_words"] = np.array([len(d.text.split()) for d in docs])
            origin = _roundtrip_origin(part)
            out[f"{part}_corpus"] = np.array([origin.get(d.text, "") if d.group == "roundtrip" else "" for d in docs])
            print(part, len(docs), flush=True)
        if DEVSET.exists():
            records = [json.loads(line) for line in DEVSET.open(encoding="utf-8")]
            out["dev_x"] = doc_model.featurize_texts([r["text"] for r in records])
            out["dev_kind"] = np.array([r["kind"] for r in records])
        return out

    return doc_model.cached_features("label_kind", make)


def _roundtrip_origin(part: str) -> dict[str, str]:
    """Round-trip document text -> the source corpus it came from, for held-out figures per source."""
    from detector.training import doc_corpus

    files = doc_corpus.ROUNDTRIP_FILES
    origin: dict[str, str] = {}
    try:
        for source, split in files[part]:
            doc_corpus.ROUNDTRIP_FILES = {**files, part: ((source, split),)}
            origin.update({d.text: source for d in doc_corpus.roundtrip(part)})
    finally:
        doc_corpus.ROUNDTRIP_FILES = files
    return origin


def _shipped_probabilities(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The shipped spun and MT heads' probabilities for feature rows."""
    from detector.document import model
    from detector.training.doc_model import sigmoid

    heads = model.load().heads
    out = []
    for name in ("spun", "mt"):
        head = heads[name]
        rows = np.array(x, dtype=np.float64)
        rows[:, list(head.ignored)] = np.nan
        out.append(sigmoid(head.slope * head.booster.predict(rows, raw_score=True) + head.intercept))
    return out[0], out[1]


def _thresholds() -> tuple[float, float]:
    from detector.document import model

    heads = model.load().heads
    return heads["spun"].threshold, heads["mt"].threshold


def _auc(p: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, p)), 4) if 0 < y.sum() < len(y) else float("nan")


def _mt_only() -> tuple[str, ...]:
    """The MT and back-translation word scorers' summaries (the `mt_scorers_only` variant)."""
    from detector.training.doc_model import MT_WORD_SUMMARIES

    return (*MT_WORD_SUMMARIES, "bt_word_mean", "bt_word_high_share")


def _variants(names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Variant -> the features its head ignores."""
    return {
        "all_but_length": ("log_words",),
        "mt_scorers_only": tuple(n for n in names if n not in _mt_only()),
        "no_span_counts": ("log_words", *(n for n in names if n.startswith(("discovery", "fingerprint", "span_")))),
    }


def _altered(data: dict[str, Any], part: str) -> tuple[np.ndarray, np.ndarray]:
    """(row mask, labels) for the kind head: altered documents only, 1 = machine-translated."""
    spun, mt = data[f"{part}_spun"], data[f"{part}_mt"]
    mask = (spun == 1) | (mt == 1)
    return mask, mt[mask]


def label_counts() -> dict[str, dict[str, dict[str, int]]]:
    """Labels of the shipped `score()` on the team evaluation set and the outside set, with the
    rule before the `kind` head (spun over its threshold wins) and after."""
    from collections import Counter

    from detector import score
    from detector.document import model

    heads = model.load().heads

    def before(report: Any) -> str:
        if report.score >= heads["spun"].threshold:
            return "spun"
        return "mt" if report.mt_score >= heads["mt"].threshold else "clean"

    data = ROOT / "benchmarks" / "data"
    spun_eval = [json.loads(line) for line in (data / "spun_eval.jsonl").open(encoding="utf-8")]
    sets = {
        "team_spun": [r["spun"] for r in spun_eval],
        "team_clean": [r["clean"] for r in spun_eval],
        "team_tricky_clean": [
            json.loads(line)["text"] for line in (data / "clean_tricky.jsonl").open(encoding="utf-8")
        ],
    }
    if DEVSET.exists():
        records = [json.loads(line) for line in DEVSET.open(encoding="utf-8")]
        for kind in ("spun", "backtranslated", "clean", "tricky_clean"):
            sets[f"devset_{kind}"] = [r["text"] for r in records if r["kind"] == kind]
    out = {}
    for name, texts in sets.items():
        reports = [score(text) for text in texts]
        out[name] = {
            "before": dict(Counter(before(r) for r in reports)),
            "after": dict(Counter(str(r.label) for r in reports)),
        }
        print(name, json.dumps(out[name]), flush=True)
    return out


def rescan_cost() -> dict[str, Any]:
    """Would spans for documents labelled `mt` pay? Discovery alone at fixed thresholds on the
    outside set (recall of its back-translated phrases, false spans per 1,000 clean and tricky
    words), and on the window scorer's clean validation documents: labels, and the false spans a
    rescan at the dense-document threshold would add to the texts `kind` labels `mt`."""
    from collections import Counter

    from detector import api, score
    from detector.document import model
    from detector.lm.reference import reference
    from detector.spans.discovery import score_windows, spans_from
    from detector.text import tokenize
    from detector.training.corpus import documents
    from detector.training.discovery import SEED, dev_examples, make_examples, modern_clean
    from detector.training.span_eval import SpanTally, tally_document

    out: dict[str, Any] = {}
    if DEVSET.exists():
        ref = reference()
        records = [json.loads(line) for line in DEVSET.open(encoding="utf-8")]
        scored = [(r, tokenize(r["text"])) for r in records]
        scored = [(r, toks, score_windows(toks, ref)) for r, toks in scored]
        for threshold in (0.15, 0.3, 0.5, 0.7):
            tallies = {k: SpanTally() for k in ("backtranslated", "clean", "tricky_clean")}
            for r, toks, windows in scored:
                if r["kind"] not in tallies:
                    continue
                text, gold, cursor = r["text"], [], 0
                for item in r["gold"]:
                    at = text.find(item["span"], cursor)
                    if at >= 0:
                        gold.append((at, at + len(item["span"]), item["expected"]))
                        cursor = at + len(item["span"])
                clean = r["kind"] != "backtranslated"
                tally_document(tallies[r["kind"]], text, spans_from(text, windows, threshold), gold, len(toks), clean)
            out[f"devset_discovery_alone_at_{threshold}"] = {
                "backtranslated_recall": round(tallies["backtranslated"].recall, 3),
                "backtranslated_precision": round(tallies["backtranslated"].precision, 3),
                "false_per_1k_clean": round(tallies["clean"].false_per_1k_clean, 2),
                "false_per_1k_tricky_clean": round(tallies["tricky_clean"].false_per_1k_clean, 2),
            }
            print(threshold, json.dumps(out[f"devset_discovery_alone_at_{threshold}"]), flush=True)
    spun_threshold = model.load().heads["spun"].threshold
    examples = {
        "wikipedia": make_examples(documents("val")[:600], SEED + 1),
        "team_dev": dev_examples(ROOT / "data" / "dev", "val"),
        "modern_clean": modern_clean(120),
    }
    labels: Counter[str] = Counter()
    words = added = rescanned = 0
    for name, rows in examples.items():
        for text, _, clean in rows:
            if not clean:
                continue
            report = score(text)
            words += len(tokenize(text))
            labels[f"{name} {report.label}"] += 1
            if report.label == "mt" and report.score >= spun_threshold:
                dense = [s for s in api.analyse(text, dense=True).report.spans if s.kind != "mt"]
                added += len(dense) - sum(s.kind != "mt" for s in report.spans)
                rescanned += 1
    out["clean_validation"] = {
        "labels": dict(labels),
        "words": words,
        "labelled_mt_by_kind": rescanned,
        "false_spans_a_rescan_adds_per_1k": round(1000 * added / max(words, 1), 3),
    }
    print(json.dumps(out["clean_validation"]), flush=True)
    return out


def main() -> int:
    import lightgbm

    from detector.document.features import FEATURE_NAMES
    from detector.training import doc_model

    data = _data()
    results: dict[str, Any] = {}
    fit_mask, fit_y = _altered(data, "fit")
    cal_mask, cal_y = _altered(data, "calibrate")
    test_mask, test_y = _altered(data, "test")
    # Balance: as many spun as MT documents count in the fit (spun ones outnumber MT ones).
    weights = np.where(fit_y == 1, 1.0, fit_y.sum() / max((fit_y == 0).sum(), 1))
    dev = "dev_x" in data
    if dev:
        dev_kind = data["dev_kind"]
        dev_spun, dev_mt = _shipped_probabilities(data["dev_x"])
    for variant, ignored in _variants(FEATURE_NAMES).items():
        cols = [FEATURE_NAMES.index(n) for n in ignored]

        def view(x: np.ndarray, cols: list[int] = cols) -> np.ndarray:
            out = np.array(x, dtype=np.float64)
            out[:, cols] = np.nan
            return out

        booster = lightgbm.train(
            {**doc_model.PARAMS, "verbose": -1},
            lightgbm.Dataset(view(data["fit_x"][fit_mask]), fit_y, weight=weights),
            num_boost_round=doc_model.ROUNDS,
        )
        p_cal = booster.predict(view(data["calibrate_x"][cal_mask]))
        p_test = booster.predict(view(data["test_x"][test_mask]))
        row: dict[str, Any] = {"calibrate_auc": _auc(p_cal, cal_y), "test_auc": _auc(p_test, test_y)}
        # Held out by source: spun test documents against each source's round trips / MLQE MT.
        corpus, group = data["test_corpus"][test_mask], data["test_group"][test_mask]
        for name, rows in (
            ("bbc_roundtrips", corpus == "bbc"),
            ("pubmed_roundtrips", corpus == "pubmed"),
            ("wiki_roundtrips", corpus == "wiki"),
            ("mlqe_mt", (group == "mlqe") & (test_y == 1)),
        ):
            pick = rows | (test_y == 0)
            row[f"test_auc_spun_vs_{name}"] = _auc(p_test[pick], test_y[pick])
        if dev:
            p_dev = booster.predict(view(data["dev_x"]))
            altered = np.isin(dev_kind, ("spun", "backtranslated"))
            row["devset_auc_bt_vs_spun"] = _auc(p_dev[altered], (dev_kind[altered] == "backtranslated").astype(int))
            row["devset_kind_prob"] = {
                k: [round(float(v), 3) for v in p_dev[dev_kind == k]]
                for k in ("spun", "backtranslated", "clean", "tricky_clean")
            }
            # The rule: an altered document (either head over its threshold) whose kind probability
            # crosses the threshold that calls at most 5% of the calibrate part's spun documents MT.
            t_kind = float(np.quantile(p_cal[cal_y == 0], 0.95))
            row["kind_threshold_at_5pct_spun"] = round(t_kind, 3)
            row["calibrate_mt_called_mt"] = round(float((p_cal[cal_y == 1] >= t_kind).mean()), 3)
            t_spun, t_mt = _thresholds()
            altered_dev = (dev_spun >= t_spun) | (dev_mt >= t_mt)
            labels = np.where(
                ~altered_dev,
                "clean",
                np.where(p_dev >= t_kind, "mt", np.where(dev_spun >= t_spun, "spun", "mt")),
            )
            row["devset_labels"] = {
                k: dict(zip(*np.unique(labels[dev_kind == k], return_counts=True), strict=True))
                for k in ("spun", "backtranslated", "clean", "tricky_clean")
            }
            row["devset_labels"] = {k: {str(a): int(b) for a, b in v.items()} for k, v in row["devset_labels"].items()}
        results[variant] = row
        print(variant, json.dumps(row), flush=True)
    if dev:
        results["devset_shipped_heads"] = {
            k: {
                "spun": [round(float(v), 3) for v in dev_spun[dev_kind == k]],
                "mt": [round(float(v), 3) for v in dev_mt[dev_kind == k]],
            }
            for k in ("spun", "backtranslated", "clean", "tricky_clean")
        }
    results["labels_shipped"] = label_counts()
    results["rescan_cost"] = rescan_cost()
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
