"""Suggestions: how far past the flagged words the restoration search may change a word.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/wider_stretch.py   # ~15 min

The search changes the flagged stretch and the content word on either side (`positions_of`).
The funnel (`suggestion_funnel.py`) counts words of found phrases that no search reached, mostly
a second swapped word one function word away ("hoists the prize" for "lifts the trophy").
Variants, measured as in `search_moves.py` (team dev validation chooses; team evaluation and the
outside devset reported; Wikipedia validation spun by Moby and MyThes; PPS pairs planted):

- shipped: the adjacent content word each side;
- across a function word: where the adjacent word is a function word, the content word after it;
- both: the adjacent content word, and the next content word across one function word.

Writes `benchmarks/experiments/results/wider_stretch.json`.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

from search_moves import run_variants

from detector.spans import discovery
from detector.spans.discovery import restoration
from detector.text import Token

OUT = ROOT / "benchmarks" / "experiments" / "results" / "wider_stretch.json"


def _positions(both: bool):  # type: ignore[no-untyped-def]
    """`positions_of` reaching across one function word; with `both`, past an adjacent
    content word as well."""

    def positions_of(tokens: list[Token], group: list[int]) -> list[int]:
        seg = tokens[group[0]].segment

        def content(i: int) -> bool:
            return 0 <= i < len(tokens) and tokens[i].segment == seg and not tokens[i].is_function

        def function(i: int) -> bool:
            return 0 <= i < len(tokens) and tokens[i].segment == seg and tokens[i].is_function

        positions = set(range(group[0], group[-1] + 1))
        for step, edge in ((-1, group[0]), (1, group[-1])):
            near = edge + step
            if content(near):
                positions.add(near)
                if both and function(near + step) and content(near + 2 * step):
                    positions.add(near + 2 * step)
            elif function(near) and content(near + step):
                positions.add(near + step)
        return sorted(positions)

    return positions_of


def _patch(positions_of):  # type: ignore[no-untyped-def]
    def patch() -> ExitStack:
        stack = ExitStack()
        for module in (restoration, discovery):
            stack.enter_context(mock.patch.object(module, "positions_of", positions_of))
        # As measured, before the search priced a word across a function word (far_word_cost.py).
        stack.enter_context(mock.patch.object(restoration, "FAR_WORD_COST", 0.0))
        return stack

    return patch


VARIANTS = {
    "adjacent words (shipped then)": _patch(restoration.stretch_of),
    "across a function word": _patch(_positions(both=False)),
    "both": _patch(_positions(both=True)),
}


if __name__ == "__main__":
    raise SystemExit(run_variants(VARIANTS, OUT))
