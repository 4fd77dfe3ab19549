"""Suggestions: which moves the restoration search makes after its coordinate ascent.

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/search_moves.py   # ~10 min

Variants of `spans/discovery/restoration.py` (one-off patches), each measured with the full fast
tier on the sets of `restoration.py` (team dev validation, where the search was chosen; team
evaluation; the outside devset, reported only), on Wikipedia validation leads spun at 20% by Moby
and by MyThes (600 each), and on the PPS test pairs planted in team sentences (discovery alone).
Writes `benchmarks/experiments/results/search_moves.json`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

import restoration as sets
import spans as bench

from detector.spans import discovery
from detector.spans.discovery import restoration
from detector.text import tokenize
from detector.training.corpus import documents
from detector.training.span_eval import SpanTally, tally_document
from detector.training.spinner import spin

OUT = ROOT / "benchmarks" / "experiments" / "results" / "search_moves.json"
SYNTHETIC_DOCS = 600
RATE = 0.2
_pair_moves = restoration._pair_moves


def _flagged_pairs_only() -> Callable:
    """Pair moves over the flagged words alone, never a widening neighbour."""
    original = discovery.restore

    def restore(tokens, group, *args, **kwargs):  # type: ignore[no-untyped-def]
        inside = set(group)
        with mock.patch.object(
            restoration,
            "_pair_moves",
            lambda t, positions, choice, candidates: _pair_moves(
                t, [p for p in positions if p in inside], choice, candidates
            ),
        ):
            return original(tokens, group, *args, **kwargs)

    return restore


VARIANTS: dict[str, Callable[[], AbstractContextManager[object]]] = {
    "no pair moves (before)": lambda: mock.patch.object(restoration, "_pair_moves", lambda *args: []),
    "pair moves (shipped)": lambda: mock.patch.object(restoration, "PASSES", restoration.PASSES),
    "pair moves over the flagged words only": lambda: mock.patch.object(discovery, "restore", _flagged_pairs_only()),
}


def flagged_value_patch(adjust: Callable[[Callable[..., float], frozenset[int]], Callable[..., float]]) -> ExitStack:
    """A one-off patch of the restoration search: each search's `value(current, extra_cost)`
    replaced by `adjust(value, flagged)`, `flagged` being the positions the windows flagged
    (`restore`'s group), so a rule may treat flagged and neighbouring words apart."""
    restore_, valuer_ = restoration.restore, restoration._valuer
    flagged: list[int] = []

    def restore(tokens, group, *args, **kwargs):  # type: ignore[no-untyped-def]
        flagged[:] = group
        return restore_(tokens, group, *args, **kwargs)

    def valuer(*args, **kwargs) -> Callable[..., float]:  # type: ignore[no-untyped-def]
        return adjust(valuer_(*args, **kwargs), frozenset(flagged))

    stack = ExitStack()
    stack.enter_context(mock.patch.object(discovery, "restore", restore))
    stack.enter_context(mock.patch.object(restoration, "_valuer", valuer))
    return stack


def restoration_table_patch(table: object) -> ExitStack:
    """The restoration search reads `table` (a `thesaurus.CandidateTable`) for its candidates;
    the window scorer's table, so the spans, stay as shipped."""
    from detector.lm import reference as reference_module

    stack = ExitStack()
    stack.enter_context(mock.patch.object(reference_module, "restoration_table", lambda: table))
    reference_module.reference.cache_clear()
    stack.callback(reference_module.reference.cache_clear)
    return stack


def ranker_patch(ranker: object) -> ExitStack:
    """Discovery and the restoration search read `ranker` (a `ranking.Ranker`) as the ranker."""
    stack = ExitStack()
    stack.enter_context(mock.patch.object(discovery, "load_ranker", lambda: ranker))
    stack.enter_context(mock.patch.object(restoration, "load_ranker", lambda: ranker))
    return stack


def synthetic(rate: float = RATE, n_docs: int = SYNTHETIC_DOCS, seed: int = 5000) -> dict[str, dict[str, float]]:
    """Phrases found and suggestions right on Wikipedia validation leads spun by Moby and by MyThes."""
    texts = documents("val")[:n_docs]
    out = {}
    for source in ("moby", "mythes"):
        tally = SpanTally()
        for i, text in enumerate(texts):
            spun = spin(text, rate, source, seed=seed + i)
            gold = [(w.start, w.end, w.original) for w in spun.swaps]
            tally_document(tally, spun.text, bench.full_system(spun.text), gold, len(tokenize(spun.text)), False)
        out[source] = {"found": tally.found, "suggestion_right": round(tally.suggestion_accuracy, 3)}
    return out


def run_variants(
    variants: dict[str, Callable[[], AbstractContextManager[object]]],
    out: Path,
    extra: Callable[[], dict] | None = None,
) -> int:
    """Each variant's patch applied in turn and measured on every set above (and by `extra`,
    whose figures join the variant's); printed, then written to `out`. Shared by the search
    experiments that compare patches this way."""
    results = {}
    for name, patch in variants.items():
        with patch():
            results[name] = sets.measure()
            results[name]["synthetic"] = synthetic()
            planted = bench.pps_planted(bench.discovery_only)
            results[name]["pps_planted_suggestion_right"] = planted and planted["suggestion_accuracy"]
            results[name].update(extra() if extra else {})
        print(name, json.dumps(results[name]), flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def main() -> int:
    return run_variants(VARIANTS, OUT)


if __name__ == "__main__":
    raise SystemExit(main())
