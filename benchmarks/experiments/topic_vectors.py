"""Topic vectors for the restoration ranker: which co-occurrence window, size and context radius.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/topic_vectors.py   # ~12 minutes

Each variant builds the vectors from the modern prose's train split (as
`training/word_vectors.py` does) into a temporary file, trains the restoration ranker with
them (`training/restoration_ranker.py`, its default data) and records its validation top-1
accuracy: Wikipedia validation documents spun with Moby and with MyThes, and the team
development data's validation third. "none" trains the same ranker with every topic feature
missing (no vectors): the baseline. Nothing is read from the evaluation sets, the seeds or the
outside development set.
"""

from __future__ import annotations

import json
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results" / "topic_vectors.json"
# (co-occurrence window, dimensions, context radius)
VARIANTS = ((10, 64, 12), (10, 64, 30), (10, 64, 60), (10, 128, 30), (4, 64, 30), (4, 128, 30), (4, 128, 60))


def _use(path: Path | None, radius: int) -> None:
    """Point the topic-vector lookups at `path` (None: no vectors, every fit NaN)."""
    from detector.lm import word_vectors

    @lru_cache(maxsize=1)
    def table() -> tuple[np.ndarray, np.ndarray]:
        if path is None:
            return np.full(1, -1, dtype=np.int64), np.zeros((1, 8), dtype=np.float32)
        return word_vectors.read_table(path)

    word_vectors._table = table
    word_vectors.context_vectors.__defaults__ = (radius,)


def _ranker_top1(folder: Path) -> dict:
    from detector.training import restoration_ranker

    restoration_ranker.main(["--out", str(folder)])
    return json.loads((folder / "restoration_ranker.json").read_text())["validation_top1"]


def main() -> int:
    from detector.training import word_vectors

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        _use(None, 30)
        top1 = _ranker_top1(Path(tmp) / "none")
        results.append({"variant": "none", "validation_top1": top1})
        print("none", top1, flush=True)
        built: dict[tuple[int, int], Path] = {}
        for window, dims, radius in VARIANTS:
            path = built.get((window, dims))
            if path is None:
                path = Path(tmp) / f"vectors_{window}_{dims}.npz"
                word_vectors.main(["--out", str(path), "--window", str(window), "--dimensions", str(dims)])
                built[(window, dims)] = path
            _use(path, radius)
            top1 = _ranker_top1(Path(tmp) / f"ranker_{window}_{dims}_{radius}")
            row = {"window": window, "dimensions": dims, "radius": radius, "validation_top1": top1}
            results.append(row)
            print(row, flush=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
