"""Suggestions: candidate links carried across irregular inflections (kept for the restoration table).

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/irregular_forms.py   # ~15 min

The tables reach an original through its lemma and suffix rules (`thesaurus.lemmas`,
`thesaurus.inflect`), so without help "cast" is no candidate for "tossed" ("toss" -> "cast" ->
"casted"), "struck" none for "smacked", and a written "men" or "took" has no lemma to look up.
`data/irregular_forms.tsv` (WordNet's exception lists, `python -m
detector.training.irregular_forms`) carries the links across (`thesaurus.readings`,
`thesaurus.spellings`). Variants, each table built in memory and measured as in `search_moves.py`
(team dev validation chooses; team evaluation and the outside devset reported; Wikipedia
validation spun by Moby and MyThes; PPS pairs planted), with the false spans of the team
evaluation set and of the outside devset:

- none: both tables by suffix rules (before);
- restorations: the restoration search's table carries irregular forms, the window scorer's not
  (shipped);
- restorations and windows: both do.

Writes `benchmarks/experiments/results/irregular_forms.json`.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

import spans as bench
from search_moves import run_variants

from detector.lm import reference as reference_module
from detector.lm import thesaurus
from detector.lm.ngrams import tables

OUT = ROOT / "benchmarks" / "experiments" / "results" / "irregular_forms.json"


def _table(cap: int, irregular: bool) -> thesaurus.CandidateTable:
    return thesaurus.CandidateTable(**thesaurus._build(tables(), cap, irregular_forms=irregular))


def _variant(windows: bool, restorations: bool) -> ExitStack:
    stack = ExitStack()
    window_table = _table(thesaurus.MAX_CANDIDATES, windows)
    restoration_table = _table(thesaurus.RESTORATION_CANDIDATES, restorations)
    stack.enter_context(mock.patch.object(reference_module, "candidate_table", lambda: window_table))
    stack.enter_context(mock.patch.object(reference_module, "restoration_table", lambda: restoration_table))
    reference_module.reference.cache_clear()
    stack.callback(reference_module.reference.cache_clear)
    return stack


VARIANTS = {
    "none (before)": lambda: _variant(windows=False, restorations=False),
    "restorations (shipped)": lambda: _variant(windows=False, restorations=True),
    "restorations and windows": lambda: _variant(windows=True, restorations=True),
}


def false_spans() -> dict:
    """False spans per 1,000 clean words: the team evaluation set's and the outside devset's."""
    team = bench.team_eval({"full": bench.full_system})["full"]
    out: dict = {
        "team_eval_false_per_1k": {
            "clean": team["clean_originals_false_per_1k"],
            "tricky": team["clean_tricky_false_per_1k"],
        }
    }
    outside = bench.devset(bench.full_system)
    if outside:
        out["devset_false_per_1k"] = {k: v for k, v in outside.items() if "false" in k}
    return out


if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT, extra=false_spans))
