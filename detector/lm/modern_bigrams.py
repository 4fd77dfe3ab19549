"""Modern attestation: how often abstracts, business news and documentation write a word pair.

The table (`data/modern_bigrams.npz`, built by `python -m detector.training.modern_bigrams`
from PyPI-shipped PubMed abstracts, BBC News, State of the Union addresses and scikit-learn
docstrings) answers the question the 1990s reference LM cannot: is this pair of words an
established term somewhere our users write? Lookups are vectorised over LM word ids.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from detector.lm.ngrams import ID_BITS, HashIndex, bigram_key
from detector.resources import data_file

TABLE_FILE = "modern_bigrams.npz"


@lru_cache(maxsize=1)
def _table() -> tuple[HashIndex, np.ndarray]:
    with np.load(data_file(TABLE_FILE), allow_pickle=False) as data:
        keys, counts = data["keys"], data["counts"]
    bits = max(10, int(np.ceil(np.log2(max(len(keys), 1) * 2))))
    return HashIndex.build(keys, bits), np.log10(counts.astype(np.float32))


def log_count(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """log10 count of each (first, second) word-id pair in modern prose; 0.0 when unseen or
    unknown (a pair seen once is not listed either)."""
    first, second = np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64)
    index, logs = _table()
    known = (first >= 0) & (second >= 0)
    pos = index.lookup(bigram_key(np.where(known, first, 0), np.where(known, second, 0)))
    return np.where(known & (pos >= 0), logs[np.maximum(pos, 0)], 0.0).astype(np.float32)


@lru_cache(maxsize=1)
def word_log_frequency(vocabulary_size: int) -> np.ndarray:
    """Per LM word id: log10 of its share of the modern prose, counted as how often it opens a
    listed pair (plus one): with the LM's own unigram, which words today's domains use far
    more than the 1990s reference did ("token", "deployment", "throughput")."""
    with np.load(data_file(TABLE_FILE), allow_pickle=False) as data:
        first = (data["keys"] >> ID_BITS).astype(np.int64)
        counts = np.bincount(first, weights=data["counts"].astype(np.float64), minlength=vocabulary_size)
    return np.log10((counts[:vocabulary_size] + 1.0) / max(float(counts.sum()), 1.0)).astype(np.float32)
