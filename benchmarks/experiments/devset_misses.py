"""Why the fast tier misses the outside development set's tortured phrases: counts only.

    .venv/bin/python benchmarks/experiments/devset_misses.py   # needs ../shared/data/devset

For every gold phrase of the devset's spun documents: found or missed, and whether each changed
word is linked to its original in the candidate tables (`link`), not linked (`nolink`), unknown
to the language model (`obs-unk` / `orig-unk`), or the phrase changes length (`len`). For
two-word phrases also: one word swapped or both, whether the original pair is an explicit LM
bigram (`lm`), only a web bigram (`web`) or neither, and whether a double swap's originals lie
within the `DOUBLE_SWAP_WIDTH` commonest candidates. Analysis only: nothing is fitted on the
devset, and no text of it is written out.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"


def main() -> int:
    if not DEVSET.exists():
        print(f"{DEVSET.relative_to(ROOT.parent)} is absent: nothing to measure")
        return 0
    from detector import score
    from detector.lm.reference import reference
    from detector.spans.discovery.windows import DOUBLE_SWAP_WIDTH

    ref = reference()
    ng, table = ref.ngrams, ref.synonyms

    def link(observed: str, original: str) -> str:
        i, j = ng.index.get(observed.lower(), -1), ng.index.get(original.lower(), -1)
        if i < 0 or j < 0:
            return "obs-unk" if i < 0 else "orig-unk"
        candidates, _ = table.of(i)
        return "link" if (candidates == j).any() else "nolink"

    def rank(observed: str, original: str) -> int:
        candidates, _ = table.of(ng.index.get(observed.lower(), -1))
        hit = np.flatnonzero(candidates == ng.index.get(original.lower(), -2))
        return int(hit[0]) if len(hit) else -1

    links: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for line in DEVSET.open(encoding="utf-8"):
        doc = json.loads(line)
        if doc["kind"] != "spun":
            continue
        text, cursor = doc["text"], 0
        spans = [s for s in score(text).spans if s.kind != "mt"]
        for gold in doc["gold"]:
            at = text.find(gold["span"], cursor)
            cursor = at + len(gold["span"])
            found = any(s.start < cursor and at < s.end for s in spans)
            observed, original = gold["span"].split(), gold["expected"].split()
            if len(observed) != len(original):
                kinds = "len"
            else:
                changed = [(o, e) for o, e in zip(observed, original, strict=True) if o.lower() != e.lower()]
                kinds = "+".join(sorted({link(o, e) for o, e in changed})) or "same"
            links[f"{'found' if found else 'missed'} {kinds}"] += 1
            known = all(w.lower() in ng.index for w in observed + original)
            if len(observed) == len(original) == 2 and kinds == "link" and known:
                ids = np.array([ng.index[original[0].lower()]]), np.array([ng.index[original[1].lower()]])
                explicit = bool(ng.bigram(*ids)[1][0])
                source = "lm" if explicit else ("web" if ref.web_log_count(*(w.lower() for w in original)) else "none")
                both = all(o.lower() != e.lower() for o, e in zip(observed, original, strict=True))
                width = not both or all(0 <= rank(o, e) < DOUBLE_SWAP_WIDTH for o, e in zip(observed, original))
                key = f"{'found' if found else 'missed'} {'double' if both else 'single'} {source}"
                pairs[key + (" in-width" if width else " out-of-width")] += 1
    out = {"gold_phrases_by_link": dict(links.most_common()), "two_word_linked_phrases": dict(pairs.most_common())}
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
