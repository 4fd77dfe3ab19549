"""Short requests: does one engine's round trip read as more stable to another engine?

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/roundtrip_cross_engine.py   # ~3 min

Round-trip stability (`roundtrip_stability.py`) tells an engine's own round trips from human text
(ROC AUC 0.97) but not other systems' MT. The maintainers' short-request set is round trips
through a public engine the product never sees, so the question is whether stability carries
across engines. The conversational test utterances (`chatterbot-corpus`, never trained on) were
round-tripped through the neural engine (pivot pt) and Apertium (es, eo): each engine's round
trips, one utterance against another's human source (lower-cased, as the maintainers' set), are
judged by the stability of a second round trip through each *other* engine. Prints ROC AUC and
mean stability per pair; writes nothing. Needs `python -m detector.training.roundtrip --source
chat --split test --pivot pt es eo gl` first.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from roundtrip_stability import _auc, stability

from detector.training.roundtrip import apertium_round_trips, engine, path_for, read

UTTERANCES = 700


def main() -> int:
    forward, back = engine()

    def neural(texts: list[str]) -> list[str]:
        with ThreadPoolExecutor(max_workers=2) as pool:
            return list(pool.map(lambda s: back(forward(s)), texts))

    def judge(pivot: str):  # type: ignore[no-untyped-def]
        return neural if pivot == "pt" else lambda texts: [t.output for t in apertium_round_trips(texts, pivot)]

    for made_by in ("pt", "es", "eo"):
        trips = read(path_for("chat", "test", made_by))[: 2 * UTTERANCES]
        machine = [t.output.lower() for t in trips[0::2]]
        human = [t.source.lower() for t in trips[1::2]]
        for judged_by in ("pt", "eo", "gl"):
            if judged_by == made_by:
                continue
            again = judge(judged_by)
            m = [stability(a, b) for a, b in zip(machine, again(machine), strict=True)]
            h = [stability(a, b) for a, b in zip(human, again(human), strict=True)]
            print(
                f"round trips through {made_by}, stability through {judged_by}: ROC AUC {_auc(m, h)}, "
                f"mean stability machine {np.mean(m):.3f} / human {np.mean(h):.3f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
