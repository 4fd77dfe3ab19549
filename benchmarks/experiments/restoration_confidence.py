"""Restoration sanity as a span filter: is a span whose suggestion the ranker doubts weak evidence?

A false span on correct prose often comes with a suggestion that is no restoration at all
("talons for grasping" -> "teeth for understanding"). The restoration ranker scores every
candidate original of a flagged word (0..1); this asks whether the least of those scores over
the words a span's suggestion changes tells true spans from false ones better than the window
scorer already does. Per set and cut: true and false spans a filter "least ranker score < cut"
would drop.

Sets: the team dev validation third (spun and clean), Wikipedia validation leads (clean, and
spun by the team spinner as discovery's validation makes them), clean modern validation prose,
and the outside development set (`../shared/data/devset`, reported only).

Run: PYTHONPATH=. .venv/bin/python benchmarks/experiments/restoration_confidence.py   (~2 minutes)
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
OUT = ROOT / "benchmarks" / "experiments" / "results" / "restoration_confidence.json"
CUTS = (0.02, 0.05, 0.1, 0.2)


def _gold(text: str, pairs: list[dict], key: str, original: str) -> list[tuple[int, int]]:
    from restoration import _gold as located  # benchmarks/experiments/restoration.py

    return [(a, b) for a, b, _ in located(text, pairs, key, original)]


def documents() -> dict[str, list[tuple[str, list[tuple[int, int]]]]]:
    from detector.training import modern_corpus
    from detector.training.corpus import documents as wiki
    from detector.training.discovery import SEED, make_examples

    sets: dict[str, list] = defaultdict(list)
    for path in sorted((ROOT / "data" / "dev").glob("*_dev*.jsonl")):
        for line in path.open(encoding="utf-8"):
            r = json.loads(line)
            if int(hashlib.sha256(r["id"].encode()).hexdigest()[:8], 16) % 3 != 0:
                continue  # the validation third only
            if "spun" in r:
                sets["team dev validation, spun"].append((r["spun"], _gold(r["spun"], r["pairs"], "spun", "original")))
                sets["team dev validation, clean"].append((r["clean"], []))
            else:
                sets["team dev validation, clean"].append((r["text"], []))
    for text, gold, clean in make_examples(wiki("val")[:300], SEED + 1):
        sets["Wikipedia validation, " + ("clean" if clean else "spun")].append((text, [(a, b) for a, b, _ in gold]))
    for source in modern_corpus.SOURCES:
        sets["modern validation, clean"] += [(t, []) for t in modern_corpus.documents(source, "val")[:40]]
    if DEVSET.exists():
        for line in DEVSET.open(encoding="utf-8"):
            r = json.loads(line)
            if r["kind"] == "spun":
                sets["outside devset, spun"].append((r["text"], _gold(r["text"], r["gold"], "span", "expected")))
            elif r["kind"] in ("clean", "tricky_clean"):
                sets["outside devset, clean and tricky"].append((r["text"], []))
    return sets


def main() -> int:
    from detector import score
    from detector.lm.reference import reference
    from detector.spans import discovery

    words = reference().ngrams.index
    least: dict[tuple[int, int], float] = {}
    restore = discovery.restore

    def recording(tokens, group, initial, options, ref, cost, swap_prob=None, ranked=None, rank=True):  # type: ignore[no-untyped-def]
        found = restore(tokens, group, initial, options, ref, cost, swap_prob, ranked, rank)
        scores = []
        for p, word in found.replacements.items():
            if word and ranked is not None and p in ranked:
                ids = ranked[p].ids.tolist()
                i = words.get(word, -1)
                scores.append(float(ranked[p].scores[ids.index(i)]) if i in ids else 0.0)
        least[(tokens[found.first].start, tokens[found.last].end)] = min(scores, default=0.0)
        return found

    spans: dict[str, list[tuple[bool, float]]] = {}
    with mock.patch.object(discovery, "restore", recording):
        for name, docs in documents().items():
            spans[name] = []
            for text, gold in docs:
                least.clear()
                for s in score(text).spans:
                    if s.kind == "discovery" and (s.start, s.end) in least:
                        true = any(s.start < b and a < s.end for a, b in gold)
                        spans[name].append((true, least[(s.start, s.end)]))
    results = {}
    for name, rows in spans.items():
        n_true, n_false = sum(t for t, _ in rows), sum(not t for t, _ in rows)
        results[name] = {"true": n_true, "false": n_false}
        for cut in CUTS:
            dropped_true = sum(t and v < cut for t, v in rows)
            dropped_false = sum((not t) and v < cut for t, v in rows)
            results[name][f"dropped below {cut}"] = {"true": dropped_true, "false": dropped_false}
        print(name, json.dumps(results[name]), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
