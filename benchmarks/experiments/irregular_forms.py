"""Suggestions: candidate links carried across irregular inflections (measured, not kept).

    apt-get install -y wordnet-base    # WordNet 3.0's exception lists, /usr/share/wordnet/*.exc
    PYTHONPATH=. .venv/bin/python benchmarks/experiments/irregular_forms.py   # ~15 min

The tables reach an original through its lemma and suffix rules (`thesaurus.lemmas`,
`thesaurus.inflect`), so "cast" is no candidate for "tossed" ("toss" -> "cast" -> "casted"),
"struck" none for "smacked", and a written "men" or "took" has no lemma to look up. Here the
tables are built in memory with WordNet's verb and noun exception lists (plus a short list of
verbs whose past is their base form: "cast", "hit", "set") added to both suffix-rule functions:
an irregular form reads as its lemma, and a lemma's irregular forms are tried before its
regular spellings. Variants, measured as in `search_moves.py` (team dev validation chooses; team
evaluation and the outside devset reported; Wikipedia validation spun by Moby and MyThes; PPS
pairs planted), with the false spans of the team evaluation set and of the outside devset:

- none: both tables by suffix rules (shipped);
- restorations: the restoration search's table carries irregular forms, the window scorer's not;
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


WORDNET = Path("/usr/share/wordnet")
UNCHANGED_PAST = [
    "bet",
    "bid",
    "broadcast",
    "burst",
    "cast",
    "cost",
    "cut",
    "fit",
    "forecast",
    "hit",
    "hurt",
    "input",
    "let",
    "offset",
    "output",
    "put",
    "quit",
    "read",
    "recast",
    "reset",
    "rid",
    "set",
    "shed",
    "shut",
    "slit",
    "split",
    "spread",
    "thrust",
    "typeset",
    "undercut",
    "upset",
    "wed",
]
SKIPPED_LEMMAS = {"be", "have", "do"}  # auxiliaries: function words


def _verb_tag(form: str) -> str:
    if form.endswith("ing"):
        return "ing"
    return "s" if form.endswith("s") and not form.endswith("ss") else "ed"


def irregular_rows() -> set[tuple[str, str, str]]:
    """(form, lemma, tag) of WordNet's verb and noun exception lists, single words, plus the
    verbs whose past is their base form."""
    rows = {(verb, verb, "ed") for verb in UNCHANGED_PAST}
    for name, tag_of in (("verb.exc", _verb_tag), ("noun.exc", lambda form: "s")):
        for line in (WORDNET / name).read_text(encoding="utf-8").splitlines():
            form, *bases = line.split()
            rows |= {
                (form, b, tag_of(form)) for b in bases if form.isalpha() and b.isalpha() and b not in SKIPPED_LEMMAS
            }
    return rows


def _table(cap: int, irregular: bool) -> thesaurus.CandidateTable:
    if not irregular:
        return thesaurus.CandidateTable(**thesaurus._build(tables(), cap))
    readings: dict[str, list[tuple[str, str]]] = {}
    forms: dict[tuple[str, str], list[str]] = {}
    for form, lemma, tag in sorted(irregular_rows()):
        if form != lemma:
            readings.setdefault(form, []).append((lemma, tag))
        forms.setdefault((lemma, tag), []).append(form)
    lemmas, inflect = thesaurus.lemmas, thesaurus.inflect
    with (
        mock.patch.object(thesaurus, "lemmas", lambda word: lemmas(word) + tuple(readings.get(word, ()))),
        mock.patch.object(thesaurus, "inflect", lambda lemma, tag: forms.get((lemma, tag), []) + inflect(lemma, tag)),
    ):
        return thesaurus.CandidateTable(**thesaurus._build(tables(), cap))


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
    "restorations": (False, True),
    "restorations and windows": (True, True),
}


def main() -> int:
    if not (WORDNET / "verb.exc").exists():
        print(f"{WORDNET / 'verb.exc'} not found: apt-get install -y wordnet-base", file=sys.stderr)
        return 1
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
