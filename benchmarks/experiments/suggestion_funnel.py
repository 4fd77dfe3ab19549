"""Where do wrong suggestions go wrong? Each changed word of each found phrase, by search stage.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/suggestion_funnel.py   # ~6 min

For every gold phrase the full fast tier finds but restores wrongly (the sets of
`restoration.py`: team dev validation, team evaluation, and the outside devset when present),
each word whose original differs is put in the first stage that loses it:

- "phrase changes length": the original has another number of words ("by and large" -> "overall");
- "word right": this word is restored right, another word of the phrase is not;
- "original unknown to the LM" / "written word unknown to the LM";
- "word never ranked": the word is outside every searched stretch;
- "not in the candidate table": no thesaurus or learned link reaches the original;
- "cut by the pre-score": a table neighbour, dropped before the ranker reads it (PRESCORE_KEEP);
- "ranked 7th or lower": ranked, but beyond MAX_OPTIONS;
- "ranked k-th, search chose another": among the words the search tries; the trigram LM and the
  noisy channel preferred another combination.

Writes `benchmarks/experiments/results/suggestion_funnel.json` (counts per set and stage; the
words themselves are printed for the team's own sets only).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

import restoration as sets

from detector import score
from detector.lm.reference import reference
from detector.spans.discovery import restoration
from detector.text import tokenize
from detector.training.span_eval import _norm, restored_text

OUT = ROOT / "benchmarks" / "experiments" / "results" / "suggestion_funnel.json"


def _recording(seen: dict[int, list[int]]):
    """A wrapper of `restoration._candidates` that keeps, per token start, each candidate's best
    rank over every ranking the search read (the first one and the re-ranking)."""
    original = restoration._candidates

    def wrapped(tokens, positions, options, ref, cost, swap_prob, ranked, *rest):
        out = original(tokens, positions, options, ref, cost, swap_prob, ranked, *rest)
        for p in positions if ranked is not None else ():
            if p in ranked:
                best = {i: n for n, i in enumerate(seen.get(tokens[p].start, []))}
                for n, i in enumerate(ranked[p].ids.tolist()):
                    best[i] = min(best.get(i, n), n)
                seen[tokens[p].start] = sorted(best, key=best.get)
        return out

    return wrapped


def _stage(word, original, ranks: list[int] | None, ng, table_of) -> str:
    alt, written = ng.index.get(original), ng.index.get(word)
    if alt is None:
        return "original unknown to the LM"
    if written is None:
        return "written word unknown to the LM"
    if ranks is None:
        return "word never ranked"
    if alt in ranks:
        n = ranks.index(alt)
        return f"ranked {n + 1}, search chose another" if n < restoration.MAX_OPTIONS else "ranked 7th or lower"
    return "cut by the pre-score" if alt in table_of(written) else "not in the candidate table"


def funnel(docs: list[tuple[str, list[tuple[int, int, str]]]], show: bool) -> Counter[str]:
    ng = reference().ngrams
    table_of = lambda i: set(reference().synonyms.of(i)[0].tolist())
    seen: dict[int, list[int]] = {}
    stages: Counter[str] = Counter()
    with mock.patch.object(restoration, "_candidates", _recording(seen)):
        for text, gold in docs:
            seen.clear()
            spans = [s for s in score(text).spans if s.kind != "mt"]
            tokens = tokenize(text)
            for start, end, expected in gold:
                hits = [s for s in spans if s.start < end and start < s.end]
                if not hits:
                    continue
                got = [restored_text(text, s, start, end) for s in hits]
                if any(_norm(g) == _norm(expected) for g in got + [s.suggestion or "" for s in hits]):
                    stages["right"] += 1
                    continue
                written = [t for t in tokens if start <= t.start < end]
                wanted = expected.lower().split()
                if len(wanted) != len(written):
                    stages["phrase changes length"] += 1
                    continue
                restored = got[0].lower().split() if got else []
                for i, (token, original) in enumerate(zip(written, wanted)):
                    if token.lower == original:
                        continue
                    if len(restored) == len(wanted) and restored[i] == original:
                        stages["word right"] += 1
                        continue
                    stage = _stage(token.lower, original, seen.get(token.start), ng, table_of)
                    stages[stage] += 1
                    if show:
                        print(f"  {stage}: {token.lower} -> {original} (got {got[0] if got else ''!r})")
    return stages


def main() -> int:
    results = {}
    for name, docs in sets._sets().items():
        results[name] = dict(funnel(docs, show=name != "outside devset").most_common())
        print(name, json.dumps(results[name]), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
