"""Choose the dense gate: above which spun probability discovery looks again, harder.

    python -m detector.training.dense_gate      # after detector.train; writes detector/data/dense_gate.json

Lightly spun technical text has few windows that score high, so discovery keeps its
isolated-suspect threshold and finds almost nothing, while the document classifier, which
reads every window, already calls the text spun. `api.score` rescans a text whose first-pass
spun probability crosses the gate with a lower window threshold, and so does every text that
reads as altered by machine translation (spun head over its threshold, kind head over a cut:
`scoring.reads_as_translated`), whatever the gate: the curve and the budgets below count those
second looks too. That cut is the `mt` label's own kind threshold unless `--kind-cuts` offers
lower ones to choose from (back-translated text reads as altered, yet its calques often look
enough like synonym swaps that the kind head leans to "spun"). Lower cuts are not shipped: the
validation sets hold no name- and jargon-dense clean text, which they flood (docs/experiments.md,
"A lower kind cut for the second look").

The gate, the kind cut, that threshold and a threshold of its own for texts that read as
translated (their calques are spread thinner still) are chosen together (the window scorer's own
cutoffs are chosen before any gate exists, so its dense-document threshold is no guide to what a
gated second look can afford), on the window scorer's own validation documents (Wikipedia
validation leads, half spun with Moby; the team dev validation third; clean modern validation
prose): the most team-dev recall within the budgets `training/discovery.py` holds the cutoff to
(false spans per 1,000 clean words overall, clean documents with 3+ false spans, the team's clean
texts), then the most recall over all of them. Nothing from the evaluation sets, the seeds or the
outside development set is read.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from detector import api
from detector.document import model as doc_model
from detector.document.scoring import DENSE_GATE_FILE, kind_probability, spun_probability
from detector.model_files import write_manifest
from detector.spans.discovery import SHORT_WORDS
from detector.text import tokenize
from detector.training.corpus import documents
from detector.training.discovery import (
    FALSE_SPAN_BUDGET,
    FLOODED_BUDGET,
    SEED,
    TRICKY_BUDGET,
    dev_examples,
    make_examples,
    modern_clean,
)
from detector.training.span_eval import SpanTally, tally_document
from detector.types import TRANSLATED_KINDS, Span

GATES = (0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99)
THRESHOLDS = (0.15, 0.2, 0.25, 0.3)  # window thresholds tried for the second look
# ... and for the second look of a text that reads as translated, whose calques are spread thinner
MT_THRESHOLDS = (0.05, 0.07, 0.1, 0.15)
Example = tuple[str, list[tuple[int, int, str]], bool]
Passes = tuple[float, bool, list[Span], dict[float, list[Span]] | None]


def passes(example: Example, thresholds: tuple[float, ...] = tuple(sorted({*THRESHOLDS, *MT_THRESHOLDS}))) -> Passes:
    """(first-pass spun probability, the kind head's probability if the text reads as altered
    (spun head over its threshold; else 0), first-pass spans, second-look spans per window
    threshold or None when the text is too short for a second look); MT spans are another
    question and are left out. The second looks reuse the first pass's scored windows."""
    text = example[0]
    memo: dict = {}
    first = api.analyse(text, memo=memo)
    spans = [s for s in first.report.spans if s.kind not in TRANSLATED_KINDS]
    if first.features is None or first.report.n_words < SHORT_WORDS:
        return 0.0, False, spans, None
    p = spun_probability(first.report, first.features)
    altered = p >= doc_model.load().heads["spun"].threshold
    p_kind = kind_probability(first.report, first.features) if altered else 0.0
    dense = {
        t: [s for s in api.analyse(text, dense=t, memo=memo).report.spans if s.kind not in TRANSLATED_KINDS]
        for t in thresholds
    }
    return p, p_kind, spans, dense


def tally(
    examples: list[Example],
    scanned: list[Passes],
    gate: float,
    threshold: float,
    kind_cut: float,
    mt_threshold: float | None = None,
) -> SpanTally:
    """Span counts when texts over the gate get the second look at `threshold`, and texts that
    read as translated (kind probability at `kind_cut` or more) at `mt_threshold` (default
    `threshold`), as `api.examine` does."""
    result = SpanTally()
    for (text, gold, clean), (p, p_kind, first, dense) in zip(examples, scanned, strict=True):
        if dense is not None and p >= gate:
            spans = dense[threshold]
        elif dense is not None and p_kind >= kind_cut:
            spans = dense[threshold if mt_threshold is None else mt_threshold]
        else:
            spans = first
        tally_document(result, text, spans, gold, len(tokenize(text)), clean)
    return result


def choose(
    sets: dict[str, tuple[list[Example], list[Passes]]],
    gates: tuple[float, ...] = GATES,
    thresholds: tuple[float, ...] = THRESHOLDS,
    kind_cuts: tuple[float, ...] = (1.0,),
    mt_thresholds: tuple[float, ...] | None = None,
) -> tuple[dict[str, float | None], list[dict]]:
    """The gate, second-look threshold, kind cut and translated texts' threshold with the most
    team-dev recall inside the budgets, then the most recall over every validation set (texts
    that read as translated are rare in team dev), then the most cautious (higher gate,
    thresholds and cut; no gate, the highest thresholds and cut when nothing is admissible).
    `mt_thresholds` None: translated texts take the second look's threshold."""
    everything = [e for examples, _ in sets.values() for e in examples]
    scanned = [s for _, rows in sets.values() for s in rows]
    dev_examples_, dev_rows = sets["team_dev"]
    curve = []
    for gate in (*gates, None):
        value = 2.0 if gate is None else gate
        for threshold in thresholds if gate is not None else thresholds[-1:]:
            for cut in kind_cuts if gate is not None else kind_cuts[:1]:
                for mt_threshold in mt_thresholds or (threshold,):
                    setting = (value, threshold, cut, mt_threshold)
                    all_tally = tally(everything, scanned, *setting).as_dict()
                    dev_tally = tally(dev_examples_, dev_rows, *setting).as_dict()
                    curve.append(
                        {
                            "gate": gate,
                            "threshold": threshold,
                            "kind_cut": cut,
                            "mt_threshold": mt_threshold,
                            "all": all_tally,
                            "team_dev": dev_tally,
                        }
                    )
    admissible = [
        c
        for c in curve
        if c["all"]["false_spans_per_1k_clean_words"] <= FALSE_SPAN_BUDGET
        and c["all"]["clean_docs_flooded_share"] <= FLOODED_BUDGET
        and c["team_dev"]["false_spans_per_1k_clean_words"] <= TRICKY_BUDGET
    ]
    keys = ("gate", "threshold", "kind_cut", "mt_threshold")
    if not admissible:
        fallback = max(mt_thresholds or (thresholds[-1],))
        return dict(zip(keys, (None, thresholds[-1], kind_cuts[0], fallback), strict=True)), curve
    best = max(
        admissible,
        key=lambda c: (
            c["team_dev"]["recall"],
            c["all"]["recall"],
            2.0 if c["gate"] is None else c["gate"],
            c["threshold"],
            c["kind_cut"],
            c["mt_threshold"],
        ),
    )
    return {k: best[k] for k in keys}, curve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    parser.add_argument("--wiki", type=int, default=600, help="Wikipedia validation documents")
    parser.add_argument("--modern", type=int, default=120, help="clean modern validation documents per source")
    parser.add_argument(
        "--kind-cuts",
        type=float,
        nargs="*",
        default=[],
        help="kind-head cuts to try besides the mt label's threshold (not shipped: see docs/experiments.md)",
    )
    args = parser.parse_args(argv)
    started = time.time()
    dev_path = Path(__file__).resolve().parents[2] / "data" / "dev"
    examples = {
        "wikipedia": make_examples(documents("val")[: args.wiki], SEED + 1),
        "team_dev": dev_examples(dev_path, "val"),
        "modern_clean": modern_clean(args.modern),
    }
    sets = {name: (ex, [passes(e) for e in ex]) for name, ex in examples.items()}
    print(f"scanned {sum(len(e) for e in examples.values())} documents ({time.time() - started:.0f}s)", flush=True)
    label_cut = doc_model.load().heads["kind"].threshold
    kind_cuts = (label_cut, *(c for c in args.kind_cuts if c < label_cut))
    chosen, curve = choose(sets, kind_cuts=kind_cuts, mt_thresholds=MT_THRESHOLDS)
    gate, threshold, kind_cut, mt_threshold = (chosen[k] for k in ("gate", "threshold", "kind_cut", "mt_threshold"))
    for row in curve:
        print(
            row["gate"],
            row["threshold"],
            row["kind_cut"],
            row["mt_threshold"],
            "team dev",
            row["team_dev"]["recall"],
            row["team_dev"]["false_spans_per_1k_clean_words"],
            "all false",
            row["all"]["false_spans_per_1k_clean_words"],
            row["all"]["clean_docs_flooded_share"],
        )
    manifest = {
        "gate": gate,
        "threshold": threshold,
        "kind_cut": kind_cut,
        "mt_threshold": mt_threshold,
        "rule": (
            f"most team-dev recall with <= {FALSE_SPAN_BUDGET} false spans per 1,000 clean validation words, "
            f"<= {FLOODED_BUDGET:.0%} clean documents with 3+ false spans and <= {TRICKY_BUDGET} on the team's "
            f"clean validation texts, then the most recall over all validation sets (the translated texts' "
            f"threshold); texts of {SHORT_WORDS}+ words, fast tier"
        ),
        "validation": {name: len(ex) for name, ex in examples.items()},
        "curve": curve,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / DENSE_GATE_FILE).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    write_manifest(args.out)
    print(
        f"gate {gate}, threshold {threshold}, kind cut {kind_cut}, translated texts' threshold {mt_threshold}; wrote {args.out / DENSE_GATE_FILE} in {time.time() - started:.0f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
