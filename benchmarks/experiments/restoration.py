"""Suggestions: the restoration ranker and its noisy channel against the windows' proposals.

    .venv/bin/python benchmarks/experiments/restoration.py   # ~2 min; writes results/restoration.json

Variants of `spans/discovery/restoration.py`, each scored on the team dev validation split
(where the channel's constants were chosen), the team evaluation set and, when present, the
outside development set (`../shared/data/devset`, reported, never chosen on): recall and
suggestion right of the full fast tier. "windows" is the search before the ranker (the
windows' most proposed words, swap cost by number of thesaurus links).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from detector import score
from detector.spans.discovery import restoration
from detector.text import Token, tokenize
from detector.training.span_eval import SpanTally, tally_document

DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
OUT = ROOT / "benchmarks" / "experiments" / "results" / "restoration.json"
VARIANTS: dict[str, dict[str, object]] = {
    "windows (no ranker)": {"load_ranker": lambda: None},
    "ranker, channel constants as shipped": {},
    "ranker, no bias": {"CHANNEL_BIAS": 0.0},
    "ranker, neighbour floor 0.1": {"NEIGHBOUR_FLOOR": 0.1},
    "ranker, 6 candidates per word": {"MAX_OPTIONS": 6},
}


def _gold(text: str, pairs: list[dict], span_key: str, original_key: str) -> list[tuple[int, int, str]]:
    out, cursor = [], 0
    for pair in pairs:
        at = text.find(pair[span_key], cursor)
        if at < 0:
            at = text.find(pair[span_key])
        if at >= 0:
            out.append((at, at + len(pair[span_key]), pair[original_key]))
            cursor = at + len(pair[span_key])
    return out


def _sets() -> dict[str, list[tuple[str, list[tuple[int, int, str]]]]]:
    sets: dict[str, list] = {"team dev val": [], "team eval": [], "outside devset": []}
    for path in sorted((ROOT / "data" / "dev").glob("spun_dev*.jsonl")):
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            if int(hashlib.sha256(record["id"].encode()).hexdigest()[:8], 16) % 3 == 0:
                sets["team dev val"].append(
                    (record["spun"], _gold(record["spun"], record["pairs"], "spun", "original"))
                )
    for line in (ROOT / "benchmarks" / "data" / "spun_eval.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        sets["team eval"].append((record["spun"], _gold(record["spun"], record["pairs"], "spun", "original")))
    if DEVSET.exists():
        for line in DEVSET.open(encoding="utf-8"):
            record = json.loads(line)
            if record["kind"] == "spun":
                sets["outside devset"].append(
                    (record["text"], _gold(record["text"], record["gold"], "span", "expected"))
                )
    return {name: docs for name, docs in sets.items() if docs}


def changed_words(tokens: list[Token], gold: list[tuple[int, int, str]]) -> Iterator[tuple[Token, str]]:
    """(written token, original word) for each word a same-length gold phrase changes: the
    word-level pairs the suggestion analyses count (phrases that change length are left out)."""
    for start, end, expected in gold:
        written = [t for t in tokens if start <= t.start < end]
        wanted = expected.lower().split()
        if len(written) == len(wanted):
            yield from ((t, o) for t, o in zip(written, wanted, strict=True) if t.lower != o)


def measure() -> dict[str, dict[str, float]]:
    out = {}
    for name, docs in _sets().items():
        tally = SpanTally()
        for text, gold in docs:
            spans = [s for s in score(text).spans if s.kind != "mt"]
            tally_document(tally, text, spans, gold, len(tokenize(text)), False)
        out[name] = {"recall": round(tally.recall, 3), "suggestion_right": round(tally.suggestion_accuracy, 3)}
    return out


def main() -> int:
    results = {}
    for variant, patches in VARIANTS.items():
        with (
            mock.patch.multiple(restoration, **patches)
            if patches
            else mock.patch.object(restoration, "CONTEXT", restoration.CONTEXT)
        ):
            results[variant] = measure()
        print(variant, json.dumps(results[variant]), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
