"""Modern attestation: how often abstracts, business news and documentation write a word pair.

The table (`data/modern_bigrams.npz`, built by `python -m detector.training.modern_bigrams`
from PyPI-shipped PubMed abstracts, BBC News, State of the Union addresses and scikit-learn
docstrings) answers the question the 1990s reference LM cannot: is this pair of words an
established term somewhere our users write? Lookups are vectorised over LM word ids.

The same prose's "head of modifier" phrases ("thresholds of amplitude", `data/of_phrases.npz`,
`python -m detector.training.of_phrases`) are a second table of word pairs in the same format,
read through the same lookup (`OF_PHRASES`): the calque detector weighs them against the
compounds ("amplitude thresholds"). A third (`NAME_HEADS`) counts, per head word, the three ways
the prose joins a capitalised name to it.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np

from detector.lm.ngrams import ID_BITS, HashIndex, bigram_key, tables
from detector.resources import data_file
from detector.text import FUNCTION_WORDS

TABLE_FILE = "modern_bigrams.npz"
OF_PHRASES = "of_phrases.npz"  # (head, modifier) -> how often "head of (the|a|an) modifier" is written
# (head, way) -> how often a capitalised name goes with the head each way (`NAME_WAYS`)
NAME_HEADS = "name_heads.npz"
NAME_WAYS = ("of_name", "possessive", "compound")  # "engineers of Harwood", "Harwood's engineers", "Harwood engineers"


@cache  # one entry per table file: a smaller cache would rebuild indexes in turn
def _table(name: str = TABLE_FILE) -> tuple[HashIndex, np.ndarray]:
    with np.load(data_file(name), allow_pickle=False) as data:
        keys, counts = data["keys"], data["counts"]
    bits = max(10, int(np.ceil(np.log2(max(len(keys), 1) * 2))))
    return HashIndex.build(keys, bits), counts.astype(np.float32)


def log_count(first: np.ndarray, second: np.ndarray, table: str = TABLE_FILE) -> np.ndarray:
    """log10 count of each (first, second) word-id pair in modern prose (adjacent words, or
    `table=OF_PHRASES`: head and modifier of an "of" phrase); 0.0 when unseen or unknown (a
    pair seen less often than its table's minimum count is not listed either)."""
    return np.log10(np.maximum(count(first, second, table), 1.0)).astype(np.float32)


def count(first: np.ndarray, second: np.ndarray, table: str = TABLE_FILE) -> np.ndarray:
    """How often each (first, second) word-id pair is written (0 when unseen or unknown): unlike
    `log_count`, a pair seen once reads apart from an unseen one."""
    first, second = np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64)
    index, counts = _table(table)
    known = (first >= 0) & (second >= 0)
    pos = index.lookup(bigram_key(np.where(known, first, 0), np.where(known, second, 0)))
    return np.where(known & (pos >= 0), counts[np.maximum(pos, 0)], 0.0).astype(np.float32)


def name_log_counts(heads: np.ndarray) -> np.ndarray:
    """(len(heads), len(NAME_WAYS)) log10(1 + count): how often modern prose writes each head
    word after "of" and a name, after a name's possessive, and after a name. Whether English
    says "the people of Maryland" or "Maryland's lawmakers" belongs to the head, not the name."""
    heads = np.asarray(heads, dtype=np.int64)
    ways = [count(heads, np.full(len(heads), way), NAME_HEADS) for way in range(len(NAME_WAYS))]
    return (
        np.log10(np.column_stack(ways) + 1.0).astype(np.float32)
        if len(heads)
        else np.zeros((0, len(NAME_WAYS)), np.float32)
    )


@lru_cache(maxsize=1)
def word_log_frequency(vocabulary_size: int) -> np.ndarray:
    """Per LM word id: log10 of its share of the modern prose, counted as how often it opens a
    listed pair (plus one): with the LM's own unigram, which words today's domains use far
    more than the 1990s reference did ("token", "deployment", "throughput")."""
    with np.load(data_file(TABLE_FILE), allow_pickle=False) as data:
        first = (data["keys"] >> ID_BITS).astype(np.int64)
        counts = np.bincount(first, weights=data["counts"].astype(np.float64), minlength=vocabulary_size)
    return np.log10((counts[:vocabulary_size] + 1.0) / max(float(counts.sum()), 1.0)).astype(np.float32)


@lru_cache(maxsize=4)
def word_totals(table: str, side: int) -> np.ndarray:
    """Per LM word id: log10(1 + how often the word opens (`side` 0) or closes (`side` 1) a
    listed pair of `table` whose other word is an alphabetic content word): how readily a word
    takes a modifier before it, modifies the word after it, or heads an "of" phrase. Derived
    once per process from the table itself."""
    with np.load(data_file(table), allow_pickle=False) as data:
        keys, counts = data["keys"], data["counts"].astype(np.float64)
    first, second = (keys >> ID_BITS).astype(np.int64), (keys & ((1 << ID_BITS) - 1)).astype(np.int64)
    own, other = (first, second) if side == 0 else (second, first)
    content = _content_ids()
    keep = content[np.clip(other, 0, len(content) - 1)] & (own < len(content))
    return np.log10(np.bincount(own[keep], weights=counts[keep], minlength=len(content)) + 1.0).astype(np.float32)


@lru_cache(maxsize=1)
def _content_ids() -> np.ndarray:
    """Per LM word id: whether the word is an alphabetic content word (built once, not per table)."""
    return np.array([w.isalpha() and w not in FUNCTION_WORDS for w in tables().words], dtype=bool)
