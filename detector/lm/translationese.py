"""Translationese words: how much more often machine round trips write a word than people do.

The table (`data/translationese.tsv`, built by `python -m detector.training.translationese` from
offline round trips and their own sources) holds a log ratio per word: positive for the words
translation favours (Latinate and common ones: "mainly", "ensure", "existing"), negative for
the ones it loses (phrasal verbs and particles, rare specific words). Its mean over a text is a
document feature of the `mt` and `kind` heads: one sentence's worth of words already leans one
way (held-out BBC News round trips against their sources, single sentences: ROC AUC 0.72).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import lru_cache

from detector.model_files import FIX, ModelFileError, read_text
from detector.resources import data_file

TABLE_FILE = "translationese.tsv"


@lru_cache(maxsize=1)
def table() -> dict[str, float]:
    """Word -> log ratio, read once per process; a malformed line is an error naming it."""
    path = data_file(TABLE_FILE)
    out: dict[str, float] = {}
    for number, line in enumerate(io.StringIO(read_text(path), newline=None), start=1):
        if line.startswith("#") or not line.strip():
            continue
        word, _, value = line.rstrip("\n").partition("\t")
        try:
            out[word] = float(value)
        except ValueError as error:
            raise ModelFileError(f"{path}, line {number}: not a word and a number; {FIX}") from error
    return out


def total(words: Iterable[str]) -> float:
    """Sum of the log ratios of lower-cased `words` (0 for a word the table lacks)."""
    get = table().get
    return float(sum(get(word, 0.0) for word in words))
