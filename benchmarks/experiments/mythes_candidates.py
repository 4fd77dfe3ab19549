"""Suggestions: links only the second thesaurus (MyThes) holds, as restoration candidates.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/mythes_candidates.py   # ~10 min

The candidate tables list Moby's neighbours; MyThes (`data/mythes_links.tsv`) only flags the
links Moby also holds. Of the originals in no table (`suggestion_funnel.py`), some are MyThes
links Moby lacks ("explanation" -> "statement", "overflow" -> "runoff"). As window-scorer
candidates such links flooded false spans (docs/experiments.md, "Attestation, a second
thesaurus and the discovery cutoff"); here only the restoration search's table reads them, so
spans do not move. Needs Debian `mythes-en-us`. Variants measured as in `search_moves.py`.

Writes `benchmarks/experiments/results/mythes_candidates.json`.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import restoration_table_patch, run_variants

from detector.lm import thesaurus
from detector.lm.ngrams import tables
from detector.training.thesaurus_links import MYTHES, read_links

OUT = ROOT / "benchmarks" / "experiments" / "results" / "mythes_candidates.json"


def _all_links() -> dict[str, set[str]]:
    known = tables().index
    links: dict[str, set[str]] = defaultdict(set)
    for a, b in read_links(MYTHES):
        if a in known and b in known:
            links[a].add(b)
            links[b].add(a)
    return links


def _variant(mythes_only: bool) -> ExitStack:
    with ExitStack() as build:
        if mythes_only:
            links = _all_links()
            build.enter_context(mock.patch.object(thesaurus, "read_second_links", lambda: links))
            build.enter_context(mock.patch.object(thesaurus, "SECOND_AS_CANDIDATES", True))
        table = thesaurus.CandidateTable(
            **thesaurus._build(tables(), thesaurus.RESTORATION_CANDIDATES, irregular_forms=True)
        )
    return restoration_table_patch(table)


VARIANTS = {
    "Moby's links (shipped)": lambda: _variant(False),
    "MyThes-only links too": lambda: _variant(True),
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
