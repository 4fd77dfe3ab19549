"""One written word, one original: where occurrences of a written word were restored apart."""

from __future__ import annotations

from detector.spans.discovery.consistency import others_choices
from detector.spans.discovery.restoration import Restoration
from detector.text import tokenize

INDEX = {"ratio": 1, "percent": 2, "energy": 3, "power": 4}


def restored(first: int, last: int, **replacements: str) -> Restoration:
    return Restoration(first, last, {int(p[1:]): w for p, w in replacements.items()}, 1.0)


def test_occurrences_restored_apart_each_get_what_the_others_became() -> None:
    tokens = tokenize("compression proportion and perseverance proportion and gross proportion")
    found = [
        ([1], restored(1, 1, p1="ratio")),
        ([4], restored(3, 4, p3="endurance", p4="percent")),
        ([7], restored(7, 7, p7="ratio")),
    ]
    assert others_choices(tokens, found, INDEX) == {1: frozenset({2}), 4: frozenset({1}), 7: frozenset({2})}


def test_agreeing_kept_or_removed_words_ask_for_nothing() -> None:
    tokens = tokenize("atomic force here and atomic force there and force")
    found = [
        ([1], restored(0, 1, p1="power")),
        ([5], restored(4, 5, p5="power")),
        ([8], restored(8, 8, p8="force")),  # kept as written: no swap to agree with
    ]
    assert others_choices(tokens, found, INDEX) == {}
    found = [([1], restored(1, 1, p1="power")), ([5], restored(5, 5, p5=""))]  # a word merged away
    assert others_choices(tokens, found, INDEX) == {}
