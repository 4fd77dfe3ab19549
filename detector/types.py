"""Result types shared by every stage: `Span` (one suspect stretch) and `Report` (one document).

Both are frozen so a report handed to a UI or a CI gate cannot be altered behind the
scorer's back, and both turn into plain JSON-ready dicts with `to_dict()`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal


class SpanKind(StrEnum):
    """What found a span. The one place the kind names are written.

    Members are strings ("fingerprint" == SpanKind.FINGERPRINT), so reports stay plain JSON,
    and their order is the display order and the precedence where two spans overlap: a phrase
    from a list beats a discovery, and both beat the two kinds of translation evidence, a
    calque (wording translated word for word) and a machine-translation artifact.
    """

    FINGERPRINT = "fingerprint"
    PPS = "pps"
    DISCOVERY = "discovery"
    CALQUE = "calque"
    MT = "mt"

    def __repr__(self) -> str:
        return repr(self.value)  # reads as the plain string it is in every report

    @property
    def label(self) -> str:
        """The kind in a reviewer's words."""
        return _KIND_LABELS[self]

    @property
    def listed(self) -> bool:
        """Whether the span comes from a list of known phrases (the curated one or the user's):
        close to proof, unlike a discovery, and never switched off by `discover=False`."""
        return self in (SpanKind.FINGERPRINT, SpanKind.PPS)

    @property
    def translated(self) -> bool:
        """Whether the span is evidence of translation rather than of synonym spinning: reported
        apart, and not read by the spun head's span features."""
        return self in (SpanKind.CALQUE, SpanKind.MT)

    @property
    def precedence(self) -> int:
        """Lower wins where spans overlap (the members' order)."""
        return _KIND_ORDER[self]


_KIND_LABELS = {
    SpanKind.FINGERPRINT: "known tortured phrase",
    SpanKind.PPS: "your PPS list",
    SpanKind.DISCOVERY: "discovered",
    SpanKind.CALQUE: "translated word for word",
    SpanKind.MT: "machine-translation artifact",
}
_KIND_ORDER = {kind: i for i, kind in enumerate(SpanKind)}
LISTED_KINDS = frozenset(kind for kind in SpanKind if kind.listed)  # from a list: the curated one or the user's
TRANSLATED_KINDS = frozenset(kind for kind in SpanKind if kind.translated)  # evidence of translation, not spinning


@dataclass(frozen=True, slots=True)
class Span:
    """A suspect stretch of the caller's text.

    `start`/`end` are character offsets into the exact string the caller passed, so
    `text[start:end] == span.text` always holds. `score` is the detector's confidence in
    [0, 1]; `reason` says in words why the span was flagged; `suggestion` is the likely
    original wording (None when the detector has no restoration to offer).
    """

    start: int
    end: int
    text: str
    kind: SpanKind
    score: float
    reason: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "kind": str(self.kind)}


@dataclass(frozen=True, slots=True)
class QualityFlag:
    """One failed text-quality check: what was measured, the limit it crossed, and why it matters."""

    name: str
    value: float
    threshold: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Quality:
    """The page and text-quality layer's findings for one document.

    `boilerplate` lists the (start, end, reason) of every line that is page furniture, in the
    report's text; no span is ever reported inside one. `stats` holds every measured
    statistic (the flags' inputs), which the document features reuse.
    """

    flags: tuple[QualityFlag, ...] = ()
    boilerplate_share: float = 0.0
    main_words: int = 0
    language: str | None = None
    boilerplate: tuple[tuple[int, int, str], ...] = ()
    stats: tuple[tuple[str, float], ...] = ()

    def flagged(self, name: str) -> bool:
        return any(f.name == name for f in self.flags)

    def stat(self, name: str) -> float:
        """One measured statistic by name (KeyError when it was not measured)."""
        return dict(self.stats)[name]

    def to_dict(self) -> dict[str, Any]:
        return {
            "flags": [f.to_dict() for f in self.flags],
            "boilerplate_share": self.boilerplate_share,
            "main_words": self.main_words,
            "language": self.language,
            "boilerplate": [list(b) for b in self.boilerplate],
            "stats": dict(self.stats),
        }


@dataclass(frozen=True, slots=True)
class Report:
    """The verdict on one document.

    `score` is the probability-like risk that the text was spun (see `detector.document.scoring` for
    how it is estimated); `label` is "spun" or "clean" at the default threshold, or
    "unsupported" when the text is not English enough to judge. `language_supported` and
    `notes` tell a reviewer when the number should not be trusted; `quality` holds the page
    layer's flags and boilerplate lines. Span offsets point into the caller's string, except
    for HTML input (`source_format == "html"`), where they point into `text`, the page text
    extracted from the markup.
    """

    score: float
    label: Literal["spun", "mt", "clean", "unsupported"]
    spans: tuple[Span, ...]
    n_words: int
    language_supported: bool = True
    low_confidence: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    quality: Quality = field(default_factory=Quality)
    source_format: Literal["text", "html"] = "text"
    text: str | None = None
    mt_score: float = 0.0
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "mt_score": self.mt_score,
            "label": self.label,
            "reasons": list(self.reasons),
            "n_words": self.n_words,
            "language_supported": self.language_supported,
            "low_confidence": self.low_confidence,
            "notes": list(self.notes),
            "spans": [s.to_dict() for s in self.spans],
            "quality": self.quality.to_dict(),
            "source_format": self.source_format,
            "text": self.text,
        }
