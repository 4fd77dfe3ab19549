"""An altered verdict needs a span: should a document in which no span was found be held under
the spun threshold, and from what length?

`scoring.finish` holds the spun probability of a text of `NO_EVIDENCE_WORDS` words or more
without any span just under the stored threshold. The rule reads only (probability, spans,
words), so every variant is applied to one scoring pass per set, with the rule switched off:

- `none`: the head's probability as it is;
- `cap, all lengths` / `cap, 100+ words` / `cap, 300+ words`;
- `odds xK, cap, 100+ words`: first the odds multiplied by K (shipped: K = `NO_EVIDENCE_ODDS`),
  then the cap. Per set, the K that fits its own 100+ word texts without a span best (maximum
  likelihood of a shift of their log-odds) is reported too; the shipped K is the one fitted on
  the team dev validation third, hand-written text of the calibration split.

A second look for evidence (discovery again at a lower window threshold before the cap; the
dense gate's own second look is 0.15) was also measured, by rescoring: at 0.15, 0.3 and 0.5 it
finds a span in every clean text the head reads as spun, which then keeps its verdict, so it
undoes the rule (docs/experiments.md, "An altered verdict needs a span").

Sets (choice on the team's sets and the validation documents; the outside devset reported):
team dev validation third (`doc_corpus.dev("calibrate")`), team evaluation set (spun texts,
their originals, tricky clean texts), the calibrate part's Wikipedia and news documents spun
at exact shares by Moby and MyThes (a thesaurus the heads never learned from), and
`../shared/data/devset` when present. Per set: ROC AUC (spun against everything unspun),
share of spun documents labelled spun, share of unspun documents over the threshold, mean
score of tricky clean documents.

Run: PYTHONPATH=. .venv/bin/python benchmarks/experiments/evidence_rule.py   (~8 minutes)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
OUT = ROOT / "benchmarks" / "experiments" / "results" / "evidence_rule.json"
VARIANTS: dict[str, tuple[int | None, float]] = {  # name -> (least words, odds ratio)
    "none": (None, 1.0),
    "cap, all lengths": (0, 1.0),
    "cap, 100+ words": (100, 1.0),
    "cap, 300+ words": (300, 1.0),
    "odds x0.5, cap, 100+ words": (100, 0.5),
    "odds x0.4, cap, 100+ words": (100, 0.4),
    "odds x0.3, cap, 100+ words": (100, 0.3),
    "odds x0.2, cap, 100+ words": (100, 0.2),
}


def _sets() -> dict[str, list[tuple[str, str]]]:
    """Set name -> (kind, text), kind one of "spun", "clean", "tricky"."""
    from detector.training.doc_corpus import at_shares, dev

    sets: dict[str, list[tuple[str, str]]] = {}
    sets["team dev validation"] = [("spun" if d.spun else "clean", d.text) for d in dev("calibrate")]
    team = []
    for line in (ROOT / "benchmarks" / "data" / "spun_eval.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        team += [("spun", record["spun"]), ("clean", record["clean"])]
    for line in (ROOT / "benchmarks" / "data" / "clean_tricky.jsonl").open(encoding="utf-8"):
        team.append(("tricky", json.loads(line)["text"]))
    sets["team eval"] = team
    sources = ("moby", f"mythes:{MYTHES}") if MYTHES.exists() else ("moby",)
    sets["validation documents at shares"] = [
        ("spun" if d.spun else "clean", d.text) for d in at_shares("calibrate", sources)
    ]
    if DEVSET.exists():
        kinds = {"spun": "spun", "clean": "clean", "tricky_clean": "tricky"}
        sets["outside devset (reported)"] = [
            (kinds[r["kind"]], r["text"]) for r in map(json.loads, DEVSET.open(encoding="utf-8")) if r["kind"] in kinds
        ]
    return sets


def _auc(positives: np.ndarray, negatives: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    y = np.r_[np.ones(len(positives)), np.zeros(len(negatives))]
    return round(float(roc_auc_score(y, np.r_[positives, negatives])), 4)


def fitted_odds_ratio(p: np.ndarray, spun: np.ndarray) -> float:
    """exp(c) for the shift c of the log-odds of `p` that maximises the likelihood of `spun`."""
    from scipy.optimize import minimize_scalar

    z = np.log(np.clip(p, 1e-6, 1 - 1e-6) / (1 - np.clip(p, 1e-6, 1 - 1e-6)))

    def loss(c: float) -> float:
        q = np.clip(1.0 / (1.0 + np.exp(-(z + c))), 1e-12, 1 - 1e-12)
        return float(-np.sum(np.where(spun, np.log(q), np.log(1 - q))))

    return float(np.exp(minimize_scalar(loss, bounds=(-6.0, 6.0), method="bounded").x))


def main() -> int:
    from detector import score
    from detector.document import model as doc_model
    from detector.document import scoring

    threshold = doc_model.load().heads["spun"].threshold
    cap = threshold - scoring.NO_EVIDENCE_MARGIN
    results: dict[str, dict] = {}
    for name, docs in _sets().items():
        with mock.patch.object(scoring, "NO_EVIDENCE_WORDS", 10**9):  # the rule off, in this process
            reports = [score(text) for _, text in docs]
        kinds = np.array([kind for kind, _ in docs])
        raw = np.array([r.score for r in reports])
        bare = np.array([not r.spans for r in reports])
        words = np.array([r.n_words for r in reports])
        results[name] = {}
        for variant, (least, ratio) in VARIANTS.items():
            odds = raw / np.maximum(1.0 - raw, 1e-12) * ratio
            p = raw if least is None else np.where(bare & (words >= least), np.minimum(odds / (1 + odds), cap), raw)
            spun, unspun = p[kinds == "spun"], p[kinds != "spun"]
            row = {
                "auc": _auc(spun, unspun),
                "spun_labelled": round(float((spun >= threshold).mean()), 3),
                "unspun_flagged": round(float((unspun >= threshold).mean()), 3),
            }
            if (kinds == "tricky").any():
                row["tricky_mean"] = round(float(p[kinds == "tricky"].mean()), 3)
            results[name][variant] = row
        results[name]["documents"] = {"spun": int((kinds == "spun").sum()), "unspun": int((kinds != "spun").sum())}
        results[name]["spun without a span"] = int((bare & (kinds == "spun")).sum())
        fitted = bare & (words >= 100)
        if fitted.any():
            results[name]["odds ratio fitted to texts without a span"] = round(
                fitted_odds_ratio(raw[fitted], kinds[fitted] == "spun"), 3
            )
        print(name, json.dumps(results[name]), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
