"""Why 5% of words replaced is hard: how much the per-word evidence can tell, fast and deep tier.

Validation only: the calibrate part's Wikipedia documents and validation news articles
(`doc_corpus`), clean and spun with MyThes (a thesaurus the detector never learned from) at
exact shares of their words (`spinner.spin_words`). Never the test part, seeds or the team's set.

1. `words` (MyThes; per word also for Moby, in-source): each word's evidence is the highest probability among the discovery windows that
   would change it. Under independence, the best a document head can do with that evidence
   alone is the likelihood-ratio sum over the words, sum log((1 - pi) + pi f1(s) / f0(s)),
   with f1 / f0 the evidence histograms of swapped / clean words (learned on the even
   documents; ROC AUC on the odd ones). The shipped head also reads the LM and rarity
   profiles, so it can beat this figure a little; it cannot if the per-word evidence is the
   limit. Per word: the share of swaps whose original is among the detector's candidates, and
   the share of swaps whose evidence beats 99% of clean words.
2. `tiers` (`--deep`, needs the `detector[deep]` extra; ~20 min): spans per 1,000 words with
   the fast tier and with the deep tier (neural LM), and the shipped document score of each
   mode, ROC AUC of 5%-spun against clean documents. Deep mode's document score was fitted on
   these clean documents (against Moby spins), so its figure here is optimistic: the test
   figure is `benchmarks/quality.py --deep`.

Run: PYTHONPATH=. .venv/bin/python benchmarks/experiments/doc_low_share.py [--deep]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np

from detector.lm.reference import reference

MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
SHARES = (0.02, 0.05, 0.1, 0.15)
LENGTHS = {"all": (0, 10**9), "<100": (0, 100), "100-300": (100, 300), "300+": (300, 10**9)}


def _texts() -> list[str]:
    from detector.training.corpus import news
    from detector.training.doc_corpus import _wiki_docs

    return list(_wiki_docs("calibrate", random.Random("wiki:calibrate:0"))) + news("val")


def _word_evidence(items: list[tuple[str, list[tuple[int, str]]]]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(evidence per word, swapped per word, swap's original among the candidates per word) for
    each (text, [(swap start, original word)])."""
    from detector.lm.ngrams import tables
    from detector.lm.thesaurus import candidate_table
    from detector.spans.discovery import blocks, load_model
    from detector.spans.discovery.features import window_features
    from detector.text import tokenize

    ng, model, table = tables(), load_model(), candidate_table()
    out = []
    for text, swaps in items:
        tokens = tokenize(text)
        evidence = np.zeros(len(tokens))
        offset = 0
        for block in blocks(tokens):
            features = window_features(block, reference())
            probs = model.predict(features.matrix)
            w = features.windows
            for r, prob in enumerate(probs):
                for pos, new in ((int(w.left[r]), int(w.best_left[r])), (int(w.right[r]), int(w.best_right[r]))):
                    if new >= 0 and ng.words[new] != block[pos].lower:
                        evidence[offset + pos] = max(evidence[offset + pos], prob)
            offset += len(block)
        at = {t.start: i for i, t in enumerate(tokens)}
        swapped = np.zeros(len(tokens), bool)
        covered = np.zeros(len(tokens), bool)
        for start, original in swaps:
            if start not in at:
                continue
            i = at[start]
            swapped[i] = True
            observed, wanted = ng.index.get(tokens[i].lower), ng.index.get(original.lower())
            if observed is not None and wanted is not None:
                covered[i] = wanted in set(table.of(observed)[0].tolist())
        out.append((evidence, swapped, covered))
    return out


def _auc_by_length(y: np.ndarray, stat: np.ndarray, words: np.ndarray, keep: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import roc_auc_score

    out = {}
    for name, (lo, hi) in LENGTHS.items():
        sel = keep & (words >= lo) & (words < hi)
        out[name] = round(float(roc_auc_score(y[sel], stat[sel])), 3)
    return out


def words_figure(texts: list[str], source: str) -> dict[str, dict[str, float]]:
    from joblib import Parallel, delayed

    from detector.training.spinner import spin_words

    items, share, doc = [], [], []
    for i, text in enumerate(texts):
        items.append((text, []))
        share.append(0.0)
        doc.append(i)
        for k, s in enumerate(SHARES):
            spun = spin_words(text, s, source, seed=i * 31 + k)
            items.append((spun.text, [(swap.start, swap.original) for swap in spun.swaps]))
            share.append(s)
            doc.append(i)
    chunks = [items[k : k + 50] for k in range(0, len(items), 50)]
    rows = [r for part in Parallel(n_jobs=2)(delayed(_word_evidence)(c) for c in chunks) for r in part]
    share_a, even = np.array(share), np.array(doc) % 2 == 0
    words = np.array([len(e) for e, _, _ in rows])
    bins = np.r_[0.0, np.linspace(0.02, 1.0, 50)]

    def density(swapped: bool, docs: np.ndarray) -> np.ndarray:
        values = [e[s == swapped] if swapped else e[~s] for (e, s, _), k in zip(rows, docs, strict=True) if k]
        counts = np.histogram(np.concatenate(values), bins)[0] + 0.5
        return counts / counts.sum()

    ratio = density(True, even & (share_a > 0)) / density(False, even & (share_a == 0))
    clean_words = np.concatenate([e for (e, _, _), sh in zip(rows, share_a, strict=True) if sh == 0])
    swap_evidence = np.concatenate([e[s] for e, s, _ in rows])
    covered = np.concatenate([c[s] for _, s, c in rows])
    bar = float(np.quantile(clean_words, 0.99))
    out: dict = {
        "per_word": {
            "swaps": len(swap_evidence),
            "original_among_candidates": round(float(covered.mean()), 3),
            "swaps_above_99pct_of_clean_words": round(float((swap_evidence > bar).mean()), 3),
        }
    }
    print("per word", json.dumps(out["per_word"]), flush=True)
    if not source.startswith("mythes"):
        return out
    for pi in (0.02, 0.05, 0.1):
        stat = np.array(
            [
                np.log((1 - pi) + pi * ratio[np.clip(np.digitize(e, bins) - 1, 0, len(ratio) - 1)]).sum()
                for e, _, _ in rows
            ]
        )
        for s in SHARES:
            keep = ~even & ((share_a == s) | (share_a == 0))
            out[f"pi {pi} share {s}"] = _auc_by_length(share_a > 0, stat, words, keep)
            print("words", f"pi {pi} share {s}", json.dumps(out[f"pi {pi} share {s}"]), flush=True)
    return out


def _tier_job(texts: list[str], deep: bool) -> list[tuple[int, float]]:
    from detector import score

    out = []
    for text in texts:
        report = score(text, deep=deep)
        out.append((sum(1 for s in report.spans if s.kind in ("discovery", "fingerprint")), float(report.score)))
    return out


def tiers_figure(texts: list[str], source: str) -> dict[str, dict[str, float]]:
    from joblib import Parallel, delayed

    from detector.text import tokenize
    from detector.training.spinner import spin_words

    items = [t for i, text in enumerate(texts) for t in (text, spin_words(text, 0.05, source, seed=i * 31 + 5).text)]
    y = np.array([0, 1] * len(texts))
    words = np.array([max(len(tokenize(t)), 1) for t in items])
    out = {}
    for deep in (False, True):
        chunks = [items[k : k + 20] for k in range(0, len(items), 20)]
        rows = [r for part in Parallel(n_jobs=2)(delayed(_tier_job)(c, deep) for c in chunks) for r in part]
        tier = "deep" if deep else "fast"
        spans = np.array([n for n, _ in rows]) / words
        out[f"{tier} spans per 1k words"] = _auc_by_length(y, spans, words, np.ones(len(y), bool))
        out[f"{tier} document head"] = _auc_by_length(y, np.array([p for _, p in rows]), words, np.ones(len(y), bool))
        print(tier, json.dumps({k: v for k, v in out.items() if k.startswith(tier)}), flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--deep", action="store_true", help="also compare the deep tier (slow)")
    args = parser.parse_args()
    if not MYTHES.exists():
        raise SystemExit("MyThes is not installed (apt-get install mythes-en-us)")
    source = f"mythes:{MYTHES}"
    texts = _texts()
    result = {"documents": len(texts), "words": words_figure(texts, source), "moby_words": words_figure(texts, "moby")}
    if args.deep:
        result["tiers_at_5_percent"] = tiers_figure(texts, source)
    out = Path(__file__).resolve().parents[1] / "results" / "doc_low_share.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
