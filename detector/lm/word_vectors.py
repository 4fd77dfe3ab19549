"""Topic vectors: does a word belong to what the text around it is about?

A spinner's synonym is often of the wrong sense: "matrix" for "grid" in a text on power lines,
"hazard" for "risk" beside "ratio" and "outcome". The table (`data/word_vectors.npz`, built by
`python -m detector.training.word_vectors` from the modern prose's co-occurrence counts) holds a
unit vector per common LM word; `context_vectors` sums the vectors of the content words around
each position, so a candidate original's cosine with it says how well it fits the topic.
Lookups are vectorised over LM word ids; a word without a vector reads as NaN (unknown, not
unrelated).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from detector.resources import data_file

TABLE_FILE = "word_vectors.npz"
RADIUS = 30  # tokens each side that make up a position's topic: a sentence or two


def read_table(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(row per LM id, -1 without a vector; unit vectors, float32) from a vectors file."""
    with np.load(path, allow_pickle=False) as data:
        ids, vectors = data["ids"].astype(np.int64), data["vectors"].astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    rows = np.full(int(ids.max()) + 1 if len(ids) else 1, -1, dtype=np.int64)
    rows[ids] = np.arange(len(ids))
    return rows, vectors


@lru_cache(maxsize=1)
def _table() -> tuple[np.ndarray, np.ndarray]:
    """The shipped table, loaded once per process."""
    return read_table(data_file(TABLE_FILE))


def _rows(ids: np.ndarray) -> np.ndarray:
    rows, _ = _table()
    ids = np.asarray(ids, dtype=np.int64)
    inside = (ids >= 0) & (ids < len(rows))
    return np.where(inside, rows[np.where(inside, ids, 0)], -1)


def context_vectors(ids: np.ndarray, content: np.ndarray, radius: int = RADIUS) -> np.ndarray:
    """Per token: the unit sum of the vectors of the content words within `radius` tokens,
    the token itself left out (zeros where none has a vector). `ids` are LM ids, `content`
    marks the tokens that count."""
    rows = _rows(ids)
    _, vectors = _table()
    use = (rows >= 0) & np.asarray(content, dtype=bool)
    own = np.where(use[:, None], vectors[np.maximum(rows, 0)], 0.0).astype(np.float64)
    sums = np.vstack([np.zeros((1, vectors.shape[1])), np.cumsum(own, axis=0)])
    n = len(rows)
    lo = np.maximum(np.arange(n) - radius, 0)
    hi = np.minimum(np.arange(n) + radius + 1, n)
    around = sums[hi] - sums[lo] - own
    norms = np.linalg.norm(around, axis=1, keepdims=True)
    return np.where(norms > 1e-9, around / np.maximum(norms, 1e-9), 0.0).astype(np.float32)


def similarity(ids: np.ndarray, contexts: np.ndarray) -> np.ndarray:
    """Cosine of each word (LM id) with its row of `contexts`; NaN where the word has no vector
    or the context is empty."""
    rows = _rows(ids)
    _, vectors = _table()
    sims = np.einsum("ij,ij->i", vectors[np.maximum(rows, 0)], contexts)
    empty = ~np.any(contexts != 0, axis=1)
    return np.where((rows >= 0) & ~empty, sims, np.nan).astype(np.float32)
