"""Modern attestation counts (abstracts, business news, documentation)."""

import numpy as np

from detector.lm.modern_bigrams import log_count
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
