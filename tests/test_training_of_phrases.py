"""The "head of modifier" counts the calque detector reads (`detector.training.of_phrases`).

All texts were written for these tests.
"""

from collections import Counter

from detector.lm.ngrams import bigram_key, tables
from detector.training.of_phrases import count


def test_the_table_counts_the_phrases_the_detector_reads() -> None:
    counted = count(["The price of oil and the price of the oil.", "A module of attention.", "Loss of - weight."])
    ng = tables()
    price, oil = ng.ids(["price", "oil"])
    assert isinstance(counted, Counter)
    assert counted[int(bigram_key(price, oil))] == 2  # with and without the article
    assert sum(counted.values()) == 3  # "loss of - weight" is not written as a phrase
