"""Back-translated phrasing from function-word edits: is a language model's preference enough?

Back-translation leaves odd prepositions and articles and reversed compounds ("main reason of
the degradation", "the early revealing", "framework of deep learning"). The classic grammatical
error check asks a language model whether a small edit reads better: each preposition replaced
by another (`prep`) or dropped (`del`, also articles), "the" <-> "a" (`art`), and "A of B" read
as the compound "B A" (`inv`). An edit's gain is the log10 (trigram) or natural-log (neural)
probability of the edited stretch, with the next three words, minus that of the text as
written. A position is flagged when its best edit gains more than a threshold.

Sets: back-translated documents of the outside development set (`../shared/data/devset`, gold
phrases; reported, nothing chosen on it) against its clean and tricky clean documents, the
team's clean dev texts (`data/dev/clean_dev_*.jsonl`) and, for the trigram LM, Wikipedia and
modern-prose validation documents. Printed per edit and threshold: false flags per 1,000 clean
words, and the gold phrases a flag touches.

Run: PYTHONPATH=. .venv/bin/python benchmarks/experiments/bt_function_words.py [--neural]
(trigram: about a minute; neural, the deep tier's SmolLM2: about 12 minutes for the devset
and 60 team texts)
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT.parent / "shared" / "data" / "devset" / "docs.jsonl"
OUT = ROOT / "benchmarks" / "experiments" / "results" / "bt_function_words.json"
PREPOSITIONS = ("of", "in", "on", "at", "for", "to", "from", "with", "by", "about", "into", "over", "through", "under")
ARTICLES = ("the", "a", "an")
RIGHT_WORDS = 3  # words after an edit scored with it
THRESHOLDS = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0)
KINDS = ("prep", "del", "art", "inv")

Edit = tuple[str, int, int, list[str]]  # kind, first and last token index, replacement words
Scorer = Callable[[str, list, list[Edit]], list[float]]


def edits(tokens: list) -> Iterator[Edit]:
    """Every candidate edit of a token list (within one segment)."""
    from detector.text import FUNCTION_WORDS

    for i, t in enumerate(tokens):
        if i == 0 or tokens[i - 1].segment != t.segment:
            continue
        if t.lower in PREPOSITIONS:
            for p in PREPOSITIONS:
                if p != t.lower:
                    yield ("prep", i, i, [p])
            yield ("del", i, i, [])
        if t.lower in ARTICLES:
            yield ("del", i, i, [])
            yield ("art", i, i, ["a" if t.lower == "the" else "the"])
        if t.lower == "of" and i + 1 < len(tokens) and tokens[i + 1].segment == t.segment:
            a, b = tokens[i - 1], tokens[i + 1]
            if (
                a.lower.isalpha()
                and b.lower.isalpha()
                and a.lower not in FUNCTION_WORDS
                and b.lower not in FUNCTION_WORDS
            ):
                yield ("inv", i - 1, i + 1, [b.lower, a.lower])


def trigram_gains(text: str, tokens: list, candidates: list[Edit]) -> list[float]:
    from detector.lm.reference import reference

    ref = reference()
    out = []
    for _, first, last, words in candidates:
        seg = tokens[first].segment
        lo = first
        while lo > 0 and first - lo < 2 and tokens[lo - 1].segment == seg:
            lo -= 1
        hi = last
        while hi + 1 < len(tokens) and hi - last < RIGHT_WORDS and tokens[hi + 1].segment == seg:
            hi += 1
        before = [t.lower for t in tokens[lo:first]]
        if lo == 0 or tokens[lo - 1].segment != seg:
            before = ["<s>", *before]
        after = [t.lower for t in tokens[last + 1 : hi + 1]]
        written = before + [t.lower for t in tokens[first : last + 1]] + after
        out.append(ref.context_logprob(before + words + after, len(before)) - ref.context_logprob(written, len(before)))
    return out


def neural_gains(text: str, tokens: list, candidates: list[Edit]) -> list[float]:
    """The same gains from the deep tier's neural LM: per segment, the written text as one
    passage and every edit a branch off it (split to fit the batch)."""
    from detector.lm.neural_lm import BATCH_TOKENS, MAX_SEQUENCES, Passage
    from detector.spans.deep import language_model

    model = language_model()
    gains = [float("nan")] * len(candidates)
    by_segment: dict[int, list[int]] = {}
    for k, c in enumerate(candidates):
        by_segment.setdefault(tokens[c[1]].segment, []).append(k)
    for seg, ks in by_segment.items():
        idx = [i for i, t in enumerate(tokens) if t.segment == seg]
        base = idx[0]
        pieces = [text[tokens[base].start : tokens[base].end]] + [
            text[tokens[i - 1].end : tokens[i].end] for i in idx[1:]
        ]
        gaps = [""] + [text[tokens[i - 1].end : tokens[i].start] for i in idx[1:]]
        piece_tokens = [model.tokens(p) for p in pieces]
        at = np.cumsum([0] + [len(p) for p in piece_tokens])
        written = tuple(t for p in piece_tokens for t in p)
        rows = []
        for k in ks:
            _, first, last, words = candidates[k]
            f, l = first - base, last - base
            stop = min(len(idx), l + 1 + RIGHT_WORDS)
            right = tuple(t for p in piece_tokens[l + 1 : stop] for t in p)
            branch = model.tokens(gaps[f] + " ".join(words)) + right if words else right
            rows.append((k, int(at[f]), int(at[stop]), branch))
        i = 0
        while i < len(rows):
            group, size = [], 0
            while i < len(rows):
                end = max(size, rows[i][2])
                if group and (
                    end + sum(len(r[3]) for r in group) + len(rows[i][3]) + 8 > BATCH_TOKENS
                    or len(group) + 2 > MAX_SEQUENCES
                ):
                    break
                group.append(rows[i])
                size = end
                i += 1
            passage = Passage(
                written[:size], tuple((r[1], r[3]) for r in group), tuple(range(r[1], r[2]) for r in group)
            )
            answer = model.score([passage])[0]
            for (k, start, stop, _), branch in zip(group, answer.branches, strict=True):
                gains[k] = float(branch.logprob.sum() - np.nansum(answer.written.logprob[start:stop]))
    return gains


def best_per_position(tokens: list, candidates: list[Edit], gains: list[float]) -> list[tuple[str, int, int, float]]:
    """Per (edit family, position): the best edit (kind, start char, end char, gain)."""
    best: dict[tuple, tuple[str, int, int, float]] = {}
    for (kind, first, last, _), gain in zip(candidates, gains, strict=True):
        key = (kind == "inv", first, last)
        if key not in best or gain > best[key][3]:
            best[key] = (kind, tokens[first].start, tokens[last].end, gain)
    return list(best.values())


def sets(neural: bool) -> dict[str, list[tuple[str, list[tuple[int, int]]]]]:
    from restoration import _gold  # benchmarks/experiments/restoration.py: gold phrases located in order

    out: dict[str, list] = {"devset back-translated": [], "devset clean and tricky": [], "team clean": []}
    if DEVSET.exists():
        for line in DEVSET.open(encoding="utf-8"):
            r = json.loads(line)
            if r["kind"] == "backtranslated":
                out["devset back-translated"].append(
                    (r["text"], [(a, b) for a, b, _ in _gold(r["text"], r["gold"], "span", "expected")])
                )
            elif r["kind"] in ("clean", "tricky_clean"):
                out["devset clean and tricky"].append((r["text"], []))
    for path in sorted((ROOT / "data" / "dev").glob("clean_dev_*.jsonl")):
        out["team clean"] += [(json.loads(line)["text"], []) for line in path.open(encoding="utf-8") if line.strip()]
    if neural:
        out["team clean"] = out["team clean"][:60]
    else:
        from detector.training import corpus, modern_corpus

        out["wikipedia validation"] = [(t, []) for t in corpus.documents("val")[:150]]
        out["modern validation"] = [
            (t, []) for s in modern_corpus.SOURCES for t in modern_corpus.documents(s, "val")[:40]
        ]
    return {k: v for k, v in out.items() if v}


def main() -> int:
    from detector.text import tokenize

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neural", action="store_true", help="the deep tier's neural LM instead of the trigram LM")
    args = parser.parse_args()
    scorer: Scorer = neural_gains if args.neural else trigram_gains
    flagged: dict[str, list] = {}
    words: dict[str, int] = {}
    for name, docs in sets(args.neural).items():
        flagged[name], words[name] = [], 0
        for text, gold in docs:
            tokens = tokenize(text)
            candidates = list(edits(tokens))
            flagged[name].append((best_per_position(tokens, candidates, scorer(text, tokens, candidates)), gold))
            words[name] += len(tokens)
    results: dict[str, dict] = {}
    for kinds in [(k,) for k in KINDS] + [KINDS]:
        label = "+".join(kinds)
        results[label] = {}
        for threshold in THRESHOLDS:
            row: dict[str, float] = {}
            for name, docs in flagged.items():
                spans = [[(s, e) for kind, s, e, g in found if kind in kinds and g > threshold] for found, _ in docs]
                if name == "devset back-translated":
                    total = sum(len(gold) for _, gold in docs)
                    hit = sum(
                        any(s < b and a < e for s, e in sp) for sp, (_, gold) in zip(spans, docs) for a, b in gold
                    )
                    row["back-translated recall"] = round(hit / max(total, 1), 3)
                else:
                    row[f"{name}: false per 1k"] = round(1000 * sum(map(len, spans)) / max(words[name], 1), 2)
            results[label][str(threshold)] = row
            print(label, threshold, json.dumps(row), flush=True)
    out = OUT.with_name(OUT.stem + ("_neural" if args.neural else "") + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
