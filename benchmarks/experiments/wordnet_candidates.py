"""Suggestions: WordNet synonyms (a synset's own members) as restoration candidates.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/wordnet_candidates.py   # ~10 min

`mythes_candidates.py` added every link MyThes holds beyond Moby's and lost: MyThes lists a
word's hypernyms and "similar" and "related" terms too, dozens per word, which crowd the
ranker's pool. A MyThes item without a sense label is a member of the word's own WordNet synset,
a synonym in the strict sense, and far fewer (242k links against 784k). Of the originals in no
table (`suggestion_funnel.py`), such links reach 3 of 43 words in team dev validation and 7 of
42 in the outside devset. Here only those strict links join the restoration search's table (as
MyThes links, flag SECOND), so spans do not move. Needs Debian `mythes-en-us`. Variants
measured as in `search_moves.py`.

Writes `benchmarks/experiments/results/wordnet_candidates.json`.
"""

from __future__ import annotations

import re
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
from detector.training.thesaurus_links import MYTHES

OUT = ROOT / "benchmarks" / "experiments" / "results" / "wordnet_candidates.json"


def synset_links(path: Path = MYTHES, labels: tuple[str, ...] = ()) -> dict[str, set[str]]:
    """Both-way single-word links between a MyThes headword and its items without a sense label
    (its synset's members), plus items whose label is in `labels` ("similar term")."""
    known = tables().index
    links: dict[str, set[str]] = defaultdict(set)
    head = None
    with open(path, encoding="utf-8", errors="replace") as handle:
        next(handle)
        for line in handle:
            if not line.startswith("("):
                head = line.split("|")[0].strip().lower()
                continue
            for item in line.rstrip("\n").split("|")[1:]:
                label = re.search(r"\((.*?)\)", item)
                if label and label.group(1) not in labels:
                    continue
                word = re.sub(r"\s*\(.*?\)\s*", "", item).strip().lower()
                if head and head.isalpha() and word.isalpha() and word != head and head in known and word in known:
                    links[head].add(word)
                    links[word].add(head)
    return links


LOOSE = 64  # a link bit the shipped tables leave free: a candidate, not a real link


def _variant(labels: tuple[str, ...] | None, as_real: bool = True) -> ExitStack:
    table = thesaurus.restoration_table()
    if labels is not None:
        shipped = thesaurus.read_second_links()
        strict = synset_links(labels=labels)
        union = {w: shipped.get(w, set()) | strict.get(w, set()) for w in shipped.keys() | strict.keys()}
        with ExitStack() as build:
            build.enter_context(mock.patch.object(thesaurus, "read_second_links", lambda: union))
            build.enter_context(mock.patch.object(thesaurus, "SECOND_AS_CANDIDATES", True))
            arrays = thesaurus._build(tables(), thesaurus.RESTORATION_CANDIDATES, irregular_forms=True)
        if not as_real:  # the new links read as neither MyThes's nor real: the loose price
            arrays["flags"] = arrays["flags"].copy()
            arrays["flags"][arrays["flags"] == thesaurus.SECOND] = LOOSE
        table = thesaurus.CandidateTable(**arrays)
        print(f"candidates {len(thesaurus.restoration_table().candidates)} -> {len(table.candidates)}", flush=True)
    return restoration_table_patch(table)


VARIANTS = {
    "shipped": lambda: _variant(None),
    "synset members too": lambda: _variant(()),
    "synset members and similar terms too": lambda: _variant(("similar term",)),
    "synset members too, as loose links": lambda: _variant((), as_real=False),
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
