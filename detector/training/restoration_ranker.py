"""Train the restoration ranker (`spans/discovery/ranking.py`): which neighbour was the original?

    python -m detector.training.restoration_ranker            # writes detector/data/restoration_ranker.*

Examples are the swapped words of synthetic spins: Wikipedia train-split documents and modern
domain prose (abstracts, business news, documentation) spun with Moby or MyThes, the PPS
training-split pairs planted in team-written sentences, and the team's development data
(training two thirds). For each swapped word every candidate the ranker would see is a row,
labelled 1 when it is the word the spinner replaced. Validation: Wikipedia val-split documents
spun with each source, top-1 accuracy of the ranker against the windows' most proposed word.
Nothing from the evaluation sets, the seeds or the outside development set is read.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np

from detector.lm.reference import reference
from detector.model_files import library_versions, save_booster, write_manifest
from detector.spans.discovery import blocks
from detector.spans.discovery.features import window_features
from detector.spans.discovery.ranking import MANIFEST_FILE, MODEL_FILE, PRESCORE_KEEP, RANK_FEATURES, candidate_matrix
from detector.spans.discovery.restoration import Proposals
from detector.spans.discovery.windows import swap_cost
from detector.text import tokenize
from detector.training.boosting import binary_params
from detector.training.corpus import documents
from detector.training.discovery import dev_examples, make_examples, modern_texts, pps_examples

SEED = 23
ROUNDS = 300
LEARNING_RATE = 0.05
SOURCES = ("moby", "mythes")
DEV_PATH = Path(__file__).resolve().parents[2] / "data" / "dev"

Example = tuple[str, list[tuple[int, int, str]], bool]


def rows(examples: list[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, int]]:
    """(features, labels, group ids, counts) over every single-word swap of the spun examples."""
    # The window scorer's lists, not the search's longer ones: trained on those, the ranker lost
    # validation suggestions elsewhere (docs/experiments.md, "longer candidate lists").
    ref = reference()
    ng = ref.ngrams
    cost = swap_cost(ref.synonyms)
    xs, ys, groups = [], [], []
    counts = {"swaps": 0, "in_candidates": 0, "proposed_top1": 0}
    for text, gold, clean in examples:
        if clean or not gold:
            continue
        tokens = tokenize(text)
        for block in blocks(tokens):
            at = {tok.start: i for i, tok in enumerate(block)}
            options = None
            for start, end, original in gold:
                p = at.get(start)
                if p is None or block[p].end != end or " " in original.strip():
                    continue
                target = ng.index.get(original.lower())
                if target is None or original.lower() == block[p].lower:
                    continue
                if options is None:
                    options = Proposals(window_features(block, ref).windows)
                counts["swaps"] += 1
                proposed = options[p]
                top = proposed.most_common(1)
                counts["proposed_top1"] += bool(top and top[0][0] == target)
                ids, matrix = candidate_matrix(block, p, ref, cost, proposed)
                label = ids == target
                if not label.any():
                    continue
                counts["in_candidates"] += 1
                xs.append(matrix)
                ys.append(label.astype(np.float32))
                groups.append(np.full(len(ids), len(groups)))
    if not xs:
        return np.zeros((0, len(RANK_FEATURES))), np.zeros(0), np.zeros(0), counts
    return np.vstack(xs), np.concatenate(ys), np.concatenate(groups), counts


def top1(scores: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> float:
    """Share of groups whose best-scored candidate is the original."""
    right = total = 0
    for g in np.unique(groups):
        rows_g = groups == g
        total += 1
        right += bool(labels[rows_g][np.argmax(scores[rows_g])])
    return right / total if total else 0.0


def training_parts(
    max_docs: int = 1200, modern: int = 100, sources: tuple[str, ...] = SOURCES
) -> dict[str, list[Example]]:
    """The ranker's training examples by part, in the order `main` joins them: Wikipedia
    train-split leads and modern documents spun by `sources`, the team's dev training part, the
    PPS training pairs. Experiments that refit the ranker read the same parts from here."""
    texts = documents("train")
    random.Random(SEED).shuffle(texts)
    return {
        "wikipedia": make_examples(texts[:max_docs], SEED, sources),
        "modern": make_examples(modern_texts("train", modern), SEED + 1, sources),
        "team": dev_examples(DEV_PATH, "train"),
        "pps": pps_examples(SEED),
    }


def main(argv: list[str] | None = None) -> int:
    import lightgbm

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    parser.add_argument("--max-docs", type=int, default=1200, help="synthetic Wikipedia documents")
    parser.add_argument("--modern", type=int, default=100, help="modern documents per source")
    parser.add_argument("--val-docs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    args = parser.parse_args(argv)
    started = time.time()
    train = [e for part in training_parts(args.max_docs, args.modern).values() for e in part]
    x, y, _groups, counts = rows(train)
    print(f"train: {counts}, rows {len(y)} ({time.time() - started:.0f}s)", flush=True)
    val_texts = documents("val")[: args.val_docs]
    validation = {}
    val_sets = {}
    for source in SOURCES:
        val_sets[source] = rows(make_examples(val_texts, SEED + 7, (source,)))
    val_sets["team_dev_val"] = rows(dev_examples(DEV_PATH, "val"))
    params = binary_params(SEED, learning_rate=args.learning_rate, min_data=50)
    booster = lightgbm.train(
        params, lightgbm.Dataset(x, y, feature_name=list(RANK_FEATURES)), num_boost_round=args.rounds
    )
    for name, (xv, yv, gv, cv) in val_sets.items():
        scores = booster.predict(xv)
        validation[name] = {
            "swaps": cv["swaps"],
            "original_among_candidates": round(cv["in_candidates"] / max(cv["swaps"], 1), 4),
            "windows_top1": round(cv["proposed_top1"] / max(cv["swaps"], 1), 4),
            "ranker_top1": round(top1(scores, yv, gv) * cv["in_candidates"] / max(cv["swaps"], 1), 4),
        }
        print(name, validation[name], flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = {
        "model": MODEL_FILE,
        "model_sha256": save_booster(booster, args.out / MODEL_FILE),
        "features": list(RANK_FEATURES),
        "prescore_keep": PRESCORE_KEEP,
        "training": (
            f"{args.max_docs} Wikipedia train-split documents and {args.modern} modern documents per source, "
            f"spun with {' or '.join(SOURCES)}; PPS training pairs; team dev training split; {args.rounds} rounds"
        ),
        "train_counts": counts,
        "validation_top1": validation,
        "versions": library_versions(),
    }
    (args.out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    write_manifest(args.out)
    print(f"done in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
