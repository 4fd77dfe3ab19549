"""Suggestions: may the restoration search take a candidate in another inflection than the
written word's?

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/inflection_moves.py   # ~2 min

A hand spinner sometimes writes a thesaurus headword in its base form where the original was
inflected ("recapture" for "regained"); the candidate tables carry the written word's inflection
across ("countries" -> "nations"), so such an original is in no table. The suggestion funnel
(`suggestion_funnel.py`) counts, among the originals in no table, those that are another
inflection of a listed neighbour. Here a one-off move is patched into the search after the pair
moves: every other form (suffix rules of `lm.thesaurus`) of each of a word's MAX_OPTIONS
candidates, priced as that candidate's swap plus a cost, valued in context like any restoration.
Variants: every suffix, or verb endings only (-ed, -ing: a plural left as written), at several
costs. Measured on the sets of `restoration.py` (team dev validation chooses; team evaluation;
the outside devset, reported only). Prints one line per variant; writes nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "experiments"))

import restoration as sets

from detector.lm.thesaurus import MIN_CANDIDATE_LOGPROB, inflect, lemmas
from detector.spans.discovery import restoration

_best_of = restoration._best_of


def _moves(tokens, positions, choice, candidates, ng, penalty_of, tags, cost):  # type: ignore[no-untyped-def]
    out = []
    for p in positions:
        seen = set(candidates.get(p, []))
        for c in candidates.get(p, []):
            base = penalty_of(p, c)
            for lemma, reading in lemmas(ng.words[c]):
                if reading not in tags or lemma not in ng.index:
                    continue
                for tag in tags:
                    for form in inflect(lemma, tag):
                        fid = ng.index.get(form)
                        if fid is None:
                            continue
                        if fid not in seen and form != tokens[p].lower and ng.unigram[fid] >= MIN_CANDIDATE_LOGPROB:
                            seen.add(fid)
                            out.append(({**choice, p: fid}, base + cost - penalty_of(p, fid)))
                        break
    return out


def patched(tags: tuple[str, ...], cost: float):  # type: ignore[no-untyped-def]
    """`restore` with the inflection moves tried right after the pair moves (the first `_best_of`
    call of each search is the pair moves'; the second, the length changes', comes after)."""
    original = restoration.restore

    def restore(tokens, group, initial, options, ref, cost_array, swap_prob=None, ranked=None, rank=True):  # type: ignore[no-untyped-def]
        calls = []
        state = {}

        def best_of(trials, choice, best_value, value):  # type: ignore[no-untyped-def]
            calls.append(1)
            choice, best_value = _best_of(trials, choice, best_value, value)
            if len(calls) == 1:
                moves = _moves(
                    tokens, state["positions"], choice, state["candidates"], ref.ngrams, state["penalty"], tags, cost
                )
                choice, best_value = _best_of(moves, choice, best_value, value)
            return choice, best_value

        real_candidates = restoration._candidates

        def candidates(*args, **kwargs):  # type: ignore[no-untyped-def]
            found, penalty = real_candidates(*args, **kwargs)
            state.update(positions=args[1], candidates=found, penalty=penalty)
            return found, penalty

        with (
            mock.patch.object(restoration, "_best_of", best_of),
            mock.patch.object(restoration, "_candidates", candidates),
        ):
            return original(tokens, group, initial, options, ref, cost_array, swap_prob, ranked, rank)

    return restore


def main() -> int:
    from detector.spans import discovery

    print("shipped", json.dumps(sets.measure()), flush=True)
    for tags in (("", "s", "ed", "ing"), ("", "ed", "ing")):
        for cost in (0.5, 1.0, 2.0):
            with mock.patch.object(discovery, "restore", patched(tags, cost)):
                print(f"tags {tags}, cost {cost}", json.dumps(sets.measure()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
