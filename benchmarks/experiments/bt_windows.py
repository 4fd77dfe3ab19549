"""Lexical calques through discovery's windows (analysis, not built): would a window scorer
trained on round trips' word swaps find back-translated wording discovery misses?

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/bt_windows.py    # about 6 minutes

Training: discovery's window features (`window_features`, the shipped model's inputs) over
train-split round trips of Wikipedia, PubMed and BBC News through Apertium's Spanish, Catalan
and Galician (250 texts of eight sentences per file). A window is positive where its restoration
changes a word the round trip swapped one for one (a single source word for a single output
word, both alphabetic); windows touching any other changed stretch are left out; with `pmi`,
only swaps that broke an established pairing count (discovery's own rule). 300 rounds, 31
leaves, as discovery.

Measured against the shipped discovery scorer, each at the window threshold that gives the same
false flags on clean test prose (words inside a window above it, per 1,000 words of 600 clean
test texts): the share of one-for-one swaps touched in test round trips (BBC News, PubMed;
60 texts each) through Esperanto (held out of every trainer), the neural engine's Portuguese and
Spanish, and the share of the outside devset's back-translated phrases touched (when
`../shared/data/devset` is there). Writes benchmarks/experiments/results/bt_windows.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from detector.lm.ngrams import tables
from detector.lm.reference import reference
from detector.resources import data_file
from detector.spans.discovery.features import FEATURE_NAMES, window_features
from detector.spans.discovery.windows import association, joint_score
from detector.text import tokenize
from detector.training import calque_model, roundtrip
from detector.training.boosting import binary_params

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
FALSE_PER_1K = (0.5, 1.0, 3.0)
Example = tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]]


def examples(source: str, split: str, pivot: str, count: int, size: int = 8) -> list[Example]:
    """(text of `size` round trips, one-for-one swaps (start, end, source word), other changes)."""
    path = roundtrip.path_for(source, split, pivot)
    trips = roundtrip.read(path) if path.exists() else []
    out: list[Example] = []
    for i in range(0, len(trips), size):
        text, swaps, other = "", [], []
        for trip in trips[i : i + size]:
            offset = len(text) + 1 if text else 0
            text = f"{text} {trip.output}" if text else trip.output
            for c in trip.changed:
                written = trip.output[c.start : c.end]
                one_for_one = written.isalpha() and c.source.isalpha() and written.lower() != c.source.lower()
                (swaps if one_for_one else other).append(
                    (offset + c.start, offset + c.end, c.source) if one_for_one else (offset + c.start, offset + c.end)
                )
        out.append((text, swaps, other))
        if len(out) == count:
            break
    return out


def featurize(items: list[Example], pmi_rule: bool) -> tuple[np.ndarray, np.ndarray]:
    ng, ref = tables(), reference()
    xs, ys = [], []
    for text, swaps, other in items:
        tokens = tokenize(text)
        wf = window_features(tokens, ref)
        if not len(wf.matrix):
            continue
        swapped, changed = np.zeros(len(tokens), bool), np.zeros(len(tokens), bool)
        originals = [t.lower for t in tokens]
        starts = {t.start: k for k, t in enumerate(tokens)}
        for start, _, word in swaps:
            if (k := starts.get(start)) is not None:
                swapped[k], originals[k] = True, word.lower()
        for start, end in other:
            changed |= np.array([t.start < end and start < t.end for t in tokens])
        w, ids = wf.windows, ng.ids([t.lower for t in tokens])
        touched = swapped[w.left] | swapped[w.right] | changed[w.left] | changed[w.right]
        hits = (swapped[w.left] & (w.best_left != ids[w.left])) | (swapped[w.right] & (w.best_right != ids[w.right]))
        if pmi_rule:
            orig = ng.ids(originals)
            bridge = np.where(w.bridge >= 0, orig[np.maximum(w.bridge, 0)], -1)
            _, explicit = joint_score(ng, orig[w.left], bridge, orig[w.right])
            hits &= explicit & (association(ng, orig[w.left], bridge, orig[w.right]) >= 1.0)
        keep = ~touched | hits
        xs.append(wf.matrix[keep])
        ys.append(hits[keep])
    return np.vstack(xs), np.concatenate(ys).astype(np.int8)


def word_scores(text: str, booster) -> tuple[list, dict[int, float]]:  # type: ignore[no-untyped-def]
    """(tokens, start offset -> the highest probability of a window over that word)."""
    tokens = tokenize(text)
    wf = window_features(tokens, reference())
    probs = booster.predict(wf.matrix, num_threads=2) if len(wf.matrix) else np.zeros(0)
    best: dict[int, float] = {}
    for i, p in enumerate(probs):
        for k in (wf.windows.left[i], wf.windows.right[i]):
            best[tokens[k].start] = max(best.get(tokens[k].start, 0.0), float(p))
    return tokens, best


def measure(booster, clean: list[str], tests: dict[str, list[Example]], devset: list[dict]) -> dict:  # type: ignore[no-untyped-def]
    words = sum(len(tokenize(t)) for t in clean)
    flags = np.sort(np.concatenate([np.array(list(word_scores(t, booster)[1].values()) or [0.0]) for t in clean]))[::-1]
    scored = {
        name: [(word_scores(text, booster)[1], swaps) for text, swaps, _ in items] for name, items in tests.items()
    }
    scored_dev = [(d, *word_scores(d["text"], booster)) for d in devset]
    out = {}
    for budget in FALSE_PER_1K:
        k = int(budget * words / 1000)
        threshold = float(flags[k]) if k < len(flags) else 0.0
        row: dict[str, float] = {"threshold": round(threshold, 3)}
        for name, items in scored.items():
            hits = [best.get(start, 0.0) > threshold for best, swaps in items for start, _, _ in swaps]
            row[name] = round(float(np.mean(hits)), 3) if hits else 0.0
        touched = []
        for d, tokens, best in scored_dev:
            for gold in d["gold"]:
                start = d["text"].find(gold["span"])
                end = start + len(gold["span"])
                touched.append(any(best.get(t.start, 0.0) > threshold for t in tokens if start <= t.start < end))
        if touched:
            row["devset_backtranslated_phrases"] = round(float(np.mean(touched)), 3)
        out[str(budget)] = row
    return out


def main() -> int:
    import lightgbm

    train = [x for s in ("wiki", "pubmed", "bbc") for p in ("es", "ca", "gl") for x in examples(s, "train", p, 250)]
    tests = {f"{s}_{p}": examples(s, "test", p, 60) for s in ("bbc", "pubmed") for p in ("eo", roundtrip.PIVOT, "es")}
    clean = calque_model.clean_texts("test")[:600]
    devset = []
    if DEVSET.exists():
        docs = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines()]
        devset = [d for d in docs if d["kind"] == "backtranslated"]
    results = {"train_texts": len(train), "train_swaps": sum(len(s) for _, s, _ in train)}
    results["discovery (shipped)"] = measure(
        lightgbm.Booster(model_file=str(data_file("discovery_model.txt"))), clean, tests, devset
    )
    for pmi_rule in (False, True):
        x, y = featurize(train, pmi_rule)
        dataset = lightgbm.Dataset(x, y, feature_name=list(FEATURE_NAMES))
        booster = lightgbm.train(binary_params(7, leaves=31), dataset, num_boost_round=300)
        name = f"round-trip swaps{', pmi' if pmi_rule else ''} ({int(y.sum())} of {len(y)} windows)"
        results[name] = measure(booster, clean, tests, devset)
        print(name, json.dumps(results[name]), flush=True)
    print(json.dumps(results, indent=1))
    out = ROOT / "benchmarks" / "experiments" / "results" / "bt_windows.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
