"""Suggestions: is a word's original more often a candidate of *another* flagged word of the same
document than its other candidates are? (A spinner may swap several occurrences of one word, each
for a different synonym: "bill" -> "invoice" here, "statement" there.)

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/shared_originals.py   # ~1 min

For every changed word of a gold phrase that the full fast tier flags (same length, original
among the word's 30 best-linked table neighbours), on the sets of `restoration.py`: the share of
originals that at least one other flagged content word of the document (another written word)
also lists among its table neighbours, against the same share for the word's other 29
candidates. A feature is worth building only if the originals stand out. Prints the shares;
writes nothing.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

import restoration as sets

from detector import score
from detector.lm.reference import reference
from detector.text import tokenize

NEIGHBOURS = 30


def main() -> int:
    ref = reference()
    ng, table = ref.ngrams, ref.synonyms
    for name, docs in sets._sets().items():
        originals = [0, 0]  # shared, all
        others = [0, 0]
        for text, gold in docs:
            spans = [s for s in score(text).spans if s.kind != "mt"]
            tokens = tokenize(text)
            flagged = {
                t.start: ng.index[t.lower]
                for t in tokens
                if not t.is_function and t.lower in ng.index and any(s.start <= t.start < s.end for s in spans)
            }
            listed_by: dict[int, set[int]] = defaultdict(set)
            for word in flagged.values():
                for candidate in table.of(word)[0].tolist():
                    listed_by[candidate].add(word)
            for token, original in sets.changed_words(tokens, gold):
                word = flagged.get(token.start)
                candidates = table.of(word)[0][:NEIGHBOURS].tolist() if word is not None else []
                if ng.index.get(original) not in candidates:
                    continue
                for candidate in candidates:
                    tally = originals if candidate == ng.index[original] else others
                    tally[0] += bool(listed_by[candidate] - {word})
                    tally[1] += 1
        print(
            f"{name}: originals listed by another flagged word {originals[0]}/{originals[1]} "
            f"({originals[0] / max(originals[1], 1):.3f}); other candidates {others[0] / max(others[1], 1):.3f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
