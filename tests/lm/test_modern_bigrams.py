"""Modern attestation counts (abstracts, business news, documentation)."""

import numpy as np

from detector.lm.modern_bigrams import NAME_WAYS, OF_PHRASES, count, log_count, name_log_counts
from detector.lm.ngrams import tables


def _count(first: str, second: str) -> float:
    ng = tables()
    return float(log_count(ng.ids([first]), ng.ids([second]))[0])


def test_terms_of_art_are_attested_and_tortured_pairs_are_not() -> None:
    assert _count("clinical", "trial") > 1.5
    assert _count("training", "set") > 0.5
    assert _count("unfamiliar", "clergyman") == 0.0
    assert _count("vitality", "assimilation") == 0.0


def test_lookups_are_vectorised_and_unknown_ids_count_zero() -> None:
    ng = tables()
    first = np.array([ng.index["clinical"], -1, ng.index["clinical"]])
    second = np.array([ng.index["trial"], ng.index["trial"], -1])
    counts = log_count(first, second)
    assert counts.shape == (3,) and counts.dtype == np.float32
    assert counts[0] > 0 and counts[1] == 0.0 and counts[2] == 0.0


def test_of_phrases_count_head_and_modifier_and_tell_once_from_never() -> None:
    ng = tables()
    heads, modifiers = ng.ids(["price", "thresholds", "price"]), ng.ids(["oil", "amplitude", "unknownword"])
    written = count(heads, modifiers, OF_PHRASES)
    assert written[0] >= 2  # "the price of oil": English writes it
    assert written[1] == 0  # "thresholds of amplitude": a calque
    assert written[2] == 0  # an unknown word counts nothing
    assert np.array_equal(log_count(heads, modifiers, OF_PHRASES), np.log10(np.maximum(written, 1)).astype(np.float32))


def test_name_counts_tell_heads_that_take_of_and_a_name_from_those_that_take_a_possessive() -> None:
    people, economy = tables().ids(["people", "economy"])
    counts = name_log_counts(np.array([people, economy, -1]))
    assert counts.shape == (3, len(NAME_WAYS)) and (counts >= 0).all()
    of_name, possessive = NAME_WAYS.index("of_name"), NAME_WAYS.index("possessive")
    assert counts[0, of_name] > counts[1, of_name] and counts[1, possessive] > counts[0, possessive]
    assert not counts[2].any()  # an unknown word has no counts


def test_every_table_index_is_built_once_per_process() -> None:
    from detector.lm import modern_bigrams

    ids = tables().ids(["price", "oil"])
    for _ in range(2):
        for table in (modern_bigrams.TABLE_FILE, OF_PHRASES, modern_bigrams.NAME_HEADS):
            count(ids[:1], ids[1:], table)
    assert modern_bigrams._table.cache_info().misses <= 3  # alternating tables never evict one another
