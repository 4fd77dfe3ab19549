"""Count the word pairs of modern domain prose: the attestation table discovery reads.

    python -m detector.training.modern_bigrams     # writes detector/data/modern_bigrams.npz

A phrase that abstracts, business news or software documentation write again and again is
established English, however rare it is in the 1990s reference LM ("outcome measures",
"feature attribution", "ground truth"). The table holds, for every adjacent pair of words the
reference LM knows that occurs at least MIN_COUNT times in the train split of
`modern_corpus` (PubMed abstracts, BBC News, State of the Union addresses, scikit-learn
docstrings), its count: statistics only, no text. Keys are the LM's bigram keys
(`ngrams.bigram_key`), sorted.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import numpy as np

from detector.lm.ngrams import bigram_key, tables
from detector.model_files import write_manifest
from detector.text import tokenize
from detector.training import modern_corpus

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "detector" / "data" / "modern_bigrams.npz"
MIN_COUNT = 2


def count(texts: list[str]) -> Counter[int]:
    """Adjacent pairs of known words within one segment, as LM bigram keys."""
    ng = tables()
    pairs: Counter[int] = Counter()
    for text in texts:
        tokens = tokenize(text)
        ids = ng.ids([t.lower for t in tokens])
        for k in range(len(tokens) - 1):
            if ids[k] >= 0 and ids[k + 1] >= 0 and tokens[k].segment == tokens[k + 1].segment:
                pairs[int(bigram_key(ids[k], ids[k + 1]))] += 1
    return pairs


def write_table(out: Path, pairs: Counter[int], min_count: int) -> int:
    """Save the pairs counted `min_count` times or more as sorted keys and uint16 counts (the
    format `lm.modern_bigrams.log_count` reads), and the model manifest; the number kept."""
    kept = sorted((key, n) for key, n in pairs.items() if n >= min_count)
    keys = np.array([key for key, _ in kept], dtype=np.int64)
    counts = np.minimum(np.array([n for _, n in kept], dtype=np.int64), np.iinfo(np.uint16).max).astype(np.uint16)
    np.savez_compressed(out, keys=keys, counts=counts)
    write_manifest(out.parent)
    return len(kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    args = parser.parse_args(argv)
    started = time.time()
    texts = modern_corpus.table_texts()
    pairs = count(texts)
    kept = write_table(args.out, pairs, args.min_count)
    words = sum(len(t.split()) for t in texts)
    print(f"{kept} pairs (of {len(pairs)}) from {len(texts)} texts, {words} words, in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
