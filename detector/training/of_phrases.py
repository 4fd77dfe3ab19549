"""Count the "head of modifier" phrases of modern domain prose: the calque detector's table.

    python -m detector.training.of_phrases     # writes detector/data/of_phrases.npz

How often abstracts, business news, speeches, licences and documentation write "thresholds of
amplitude" (never) or "the price of oil" (often) is what tells a translated compound from a
phrase English writes both ways (`spans.calques`). The table holds, for every (head, modifier)
pair of `calques.of_phrases` whose words the reference LM knows, its count in the train split of
`modern_corpus` (the texts `modern_bigrams` counts the compounds in), seen once or more: a
phrase seen once is already less suspect than one never seen. Statistics only, no text; keys are
`ngrams.bigram_key(head, modifier)`.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from detector.lm.ngrams import bigram_key, tables
from detector.spans.calques import of_phrases
from detector.text import tokenize
from detector.training import modern_corpus
from detector.training.modern_bigrams import write_table

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "detector" / "data" / "of_phrases.npz"
MIN_COUNT = 1


def count(texts: list[str]) -> Counter[int]:
    """(head, modifier) pairs of the texts' "of" phrases, as LM bigram keys."""
    ng = tables()
    pairs: Counter[int] = Counter()
    for text in texts:
        tokens = tokenize(text)
        found = list(of_phrases(text, tokens))
        if not found:
            continue
        ids = ng.ids([tokens[i].lower for pair in found for i in pair])
        for head, modifier in zip(ids[0::2], ids[1::2]):
            if head >= 0 and modifier >= 0:
                pairs[int(bigram_key(head, modifier))] += 1
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    started = time.time()
    texts = modern_corpus.table_texts()
    pairs = count(texts)
    kept = write_table(args.out, pairs, MIN_COUNT)
    print(f"{kept} (head, modifier) pairs from {len(texts)} texts in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
