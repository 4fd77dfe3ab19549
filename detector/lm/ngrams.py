"""Reference language model: CMU Sphinx English 3-gram LM (BSD, ships in PyPI `pocketsphinx`).

Two views of one model:
- `NgramTables`: vocabulary, unigram log-probabilities and backoffs, and every explicit
  bigram as a sorted int64 key array, so thousands of candidate bigrams are checked with one
  `np.searchsorted` call instead of a Python loop;
- `context_logprob`: C-speed trigram queries through `pocketsphinx.NGramModel` for scoring a
  few restorations in their sentence context.
All log-probabilities are log10.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from detector.resources import cache_dir, lm_path

ID_BITS = 17  # 72,547 words < 2**17


def bigram_key(first: np.ndarray | int, second: np.ndarray | int) -> np.ndarray:
    """The int64 key of word-id pairs, as the bigram tables store them."""
    return (np.asarray(first, dtype=np.int64) << ID_BITS) | np.asarray(second, dtype=np.int64)


_LOGMATH = math.log10(1.0001)  # pocketsphinx reports probabilities in log base 1.0001
UNKNOWN = -1


class HashIndex:
    """Open-addressing hash table from int64 keys to positions, probed with numpy.

    A lookup costs one or two random reads per key, where a binary search over 2M sorted
    keys costs about 21; thousands of candidate bigrams are checked per call. Keys that a bit
    set of their hashes rules out (most of those asked for) cost no read of the table at all.
    """

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
    FILTER_BITS = 24  # a 2 MB bit set, small enough to stay in the CPU cache

    def __init__(self, slots: np.ndarray, values: np.ndarray, max_probe: int, keys: np.ndarray | None = None) -> None:
        """`keys`: the stored keys when at hand (faster than finding them among the slots)."""
        self.slots, self.values, self.max_probe = slots, values, int(max_probe)
        self.bits = int(np.log2(len(slots)))
        self.mask = (1 << self.bits) - 1
        # Most keys asked for are absent (candidate restorations that are no LM bigram), and each
        # probe of the 64 MB slot table is a cache miss. A bit per FILTER_BITS-bit hash of the
        # stored keys answers "surely absent" for most of them from cache; the rest are probed.
        present = np.zeros(1 << self.FILTER_BITS, dtype=bool)
        present[self._hash(slots[slots != -1] if keys is None else keys, self.FILTER_BITS)] = True
        self.filter = np.packbits(present, bitorder="little")

    @classmethod
    def build(cls, keys: np.ndarray, bits: int = 23) -> HashIndex:
        """Insert every key with linear probing, all keys of one probe round at once."""
        slots = np.full(1 << bits, -1, dtype=np.int64)
        values = np.full(1 << bits, -1, dtype=np.int32)
        index = cls(slots, values, 0)
        pending = np.arange(len(keys))
        home = index._hash(keys)
        step = 0
        while len(pending):
            slot = (home[pending] + step) & index.mask
            free = slots[slot] == -1
            slot, cand = slot[free], pending[free]
            # One key per free slot this round; the rest probe further.
            _, first = np.unique(slot, return_index=True)
            slots[slot[first]] = keys[cand[first]]
            values[slot[first]] = cand[first]
            placed = np.zeros(len(keys), dtype=bool)
            placed[cand[first]] = True
            pending = pending[~placed[pending]]
            step += 1
        return cls(slots, values, step, keys)

    def _hash(self, keys: np.ndarray, bits: int | None = None) -> np.ndarray:
        mixed = keys.astype(np.uint64) * self._MULTIPLIER
        return (mixed >> np.uint64(64 - (bits or self.bits))).astype(np.int64)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Position of each key in the original array, or -1."""
        out = np.full(len(keys), -1, dtype=np.int64)
        mark = self._hash(keys, self.FILTER_BITS)
        todo = np.flatnonzero((self.filter[mark >> 3] >> (mark & 7).astype(np.uint8)) & 1)
        slot = self._hash(keys[todo])
        for _ in range(self.max_probe):
            if not len(todo):
                break
            found_keys = self.slots[slot]
            hit = found_keys == keys[todo]
            out[todo[hit]] = self.values[slot[hit]]
            going = ~hit & (found_keys != -1)
            todo, slot = todo[going], (slot[going] + 1) & self.mask
        return out


@dataclass(frozen=True)
class NgramTables:
    """Compact, read-only n-gram statistics of the reference LM."""

    words: tuple[str, ...]
    index: dict[str, int]
    unigram: np.ndarray  # float32 log10 P(w)
    backoff: np.ndarray  # float32 log10 backoff weight of w as history
    bigram_keys: np.ndarray  # int64 sorted (id1 << 17 | id2)
    bigram_logprob: np.ndarray  # float32 log10 P(w2 | w1), aligned with keys
    hash_index: HashIndex

    def ids(self, words: list[str]) -> np.ndarray:
        get = self.index.get
        return np.fromiter((get(w, UNKNOWN) for w in words), dtype=np.int64, count=len(words))

    def bigram(self, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised log10 P(second | first) with backoff, and whether the bigram is explicit.

        Unknown ids give -inf and False.
        """
        known, safe_first, safe_second, pos = self._find(first, second)
        explicit = known & (pos >= 0)
        pos_clipped = np.maximum(pos, 0)
        backed_off = self.backoff[safe_first] + self.unigram[safe_second]
        logprob = np.where(explicit, self.bigram_logprob[pos_clipped], backed_off)
        return np.where(known, logprob, -np.inf), explicit

    def explicit(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Whether each (first, second) is an explicit LM bigram: `bigram`'s second answer without
        the probabilities, for the million candidate restorations checked per page."""
        known, _, _, pos = self._find(first, second)
        return known & (pos >= 0)

    def _find(self, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(both ids known, first and second with unknowns as 0, position of the bigram or -1)."""
        first = np.asarray(first, dtype=np.int64)
        second = np.asarray(second, dtype=np.int64)
        known = (first >= 0) & (second >= 0)
        safe_first, safe_second = np.where(known, first, 0), np.where(known, second, 0)
        return known, safe_first, safe_second, self.hash_index.lookup(bigram_key(safe_first, safe_second))


def _build_tables(path: str) -> dict[str, np.ndarray]:
    """Dump the binary LM to ARPA with pocketsphinx and pack unigrams and bigrams."""
    from pocketsphinx import NGramModel

    model = NGramModel.readfile(str(lm_path()))
    reference = model.prob(["the"]) * _LOGMATH
    with tempfile.TemporaryDirectory() as tmp:
        arpa = os.path.join(tmp, "lm.arpa")
        _dump_arpa(arpa)
        expected: dict[int, int] = {}
        words: list[str] = []
        uni: list[float] = []
        bo: list[float] = []
        index: dict[str, int] = {}
        bkeys: list[int] = []
        bprob: list[float] = []
        section = 0
        with open(arpa, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("\\"):
                    section = {"\\data\\\n": 0, "\\1-grams:\n": 1, "\\2-grams:\n": 2}.get(line, 3)
                    if section == 3:
                        break
                    continue
                if section == 0 and line.startswith("ngram "):
                    order, count = line[6:].split("=")
                    expected[int(order)] = int(count)
                    continue
                parts = line.rstrip("\n").split("\t")
                if section == 1 and len(parts) >= 2:
                    index[parts[1]] = len(words)
                    words.append(parts[1])
                    uni.append(float(parts[0]))
                    bo.append(float(parts[2]) if len(parts) > 2 else 0.0)
                elif section == 2 and len(parts) >= 3:
                    a = index.get(parts[1])
                    b = index.get(parts[2])
                    if a is not None and b is not None:
                        bkeys.append((a << ID_BITS) | b)
                        bprob.append(float(parts[0]))
    # The crash can cut the last unflushed lines of the bigram section (a few dozen of 2M).
    if len(words) != expected.get(1) or len(bkeys) < 0.999 * expected.get(2, 1):
        raise RuntimeError(
            f"reference LM dump incomplete: {len(words)}/{expected.get(1)} unigrams, "
            f"{len(bkeys)}/{expected.get(2)} bigrams; reinstall pocketsphinx"
        )
    unigram = np.asarray(uni, dtype=np.float64)
    # The ARPA writer uses its own log scale; calibrate it against the model's own query.
    scale = reference / unigram[index["the"]]
    keys = np.asarray(bkeys, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    return {
        "words": np.asarray(words),
        "unigram": (unigram * scale).astype(np.float32),
        "backoff": (np.asarray(bo) * scale).astype(np.float32),
        "bigram_keys": keys[order],
        "bigram_logprob": (np.asarray(bprob)[order] * scale).astype(np.float32),
    }


def _dump_arpa(path: str) -> None:
    """Write the LM as ARPA text in a child process.

    pocketsphinx 5.x writes the unigram and bigram sections and then crashes in the trigram
    section, so the child's exit status is ignored and the caller checks the counts instead
    (trigrams stay available through `context_logprob`).
    """
    code = (
        "import sys\nfrom pocketsphinx import NGramModel\n"
        "m = NGramModel.readfile(sys.argv[1])\n"
        "m.write(sys.argv[2], NGramModel.str_to_type('arpa'))\n"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(lm_path()), path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def _check_finite(arrays: dict[str, np.ndarray]) -> None:
    """Refuse tables with NaN or infinite log-probabilities: cached, they would make every later
    score silently wrong (every window feature NaN, no span found)."""
    for key in ("unigram", "backoff", "bigram_logprob"):
        if not np.isfinite(arrays[key]).all():
            raise RuntimeError(f"reference LM tables have non-finite {key} values; reinstall pocketsphinx")


@lru_cache(maxsize=1)
def tables() -> NgramTables:
    """The LM's tables, built into the cache on first use and then memory-loaded. The build
    says so on stderr: a first `score()` that is silent for seconds looks hung."""
    path = cache_dir() / "ngrams.npz"
    if not path.exists():
        print(f"detector: building the language-model tables once (about 5 s) into {path.parent}", file=sys.stderr)
        arrays = _build_tables(str(path))
        if not all(np.isfinite(arrays[k]).all() for k in ("unigram", "backoff", "bigram_logprob")):
            arrays = _build_tables(str(path))  # the dump runs in a child that may crash: one retry
        _check_finite(arrays)
        index = HashIndex.build(arrays["bigram_keys"])
        arrays.update(hash_slots=index.slots, hash_values=index.values, hash_max_probe=np.int64(index.max_probe))
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    with np.load(path, allow_pickle=False) as data:
        words = tuple(str(w) for w in data["words"])
        keys = data["bigram_keys"]
        return NgramTables(
            words=words,
            index={w: i for i, w in enumerate(words)},
            unigram=data["unigram"],
            backoff=data["backoff"],
            bigram_keys=keys,
            bigram_logprob=data["bigram_logprob"],
            hash_index=HashIndex(data["hash_slots"], data["hash_values"], int(data["hash_max_probe"]), keys),
        )


@lru_cache(maxsize=1)
def _model():  # type: ignore[no-untyped-def]
    from pocketsphinx import NGramModel

    return NGramModel.readfile(str(lm_path()))


def context_logprob(words: list[str]) -> float:
    """log10 probability of `words[-1]` given up to two preceding words (trigram LM)."""
    history = words[-3:-1][::-1]
    value = _model().prob([words[-1], *history])
    return value * _LOGMATH if value > -(10**8) else -99.0


def logprobs_in_segments(
    words: Sequence[str], segments: Sequence[int], positions: Sequence[int] | None = None
) -> np.ndarray:
    """log10 P(w_i | up to two words before it in the same segment) for each i in `positions`
    (every word when None; -99.0 where the LM gives nothing)."""
    prob = _model().prob
    at = range(len(words)) if positions is None else positions
    out = np.empty(len(at), dtype=np.float32)
    for k, i in enumerate(at):
        word = words[i]
        if i >= 2 and segments[i - 2] == segments[i - 1] == segments[i]:
            value = prob([word, words[i - 1], words[i - 2]])
        elif i >= 1 and segments[i - 1] == segments[i]:
            value = prob([word, words[i - 1]])
        else:
            value = prob([word])
        out[k] = value * _LOGMATH if value > -(10**8) else -99.0
    return out


def sequence_logprob(words: list[str], first_scored: int) -> float:
    """Sum of log10 P(w_i | w_{i-2}, w_{i-1}) for i >= first_scored (earlier words are context).

    Called about 700 times per 1,000 words of text (four or five trigrams each), so the query lists are built
    directly. (A memo of trigram terms shared between restorations saved nothing measurable.)"""
    prob = _model().prob
    total = 0.0
    for i in range(max(first_scored, 0), len(words)):
        value = prob([words[i], words[i - 1], words[i - 2]] if i >= 2 else [words[i], *words[:i][::-1]])
        total += value * _LOGMATH if value > -(10**8) else -99.0
    return total
