"""The span-detector contract: what every detector is given and what it returns.

A detector is a small object with a `name`, the `kind` of span it emits (`SpanKind`, whose
order is the precedence where spans overlap) and `find(...) -> list[Span]`, where every span
carries its reason. It reads one of two scopes:

- `TextDetector`: the whole main text at once (phrase lists: one Aho-Corasick scan);
- `SectionDetector`: one section of the main text at a time, with its tokens and the scores
  every detector and the document features share (`Section`), so memory stays flat on long texts.

A detector of the `deep` tier runs only when the caller asks for the deep check, and its spans
replace the fast tier's spans of the same kind in the report. Thresholds live in the
detector's own module; `registry.DETECTORS` lists the detectors, one line each.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from detector.text import Token
from detector.types import Quality, Span, SpanKind

if TYPE_CHECKING:
    import numpy as np

    from detector.lm.reference import Reference
    from detector.spans.discovery import ScoredWindows
    from detector.spans.pps import PpsList

Tier = Literal["fast", "deep"]


@dataclass(frozen=True, slots=True)
class Settings:
    """What the caller asked for, as detectors read it: the page's quality findings, the
    user's PPS list, whether discovery (everything beyond the lists) and the deep check run,
    and, on a second look at a document its first pass read as spun, the window threshold
    discovery then uses (`dense_threshold`, see `api.score`; None on a first look), and whether
    that first pass read it as machine-translated (`translated`: calques need less support)."""

    quality: Quality
    pps: PpsList | None = None
    discover: bool = True
    deep: bool = False
    dense_threshold: float | None = None
    thorough: bool = False  # deep tier: the language model chooses every span's suggestion, among more options
    translated: bool = False


@dataclass(frozen=True, slots=True)
class WordScores:
    """The machine-translation word scorers' view of a section, one row or value per token."""

    matrix: np.ndarray  # word features (`mt_words.WORD_FEATURES`)
    mt: np.ndarray  # probability that a post-editor would change the word
    edit: np.ndarray  # log-odds that the word is MT output a post-editor replaced
    bt: np.ndarray  # the same for a machine round trip's change (`bt_words`), on `bt_words.sample` words only


@dataclass(frozen=True, slots=True)
class Section:
    """One section of the main text: its tokens (page furniture removed), with offsets into
    `text`, the whole page text, and the scores computed once for every reader."""

    text: str
    tokens: list[Token]
    words: WordScores
    windows: ScoredWindows | None  # discovery's scored windows; None when discovery is off
    reference: Reference  # the reference statistics every reader of the section queries


class SpanDetector(ABC):
    """What every detector declares. Subclass `TextDetector` or `SectionDetector`."""

    name: ClassVar[str]
    kind: ClassVar[SpanKind]
    tier: ClassVar[Tier] = "fast"

    @property
    def priority(self) -> int:
        """Lower wins where spans overlap: the kind's place in `SpanKind`."""
        return self.kind.precedence

    def enabled(self, settings: Settings) -> bool:
        """Whether to run at all; list matchers always run, the rest only with `discover`."""
        return self.kind.listed or settings.discover


class TextDetector(SpanDetector):
    """A detector that reads the whole main text at once."""

    @abstractmethod
    def find(self, text: str, settings: Settings) -> list[Span]:
        """Spans in `text` (offsets into it); boilerplate lines are dropped by the caller."""


class SectionDetector(SpanDetector):
    """A detector that reads one section's tokens and shared scores at a time."""

    @abstractmethod
    def find(self, section: Section, settings: Settings) -> list[Span]:
        """Spans in one section (offsets into `section.text`)."""


def times_phrase(log10_gain: float) -> str:
    """A likelihood ratio in words ("1.4 times", "133 times", "30 million times") from its log10,
    capped at a trillion: the wording every detector's reason uses for how much likelier a
    restoration is ("about ... more likely here"). Below 2 it keeps one decimal, since "1 times"
    reads as no gain at all; above a million it names the magnitude, since "3e7" is not a word."""
    value = 10 ** min(max(log10_gain, 0.0), 12.0)
    if value < 1.95:
        return f"{value:.1f} times"
    if value < 1e6:
        return f"{value:,.0f} times"
    size, word = (1e12, "trillion") if value >= 1e12 else (1e9, "billion") if value >= 1e9 else (1e6, "million")
    return f"{float(f'{value / size:.2g}'):g} {word} times"


def more_likely(log10_gain: float) -> str:
    """How much likelier a restoration is, as a reason says it: "slightly more likely" below
    twice as likely, else "about 133 times more likely"."""
    if log10_gain < 0.30103:  # log10(2)
        return "slightly more likely"
    return f"about {times_phrase(log10_gain)} more likely"
