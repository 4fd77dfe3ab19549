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

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

import restoration as sets
import spans as bench
from search_moves import synthetic

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
    "none (before)": (False, False),
    "restorations (shipped)": (False, True),
    "restorations and windows": (True, True),
}


def main() -> int:
    results = {}
    for name, (windows, restorations) in VARIANTS.items():
        with _variant(windows, restorations):
            results[name] = sets.measure()
            results[name]["synthetic"] = synthetic()
            planted = bench.pps_planted(bench.discovery_only)
            results[name]["pps_planted_suggestion_right"] = planted and planted["suggestion_accuracy"]
            team = bench.team_eval({"full": bench.full_system})["full"]
            results[name]["team_eval_false_per_1k"] = {
                "clean": team["clean_originals_false_per_1k"],
                "tricky": team["clean_tricky_false_per_1k"],
            }
            outside = bench.devset(bench.full_system)
            if outside:
                results[name]["devset_false_per_1k"] = {k: v for k, v in outside.items() if "false" in k}
        print(name, json.dumps(results[name]), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
