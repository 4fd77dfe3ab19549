"""Build the topic vectors (`lm/word_vectors.py`): which words write about the same things.

    python -m detector.training.word_vectors      # writes detector/data/word_vectors.npz

A spinner picks a synonym of the wrong sense ("grid operator" -> "matrix administrator",
"risk ratio" -> "hazard proportion"): the swapped word is a thesaurus neighbour of the original,
but it belongs to another topic than the words around it. These vectors let the restoration
ranker ask which neighbour the surrounding text is about.

Counts of content words co-occurring within WINDOW tokens (same segment not required: topic
spans sentences) in the train split of the modern prose (`modern_corpus`: PubMed abstracts, BBC
News, State of the Union addresses, licence texts, ML library docstrings), weighted by
PPMI with context-distribution smoothing (0.75), reduced to DIMENSIONS by a truncated SVD
and row-normalised. Words are LM ids seen MIN_COUNT+ times. The window scorer and the ranker
train on Wikipedia and on the modern corpus's *validation* split, so no training example's
own text built the vectors. Shipped int8 (statistics only, no text).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from detector.lm.ngrams import tables
from detector.model_files import write_manifest
from detector.text import FUNCTION_WORDS, tokenize
from detector.training import modern_corpus

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "detector" / "data" / "word_vectors.npz"
WINDOW = 4
MIN_COUNT = 8
DIMENSIONS = 64
SMOOTHING = 0.75


def content_ids(texts: list[str]) -> list[np.ndarray]:
    """Per text: LM ids of its content words in order (function words and unknown words dropped)."""
    ng = tables()
    function = np.fromiter((w in FUNCTION_WORDS or not w.isalpha() for w in ng.words), dtype=bool, count=len(ng.words))
    out = []
    for text in texts:
        ids = ng.ids([t.lower for t in tokenize(text)])
        ids = ids[ids >= 0]
        out.append(ids[~function[ids]])
    return out


def cooccurrence(docs: list[np.ndarray], vocab: np.ndarray, window: int):  # -> scipy.sparse.csr_matrix
    """Symmetric counts of vocabulary words within `window` content words of each other."""
    from scipy import sparse

    row_of = np.full(int(max(vocab.max(), max((d.max() for d in docs if len(d)), default=0))) + 1, -1, np.int64)
    row_of[vocab] = np.arange(len(vocab))
    n = len(vocab)
    total = sparse.csr_matrix((n, n), dtype=np.float64)
    mapped = [row_of[d] for d in docs]
    for offset in range(1, window + 1):
        a = np.concatenate([m[:-offset] for m in mapped if len(m) > offset])
        b = np.concatenate([m[offset:] for m in mapped if len(m) > offset])
        keep = (a >= 0) & (b >= 0)
        a, b = a[keep], b[keep]
        part = sparse.coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n)).tocsr()
        total = total + part + part.T
    return total


def ppmi_vectors(counts, dimensions: int, smoothing: float, seed: int = 0) -> np.ndarray:  # counts: csr
    """Row-normalised SVD vectors of the smoothed PPMI matrix."""
    from scipy import sparse
    from sklearn.utils.extmath import randomized_svd

    counts = counts.tocoo()
    rows = np.asarray(counts.sum(axis=1)).ravel()
    cols = np.asarray(counts.sum(axis=0)).ravel() ** smoothing
    pmi = np.log(counts.data * cols.sum() / (rows[counts.row] * cols[counts.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (counts.row[keep], counts.col[keep])), shape=counts.shape)
    u, s, _ = randomized_svd(ppmi, dimensions, random_state=seed)
    vectors = u * np.sqrt(s)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--window", type=int, default=WINDOW)
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--dimensions", type=int, default=DIMENSIONS)
    args = parser.parse_args(argv)
    started = time.time()
    texts = modern_corpus.table_texts()
    docs = content_ids(texts)
    print(f"{len(texts)} texts tokenised ({time.time() - started:.0f}s)", flush=True)
    frequency = np.bincount(np.concatenate(docs))
    vocab = np.flatnonzero(frequency >= args.min_count)
    counts = cooccurrence(docs, vocab, args.window)
    vectors = ppmi_vectors(counts, args.dimensions, SMOOTHING)
    # int8 with one scale: rows are unit length, so every component lies in [-1, 1].
    quantised = np.round(vectors * 127).astype(np.int8)
    np.savez_compressed(args.out, ids=vocab.astype(np.int32), vectors=quantised)
    write_manifest(args.out.parent)
    print(
        f"{len(vocab)} words x {args.dimensions} from {sum(len(d) for d in docs)} content words "
        f"in {time.time() - started:.0f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
