"""Suggestions: how many thesaurus candidates per word the restoration search ranks from.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/restoration_lists.py   # ~15 min

The candidate table lists each word's neighbours commonest first, cut at a fixed length. A word
with hundreds of links (Moby lists 400 for "set") loses its rarer neighbours at the cut, and with
them some originals: of the outside devset's originals in no table, 9 are Moby neighbours past
the cut or its frequency floor. The window scorer was trained on 160-long lists and keeps them;
here only the restoration ranker and search read longer ones (the table rebuilt in-process at
each length; the first 160 entries of every list are the window scorer's). Measured as
`search_moves.py` measures: the sets of `restoration.py` (team dev validation chooses; team
evaluation; the outside devset, reported only), Wikipedia validation leads spun at 20% by Moby
and MyThes, and the PPS test pairs planted in team sentences (discovery alone).
Writes `benchmarks/experiments/results/restoration_lists.json`.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

import search_moves

from detector.lm import thesaurus
from detector.lm.ngrams import tables
from detector.lm.reference import reference

OUT = ROOT / "benchmarks" / "experiments" / "results" / "restoration_lists.json"
LENGTHS = (160, 240, 320)


@contextmanager
def _lists(length: int) -> Iterator[None]:
    """The restoration search reading lists of `length` (the table rebuilt in-process)."""
    table = thesaurus.CandidateTable(**thesaurus._build(tables(), length, irregular_forms=False))
    wider = dataclasses.replace(reference(), synonyms=table, restoration_synonyms=None)
    with mock.patch.dict(reference().__dict__, {"restoring": wider}):  # the cached property's slot
        yield


def main() -> int:
    return search_moves.run_variants({str(n): (lambda n=n: _lists(n)) for n in LENGTHS}, OUT)


if __name__ == "__main__":
    raise SystemExit(main())
