"""Where the `repeated_phrasing` threshold comes from: clean reference prose, nothing else.

Gopher's own duplicated 5-gram limit (15% of characters) is meant for spam; templated filler
sits below it. Our threshold is set just above what clean prose of the same length reaches:
the 99.9th percentile of the duplicated 5-gram character share over Wikipedia lead sections
(training split of the corpus, 150+ words) and the team's dev texts (data/dev, 150+ words,
clean and hand-spun versions), rounded up to the next hundredth. Pages used for evaluation
(seeds, data/pages) are not read here.

Run: .venv/bin/python benchmarks/experiments/quality_thresholds.py   (writes benchmarks/results/quality_thresholds.json)
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "benchmarks" / "results" / "quality_thresholds.json"
MIN_WORDS = 150


def _dev_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "data" / "dev").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts.extend(record[k] for k in ("text", "clean", "spun") if isinstance(record.get(k), str))
    return texts


def main() -> None:
    from detector.page import quality
    from detector.page.quality import FILLER_DUP5_SHARE
    from detector.training.corpus import documents

    groups = {"wikipedia leads (train split)": documents("train"), "team dev texts": _dev_texts()}
    values: list[float] = []
    report = {}
    for name, texts in groups.items():
        shares = []
        for text in texts:
            m = quality.measure(quality.PageText(tuple(text.splitlines())))
            if m.n_words >= MIN_WORDS:
                shares.append(dict(m.duplicate_ngram_shares)[5])
        arr = np.array(shares)
        report[name] = {
            "n": len(shares),
            "p50": float(np.percentile(arr, 50)),
            "p99": float(np.percentile(arr, 99)),
            "p99.9": float(np.percentile(arr, 99.9)),
            "max": float(arr.max()),
        }
        values.extend(shares)
        print(
            f"{name:32s} n={len(shares):4d}  p99 {report[name]['p99']:.3f}  p99.9 {report[name]['p99.9']:.3f}  "
            f"max {report[name]['max']:.3f}"
        )
    derived = math.ceil(float(np.percentile(np.array(values), 99.9)) * 100) / 100
    print(f"derived threshold {derived:.2f}; shipped FILLER_DUP5_SHARE {FILLER_DUP5_SHARE:.2f}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "command": "python benchmarks/experiments/quality_thresholds.py",
                "groups": report,
                "derived_threshold": derived,
                "shipped": FILLER_DUP5_SHARE,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
