"""Choosing the dense gate and its window threshold: the most team-dev recall inside the
false-span budgets."""

from __future__ import annotations

from detector.training.dense_gate import choose, tally
from detector.types import Span, SpanKind

TEXT = "The unfamiliar clergyman arrived in Paris on Monday for talks with his counterpart."
GOLD = [(4, 24, "foreign minister")]
HIT = Span(
    start=4, end=24, text=TEXT[4:24], kind=SpanKind.DISCOVERY, score=0.9, reason="r", suggestion="foreign minister"
)
FALSE = Span(start=28, end=33, text=TEXT[28:33], kind=SpanKind.DISCOVERY, score=0.9, reason="r", suggestion="Rome")


def test_tally_takes_the_dense_spans_only_above_the_gate() -> None:
    examples = [(TEXT, GOLD, False)]
    rows = [(0.9, 0.0, [], {0.2: [HIT], 0.3: []})]
    assert tally(examples, rows, 0.8, 0.2, 0.4).recall == 1.0
    assert tally(examples, rows, 0.8, 0.3, 0.4).recall == 0.0  # that threshold's second look missed it
    assert tally(examples, rows, 0.95, 0.2, 0.4).recall == 0.0


def test_a_text_read_as_machine_translated_is_looked_at_again_whatever_the_gate() -> None:
    examples = [(TEXT, GOLD, False)]
    rows = [(0.8, 0.5, [], {0.2: [HIT], 0.3: []})]  # altered, and the kind head leans to translation
    assert tally(examples, rows, 0.99, 0.2, 0.4).recall == 1.0
    assert tally(examples, rows, 2.0, 0.2, 0.4).recall == 1.0  # no gate: the MT rule still applies
    assert tally(examples, rows, 0.99, 0.2, 0.6).recall == 0.0  # under the kind cut


def test_the_budgets_count_the_second_looks_of_translated_texts() -> None:
    clean_text = TEXT.replace("unfamiliar clergyman", "foreign minister")
    flooded = [FALSE, FALSE, FALSE]
    translated_clean = ([(clean_text, [], True)], [(0.5, 0.9, [], {0.2: flooded, 0.3: flooded})])
    spun = ([(TEXT, GOLD, False)], [(0.92, 0.0, [], {0.2: [HIT], 0.3: [HIT]})])
    _, curve = choose(
        {"team_dev": spun, "wikipedia": translated_clean}, gates=(0.9,), thresholds=(0.3,), kind_cuts=(0.4,)
    )
    assert all(c["all"]["false_spans_per_1k_clean_words"] > 0 for c in curve)  # even with no gate


def test_choose_prefers_recall_within_budget_and_refuses_a_flooding_gate() -> None:
    spun = ([(TEXT, GOLD, False)], [(0.92, 0.0, [], {0.2: [HIT], 0.3: [HIT]})])
    clean_text = TEXT.replace("unfamiliar clergyman", "foreign minister")
    flooded = [FALSE, FALSE, FALSE]
    clean = ([(clean_text, [], True)], [(0.85, 0.0, [], {0.2: flooded, 0.3: flooded})])
    chosen, curve = choose({"team_dev": spun, "wikipedia": clean}, gates=(0.8, 0.9, 0.95), thresholds=(0.2, 0.3))
    gate, threshold = chosen["gate"], chosen["threshold"]
    assert gate == 0.9  # 0.8 floods the clean text, 0.95 misses the spun one
    assert threshold == 0.3  # both thresholds find it: the more cautious one
    assert [(c["gate"], c["threshold"]) for c in curve] == [
        (0.8, 0.2),
        (0.8, 0.3),
        (0.9, 0.2),
        (0.9, 0.3),
        (0.95, 0.2),
        (0.95, 0.3),
        (None, 0.3),
    ]


def test_choose_takes_the_lower_threshold_when_it_finds_more_within_budget() -> None:
    spun = ([(TEXT, GOLD, False)], [(0.92, 0.0, [], {0.2: [HIT], 0.3: []})])
    chosen, _ = choose({"team_dev": spun}, gates=(0.9,), thresholds=(0.2, 0.3))
    assert (chosen["gate"], chosen["threshold"]) == (0.9, 0.2)


def test_no_admissible_setting_means_no_gate() -> None:
    clean = ([(TEXT, [], True)], [(0.0, 0.0, [FALSE] * 3, {0.2: [], 0.3: []})])
    chosen, _ = choose({"team_dev": clean}, gates=(0.9,), thresholds=(0.2, 0.3))
    assert chosen["gate"] is None and chosen["threshold"] == 0.3


def test_a_lower_kind_cut_is_taken_when_it_finds_more_within_budget() -> None:
    spun = ([(TEXT, GOLD, False)], [(0.9, 0.15, [], {0.2: [HIT], 0.3: [HIT]})])
    clean_text = TEXT.replace("unfamiliar clergyman", "foreign minister")
    flooded = [FALSE, FALSE, FALSE]
    clean = ([(clean_text, [], True)], [(0.9, 0.05, [], {0.2: flooded, 0.3: flooded})])
    chosen, _ = choose(
        {"team_dev": spun, "wikipedia": clean}, gates=(0.95,), thresholds=(0.3,), kind_cuts=(0.4, 0.1, 0.02)
    )
    assert (chosen["gate"], chosen["kind_cut"]) == (0.95, 0.1)  # 0.4 misses the spun text, 0.02 floods the clean one


def test_translated_texts_get_a_threshold_of_their_own() -> None:
    spun = ([(TEXT, GOLD, False)], [(0.99, 0.0, [], {0.05: [HIT], 0.15: [HIT], 0.3: [HIT]})])
    translated = ([(TEXT, GOLD, False)], [(0.8, 0.9, [], {0.05: [HIT], 0.15: [], 0.3: []})])  # calques thin
    rows = translated[1]
    assert tally(translated[0], rows, 0.97, 0.3, 0.4, 0.05).recall == 1.0
    assert tally(translated[0], rows, 0.97, 0.3, 0.4, 0.15).recall == 0.0
    assert tally(translated[0], rows, 0.97, 0.3, 0.4).recall == 0.0  # by default, the second look's threshold
    grid = {"gates": (0.97,), "thresholds": (0.3,), "kind_cuts": (0.4,), "mt_thresholds": (0.05, 0.15)}
    chosen, _ = choose({"team_dev": spun, "wikipedia": translated}, **grid)  # type: ignore[arg-type]
    # team dev recall ties, so recall over every set decides: the translated text's phrase is found at 0.05
    assert (chosen["threshold"], chosen["mt_threshold"]) == (0.3, 0.05)
    clean_text = TEXT.replace("unfamiliar clergyman", "foreign minister")
    flooded = ([(clean_text, [], True)], [(0.8, 0.9, [], {0.05: [FALSE] * 3, 0.15: [], 0.3: []})])
    chosen, _ = choose({"team_dev": spun, "wikipedia": flooded}, **grid)  # type: ignore[arg-type]
    assert chosen["mt_threshold"] == 0.15  # 0.05 floods a clean text that reads as translated
