"""Window-scorer training variants side by side: spinner sources and text mix.

Each variant trains the discovery window scorer into a temporary folder with
`python -m detector.training.discovery --out DIR ...` (its own cutoff, chosen on its own
validation data as the training script does), then is measured, discovery alone, on:
- synthetic spinning of Wikipedia test-split leads with Moby and with MyThes (Debian
  `mythes-en-us`; cross-source for a variant that did not train on it);
- the validation third of the team's development data;
- the outside development set (`../shared/data/devset`; measured, never fitted).

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/discovery_training_mix.py base mix
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import lightgbm

from detector.lm import thesaurus
from detector.spans.discovery import MANIFEST_FILE, MODEL_FILE, Cutoff
from detector.training import discovery as training
from detector.training.corpus import documents
from detector.training.spinner import spin

# SECOND_CANDIDATES=1: links only the second thesaurus holds become candidates too.
thesaurus.SECOND_AS_CANDIDATES = os.environ.get("SECOND_CANDIDATES", "0") != "0"
ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
VARIANTS: dict[str, list[str]] = {
    "base": [],
    "mix": ["--sources", "moby,mythes"],
    "news": ["--news", "300"],
    "restores": ["--restores"],
    "second": [],
    "second_mix": ["--sources", "moby,mythes"],
    "modern": [],
    "modern_low": ["--lows", "0.15,0.2,0.25,0.3,0.4,0.5,0.6"],
    "v2": ["--lows", "0.15,0.2,0.25,0.3,0.4,0.5,0.6"],
    "v3": ["--lows", "0.15,0.2,0.25,0.3,0.4,0.5,0.6", "--budget", "1.0"],
    "v3_2": ["--lows", "0.15,0.2,0.25,0.3,0.4,0.5,0.6"],
    "v4_mix": ["--sources", "moby,mythes"],
    "v5_mix": ["--sources", "moby,mythes", "--modern-train", "300"],
    "v2_mix": ["--lows", "0.15,0.2,0.25,0.3,0.4,0.5,0.6", "--sources", "moby,mythes"],
    "mix_restores": ["--sources", "moby,mythes", "--restores"],
    "mix_news": ["--sources", "moby,mythes", "--news", "300"],
}


CURVE = (0.4, 0.5, 0.6, 0.7, 0.8)


def devset_examples() -> dict[str, list]:
    out: dict[str, list] = {"spun": [], "clean": [], "tricky_clean": []}
    if not DEVSET.exists():
        return out
    for line in DEVSET.open(encoding="utf-8"):
        record = json.loads(line)
        if record["kind"] not in out:
            continue
        text, gold, cursor = record["text"], [], 0
        for item in record["gold"]:
            at = text.find(item["span"], cursor)
            at = text.find(item["span"]) if at < 0 else at
            if at >= 0:
                gold.append((at, at + len(item["span"]), item["expected"]))
                cursor = at + len(item["span"])
        out[record["kind"]].append((text, gold, record["kind"] != "spun"))
    return out


def synthetic(source: str, n: int = 150, rate: float = 0.3) -> list:
    out = []
    for i, text in enumerate(documents("test")[:n]):
        spun = spin(text, rate, source, seed=1000 + i)
        out.append((spun.text, [(s.start, s.end, s.original) for s in spun.swaps], False))
        out.append((text, [], True))
    return out


def measure(folder: Path) -> dict:
    booster = lightgbm.Booster(model_file=str(folder / MODEL_FILE))
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    cut = manifest["cutoff"]
    cutoff = Cutoff(
        cut["high"], cut["low"], cut["density_mid"], cut["density_prob"], cut.get("short"), cut.get("unit", "windows")
    )
    result: dict = {"cutoff": cut}
    sets = {f"wiki_{s}": synthetic(s) for s in ("moby", "mythes")}
    sets["team_dev_val"] = training.dev_examples(ROOT / "data" / "dev", "val")
    sets.update({f"devset_{k}": v for k, v in devset_examples().items()})
    for name, examples in sets.items():
        t = training.tally(training.score_examples(booster, examples), cutoff).as_dict()
        result[name] = {k: t[k] for k in ("recall", "suggestion_accuracy", "false_spans_per_1k_clean_words")}
    # Operating points compared across variants: fixed window thresholds, devset spun against
    # its clean and tricky clean texts together.
    spun = training.score_examples(booster, sets["devset_spun"])
    clean = training.score_examples(booster, sets["devset_clean"] + sets["devset_tricky_clean"])
    curve = {}
    for threshold in CURVE:
        fixed = Cutoff(threshold, threshold, 0.0)
        s, c = training.tally(spun, fixed), training.tally(clean, fixed)
        curve[str(threshold)] = [round(s.recall, 3), round(s.suggestion_accuracy, 3), round(c.false_per_1k_clean, 2)]
    result["devset_curve_recall_sugg_false"] = curve
    return result


def main(names: list[str]) -> int:
    results = {}
    for name in names or list(VARIANTS):
        folder = (
            Path(tempfile.gettempdir())
            / "discovery_variants"
            / (name + ("" if thesaurus.SECOND_AS_CANDIDATES else "_flag"))
        )
        if not (folder / MODEL_FILE).exists():
            training.main(["--out", str(folder), *VARIANTS[name]])
        results[name] = measure(folder)
        print(name, json.dumps(results[name]), flush=True)
    out = ROOT / "benchmarks" / "results" / "discovery_training_mix.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    tag = "" if thesaurus.SECOND_AS_CANDIDATES else "flag_only:"
    previous.update({tag + k: v for k, v in results.items()})
    out.write_text(json.dumps(previous, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
