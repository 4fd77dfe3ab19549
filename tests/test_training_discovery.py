"""The discovery trainer's cutoff rule: within the budgets, the fewest false spans that recall
within one standard error of the best can afford."""

from __future__ import annotations

import pytest

from detector.spans.discovery import Cutoff
from detector.training import discovery as training
from detector.training.span_eval import SpanTally

GOLD, CLEAN_WORDS = 800, 10_000


def _tally(recall: float, false_per_1k: float) -> SpanTally:
    return SpanTally(
        gold=GOLD,
        found=round(recall * GOLD),
        clean_words=CLEAN_WORDS,
        clean_false_spans=round(false_per_1k * CLEAN_WORDS / 1000),
        clean_docs=100,
    )


@pytest.fixture
def fake_tally(monkeypatch: pytest.MonkeyPatch) -> dict[Cutoff, tuple[float, float]]:
    """Each cutoff's (team-dev recall, false spans per 1,000 clean words), the same for both sets."""
    outcomes: dict[Cutoff, tuple[float, float]] = {}
    monkeypatch.setattr(training, "tally", lambda scored, cutoff: _tally(*outcomes[cutoff]))
    return outcomes


def test_recall_within_one_standard_error_buys_fewer_false_spans(fake_tally: dict) -> None:
    edge, quieter, far, over = (Cutoff(h, 0.15, 10.0, 0.7, unit="stretches") for h in (0.8, 0.9, 0.95, 0.6))
    # One standard error of recall 0.60 over 800 gold phrases is 0.017.
    fake_tally.update({edge: (0.60, 0.95), quieter: (0.59, 0.60), far: (0.55, 0.10), over: (0.70, 1.40)})
    chosen, grid = training.choose_cutoff([], [], settings=[edge, quieter, far, over])
    assert chosen == quieter
    assert len(grid) == 4


def test_the_best_recall_stays_when_nothing_near_it_is_quieter(fake_tally: dict) -> None:
    best, worse = Cutoff(0.9, 0.15, 10.0, 0.7, unit="stretches"), Cutoff(0.95, 0.15, 10.0, 0.7, unit="stretches")
    fake_tally.update({best: (0.60, 0.50), worse: (0.595, 0.80)})
    assert training.choose_cutoff([], [], settings=[best, worse])[0] == best


def test_default_grid_offers_a_stricter_isolated_threshold_and_both_units() -> None:
    grid = training.cutoff_grid()
    assert {c.high for c in grid} >= {0.9, 0.95}
    assert {c.unit for c in grid if c.density_mid > 0} == {"windows", "stretches"}
    assert all(c.low <= c.high for c in grid)
