"""Web collocation counts from PyPI wordsegment."""

from detector.lm.web_bigrams import log_count


def test_common_collocation_is_counted_and_unknown_pair_is_zero() -> None:
    assert log_count("press", "conference") > 5
    assert log_count("unfamiliar", "clergyman") == 0.0
