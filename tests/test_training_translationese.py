"""Building the translationese table (`detector.training.translationese`): smoothed log ratios
of round-trip output and source word frequencies, every word of either side listed."""

from __future__ import annotations

import math
from collections import Counter

from detector.training.translationese import SMOOTHING, table


def test_ratios_are_smoothed_log_frequencies_of_output_over_source() -> None:
    output = Counter({"mainly": 8, "the": 40, "tab\tword": 3})
    source = Counter({"primarily": 6, "the": 40, "upon": 2})
    rows = table(output, source)
    assert "tab\tword" not in rows  # a word the table's format cannot hold is left out
    n_out, n_src = 51, 48
    expected = math.log((8 + SMOOTHING) / n_out) - math.log(SMOOTHING / n_src)
    assert math.isclose(rows["mainly"], expected)
    assert rows["mainly"] > 0 > rows["primarily"] and rows["upon"] < 0
    assert abs(rows["the"]) < 0.1  # as common on both sides
    assert list(rows) == sorted(rows)  # a stable file: sorted words
