"""Suggestions: is the original the word whose *first* thesaurus sense lists the written word?

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/first_sense.py   # ~2 min; needs mythes-en-us

A writer who looks a word up reads its first, most common sense first. Counted on the sets of
`restoration.py` (changed words of gold phrases whose original is among the written word's 30
best-linked neighbours): the share of candidates whose MyThes entry lists the written word at
all, and in its first sense, for the originals against the other candidates. Then a one-off
patch of the search's channel: a candidate whose first sense lists the written word costs BONUS
log10 less. Prints the shares and one line per bonus; writes nothing.
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

from detector.lm.reference import reference
from detector.lm.thesaurus import lemmas
from detector.spans.discovery import restoration
from detector.text import tokenize
from detector.training.spinner import MYTHES_DEFAULT

BONUSES = (0.25, 0.5, 1.0)


def senses() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(head, word) pairs listed in the head's first sense, and in any sense."""
    first, every = set(), set()
    with open(MYTHES_DEFAULT, encoding="utf-8", errors="replace") as handle:
        next(handle)
        sense = 0
        head = ""
        for line in handle:
            if not line.startswith("("):
                head, sense = line.split("|")[0].strip().lower(), 0
                continue
            for item in line.rstrip("\n").split("|")[1:]:
                if "antonym" not in item:
                    word = item.split(" (")[0].strip().lower()
                    every.add((head, word))
                    if sense == 0:
                        first.add((head, word))
            sense += 1
    return first, every


def listed(pairs: set[tuple[str, str]], head: str, word: str) -> bool:
    return any((h, w) in pairs for h, _ in lemmas(head) for w, _ in lemmas(word))


def shares(first: set[tuple[str, str]], every: set[tuple[str, str]]) -> None:
    ng, table = reference().ngrams, reference().synonyms
    for name, docs in sets._sets().items():
        tally: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
        for text, gold in docs:
            tokens = tokenize(text)
            for token, original in sets.changed_words(tokens, gold):
                if token.lower not in ng.index:
                    continue
                candidates = table.of(ng.index[token.lower])[0][:30].tolist()
                if ng.index.get(original) not in candidates:
                    continue
                for c in candidates:
                    counts = tally[c == ng.index[original]]
                    counts["n"] += 1
                    counts["listed"] += listed(every, ng.words[c], token.lower)
                    counts["first sense"] += listed(first, ng.words[c], token.lower)
        print(
            name,
            {
                kind: {k: round(v / max(c["n"], 1), 3) for k, v in c.items() if k != "n"}
                for kind, c in (("originals", tally[True]), ("others", tally[False]))
            },
            flush=True,
        )


def main() -> int:
    first, every = senses()
    shares(first, every)
    words = reference().ngrams.words
    real = restoration._candidates
    for bonus in BONUSES:

        def candidates(tokens, positions, *args, bonus=bonus, **kwargs):  # type: ignore[no-untyped-def]
            found, penalty = real(tokens, positions, *args, **kwargs)
            cheaper = lambda p, alt: penalty(p, alt) - (bonus if listed(first, words[alt], tokens[p].lower) else 0.0)
            return found, cheaper

        with mock.patch.object(restoration, "_candidates", candidates):
            print(f"bonus {bonus}", json.dumps(sets.measure()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
