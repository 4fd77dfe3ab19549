"""Labels on short texts: how often a sentence or two of human English is labelled altered.

    .venv/bin/python benchmarks/short_texts.py    # about 4 minutes; writes benchmarks/results/short_texts.json

Test-split texts only (the per-length thresholds were chosen on validation pieces,
`detector/training/length_thresholds.py`), by length bucket in words:
- human pieces of 1, 2 and 4 sentences of every clean source (Wikipedia leads, Lee news,
  PubMed, BBC News, State of the Union, licences, documentation): share labelled anything but
  `clean`;
- conversational utterances (`chatterbot-corpus`, a register no threshold was chosen on): the
  same share;
- the human pieces spun by the team's spinner (Moby and MyThes, about one word in seven
  replaced): share labelled `spun` or `mt`;
- machine-translated pieces (Wikipedia, PubMed and BBC test round trips through the offline
  engines, MLQE-PE test output; when at hand) and the utterances' round trips: share labelled `mt`.
Each with the stored document thresholds at every length ("stored") and with the per-length
thresholds ("per length"), in one run.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector import score
from detector.document.model import Head
from detector.training import corpus, roundtrip
from detector.training import length_thresholds as lt

OUT = ROOT / "benchmarks" / "results" / "short_texts.json"
BUCKETS = ("under 15 words", "15-29 words", "30-59 words", "60+ words")


def _machine_pieces() -> list[str]:
    out = lt.machine_pieces("test")
    for source in ("pubmed", "bbc"):
        path = roundtrip.path_for(source, "test")
        if path.exists():
            lines = [trip.output for trip in roundtrip.read(path)]
            for size in lt.SIZES:
                out += lt.pieces(lines, size, lt.PIECES, f"{source}-{size}")
    return out


def _chat_round_trips() -> list[str]:
    path = roundtrip.path_for("chat", "test")
    return [trip.output for trip in roundtrip.read(path)] if path.exists() else []


def shares(texts: list[str], counts: set[str]) -> dict[str, dict[str, float]]:
    """Per bucket and threshold rule: texts, and the share whose label is in `counts`."""
    out: dict[str, dict[str, float]] = {}
    for rule in ("stored", "per length"):
        stored = mock.patch.object(Head, "threshold_for", lambda self, words: self.threshold)
        with stored if rule == "stored" else contextlib.nullcontext():
            reports = [score(text) for text in texts]
        buckets = lt.bucket_of([r.n_words for r in reports])
        for bucket, name in enumerate(BUCKETS):
            inside = [r.label in counts for r, b in zip(reports, buckets) if b == bucket]
            row = out.setdefault(name, {"texts": len(inside)})
            row[rule] = round(sum(inside) / len(inside), 3) if inside else None
    return out


def main() -> int:
    started = time.time()
    human = lt.human_pieces("test")
    sets = {
        "human pieces, labelled altered or mt": (human, {"spun", "mt"}),
        "conversational utterances, labelled altered or mt": (corpus.chat("test"), {"spun", "mt"}),
        "spun pieces, labelled spun or mt": (lt.spun_pieces(human), {"spun", "mt"}),
        "machine-translated pieces, labelled mt": (_machine_pieces(), {"mt"}),
        "utterances' round trips, labelled mt": (_chat_round_trips(), {"mt"}),
    }
    results: dict[str, object] = {}
    for name, (texts, counts) in sets.items():
        if texts:
            results[name] = shares(texts, counts)
            print(name, json.dumps(results[name]), flush=True)
    results["seconds"] = round(time.time() - started, 1)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
