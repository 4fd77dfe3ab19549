"""How much of a forced second look's flood on correct text is proper names: counts only.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/second_look_names.py   # about 2 minutes

Every clean and tricky text of the team evaluation set and (when present) the outside devset is
read with the dense second look forced on (`api.analyse(text, dense=True)`); each discovery span
is false there. Every spun text of the three sets of `restoration.py` is read the same way; a
span over a gold phrase is true. A span is *name-like* when every word its suggestion changes is
capitalised inside a sentence (not first in its segment or after . ! ? :), the class a name
guard would drop. Prints each name-like span and the totals; nothing is fitted or written.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from restoration import DEVSET, _sets

from detector.api import analyse
from detector.text import Token, tokenize
from detector.types import Span


def name_like(text: str, span: Span) -> bool:
    """Whether every word the span's suggestion changes is capitalised inside a sentence."""
    tokens = tokenize(text)
    inside = [i for i, t in enumerate(tokens) if span.start <= t.start < span.end]
    suggested = (span.suggestion or "").split()
    if len(suggested) != len(inside):
        return False
    changed = [i for i, word in zip(inside, suggested) if tokens[i].text.lower() != word.lower()]

    def capitalised_inside(i: int) -> bool:
        tok: Token = tokens[i]
        if not tok.text[:1].isupper() or i == 0 or tokens[i - 1].segment != tok.segment:
            return False
        return not any(c in text[tokens[i - 1].end : tok.start] for c in ".!?:\n")

    return bool(changed) and all(capitalised_inside(i) for i in changed)


def main() -> int:
    clean: list[tuple[str, str]] = []
    if DEVSET.exists():
        for line in DEVSET.open(encoding="utf-8"):
            doc = json.loads(line)
            if doc["kind"] in ("clean", "tricky_clean"):
                clean.append((f"devset {doc['kind']}", doc["text"]))
    data = ROOT / "benchmarks" / "data"
    clean += [("team tricky", json.loads(line)["text"]) for line in (data / "clean_tricky.jsonl").open()]
    clean += [("team eval clean", json.loads(line)["clean"]) for line in (data / "spun_eval.jsonl").open()]
    false, false_names = Counter(), Counter()
    for name, text in clean:
        for span in analyse(text, dense=True).report.spans:
            if span.kind == "discovery":
                false[name] += 1
                if name_like(text, span):
                    false_names[name] += 1
                    print("false", name, repr(span.text), "->", span.suggestion)
    true, true_names = Counter(), Counter()
    for name, docs in _sets().items():
        for text, gold in docs:
            for span in analyse(text, dense=True).report.spans:
                if span.kind == "discovery" and any(span.start < e and s < span.end for s, e, _ in gold):
                    true[name] += 1
                    if name_like(text, span):
                        true_names[name] += 1
                        print("true", name, repr(span.text), "->", span.suggestion)
    print("false spans", dict(false), "name-like", dict(false_names))
    print("true spans", dict(true), "name-like", dict(true_names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
