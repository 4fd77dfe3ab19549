"""The "head of modifier" counts the calque detector reads (`detector.training.of_phrases`).

All texts were written for these tests.
"""

from collections import Counter

from detector.lm.modern_bigrams import NAME_WAYS
from detector.lm.ngrams import bigram_key, tables
from detector.training.of_phrases import count, count_names


def test_the_table_counts_the_phrases_the_detector_reads() -> None:
    counted = count(["The price of oil and the price of the oil.", "A module of attention.", "Loss of - weight."])
    ng = tables()
    price, oil = ng.ids(["price", "oil"])
    assert isinstance(counted, Counter)
    assert counted[int(bigram_key(price, oil))] == 2  # with and without the article
    assert sum(counted.values()) == 3  # "loss of - weight" is not written as a phrase


def test_names_are_counted_the_three_ways_a_head_takes_them() -> None:
    counted = count_names(
        [
            "We met the engineers of Harwood. Later Harwood's engineers and Harwood engineers came.",
            "Harwood engineers opened it.",  # a name opening a sentence is not told from any capital
        ]
    )
    (engineers,) = tables().ids(["engineers"])
    ways = [counted[int(bigram_key(engineers, way))] for way in range(len(NAME_WAYS))]
    assert ways == [1, 1, 1]
