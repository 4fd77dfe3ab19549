"""Back-translated recall as the second look's window threshold for translated texts falls.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/bt_translated_threshold.py   # seconds; needs ../shared

For the outside development set's back-translated documents: those whose first pass reads as
machine-translated (`score`'s note says so) are analysed again at each window threshold
(`api.analyse(text, dense=t)`); the others keep what `score` reports. Printed: recall and
precision over their 299 gold phrases per threshold ("as shipped": `score` itself). Analysis
only: the shipped threshold is chosen on validation by `python -m detector.training.dense_gate`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from restoration import DEVSET, _gold

from detector import score
from detector.api import analyse
from detector.text import tokenize
from detector.training.span_eval import SpanTally, tally_document


def main() -> int:
    if not DEVSET.exists():
        print(f"{DEVSET} is absent: nothing to measure")
        return 0
    docs = [json.loads(line) for line in DEVSET.open(encoding="utf-8")]
    docs = [d for d in docs if d["kind"] == "backtranslated"]
    for threshold in (None, 0.15, 0.1, 0.07, 0.05):
        tally = SpanTally()
        for doc in docs:
            report = score(doc["text"])
            translated = any("machine-translated" in note for note in report.notes)
            spans = (
                report.spans
                if threshold is None or not translated
                else analyse(doc["text"], dense=threshold).report.spans
            )
            gold = _gold(doc["text"], doc["gold"], "span", "expected")
            tally_document(tally, doc["text"], list(spans), gold, len(tokenize(doc["text"])), False)
        label = "as shipped" if threshold is None else f"translated texts at {threshold}"
        print(f"{label}: recall {tally.recall:.3f}, precision {tally.precision:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
