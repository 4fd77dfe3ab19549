"""Suggestions: the restoration search weighs candidates in the reference LM's own spelling.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/search_spelling.py   # ~10 min

The trigram LM is American; the candidate lists hold British forms too ("centre", "defence"),
which the LM prices as rare words. A one-off patch of `restoration._candidates` maps each
British candidate to its American form (`spans/spelling.py`'s pairs) before the search, at the
cheaper of the two forms' channel prices; the report then respells the suggestion in the text's
own variety as shipped. Variants measured as in `search_moves.py` (team dev validation chooses):

- as shipped; American forms in the search.

Writes `benchmarks/experiments/results/search_spelling.json`.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import run_variants

from detector.lm.reference import reference
from detector.spans import spelling
from detector.spans.discovery import restoration

OUT = ROOT / "benchmarks" / "experiments" / "results" / "search_spelling.json"
_candidates = restoration._candidates


def _american_ids() -> dict[int, int]:
    index = reference().ngrams.index
    return {
        index[word]: index[other]
        for word, (other, variety, _) in spelling.variants().other.items()
        if variety == spelling.AMERICAN and word in index and other in index
    }


def _in_american(*args, **kwargs):  # type: ignore[no-untyped-def]
    candidates, penalty = _candidates(*args, **kwargs)
    american = _american_ids()
    forms: dict[tuple[int, int], list[int]] = defaultdict(list)
    merged = {}
    for p, alts in candidates.items():
        merged[p] = []
        for alt in alts:
            canon = american.get(alt, alt)
            forms[(p, canon)].append(alt)
            if canon not in merged[p]:
                merged[p].append(canon)

    def priced(p: int, alt: int) -> float:
        return min(penalty(p, a) for a in forms.get((p, alt), [alt]))

    return merged, priced


VARIANTS = {
    "as shipped": lambda: mock.patch.object(restoration, "MAX_OPTIONS", restoration.MAX_OPTIONS),
    "American forms in the search": lambda: mock.patch.object(restoration, "_candidates", _in_american),
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
