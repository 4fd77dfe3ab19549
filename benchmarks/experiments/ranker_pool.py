"""How many thesaurus neighbours the restoration ranker scores (`ranking.PRESCORE_KEEP`): suggestions and cost.

    .venv/bin/python benchmarks/experiments/ranker_pool.py [32 64 160]   # ~1 minute per value

With the shipped ranker (trained at the shipped value), suggestions right of the fast tier on
the sets of `restoration.py` (team dev validation, team evaluation, outside devset when
present), and the fast tier's speed on the team evaluation set's spun texts joined, where
every flagged word is ranked (clean news, which `benchmarks/spans.py --speed` times, flags
too few words to tell).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from restoration import measure

from detector import score
from detector.spans.discovery import ranking


def main(argv: list[str]) -> int:
    spun = "\n\n".join(
        json.loads(line)["spun"] for line in (ROOT / "benchmarks" / "data" / "spun_eval.jsonl").open(encoding="utf-8")
    )
    score(spun[:5000])  # warm
    for keep in [int(a) for a in argv] or [32, 64, 160]:
        with mock.patch.object(ranking, "PRESCORE_KEEP", keep):
            start = time.perf_counter()
            score(spun)
            speed = len(spun.encode()) / 1000 / (time.perf_counter() - start)
            print(keep, json.dumps(measure()), f"spun text {speed:.1f} KB/s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
