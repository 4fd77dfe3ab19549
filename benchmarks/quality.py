"""Document-level quality of the shipped classifier, on documents it never learned from.

- Spun vs clean: Wikipedia test-split documents (`doc_corpus`, test part), each clean and
  spun once with Moby (the detector's own thesaurus: in-source) and once with MyThes (Debian
  `mythes-en-us`: a source the detector never saw: cross-source; skipped when not installed),
  ROC AUC per replacement rate (each rate's spun documents against all clean ones).
- News (the domain content farms republish): clean test-split news articles (`corpus.news`):
  share flagged at the shipped threshold, and spun against clean news per source and rate.
- Machine-translated vs human: MLQE-PE test split, MT documents against post-edited ones
  (when ../shared/data/mlqe-pe is present), and the same MT documents against clean Wikipedia
  test leads of the same length range (independent human English of the same register).
- Calibration: expected calibration error and a reliability table (10 bins) per head, on the
  held-out population it was calibrated for (spun: clean and Moby-spun; MT: all unspun documents).
- The team's evaluation set (benchmarks/data: 40 spun texts with their originals, 30 tricky
  clean texts): never used for training; the quality gate pins floors on it.
- Per-feature importance (gain) from the manifest.

Run: .venv/bin/python benchmarks/quality.py   (writes benchmarks/results/quality.json, ~2 min)
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "quality.json"
DOCUMENTS_OUT = ROOT / "benchmarks" / "results" / "quality_documents.json"  # numbers only, no text
EVAL = ROOT / "benchmarks" / "data"
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")


def _auc(p: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, p)), 4) if 0 < y.sum() < len(y) else float("nan")


def _probabilities(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(P(spun), P(mt)) per text, through the public API."""
    from detector import score_many

    reports = score_many(texts, n_jobs=2)
    return np.array([r.score for r in reports]), np.array([r.mt_score for r in reports])


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for lo, hi in itertools.pairwise(edges):
        inside = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if inside.any():
            rows.append(
                {
                    "bin": f"{lo:.1f}-{hi:.1f}",
                    "n": int(inside.sum()),
                    "mean_p": round(float(p[inside].mean()), 3),
                    "positive_rate": round(float(y[inside].mean()), 3),
                }
            )
    return rows


def news_figures(docs: list, p_spun: np.ndarray, sources: list[str]) -> dict:
    """Clean news articles (test split): how many the shipped threshold flags, and spun against
    clean news per source, the domain that content farms republish."""
    from detector.doc_model import load

    threshold = load().heads["spun"].threshold
    news = np.array([d.group == "news" for d in docs])
    clean = news & np.array([d.spun == 0 for d in docs])
    out: dict = {
        "clean_documents": int(clean.sum()),
        "clean_flagged": round(float((p_spun[clean] >= threshold).mean()), 4),
        "clean_above_0.5": round(float((p_spun[clean] >= 0.5).mean()), 4),
        "clean_above_0.2": round(float((p_spun[clean] >= 0.2).mean()), 4),
        "clean_mean_score": round(float(p_spun[clean].mean()), 4),
    }
    for source in sources:
        for name, keep in (
            ("all_rates", lambda r: True),
            ("rate_15_plus", lambda r: r >= 0.15),
            ("rate_0.05", lambda r: r == 0.05),
        ):
            pos = news & np.array([d.source == source and keep(d.rate) for d in docs])
            sel = pos | clean
            out[f"{source} {name} auc"] = _auc(p_spun[sel], pos[sel].astype(int))
    return out


def main() -> None:
    from detector.training.doc_corpus import RATES, build, dev
    from detector.training.doc_model import ece

    started = time.time()
    sources = ("moby", f"mythes:{MYTHES}") if MYTHES.exists() else ("moby",)
    if len(sources) == 1:
        print("MyThes not installed (apt-get install mythes-en-us): no cross-source figure", file=sys.stderr)
    docs = build("test", sources=sources)
    p_spun, p_mt = _probabilities([d.text for d in docs])
    out: dict = {"command": "python benchmarks/quality.py", "documents": len(docs)}
    in_wiki = np.array([d.group == "wiki" for d in docs])
    clean = in_wiki & np.array([d.spun == 0 for d in docs])
    by_source = {}
    for source in [s.split(":")[0] for s in sources]:
        rates = {}
        for rate in RATES:
            pos = in_wiki & np.array([d.source == source and d.rate == rate for d in docs])
            sel = pos | clean
            rates[str(rate)] = _auc(p_spun[sel], pos[sel].astype(int))
        pos = in_wiki & np.array([d.source == source for d in docs])
        sel = pos | clean
        at15 = in_wiki & np.array([d.source == source and d.rate >= 0.15 for d in docs])
        sel15 = at15 | clean
        by_source[source] = {
            "all_rates": _auc(p_spun[sel], pos[sel].astype(int)),
            "rate_15_plus": _auc(p_spun[sel15], at15[sel15].astype(int)),
            "by_rate": rates,
        }
        print(source, json.dumps(by_source[source]))
    out["spun_vs_clean_auc"] = by_source
    words = np.array([len(d.text.split()) for d in docs])
    lengths = {}
    for lo, hi in ((0, 100), (100, 300), (300, 10**9)):
        inside = (words >= lo) & (words < hi)
        for source in [s.split(":")[0] for s in sources]:
            at15 = in_wiki & np.array([d.source == source and d.rate >= 0.15 for d in docs]) & inside
            sel = at15 | (clean & inside)
            lengths[f"{source} {lo}-{hi if hi < 10**9 else 'inf'} words, rate>=0.15"] = _auc(
                p_spun[sel], at15[sel].astype(int)
            )
            at5 = in_wiki & np.array([d.source == source and d.rate == 0.05 for d in docs]) & inside
            sel = at5 | (clean & inside)
            lengths[f"{source} {lo}-{hi if hi < 10**9 else 'inf'} words, rate 0.05"] = _auc(
                p_spun[sel], at5[sel].astype(int)
            )
    out["spun_vs_clean_auc_by_length"] = lengths
    print(json.dumps(lengths, indent=0))
    out["news"] = news_figures(docs, p_spun, [s.split(":")[0] for s in sources])
    print("news:", json.dumps(out["news"]))
    mt_docs = np.array([d.group == "mlqe" for d in docs])
    if mt_docs.any():
        y = np.array([d.mt for d in docs])[mt_docs]
        out["mt_vs_human_auc"] = _auc(p_mt[mt_docs], y)
        # Calibration of P(mt) on the population it was calibrated for (every unspun held-out document:
        # Wikipedia and post-edited human text against MT), and on MLQE-PE alone, where half is MT.
        unspun = np.array([d.spun == 0 for d in docs])
        out["mt_ece"] = round(ece(p_mt[unspun], np.array([d.mt for d in docs])[unspun]), 4)
        out["mt_ece_mlqe_only"] = round(ece(p_mt[mt_docs], y), 4)
        out["mt_reliability"] = reliability(p_mt[unspun], np.array([d.mt for d in docs])[unspun])
        print("MT vs post-edited human:", out["mt_vs_human_auc"], "ECE", out["mt_ece"], out["mt_ece_mlqe_only"])
        # The same MT documents against independent human English of the same register and length:
        # clean Wikipedia test leads (MLQE-PE's sources are Wikipedia sentences in other languages).
        machine = mt_docs & np.array([d.mt == 1 for d in docs])
        lo, hi = np.percentile(words[machine], [5, 95])
        sel = machine | (clean & (words >= lo) & (words <= hi))
        out["mt_vs_wikipedia_auc"] = _auc(p_mt[sel], machine[sel].astype(int))
        out["mt_vs_wikipedia_documents"] = {"mt": int(machine.sum()), "wikipedia": int((sel & ~machine).sum())}
        print("MT vs Wikipedia leads of the same length:", out["mt_vs_wikipedia_auc"], out["mt_vs_wikipedia_documents"])
    # Calibration on the mix it was fitted for: every clean document and its Moby-spun twin.
    wiki = np.array([d.group == "wiki" and d.source in ("clean", "moby") for d in docs])
    y_wiki = np.array([d.spun for d in docs])[wiki]
    out["spun_ece"] = round(ece(p_spun[wiki], y_wiki), 4)
    out["spun_reliability"] = reliability(p_spun[wiki], y_wiki)
    print("ECE spun:", out["spun_ece"])
    # The team's evaluation set (never trained on).
    spun_eval = [
        json.loads(line) for line in (EVAL / "spun_eval.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    tricky = [
        json.loads(line) for line in (EVAL / "clean_tricky.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    texts = [r["spun"] for r in spun_eval] + [r["clean"] for r in spun_eval] + [r["text"] for r in tricky]
    y = np.array([1] * len(spun_eval) + [0] * (len(spun_eval) + len(tricky)))
    p, _ = _probabilities(texts)
    from detector.doc_model import load

    threshold = load().heads["spun"].threshold
    out["team_eval"] = {
        "auc": _auc(p, y),
        "spun_recall": round(float((p[y == 1] >= threshold).mean()), 3),
        "clean_flagged": round(float((p[y == 0] >= threshold).mean()), 3),
        "tricky_flagged": round(float((p[-len(tricky) :] >= threshold).mean()), 3),
    }
    print("team eval:", out["team_eval"])
    out["dev_validation_documents"] = len(dev("calibrate"))
    out["importance_gain"] = {h: load().manifest["heads"][h]["importance_gain"] for h in ("spun", "mt")}
    DOCUMENTS_OUT.write_text(
        json.dumps(
            {
                "columns": ["group", "source", "rate", "spun", "mt", "words", "p_spun", "p_mt"],
                "rows": [
                    [
                        d.group,
                        d.source.split(":")[0],
                        d.rate,
                        d.spun,
                        d.mt,
                        len(d.text.split()),
                        round(float(ps), 5),
                        round(float(pm), 5),
                    ]
                    for d, ps, pm in zip(docs, p_spun, p_mt, strict=True)
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    out["seconds"] = round(time.time() - started, 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
