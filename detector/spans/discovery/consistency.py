"""One written word, one original: a spinner swaps a word the same way wherever it occurs.

A spinner with a fixed dictionary, and most hand spinners, replace every occurrence of a word
with the same synonym, so the same written word in two flagged stretches almost always hides
the same original (team dev validation 9 of 9 repeated written words, team evaluation 7 of 8,
outside devset 6 of 7). The restoration search judges each stretch alone, and the trigram LM
can pull two occurrences apart ("compression ratio" but "determination percent" for two
"proportion"s). Where the first searches disagree, each occurrence is searched again with a
bonus for what the others were restored to (`restoration.CONSISTENCY_BONUS`): the occurrence whose context holds its own choice
firmly keeps it, a weakly held one follows the others.
"""

from __future__ import annotations

from collections import defaultdict

from detector.spans.discovery.restoration import Restoration
from detector.text import Token


def others_choices(
    tokens: list[Token], restorations: list[tuple[list[int], Restoration]], index: dict[str, int]
) -> dict[int, frozenset[int]]:
    """Per changed position whose written word another restoration changed differently: the ids
    (`index`: the LM's vocabulary) of the words those other occurrences were restored to."""
    chosen: dict[str, dict[int, str]] = defaultdict(dict)  # written word -> position -> its replacement
    for _, restoration in restorations:
        for p, word in restoration.replacements.items():
            if word and word != tokens[p].lower:
                chosen[tokens[p].lower][p] = word
    out = {}
    for at in chosen.values():
        if len(set(at.values())) < 2:
            continue
        for p, word in at.items():
            out[p] = frozenset(index[w] for q, w in at.items() if q != p and w != word)
    return out
