"""Translationese word statistics from round trips: which variant tells round trips from people.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/translationese.py   # ~1 minute; needs the round trips

Counts come from the two thirds of train-split round trips the back-translation word scorer
learns from (`bt_model.fits_words`), as `training/translationese.py` builds the shipped table. A
sentence's or document's score is the mean log ratio over its words (word pairs for the pair
variants; 0 for what the table lacks). Measured: single round-trip sentences against all source
sentences of Wikipedia validation (where the variant is chosen), BBC News test (never trained
on), PubMed and Wikipedia test; the outside development set's back-translated documents against
its clean and tricky ones, and its spun against clean (spinning should not register);
MLQE-PE test MT documents against their post-edits. Also phrases the round trips write at
least four times as often as their sources, as spans: devset back-translated phrases touched
and false spans per 1,000 clean words. Nothing is fitted on the evaluation sets.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "translationese.json"
SETS = (("wiki", "val"), ("bbc", "test"), ("pubmed", "test"), ("wiki", "test"))


def _words(text: str) -> list[str]:
    from detector.text import tokenize

    return [t.lower for t in tokenize(text)]


def _auc(pos: list[float], neg: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score([1] * len(pos) + [0] * len(neg), pos + neg)), 3)


class Counts:
    """Word and word-pair counts of round-trip outputs and of their sources."""

    def __init__(self) -> None:
        from detector.training.bt_model import fits_words
        from detector.training.roundtrip import path_for, read
        from detector.training.translationese import SOURCES

        self.words: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        self.pairs: tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]] = (Counter(), Counter())
        self.phrases: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        for name in SOURCES:
            for trip in read(path_for(name, "train")):
                if not fits_words(trip.source):
                    continue
                for side, text in enumerate((trip.output, trip.source)):
                    w = _words(text)
                    self.words[side].update(w)
                    self.pairs[side].update(itertools.pairwise(w))
                    for n in (2, 3):
                        self.phrases[side].update(" ".join(w[i : i + n]) for i in range(len(w) - n + 1))

    def word_table(self, min_count: int, k: float) -> dict[str, float]:
        from detector.training.translationese import table

        return table(*self.words, min_count=min_count, smoothing=k)

    def pair_table(self, min_count: int, k: float) -> dict[tuple[str, str], float]:
        from detector.training.translationese import table

        return table(*self.pairs, min_count=min_count, smoothing=k)


def _scorer(words: dict[str, float] | None, pairs: dict[tuple[str, str], float] | None):  # type: ignore[no-untyped-def]
    def score(text: str) -> float:
        w = _words(text)
        total = sum(words.get(x, 0.0) for x in w) if words else 0.0
        total += sum(pairs.get(p, 0.0) for p in itertools.pairwise(w)) if pairs else 0.0
        return total / max(len(w), 1)

    return score


def measure(score) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from detector.training.doc_corpus import mlqe
    from detector.training.roundtrip import path_for, read

    row = {}
    for name, split in SETS:
        trips = read(path_for(name, split))
        row[f"{name}_{split}"] = _auc([score(t.output) for t in trips], [score(t.source) for t in trips])
    if DEVSET.exists():
        docs = [json.loads(line) for line in DEVSET.open(encoding="utf-8")]
        by = {
            k: [score(d["text"]) for d in docs if d["kind"] == k]
            for k in ("backtranslated", "spun", "clean", "tricky_clean")
        }
        row["devset_bt_vs_clean_tricky"] = _auc(by["backtranslated"], by["clean"] + by["tricky_clean"])
        row["devset_spun_vs_clean_tricky"] = _auc(by["spun"], by["clean"] + by["tricky_clean"])
    docs = mlqe("test")
    if docs:
        row["mlqe_mt_vs_post_edit"] = _auc(
            [score(d.text) for d in docs if d.mt], [score(d.text) for d in docs if not d.mt]
        )
    return row


def phrase_spans(counts: Counts) -> dict[str, float]:
    """Phrases the round trips write 4+ times, and at least 4 times as often as their sources, as spans."""
    from detector.text import tokenize
    from detector.training.corpus import documents

    out, src = counts.phrases
    listed = {p for p, c in out.items() if c >= 4 and c >= 4 * (src[p] + 1)}

    def spans(text: str) -> list[tuple[int, int]]:
        toks = tokenize(text)
        w = [t.lower for t in toks]
        return [
            (toks[i].start, toks[i + n - 1].end)
            for n in (2, 3)
            for i in range(len(w) - n + 1)
            if " ".join(w[i : i + n]) in listed
        ]

    row: dict[str, float] = {"phrases": len(listed)}
    if DEVSET.exists():
        gold = hit = 0
        false = Counter[str]()
        words = Counter[str]()
        for d in (json.loads(line) for line in DEVSET.open(encoding="utf-8")):
            found, text = spans(d["text"]), d["text"]
            words[d["kind"]] += len(tokenize(text))
            if d["kind"] == "backtranslated":
                cursor = 0
                for g in d["gold"]:
                    at = text.find(g["span"], cursor)
                    if at < 0:
                        continue
                    end = cursor = at + len(g["span"])
                    gold += 1
                    hit += any(s < end and at < e for s, e in found)
            elif d["kind"] in ("clean", "tricky_clean"):
                false[d["kind"]] += len(found)
        row["devset_bt_phrases_touched"] = round(hit / max(gold, 1), 3)
        for kind in ("clean", "tricky_clean"):
            row[f"devset_false_per_1k_{kind}"] = round(1000 * false[kind] / max(words[kind], 1), 2)
    leads = documents("val")[:600]
    n_false = sum(len(spans(t)) for t in leads)
    row["wikipedia_val_false_per_1k"] = round(1000 * n_false / sum(len(tokenize(t)) for t in leads), 2)
    return row


def main() -> int:
    counts = Counts()
    results: dict[str, dict[str, float]] = {}
    for min_count in (1, 2, 3, 5, 10):
        for k in (0.5, 2.0, 5.0):
            name = f"words min {min_count} k {k}"
            results[name] = measure(_scorer(counts.word_table(min_count, k), None))
            print(name, json.dumps(results[name]), flush=True)
    for name, words, pairs in (
        ("word pairs only, k 2", None, counts.pair_table(1, 2.0)),
        ("words + word pairs seen twice, k 2", counts.word_table(1, 2.0), counts.pair_table(2, 2.0)),
    ):
        results[name] = measure(_scorer(words, pairs))
        print(name, json.dumps(results[name]), flush=True)
    results["phrases as spans"] = phrase_spans(counts)
    print("phrases as spans", json.dumps(results["phrases as spans"]), flush=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
