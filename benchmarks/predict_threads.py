"""One thread or two for LightGBM's predictions: what the fast tier gains from the second core,
and what it loses when another process holds it.

    .venv/bin/python benchmarks/predict_threads.py     # about 2 minutes; writes results/predict_threads.json

Part 1: one prediction of the MT word scorer (60 trees) and of the discovery window scorer (300
trees) over random rows, 50 to 20,000 rows, on one thread and on two (best of several calls).
Part 2: the whole fast tier (`score`), in a fresh process per run, over the team evaluation set's
documents one at a time (about 1 KB each, clean and spun), the concatenated news originals
(27 KB) and a 1 MB text; predictions on two threads (the default) or one (`OMP_NUM_THREADS=1`,
which `model_files.predict_threads` reads), on an idle machine and with one core kept busy by
another process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import best_of

OUT = ROOT / "benchmarks" / "results" / "predict_threads.json"

RUN = r"""
import json, sys
sys.path.insert(0, "benchmarks")
from timing import best_of
from detector import score
records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
news = "\n\n".join(r["clean"] for r in records if r["domain"] == "news")
sets = {
    "clean documents (~1 KB each)": [r["clean"] for r in records],
    "spun documents (~1 KB each)": [r["spun"] for r in records],
    "news, 27 KB": [news],
    "news, 1 MB": [(news + "\n\n") * 37],
}
score(news)
out = {}
for name, texts in sets.items():
    best = best_of(lambda texts=texts: [score(text) for text in texts], 2)
    out[name] = round(sum(len(t.encode()) for t in texts) / 1000 / best, 1)
print(json.dumps(out))
"""
BUSY = "import time\nend = time.time() + 300\nwhile time.time() < end:\n    pass\n"


def single_predictions() -> dict[str, dict[int, dict[str, float]]]:
    from detector.spans import mt_words
    from detector.spans.discovery import load_model

    rng = np.random.default_rng(0)
    out: dict[str, dict[int, dict[str, float]]] = {}
    for name, booster in (("mt word scorer", mt_words.load().booster), ("window scorer", load_model().booster)):
        out[name] = {}
        for rows in (50, 200, 1000, 5000, 20000):
            x = rng.normal(size=(rows, booster.num_feature())).astype(np.float32)
            reps = max(3, 4000 // rows)
            out[name][rows] = {
                f"{threads}_thread_ms": round(
                    1000 * best_of(lambda t=threads, b=booster, m=x: b.predict(m, num_threads=t), reps), 2
                )
                for threads in (1, 2)
            }
            print(name, rows, out[name][rows], flush=True)
    return out


def _pipeline(threads: int) -> dict[str, float]:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    data = ROOT / "benchmarks" / "data" / "spun_eval.jsonl"
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(data)], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def pipeline() -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for busy in (False, True):
        burner = subprocess.Popen([sys.executable, "-c", BUSY]) if busy else None
        try:
            for threads in (2, 1):
                name = f"{threads} thread{'s' if threads > 1 else ''}, {'one core busy' if busy else 'idle'}"
                out[name] = _pipeline(threads)
                print(name, out[name], flush=True)
        finally:
            if burner is not None:
                burner.kill()
                burner.wait()
    return out


def main() -> int:
    result = {"single predictions": single_predictions(), "fast tier, KB/s": pipeline()}
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
