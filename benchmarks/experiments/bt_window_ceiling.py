"""How much of the back-translated phrasing can any window threshold reach? Counts only.

    .venv/bin/python benchmarks/experiments/bt_window_ceiling.py   # needs ../shared/data/devset; ~30 s

For each kind of outside-devset document: the share of gold phrases with at least one scored
window over them at or above a window threshold (the most a second look at that threshold
could find), and the words outside gold phrases that such windows touch per 1,000 words (what
it would cost). Analysis only: nothing is fitted on the devset, and no text of it is written out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
THRESHOLDS = (0.1, 0.15, 0.2, 0.3, 0.5)


def main() -> int:
    if not DEVSET.exists():
        print(f"{DEVSET.relative_to(ROOT.parent)} is absent: nothing to measure")
        return 0
    from restoration import _gold

    from detector import api

    kinds: dict[str, dict] = {}
    for line in DEVSET.open(encoding="utf-8"):
        doc = json.loads(line)
        memo: dict = {}
        api.analyse(doc["text"], memo=memo)
        if not memo:
            continue
        (section,) = memo.values()
        gold = _gold(doc["text"], doc["gold"], "span", "expected") if doc["kind"] in ("spun", "backtranslated") else []
        best: dict[int, float] = {}  # token start -> highest window probability over it
        for tokens, features, probs in section.windows.blocks:
            w = features.windows
            for r in range(len(probs)):
                for pos in (int(w.left[r]), int(w.right[r])):
                    start = tokens[pos].start
                    best[start] = max(best.get(start, 0.0), float(probs[r]))
        row = kinds.setdefault(doc["kind"], {"phrases": [], "outside": [], "words": 0})
        row["phrases"] += [max([p for s, p in best.items() if a <= s < b] or [0.0]) for a, b, _ in gold]
        row["outside"] += [p for s, p in best.items() if not any(a <= s < b for a, b, _ in gold)]
        row["words"] += len(doc["text"].split())
    out = {}
    for kind, row in kinds.items():
        phrases, outside = np.array(row["phrases"]), np.array(row["outside"])
        out[kind] = {
            f"at {t}": {
                "gold_phrases_reached": round(float((phrases >= t).mean()), 3) if len(phrases) else None,
                "other_words_touched_per_1k": round(1000 * float((outside >= t).sum()) / row["words"], 1),
            }
            for t in THRESHOLDS
        }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
