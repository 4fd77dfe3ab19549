"""Document-level quality of the shipped classifier, on documents it never learned from.

- Spun vs clean: Wikipedia test-split documents and test-split news articles (`doc_corpus.
  at_shares`), each clean and spun with Moby (the detector's own thesaurus: in-source) and with
  MyThes (Debian `mythes-en-us`: a source the detector never saw: cross-source; skipped when not
  installed) at exact shares of their words replaced (2% to 30%), ROC AUC per share and length
  (each share's spun documents against the same clean ones). The training corpus's spinner
  rates, which replace fewer words than they say, are reported too (`spinner_rate_auc`).
- News (the domain content farms republish): clean test-split news articles (`corpus.news`):
  share flagged at the shipped threshold.
- Machine-translated vs human: MLQE-PE test split, MT documents against post-edited ones
  (when ../shared/data/mlqe-pe is present), and the same MT documents against clean Wikipedia
  test leads of the same length range (independent human English of the same register).
- Calibration: expected calibration error and a reliability table (10 bins) per head, on the
  held-out population it was calibrated for (spun: clean and Moby-spun; MT: all unspun documents).
- The team's evaluation set (benchmarks/data: 40 spun texts with their originals, 30 tricky
  clean texts): never used for training; the quality gate pins floors on it.
- Per-feature importance (gain) from the manifest.

- With `--deep` (needs the `detector[deep]` extra; about 45 minutes more): deep mode's document
  score against the fast one on the same test documents, clean and MyThes-spun at 5% and 15%
  (benchmarks/results/quality_deep.json).

Run: .venv/bin/python benchmarks/quality.py [--deep]   (writes benchmarks/results/quality.json, ~2 min)
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


def _spun_auc(docs: list, p: np.ndarray, base: np.ndarray, source: str, keep) -> float:  # type: ignore[no-untyped-def]
    """AUC of `source`'s spun documents inside `base` whose share passes `keep`, against
    `base`'s clean documents."""
    pos = base & np.array([d.source == source and keep(d.rate) for d in docs])
    sel = pos | (base & np.array([d.spun == 0 for d in docs]))
    return _auc(p[sel], pos[sel].astype(int))


def share_figures(docs: list, p: np.ndarray, sources: list[str]) -> dict:
    """Spun against clean per exact share of words replaced (`doc_corpus.at_shares`): per source
    on Wikipedia documents, by length, and on news articles."""
    from detector.training.doc_corpus import SHARES

    wiki = np.array([d.group == "wiki" for d in docs])
    news = np.array([d.group == "news" for d in docs])
    words = np.array([len(d.text.split()) for d in docs])
    out: dict = {"wiki": {}, "wiki_by_length": {}, "news": {}}
    for source in sources:
        out["wiki"][source] = {
            "all_shares": _spun_auc(docs, p, wiki, source, lambda r: True),
            "share_15_plus": _spun_auc(docs, p, wiki, source, lambda r: r >= 0.15),
            "by_share": {str(share): _spun_auc(docs, p, wiki, source, lambda r, x=share: r == x) for share in SHARES},
        }
        for lo, hi in ((0, 100), (100, 300), (300, 10**9)):
            inside = wiki & (words >= lo) & (words < hi)
            out["wiki_by_length"][f"{source} {lo}-{hi if hi < 10**9 else 'inf'} words"] = {
                "share_15_plus": _spun_auc(docs, p, inside, source, lambda r: r >= 0.15),
                "share_0.05": _spun_auc(docs, p, inside, source, lambda r: r == 0.05),
            }
        out["news"][source] = {
            "all_shares": _spun_auc(docs, p, news, source, lambda r: True),
            "share_15_plus": _spun_auc(docs, p, news, source, lambda r: r >= 0.15),
            "share_0.05": _spun_auc(docs, p, news, source, lambda r: r == 0.05),
        }
    clean = np.array([d.spun == 0 for d in docs])
    out["clean_documents"] = {"wiki": int((wiki & clean).sum()), "news": int((news & clean).sum())}
    return out


def news_clean_figures(docs: list, p_spun: np.ndarray) -> dict:
    """Clean news articles (test split): how many the shipped threshold flags; content farms
    republish news, so clean newswire must read as clean."""
    from detector.document.model import load

    threshold = load().heads["spun"].threshold
    clean = np.array([d.group == "news" and d.spun == 0 for d in docs])
    return {
        "clean_documents": int(clean.sum()),
        "clean_flagged": round(float((p_spun[clean] >= threshold).mean()), 4),
        "clean_above_0.5": round(float((p_spun[clean] >= 0.5).mean()), 4),
        "clean_above_0.2": round(float((p_spun[clean] >= 0.2).mean()), 4),
        "clean_mean_score": round(float(p_spun[clean].mean()), 4),
    }


DEEP_OUT = ROOT / "benchmarks" / "results" / "quality_deep.json"
DEEP_SHARES = (0.05, 0.15)


def deep_figures(sources: tuple[str, ...]) -> dict:
    """Deep mode's document score (`score(..., deep=True)`) against the fast one on the same
    test documents: clean, and spun with MyThes (cross-source) at 5% and 15% of their words.
    About 45 minutes on 2 cores: the neural LM reads every document."""
    from detector import score_many
    from detector.training.doc_corpus import at_shares

    docs = [d for d in at_shares("test", sources, DEEP_SHARES) if d.spun == 0 or d.source == "mythes"]
    texts = [d.text for d in docs]
    fast = np.array([r.score for r in score_many(texts, n_jobs=2)])
    started = time.time()
    reports = score_many(texts, n_jobs=2, chunk_size=8, deep=True)
    seconds = time.time() - started
    deep = np.array([r.score for r in reports])
    from detector.document.deep_model import load

    threshold = load().threshold
    words = np.array([len(d.text.split()) for d in docs])
    clean = np.array([d.spun == 0 for d in docs])
    out: dict = {"documents": len(docs), "deep_seconds": round(seconds), "threshold": threshold}
    for name, p in (("fast", fast), ("deep", deep)):
        for share in DEEP_SHARES:
            pos = np.array([d.rate == share for d in docs]) & ~clean
            for lo, hi in ((0, 10**9), (0, 100), (100, 300), (300, 10**9)):
                inside = (words >= lo) & (words < hi)
                sel = (pos | clean) & inside
                out[f"{name} mythes {share:.0%} {lo}-{hi if hi < 10**9 else 'inf'} words"] = _auc(
                    p[sel], pos[sel].astype(int)
                )
    out["deep clean flagged"] = round(float((deep[clean] >= threshold).mean()), 4)
    out["deep mythes 5% flagged"] = round(
        float((deep[np.array([d.rate == 0.05 for d in docs])] >= threshold).mean()), 4
    )
    return out


def main() -> None:
    from detector.training.doc_corpus import RATES, at_shares, build, dev
    from detector.training.doc_model import ece

    started = time.time()
    sources = ("moby", f"mythes:{MYTHES}") if MYTHES.exists() else ("moby",)
    names = [s.split(":")[0] for s in sources]
    if len(sources) == 1:
        print("MyThes not installed (apt-get install mythes-en-us): no cross-source figure", file=sys.stderr)
    docs = build("test", sources=sources)
    p_spun, p_mt = _probabilities([d.text for d in docs])
    out: dict = {"command": "python benchmarks/quality.py", "documents": len(docs)}
    # The targets' "x% of words replaced": every test document spun at exact shares of its words.
    share_docs = at_shares("test", sources)
    p_share, _ = _probabilities([d.text for d in share_docs])
    out["spun_vs_clean_auc"] = share_figures(share_docs, p_share, names)
    print(json.dumps(out["spun_vs_clean_auc"], indent=1))
    # The training corpus's spinner rates (a rate r replaces about 0.45 r of the words), for
    # comparison with earlier versions of this benchmark.
    in_wiki = np.array([d.group == "wiki" for d in docs])
    clean = in_wiki & np.array([d.spun == 0 for d in docs])
    by_rate: dict = {}
    for source in names:
        by_rate[source] = {
            str(rate): {
                "auc": _spun_auc(docs, p_spun, in_wiki, source, lambda r, x=rate: r == x),
                "mean_share_replaced": round(
                    float(
                        np.mean(
                            [d.replaced for d in docs if d.group == "wiki" and d.source == source and d.rate == rate]
                        )
                    ),
                    4,
                ),
            }
            for rate in RATES
        }
        by_rate[source]["rate_15_plus"] = _spun_auc(docs, p_spun, in_wiki, source, lambda r: r >= 0.15)
    out["spinner_rate_auc"] = by_rate
    print("by spinner rate:", json.dumps(by_rate))
    words = np.array([len(d.text.split()) for d in docs])
    out["news"] = news_clean_figures(docs, p_spun)
    print("news:", json.dumps(out["news"]))
    mt_docs = np.array([d.group == "mlqe" for d in docs])
    if mt_docs.any():
        y = np.array([d.mt for d in docs])[mt_docs]
        out["mt_vs_human_auc"] = _auc(p_mt[mt_docs], y)
        # Calibration of P(mt) on the population it was calibrated for (every unspun held-out document:
        # Wikipedia and post-edited human text against MT; not Apertium's round trips, which teach
        # the kind head only), and on MLQE-PE alone, where half is MT.
        unspun = np.array([d.spun == 0 and d.group != "roundtrip-rules" for d in docs])
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
    from detector.document.model import load

    threshold = load().heads["spun"].threshold
    out["team_eval"] = {
        "auc": _auc(p, y),
        "spun_recall": round(float((p[y == 1] >= threshold).mean()), 3),
        "clean_flagged": round(float((p[y == 0] >= threshold).mean()), 3),
        "tricky_flagged": round(float((p[-len(tricky) :] >= threshold).mean()), 3),
        "tricky_mean": round(float(p[-len(tricky) :].mean()), 3),
        # Calibration on hand-written text: the population users screen, unlike the twins above.
        "ece": round(ece(p, y), 4),
    }
    print("team eval:", out["team_eval"])
    out["dev_validation_documents"] = len(dev("calibrate"))
    out["importance_gain"] = {h: load().manifest["heads"][h]["importance_gain"] for h in ("spun", "mt")}
    columns = ["set", "group", "source", "rate", "replaced", "spun", "mt", "words", "p_spun", "p_mt"]
    rows = [
        [
            name,
            d.group,
            d.source.split(":")[0],
            d.rate,
            round(d.replaced, 4),
            d.spun,
            d.mt,
            len(d.text.split()),
            round(float(ps), 5),
            None if pm is None else round(float(pm), 5),
        ]
        for name, part, ps_all, pm_all in (("rates", docs, p_spun, p_mt), ("shares", share_docs, p_share, None))
        for d, ps, pm in zip(part, ps_all, [None] * len(part) if pm_all is None else pm_all, strict=True)
    ]
    DOCUMENTS_OUT.write_text(json.dumps({"columns": columns, "rows": rows}) + "\n", encoding="utf-8")
    out["seconds"] = round(time.time() - started, 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    if "--deep" in sys.argv[1:]:
        deep = deep_figures(sources)
        print("deep mode:", json.dumps(deep, indent=1))
        DEEP_OUT.write_text(json.dumps(deep, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
