"""Per-length thresholds for the labels: no more human text flagged at one sentence than at twenty.

    python -m detector.training.length_thresholds   # about 2 minutes; updates detector/data/doc_model.json

Why: the heads read per-word means and densities (how suspect the word pairs are, how much the
words read like a post-editor's changes), and their thresholds were chosen on documents, where
at most 5% of clean ones cross each. A sentence or two gives those means a handful of words, so
they swing: on human validation text cut into pieces of one, two and four sentences, the stored
thresholds labelled a fifth of the pieces under 30 words altered or machine-translated
(docs/experiments.md, "Labels on short texts"). A CI gate on short texts (titles, requests,
product blurbs) would fail one record in five for nothing.

So for each head that labels (`spun`: altered at all; `mt`: machine-translated), each length
bucket (`EDGES`, in words) gets the lowest threshold, never below the stored one, that flags at
most `MAX_FALSE_POSITIVE_RATE` of the human pieces in it; a shorter bucket never gets a lower
threshold than a longer one, and texts of `EDGES[-1]` words or more keep the stored threshold.
The scores themselves (`Report.score`, `Report.mt_score`) are unchanged: they rank texts of one
length as before; only the labels ask for more evidence from a short text.

Human pieces (chosen on): the validation split of every clean source the project reads, so the
budget holds across genres: Wikipedia leads, the Lee news corpus, PubMed abstracts, BBC News,
State of the Union addresses, licence texts and documentation prose, each cut into pieces of
1, 2 and 4 consecutive sentences. Altered pieces (reported, never chosen on): the same human
pieces spun by the team's spinner (`SPIN_RATE`, Moby and MyThes in turn) for the spun head; the
validation round trips of Wikipedia leads through the offline engines (`training/roundtrip.py`,
when cached) and MLQE-PE dev MT output (when present), in pieces of the same sizes, for the mt head.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from detector.training.doc_model import MAX_FALSE_POSITIVE_RATE

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "detector" / "data"
EDGES = (15, 30, 60)  # bucket upper bounds in words; from the last one on, the stored threshold
SIZES = (1, 2, 4)  # sentences per piece
PIECES = 150  # per source and size
HEADS = ("spun", "mt")  # the heads whose thresholds decide a label (`scoring.finish`)
SPIN_RATE = 0.3  # spinner rate of the reported spun pieces: about one word in seven replaced
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def sentences(text: str) -> list[str]:
    """A text's sentences, cut after . ! ? before a capital or an opening quote (good enough
    for pieces of prose; abbreviations only merge two sentences into one piece)."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def pieces(lines: Sequence[str], size: int, limit: int, seed: str) -> list[str]:
    """Up to `limit` texts of `size` consecutive lines each, a seeded sample."""
    groups = [" ".join(lines[i : i + size]) for i in range(0, len(lines) - size + 1, size)]
    random.Random(seed).shuffle(groups)
    return groups[:limit]


def human_texts(split: str = "val") -> dict[str, list[str]]:
    """Source name -> the human prose of that split, as whole documents."""
    from detector.training import corpus, modern_corpus

    texts = {"wiki": corpus.documents(split), "news": corpus.news(split)}
    for source in modern_corpus.SOURCES:
        texts[source] = modern_corpus.documents(source, split, 40)[:400]
    return texts


def human_pieces(split: str = "val") -> list[str]:
    """Pieces of 1, 2 and 4 sentences of every human source's `split`."""
    out = []
    for source, docs in human_texts(split).items():
        lines = [s for doc in docs for s in sentences(doc)]
        for size in SIZES:
            out += pieces(lines, size, PIECES, f"{source}-{size}")
    return out


def machine_pieces(split: str = "val") -> list[str]:
    """Pieces of round-trip output and MLQE-PE MT output of `split`, where they are at hand."""
    from detector.training import mt_corpus, roundtrip

    streams: dict[str, list[str]] = {}
    for pivot in (roundtrip.PIVOT, *roundtrip.APERTIUM_MODES):
        path = roundtrip.path_for("wiki", split, pivot)
        if path.exists():
            streams[f"wiki-{pivot}"] = [trip.output for trip in roundtrip.read(path)]
    if mt_corpus.available():
        streams["mlqe"] = [pair.mt for pair in mt_corpus.sentences({"val": "dev"}.get(split, split))]
    out = []
    for name, lines in streams.items():
        for size in SIZES:
            out += pieces(lines, size, PIECES // 3 if name.startswith("wiki") else PIECES, f"{name}-{size}")
    return out


def spun_pieces(texts: Sequence[str]) -> list[str]:
    """`texts` spun by the team's spinner, Moby and MyThes (when installed) in turn."""
    from detector.training.spinner import MYTHES_DEFAULT, spin

    sources = ["moby"] + (["mythes"] if MYTHES_DEFAULT.exists() else [])
    return [spin(text, SPIN_RATE, sources[i % len(sources)], seed=i).text for i, text in enumerate(texts)]


def measured(texts: Iterable[str]) -> dict[str, np.ndarray]:
    """Each text's words and its spun and MT scores, as `detector.score` reports them (the
    evidence rule, from 100 words on, never touches the buckets chosen here)."""
    from detector import score

    rows = [(r.n_words, r.score, r.mt_score) for r in map(score, texts)]
    return {
        "words": np.array([r[0] for r in rows], dtype=np.int64),
        "spun": np.array([r[1] for r in rows], dtype=np.float64),
        "mt": np.array([r[2] for r in rows], dtype=np.float64),
    }


def bucket_of(words: np.ndarray, edges: Sequence[int] = EDGES) -> np.ndarray:
    """Each text's bucket index: 0 under edges[0] words, ..., len(edges) from edges[-1] on."""
    return np.searchsorted(np.asarray(edges), words, side="right")


def choose(
    words: np.ndarray,
    p: np.ndarray,
    stored: float,
    edges: Sequence[int] = EDGES,
    max_fpr: float = MAX_FALSE_POSITIVE_RATE,
) -> list[float]:
    """Per bucket under edges[-1] words, the lowest threshold (0.01 steps from `stored`) that
    flags at most `max_fpr` of the human texts `p` in it, raised where needed so that it never
    falls below a longer bucket's."""
    buckets = bucket_of(words, edges)
    grid = np.round(np.arange(round(stored * 100), 101) / 100, 2)
    chosen = []
    for b in range(len(edges)):
        inside = p[buckets == b]
        fine = [t for t in grid if not len(inside) or (inside >= t).mean() <= max_fpr]
        chosen.append(float(fine[0]) if fine else 1.0)
    for b in range(len(chosen) - 2, -1, -1):
        chosen[b] = max(chosen[b], chosen[b + 1])
    return chosen


def flagged(words: np.ndarray, p: np.ndarray, thresholds: Sequence[float], stored: float) -> list[dict[str, Any]]:
    """Per bucket: texts, and the share flagged at the stored threshold and at the chosen ones."""
    buckets = bucket_of(words)
    out = []
    for b, threshold in enumerate([*thresholds, stored]):
        inside = p[buckets == b]
        out.append(
            {
                "texts": len(inside),
                "flagged_stored": round(float((inside >= stored).mean()), 3) if len(inside) else None,
                "flagged_chosen": round(float((inside >= threshold).mean()), 3) if len(inside) else None,
            }
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    from detector.document import model as doc_model
    from detector.model_files import write_manifest

    started = time.time()
    heads = doc_model.load().heads
    human_texts_ = human_pieces("val")
    human = measured(human_texts_)
    altered = {"spun": measured(spun_pieces(human_texts_)), "mt": measured(machine_pieces("val"))}
    path = DATA / doc_model.MANIFEST_FILE
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for head in HEADS:
        stored = heads[head].threshold
        thresholds = choose(human["words"], human[head], stored)
        manifest["heads"][head]["length_thresholds"] = {
            "buckets": [{"below_words": e, "threshold": t} for e, t in zip(EDGES, thresholds)],
            "rule": f"per length bucket, the lowest threshold (not below the stored {stored}) that flags at most "
            f"{MAX_FALSE_POSITIVE_RATE:.0%} of human validation pieces of 1, 2 and 4 sentences",
            "validation_human": flagged(human["words"], human[head], thresholds, stored),
            "validation_altered": flagged(altered[head]["words"], altered[head][head], thresholds, stored),
            "command": "python -m detector.training.length_thresholds",
        }
    manifest["length_thresholds_seconds"] = round(time.time() - started, 1)
    path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    write_manifest(DATA)
    for head in HEADS:
        print(head, json.dumps(manifest["heads"][head]["length_thresholds"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
