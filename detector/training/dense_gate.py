"""Choose the dense gate: above which spun probability discovery looks again, harder.

    python -m detector.training.dense_gate      # after detector.train; writes detector/data/dense_gate.json

Lightly spun technical text has few windows that score high, so discovery keeps its
isolated-suspect threshold and finds almost nothing, while the document classifier, which
reads every window, already calls the text spun. `api.score` rescans a text whose first-pass
spun probability crosses the gate with discovery's dense-document threshold.

The gate is chosen on the window scorer's own validation documents (Wikipedia validation
leads, half spun with Moby; the team dev validation third; clean modern validation prose): the
most team-dev recall within the budgets `training/discovery.py` holds the cutoff to (false spans
per 1,000 clean words overall, clean documents with 3+ false spans, the team's clean texts).
Nothing from the evaluation sets, the seeds or the outside development set is read.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from detector import api
from detector.document.scoring import DENSE_GATE_FILE, spun_probability
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
from detector.types import Span, SpanKind

GATES = (0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99)
Example = tuple[str, list[tuple[int, int, str]], bool]


def passes(example: Example) -> tuple[float, list[Span], list[Span] | None]:
    """(first-pass spun probability, first-pass spans, dense-pass spans or None when the text is
    too short for the gate); MT spans are another question and are left out."""
    text = example[0]
    first = api.analyse(text)
    if first.features is None or first.report.n_words < SHORT_WORDS:
        return 0.0, [s for s in first.report.spans if s.kind != SpanKind.MT], None
    p = spun_probability(first.report, first.features)
    dense = [s for s in api.analyse(text, dense=True).report.spans if s.kind != SpanKind.MT]
    return p, [s for s in first.report.spans if s.kind != SpanKind.MT], dense


def tally(
    examples: list[Example], scanned: list[tuple[float, list[Span], list[Span] | None]], gate: float
) -> SpanTally:
    result = SpanTally()
    for (text, gold, clean), (p, first, dense) in zip(examples, scanned, strict=True):
        spans = dense if dense is not None and p >= gate else first
        tally_document(result, text, spans, gold, len(tokenize(text)), clean)
    return result


def choose(
    sets: dict[str, tuple[list[Example], list]], gates: tuple[float, ...] = GATES
) -> tuple[float | None, list[dict]]:
    """The lowest-risk gate with the most team-dev recall inside the budgets (None: no gate)."""
    everything = [e for examples, _ in sets.values() for e in examples]
    scanned = [s for _, rows in sets.values() for s in rows]
    dev_examples_, dev_rows = sets["team_dev"]
    curve = []
    for gate in (*gates, None):
        value = 2.0 if gate is None else gate
        all_tally = tally(everything, scanned, value).as_dict()
        dev_tally = tally(dev_examples_, dev_rows, value).as_dict()
        curve.append({"gate": gate, "all": all_tally, "team_dev": dev_tally})
    admissible = [
        c
        for c in curve
        if c["all"]["false_spans_per_1k_clean_words"] <= FALSE_SPAN_BUDGET
        and c["all"]["clean_docs_flooded_share"] <= FLOODED_BUDGET
        and c["team_dev"]["false_spans_per_1k_clean_words"] <= TRICKY_BUDGET
    ]
    if not admissible:
        return None, curve
    best = max(admissible, key=lambda c: (c["team_dev"]["recall"], 2.0 if c["gate"] is None else c["gate"]))
    return best["gate"], curve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    parser.add_argument("--wiki", type=int, default=600, help="Wikipedia validation documents")
    parser.add_argument("--modern", type=int, default=120, help="clean modern validation documents per source")
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
    gate, curve = choose(sets)
    for row in curve:
        print(
            row["gate"],
            "team dev",
            row["team_dev"]["recall"],
            row["team_dev"]["false_spans_per_1k_clean_words"],
            "all false",
            row["all"]["false_spans_per_1k_clean_words"],
            row["all"]["clean_docs_flooded_share"],
        )
    manifest = {
        "gate": gate,
        "rule": (
            f"most team-dev recall with <= {FALSE_SPAN_BUDGET} false spans per 1,000 clean validation words, "
            f"<= {FLOODED_BUDGET:.0%} clean documents with 3+ false spans and <= {TRICKY_BUDGET} on the team's "
            f"clean validation texts; texts of {SHORT_WORDS}+ words, fast tier"
        ),
        "validation": {name: len(ex) for name, ex in examples.items()},
        "curve": curve,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / DENSE_GATE_FILE).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    write_manifest(args.out)
    print(f"gate {gate}; wrote {args.out / DENSE_GATE_FILE} in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
