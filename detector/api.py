"""Public entry points: `score(text)`, `score_many(texts)`, `score_stream(texts)`, and the
helpers the command line and the review UI need (`load_pps`, `load_allowlist`, `check_deep`).

`analyse` is the pipeline, one stage after another, each returning its result: text as
displayed (`normalize`) -> page (main text versus boilerplate lines, language) -> quality flags -> spans and shared
signals (every registered detector, section by section) -> document features -> document
score (`detector.document.scoring`) -> `Report`. Heavy resources load lazily, once per process.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, Union

import numpy as np

from detector.document import features as doc_features
from detector.document import scoring
from detector.normalize import Normalized, normalize
from detector.page.quality import assess
from detector.page.reader import Format, Page, read_page
from detector.parallel import ordered_map
from detector.spans import allowlist, registry, spelling
from detector.spans.allowlist import Allowlist, AllowSource
from detector.spans.contract import Section, Settings
from detector.spans.discovery import SHORT_WORDS
from detector.spans.discovery import load_model as load_discovery_model
from detector.text import sections, tokenize, tokens_outside
from detector.types import Quality, Report, Span

if TYPE_CHECKING:
    from detector.spans.pps import PpsList

# A path to a PPS export CSV, or a list already loaded with `load_pps`.
PpsSource = Union[str, "os.PathLike[str]", "PpsList", None]
Deep = bool | Literal["thorough"]  # the deep tier: off, on, or on with every suggestion chosen by its LM
FingerprintSource = PpsSource  # the old name, kept for one release

QualityOptions = dict[str, dict[str, Any]]


def load_pps(path: str | os.PathLike[str]) -> PpsList:
    """A Problematic Paper Screener export (CSV), parsed once: pass it as `score(..., pps=...)`.

    Raises OSError when the file cannot be read and ValueError (`PpsFormatError`) when it is
    not a PPS export, naming the line."""
    from detector.spans.pps import load_pps as load

    return load(path)


def load_allowlist(source: AllowSource) -> Allowlist | None:
    """Phrases never to flag, from a file (one per line, `#` comments), a list of phrases or an
    `Allowlist`. Raises OSError when a file cannot be read, ValueError when it is not UTF-8."""
    return allowlist.resolve(source)


def _check_deep_option(deep: object) -> None:
    """`deep` is False, True or "thorough"; anything else is a caller's mistake, said plainly."""
    if not (isinstance(deep, bool) or deep == "thorough"):
        raise ValueError(f'deep must be False, True or "thorough", got {deep!r}')


def check_deep() -> None:
    """Raise `DeepUnavailable`, saying how to install the optional extra, unless `deep=True`
    can run here."""
    from detector.spans import deep

    deep.check_available()


@lru_cache(maxsize=8)
def _load_pps(path: str, mtime: float) -> PpsList:
    return load_pps(path)


def _user_list(pps: PpsSource) -> PpsList | None:
    if pps is None:
        return None
    if isinstance(pps, (str, os.PathLike)):
        path = os.fspath(pps)
        return _load_pps(path, os.path.getmtime(path))
    from detector.spans.pps import PpsList

    if isinstance(pps, PpsList):
        return pps
    raise TypeError("pps must be a path to a PPS export CSV or a list loaded with detector.load_pps")


def _pps_option(pps: PpsSource, fingerprints: PpsSource, stacklevel: int) -> PpsSource:
    """`pps`, or the deprecated `fingerprints` keyword that named it before (warned about at
    the caller's frame `stacklevel` up)."""
    if fingerprints is None:
        return pps
    if pps is not None:
        raise TypeError("give the PPS export as pps=, not both pps= and the deprecated fingerprints=")
    warnings.warn("score(fingerprints=...) is deprecated: use pps=...", DeprecationWarning, stacklevel=stacklevel)
    return fingerprints


@dataclass(frozen=True)
class Analysis:
    """Everything found in one document before the document score: the report so far (spans,
    quality, notes; score and label not yet set) and the document features, or None when the
    text is not scored (not English, no words)."""

    report: Report
    features: np.ndarray | None
    deep: bool = False  # the reported discovery spans are the deep check's verified ones
    dense: bool = False  # discovery already used its dense-document threshold


@dataclass(frozen=True)
class Scan:
    """The span stage's result: every detector's spans, and the running text profile that the
    document features read (both built section by section, so memory stays flat)."""

    found: registry.Found
    profile: doc_features.TextProfile
    supported: bool


def analyse(
    text: str,
    *,
    pps: PpsSource = None,
    discover: bool = True,
    format: Format = "auto",
    quality_options: QualityOptions | None = None,
    allow: AllowSource = None,
    deep: Deep = False,
    fingerprints: PpsSource = None,
    dense: bool | float = False,
    translated: bool = False,
    memo: dict[tuple[int, int], Section] | None = None,
) -> Analysis:
    """The page, quality, span and feature stages of `score` (see there for the arguments;
    `dense`: discovery uses its dense-document threshold, as `score` does for a text its
    first pass reads as spun (a number: that window threshold, as the gate's training tries
    them); `memo`: a one-section text's measured section, kept by a first
    pass over the same text so that the second look does not score its windows again)."""
    if not isinstance(text, str):
        raise TypeError(f"score() takes str, not {type(text).__name__}")
    user_list = _user_list(_pps_option(pps, fingerprints, 3))
    allowed = allowlist.resolve(allow)
    _check_deep_option(deep)
    if deep and discover:
        check_deep()
    view = normalize(text)
    page = read_page(view.text, format)
    threshold = None if dense is False else scoring.dense_threshold() if dense is True else float(dense)
    quality = assess(page, quality_options, view.hidden)
    settings = Settings(
        quality,
        user_list,
        discover,
        bool(deep) and discover,
        threshold,
        thorough=deep == "thorough",
        translated=translated,
    )
    scan = _scan(page, settings, memo)
    analysis = replace(_features(page, settings, scan, allowed), dense=threshold is not None or _dense_already(scan))
    if view.origin is not None and page.source_format == "text":
        analysis = replace(analysis, report=_in_original(analysis.report, view, text))
    return analysis


def _dense_already(scan: Scan) -> bool:
    """Whether the windows alone made discovery use (nearly) its dense-document threshold, so
    that a second look would find the same spans."""
    if not scan.profile.window_probs:
        return False
    threshold = load_discovery_model().cutoff.for_document(scan.profile.suspects, scan.profile.words)
    return threshold <= scoring.dense_threshold() + 0.01


def _in_original(report: Report, view: Normalized, text: str) -> Report:
    """The report with its offsets moved from the displayed text into the caller's string, so
    `text[span.start:span.end] == span.text` still holds, hidden characters included."""
    spans = []
    for span in report.spans:
        start, end = view.original(span.start, span.end)
        spans.append(replace(span, start=start, end=end, text=text[start:end]))
    furniture = tuple((*view.original(start, end), why) for start, end, why in report.quality.boilerplate)
    return replace(report, spans=tuple(spans), quality=replace(report.quality, boilerplate=furniture))


def _scan(page: Page, settings: Settings, memo: dict[tuple[int, int], Section] | None = None) -> Scan:
    """Run the registered detectors over the main text (boilerplate lines are never read).
    `memo` keeps (or hands back) the measured section of a one-section text."""
    body, skipped = page.text, page.boilerplate
    supported = not settings.quality.flagged("non_english")
    found = registry.find_in_text(body, settings) if supported else {}
    profile = doc_features.TextProfile()
    pieces = sections(body)
    for piece in pieces:  # one section's tokens at a time: memory stays flat
        tokens = tokens_outside(tokenize(body, *piece), skipped)
        if not supported:
            profile.words += len(tokens)
            continue
        section = memo.get(piece) if memo is not None else None
        if section is None:
            section = registry.measure(body, tokens, settings)
            if memo is not None and len(pieces) == 1:
                memo[piece] = section
        profile.add(body, tokens, section.words.matrix, section.words.mt, section.words.edit, section.words.bt)
        if section.windows is not None:
            profile.window_probs.extend(section.windows.probs)
            profile.suspects += section.windows.suspects()
        registry.merge(found, registry.find_in_section(section, settings))
    return Scan(found, profile, supported)


def _features(page: Page, settings: Settings, scan: Scan, allowed: Allowlist | None) -> Analysis:
    """The report so far and the document features, from the spans and the text profile."""
    notes = _page_notes(page, settings.quality)
    n_words = scan.profile.words
    quality = replace(settings.quality, main_words=n_words)
    if not scan.supported:
        notes.append("language unsupported: the main text does not read as English, so it was not scored")
        return Analysis(_report(page, quality, notes, n_words, label="unsupported", supported=False), None)
    if n_words == 0:
        notes.append("no words to judge")
        return Analysis(_report(page, quality, notes, 0), None)
    fast, shown = registry.fast(scan.found, settings), registry.reported(scan.found, settings)
    skipped = list(page.boilerplate)
    if allowed is not None and len(allowed):
        # Allowed phrases are judged clean by the user: neither flagged nor counted as evidence.
        skipped_allowed = [(start, end, "allowed") for start, end in allowed.ranges(page.text)]
        fast, shown = registry.outside(fast, skipped_allowed), registry.outside(shown, skipped_allowed)
    # The document features stay the fast tier's (the fast heads were trained on those spans);
    # with the deep check, the reported discovery spans are the ones the neural language model
    # verified, and the document score adds them as evidence (`scoring.finish`).
    spans = registry.resolve_overlaps(registry.outside(fast, skipped))
    low = n_words < scoring.LOW_CONFIDENCE_WORDS
    if low:
        notes.append(f"short text ({n_words} words): too few words to judge with confidence")
    shown_spans = spelling.in_house_spelling(
        page.text, registry.resolve_overlaps(registry.calques_over_inner_discoveries(registry.outside(shown, skipped)))
    )
    report = _report(page, quality, notes, n_words, spans=shown_spans, low_confidence=low)
    return Analysis(report, doc_features.vector(spans, scan.profile, quality), settings.deep)


def _page_notes(page: Page, quality: Quality) -> list[str]:
    """What a reviewer should know about the page before any span: furniture, failed checks."""
    notes = list(page.notes)
    if page.boilerplate:
        notes.append(f"{len(page.boilerplate)} lines of page furniture (menus, teasers, share lines) were not scored")
    notes.extend(flag.reason for flag in quality.flags if flag.name != "too_few_words")
    return notes


def _report(
    page: Page,
    quality: Quality,
    notes: list[str],
    n_words: int,
    *,
    label: Literal["clean", "unsupported"] = "clean",
    spans: tuple[Span, ...] = (),
    supported: bool = True,
    low_confidence: bool = True,
) -> Report:
    """The one place a report is made: score and label stay for `scoring.finish` to set."""
    return Report(
        score=0.0,
        label=label,
        spans=spans,
        n_words=n_words,
        language_supported=supported,
        low_confidence=low_confidence,
        notes=tuple(notes),
        quality=quality,
        source_format=page.source_format,
        text=page.text if page.source_format == "html" else None,
    )


def score(
    text: str,
    *,
    pps: PpsSource = None,
    discover: bool = True,
    format: Format = "auto",
    quality_options: QualityOptions | None = None,
    allow: AllowSource = None,
    threshold: float | None = None,
    mt_threshold: float | None = None,
    deep: Deep = False,
    fingerprints: PpsSource = None,
) -> Report:
    """Score one text or HTML page for spinning. Never raises on content; raises TypeError on
    non-str and ValueError on an unknown `format` or a threshold outside [0, 1].

    `pps`: optional path to a Problematic Paper Screener export CSV (or a list loaded with
    `load_pps`), matched in addition to the shipped curated list. `fingerprints` is its old
    name, deprecated (a DeprecationWarning) and removed in the next release.
    `discover=False` switches discovery off (list matching only).
    `format`: "text", "html", or "auto" (HTML when the input looks like a web page). For HTML,
    span offsets point into `Report.text`, the extracted page text.
    `quality_options`: per-check threshold overrides, e.g. {"too_few_words": {"min_words": 30}}
    (see `detector.page.quality.CHECKS`).
    `allow`: phrases and names never to flag: a list of phrases, a `detector.spans.allowlist.Allowlist`,
    or the path of a file with one phrase per line.
    `threshold`, `mt_threshold`: decision thresholds for the `spun` and `mt` labels instead of
    the stored ones (which flag at most 5% of held-out clean documents).
    `deep=True`: a neural language model verifies the discovery candidates (optional extra
    `detector[deep]`; raises `detector.DeepUnavailable` saying how to install it). The
    reported discovery spans are the verified ones, and the document score weighs them with
    the fast head's verdict (`detector.document.deep_model`; its own stored threshold).
    The language model also chooses the suggestions of 40 spans per 1,000 words, those the fast
    tier is least sure of. `deep="thorough"` has it choose every span's, among twice as many
    restorations: better suggestions, a little over twice as slow (for one document under review).
    """
    for name, value in (("threshold", threshold), ("mt_threshold", mt_threshold)):
        if value is not None and not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1, got {value}")
    _check_deep_option(deep)
    options: dict[str, Any] = {"pps": _pps_option(pps, fingerprints, 3), "discover": discover, "format": format}
    options.update(quality_options=quality_options, allow=allow, deep=deep)
    analysis = examine(text, **options)
    report = analysis.report
    if analysis.features is not None:
        report = scoring.finish(
            report, analysis.features, threshold, mt_threshold, deep=analysis.deep, evidence_required=discover
        )
    return _disguise_named(report)


def examine(text: str, **options: Any) -> Analysis:
    """`analyse` as `score` runs it (same keyword arguments): a text whose first pass reads as
    spun gets a second look at the dense-document threshold. Lightly spun technical text has
    few high-scoring windows, yet the classifier reads the document as spun: looking again
    shows its phrases (`training/dense_gate.py` chose the gate). With `deep=True` the gate reads
    the fast tier's first pass, and the neural LM runs once, on the pass that is reported; a
    first pass whose own cutoff was already the dense threshold counts as the dense look."""
    memo: dict[tuple[int, int], Section] = {}
    deep, discover = bool(options.get("deep")), options.get("discover", True)
    if deep and discover:
        check_deep()
    first = analyse(text, memo=memo, **{**options, "deep": False})
    why = _second_look(first, discover)
    if why:
        dense = scoring.translated_dense_threshold() if why == TRANSLATED else True
        analysis = analyse(text, dense=dense, translated=why == TRANSLATED, memo=memo, **options)
        note = f"the document reads as {why}, so discovery looked again with a lower window threshold"
        return replace(analysis, report=replace(analysis.report, notes=(*analysis.report.notes, note)))
    if deep and discover:
        # A first pass already at the dense threshold is the dense look: the deep tier treats it
        # as one (no veto, candidates the fast spans cover are not judged again).
        return analyse(text, dense=first.dense, memo=memo, **options)
    return first


TRANSLATED = "machine-translated"  # why a text got its second look, at the translated texts' threshold


def _second_look(analysis: Analysis, applies: bool) -> str | None:
    """Why the first pass earns a second look at the dense-document threshold, or None. Texts of
    at least SHORT_WORDS words, fast tier with discovery on, not already read densely, that
    either cross the dense gate (spun probability) or read as altered by machine translation
    (the `mt` label's own rule): back-translation's calques are what discovery finds, but they
    are spread thin, as in lightly spun text (docs/experiments.md, "Back-translated phrasing: a
    second look for translated text")."""
    if not applies or analysis.dense or analysis.features is None or analysis.report.n_words < SHORT_WORDS:
        return None
    gate = scoring.dense_gate()
    p_spun = scoring.spun_probability(analysis.report, analysis.features)
    if gate is not None and p_spun >= gate:
        return "spun"
    if scoring.reads_as_translated(analysis.report, analysis.features, p_spun, scoring.second_look_kind_cut()):
        return TRANSLATED
    return None


def _disguise_named(report: Report) -> Report:
    """Hidden characters are a finding in themselves: the first reason names them."""
    flag = next((f for f in report.quality.flags if f.name == "obfuscation"), None)
    if flag is None:
        return report
    reason = f"text disguised: {flag.value:.0f} invisible or look-alike characters inside words (read as displayed)"
    return replace(report, reasons=(reason, *report.reasons))


def _score_chunk(texts: list[str], options: dict[str, Any]) -> list[Report]:
    return [score(t, **options) for t in texts]


def _checked(texts: Iterable[str]) -> Iterator[str]:
    for i, item in enumerate(texts):
        if not isinstance(item, str):
            raise TypeError(f"score_many() item {i} is {type(item).__name__}, not str")
        yield item


def score_stream(texts: Iterable[str], *, n_jobs: int = 1, chunk_size: int = 64, **options: Any) -> Iterator[Report]:
    """Reports for `texts` as they are ready, in input order, with `score`'s keyword options.

    Texts are pulled lazily, so a generator over a file of any size scores in flat memory.
    `n_jobs > 1` (or -1: every core) scores chunks of `chunk_size` in joblib worker processes,
    each loading the resources once; under `joblib.parallel_config(backend="dask")` the
    chunks run on a Dask cluster.
    """
    if options.keys() - SCORE_OPTIONS:
        raise TypeError(f"unknown option(s) {sorted(options.keys() - SCORE_OPTIONS)}; score() takes {SCORE_OPTIONS}")
    if "fingerprints" in options:
        options["pps"] = _pps_option(options.get("pps"), options.pop("fingerprints"), 3)
    if isinstance(options.get("allow"), Iterable) and not isinstance(options["allow"], (str, os.PathLike)):
        options["allow"] = allowlist.resolve(options["allow"])  # materialize once, not per worker chunk
    yield from ordered_map(_score_chunk, _checked(texts), options, n_jobs=n_jobs, chunk_size=chunk_size)


def score_many(texts: Iterable[str], *, n_jobs: int = 1, chunk_size: int = 64, **options: Any) -> list[Report]:
    """Reports for many texts or pages, in input order, with `score`'s keyword options
    (`score_stream` without the streaming)."""
    return list(score_stream(texts, n_jobs=n_jobs, chunk_size=chunk_size, **options))


SCORE_OPTIONS = frozenset(
    ("pps", "fingerprints", "discover", "format", "quality_options", "allow", "threshold", "mt_threshold", "deep")
)
