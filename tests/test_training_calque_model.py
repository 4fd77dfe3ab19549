"""The calque scorer's training rows (`detector.training.calque_model`).

The gold calques of a round trip are the output's "of" phrases whose source wrote the compound
or the possessive and no "head of"; the reporting threshold leaves clean prose the budgeted
number of false spans. All sentences were written for these tests.
"""

import numpy as np
import pytest

from detector.training import calque_model
from detector.training.roundtrip import RoundTrip


def _trip(source: str, output: str) -> RoundTrip:
    return RoundTrip(source, output, ())


def test_a_compound_turned_inside_out_is_gold() -> None:
    trip = _trip("The amplitude thresholds were set by hand.", "The thresholds of amplitude were put by hand.")
    assert calque_model.calque_gold(trip) == {trip.output.index("amplitude") + len("amplitude")}


def test_a_singular_modifier_and_a_possessive_count_too() -> None:
    trip = _trip(
        "The pension plans and the state's goals changed.", "The plans of pensions and the goals of the state changed."
    )
    assert len(calque_model.calque_gold(trip)) == 2


def test_a_phrase_the_source_wrote_itself_is_not_gold() -> None:
    trip = _trip("The price of oil and the oil price rose.", "The price of oil and the price of oil rose.")
    assert calque_model.calque_gold(trip) == set()


def test_the_threshold_leaves_clean_prose_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    labels = np.r_[np.ones(300, dtype=int), np.zeros(300, dtype=int)]
    matrix = np.c_[labels + rng.normal(0, 0.7, 600), rng.normal(0, 1, 600)]
    groups = np.arange(600) % calque_model.FOLDS
    monkeypatch.setattr(calque_model, "PARAMS", {**calque_model.PARAMS, "min_data_in_leaf": 5})
    monkeypatch.setattr(calque_model, "ROUNDS", 20)
    strict = calque_model.threshold(matrix, labels, groups, 20_000)  # 0.2 per 1,000 words: 4 clean phrases
    loose = calque_model.threshold(matrix, labels, groups, 500_000)  # 100 clean phrases
    assert 0.0 < loose < strict < 1.0


def test_a_name_turned_into_an_of_phrase_is_gold_at_its_last_word() -> None:
    trip = _trip(
        "The West Coast's ports and Maryland lawmakers met.",
        "The ports of the West Coast and the lawmakers of Maryland met.",
    )
    ends = calque_model.calque_gold(trip)
    assert ends == {trip.output.index("Coast") + len("Coast"), trip.output.index("Maryland") + len("Maryland")}
