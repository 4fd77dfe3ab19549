"""Document score: the calibrated classifier's verdict on an analysed document.

`finish` takes what `analyse` found (spans, quality, features) and sets the report's
`score` (probability the text was spun), `mt_score` (probability it is machine-translated
English), `label` and `reasons`. A text whose spun head crosses its threshold is altered;
the `kind` head then says which alteration: "mt" when it reads as machine-translated rather
than spun (back-translated text: calques and literal idioms look like synonym swaps to the
span engine) and no listed tortured phrase is in it, else "spun". Otherwise the label is "mt"
when the MT head crosses its threshold, else "clean". The thresholds were chosen on held-out
documents (`detector/data/doc_model.json`). In deep mode the spun
probability also weighs the spans the neural LM verified (`deep_doc_model`), with that
combiner's own threshold. A short text is still scored but marked `low_confidence`: too few
words to judge.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np

from detector.document import deep_model as deep_doc_model
from detector.document import model as doc_model
from detector.model_files import FIX, ModelFileError, field, read_manifest
from detector.resources import data_file
from detector.spans.calques import MIN_CALQUES
from detector.spans.discovery import load_model as load_discovery_model
from detector.types import LISTED_KINDS, Report, SpanKind

LOW_CONFIDENCE_WORDS = 50
# A phrase from the curated list (or the user's PPS list) is close to proof, yet synthetic
# spinning, which the classifier learned from, rarely produces one. So each distinct listed
# phrase is combined with the classifier as independent evidence that halves the remaining
# doubt: p = 1 - (1 - p_model) * LISTED_PHRASE_DOUBT ** k. Documents without listed phrases,
# which is almost all clean text, keep the calibrated probability unchanged.
LISTED_PHRASE_DOUBT = 0.5
# An altered verdict must show its evidence: a document of NO_EVIDENCE_WORDS words or more in
# which no span was found keeps its spun probability just under the stored threshold, so it is
# never labelled altered on texture alone. Texture (rare words, stiff word pairs) is what
# jargon-heavy correct writing has too. Shorter texts are exempt: spinning a few dozen words
# swaps only a handful, and discovery may find none of them.
# Below the threshold too, a text of NO_EVIDENCE_WORDS words or more without a span scores lower
# in the fast tier: its odds times NO_EVIDENCE_ODDS. The head is calibrated on synthetic spins,
# where a missing span adds nothing once the head has scored a text (spun and unspun texts of the
# same score lack one equally often); on hand-written text such texts are nearly all clean, and
# jargon gives them texture. NO_EVIDENCE_ODDS is the maximum-likelihood shift of their log-odds
# on the team dev validation third (96 texts without a span, 9 spun: 0.40, bootstrap 90% interval
# 0.17-0.68). Their order is kept (`benchmarks/experiments/evidence_rule.py`; docs/experiments.md,
# "Texts without a span: odds fitted on hand-written text").
NO_EVIDENCE_MARGIN = 0.01
NO_EVIDENCE_WORDS = 100
NO_EVIDENCE_ODDS = 0.4
NO_EVIDENCE_REASON = "- no suspect phrase found: the texture alone does not make the text altered"


def _with_listed(p_model: float, report: Report) -> float:
    listed = len({s.text.lower() for s in report.spans if s.kind in LISTED_KINDS})
    return 1.0 - (1.0 - p_model) * LISTED_PHRASE_DOUBT**listed


def _weigh_missing_evidence(p_spun: float, report: Report, spun_threshold: float, deep: bool) -> tuple[float, bool]:
    """(spun probability, whether the cap decided it) for a report whose text may hold no span:
    a text of NO_EVIDENCE_WORDS words or more without one has its fast-tier odds lowered (deep
    mode's combiner was calibrated on its own verified spans) and stays under the threshold."""
    if report.spans or report.n_words < NO_EVIDENCE_WORDS:
        return p_spun, False
    if not deep:
        p_spun = _times_odds(p_spun, NO_EVIDENCE_ODDS)
    cap = spun_threshold - NO_EVIDENCE_MARGIN
    return min(p_spun, cap), p_spun > cap


def _times_odds(p: float, ratio: float) -> float:
    """`p` after a likelihood ratio: its odds multiplied by `ratio`."""
    odds = p / max(1.0 - p, 1e-12) * ratio
    return odds / (1.0 + odds)


def spun_probability(report: Report, features: np.ndarray) -> float:
    """The fast tier's spun probability of a report and its features (what `finish` reports)."""
    return _with_listed(doc_model.load().heads["spun"].probability(features), report)


def _kind_reads_mt(report: Report, features: np.ndarray, cut: float | None = None) -> tuple[bool, float]:
    """Whether an altered document's alteration reads as machine translation (never with a
    listed tortured phrase in it: that is a spinner's), and the `kind` head's probability: the
    head at `cut` (default: its own threshold), or calques, MIN_CALQUES of them or more.
    Spinners swap words and leave compounds alone: of 40 hand-spun team texts, 12 outside ones
    and 300 synthetic ones (Wikipedia test leads, 20% Moby or MyThes) one holds two calques."""
    p_kind = kind_probability(report, features)
    by_head = p_kind >= (doc_model.load().heads["kind"].threshold if cut is None else cut)
    listed = any(s.kind in LISTED_KINDS for s in report.spans)
    return by_head or (not listed and calque_count(report) >= MIN_CALQUES), p_kind


def _translated_reason(report: Report, p_kind: float, kind_threshold: float) -> str:
    """Why an altered text is labelled `mt`: the kind head's reading, or its calques."""
    calques = calque_count(report)
    if p_kind >= kind_threshold or calques < MIN_CALQUES:
        return f"+ altered text whose texture reads as machine translation rather than spinning ({p_kind:.0%})"
    return f"+ altered text with {calques} phrases translated word for word: translation, not spinning"


def calque_count(report: Report) -> int:
    """The report's calques: phrases translated word for word."""
    return sum(s.kind == SpanKind.CALQUE for s in report.spans)


def reads_as_translated(report: Report, features: np.ndarray, p_spun: float, kind_cut: float | None = None) -> bool:
    """Whether the fast tier labels the document `mt` as an altered text: its spun probability
    `p_spun` (`spun_probability`, which the callers already hold) crosses the spun head's
    threshold and the kind head reads the alteration as machine translation (what `finish`
    decides, at the stored thresholds). `kind_cut` replaces the kind head's threshold: the
    second look reads translation at its own cut (`second_look_kind_cut`)."""
    return (
        p_spun >= _spun_threshold(doc_model.load().heads["spun"], report)
        and _kind_reads_mt(report, features, kind_cut)[0]
    )


def _spun_threshold(spun: doc_model.Head, report: Report) -> float:
    """The spun head's threshold for this report: its length's (a short text's texture is noisy),
    except with a listed tortured phrase in it, which is evidence whatever the length."""
    if any(s.kind in LISTED_KINDS for s in report.spans):
        return spun.threshold
    return spun.threshold_for(report.n_words)


def kind_probability(report: Report, features: np.ndarray) -> float:
    """The kind head's probability that an alteration is machine translation; 0 with a listed
    tortured phrase in the text (that is a spinner's)."""
    return (
        0.0
        if any(s.kind in LISTED_KINDS for s in report.spans)
        else doc_model.load().heads["kind"].probability(features)
    )


DENSE_GATE_FILE = "dense_gate.json"


def _gate_number(key: str, what: str, required: bool = False) -> float | None:
    """One number of the dense gate's file (`training/dense_gate.py`), None where it names none;
    a value that is not a number is an error naming `what` it is."""
    path = data_file(DENSE_GATE_FILE)
    manifest = read_manifest(path)
    value = field(manifest, key, path) if required else manifest.get(key)
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as error:
        raise ModelFileError(f"{path}: {what} is not a number ({error}); {FIX}") from error


@lru_cache(maxsize=1)
def dense_gate() -> float | None:
    """The spun probability above which discovery rescans a document with its dense-document
    threshold (`training/dense_gate.py`); None when the shipped file says no gate."""
    return _gate_number("gate", "the gate", required=True)


@lru_cache(maxsize=1)
def second_look_kind_cut() -> float:
    """The kind-head probability above which an altered text (spun head over its threshold) reads
    as translated enough for the second look, chosen with the gate (`training/dense_gate.py`);
    the kind head's own threshold, the `mt` label's, where the file names none."""
    value = _gate_number("kind_cut", "the kind cut")
    return doc_model.load().heads["kind"].threshold if value is None else value


@lru_cache(maxsize=1)
def translated_dense_threshold() -> float:
    """The window threshold of the second look at a text that reads as machine-translated, chosen
    with the gate (`training/dense_gate.py`): calques are spread thinner than a spinner's swaps.
    The spun second look's (`dense_threshold`) where the file names none."""
    value = _gate_number("mt_threshold", "the translated texts' threshold")
    return dense_threshold() if value is None else value


@lru_cache(maxsize=1)
def dense_threshold() -> float:
    """The window threshold of that second look, chosen with the gate (`training/dense_gate.py`);
    discovery's own dense-document threshold where the file names none."""
    value = _gate_number("threshold", "the threshold")
    return load_discovery_model().cutoff.low if value is None else value


def finish(
    report: Report,
    features: np.ndarray,
    threshold: float | None = None,
    mt_threshold: float | None = None,
    *,
    deep: bool = False,
    evidence_required: bool = True,
) -> Report:
    """The report with the classifier's probabilities, label and reasons. `threshold` and
    `mt_threshold` replace the stored decision thresholds (chosen at <= 5% held-out false
    positives; for texts under 60 words, each length's own, `Head.threshold_for`) for callers
    with another trade-off. `deep`: the report's discovery spans are
    the deep tier's verified ones, which the spun probability then weighs too.
    `evidence_required`: a report without spans has its spun probability lowered and kept under
    the stored threshold (`_weigh_missing_evidence`); callers that switched discovery off pass False, since
    then no span could have been found."""
    model = doc_model.load()
    spun, mt = model.heads["spun"], model.heads["mt"]
    p_model = spun.probability(features)
    spun_threshold = _spun_threshold(spun, report)
    deep_reasons: tuple[str, ...] = ()
    if deep:
        combiner = deep_doc_model.load()
        p_fast = p_model
        p_model = combiner.probability(p_fast, report.n_words, report.spans)
        spun_threshold = combiner.threshold
        deep_reasons = deep_doc_model.reasons(combiner, p_fast, report.n_words, report.spans)
    p_spun, capped = _with_listed(p_model, report), False
    if evidence_required:
        p_spun, capped = _weigh_missing_evidence(p_spun, report, spun_threshold, deep)
    p_mt = mt.probability(features)
    kind_reason: tuple[str, ...] = ()
    if p_spun >= (spun_threshold if threshold is None else threshold):
        label, head = "spun", spun
        translated, p_kind = _kind_reads_mt(report, features)
        if translated:
            label, head = "mt", model.heads["kind"]
            kind_reason = (_translated_reason(report, p_kind, model.heads["kind"].threshold),)
    elif p_mt >= (mt.threshold_for(report.n_words) if mt_threshold is None else mt_threshold):
        label, head = "mt", mt
    else:
        label, head = "clean", spun
    # The mt head's own verdict is texture by design: the missing span is no reason there.
    evidence_reason = (NO_EVIDENCE_REASON,) if capped and head is spun else ()
    stored = {"spun": threshold is None and not deep, "mt": mt_threshold is None}  # heads at their stored thresholds
    short_reason = _short_text_reasons(model, p_spun, p_mt, report.n_words, stored) if label == "clean" else ()
    reasons = kind_reason + evidence_reason + short_reason + doc_model.reasons(head, features)
    return replace(
        report,
        score=round(p_spun, 4),
        mt_score=round(p_mt, 4),
        label=label,
        reasons=(deep_reasons + reasons) if head is spun else reasons,
    )


def _short_text_reasons(
    model: doc_model.DocModel, p_spun: float, p_mt: float, words: int, stored: dict[str, bool]
) -> tuple[str, ...]:
    """Why a short text that a score would label in a long one is labelled clean: a sentence or
    two gives the heads few words to average, and human sentences reach such scores often
    (`training/length_thresholds.py`). Only for the heads whose stored thresholds decided
    (`stored`): a caller's own threshold, or deep mode's, is applied as given."""
    out = []
    for name, p, what in (("spun", p_spun, "altered"), ("mt", p_mt, "machine-translated")):
        head = model.heads[name]
        needed = head.threshold_for(words)
        if stored[name] and head.threshold <= p < needed:
            out.append(
                f"- short text ({words} words): a {name} score of {p:.0%} labels a text this short {what} "
                f"only from {needed:.0%} ({head.threshold:.0%} for longer texts)"
            )
    return tuple(out)
