"""Span-level measures shared by training (threshold choice) and the benchmarks.

A gold span is found when a predicted span overlaps it; a predicted span that overlaps no
gold span is a false span. A suggestion is right when the predicted wording over the gold
stretch equals the original, compared case-insensitively with whitespace collapsed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from detector.types import Span

FLOOD = 3


@dataclass
class SpanTally:
    gold: int = 0
    found: int = 0
    suggested_right: int = 0
    predicted: int = 0
    false_spans: int = 0
    words: int = 0
    clean_words: int = 0
    clean_false_spans: int = 0
    clean_docs: int = 0
    clean_docs_flooded: int = 0  # clean documents with FLOOD or more false spans
    clean_docs_flagged: int = 0  # clean documents with any false span

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return (self.predicted - self.false_spans) / self.predicted if self.predicted else 0.0

    @property
    def suggestion_accuracy(self) -> float:
        return self.suggested_right / self.found if self.found else 0.0

    @property
    def false_per_1k_clean(self) -> float:
        return 1000 * self.clean_false_spans / self.clean_words if self.clean_words else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "gold": self.gold,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "suggestion_accuracy": round(self.suggestion_accuracy, 4),
            "false_spans_per_1k_clean_words": round(self.false_per_1k_clean, 3),
            "clean_words": self.clean_words,
            "clean_docs_flooded_share": round(self.clean_docs_flooded / self.clean_docs, 4) if self.clean_docs else 0.0,
            "clean_docs_flagged_share": round(self.clean_docs_flagged / self.clean_docs, 4) if self.clean_docs else 0.0,
        }


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def restored_text(text: str, span: Span, start: int, end: int) -> str:
    """The stretch [start, end) of `text` as the span restores it, when alignable: the span's
    words inside the stretch take their suggested words, the stretch's words outside the span
    stay as written (a span may cover the stretch, lie inside it, or overlap one end of it)."""
    if span.suggestion is None:
        return ""
    if start <= span.start and end >= span.end:
        return text[start : span.start] + span.suggestion + text[span.end : end]
    # Align word by word when the span reaches outside the gold stretch.
    words_text = text[span.start : span.end].split()
    words_sugg = span.suggestion.split()
    if len(words_text) != len(words_sugg):
        return span.suggestion
    out, pos = [], span.start
    for observed, suggested in zip(words_text, words_sugg):
        at = text.index(observed, pos)
        pos = at + len(observed)
        if at < end and pos > start:
            out.append(suggested)
    before = text[start : span.start] if start < span.start else ""
    after = text[span.end : end] if end > span.end else ""
    return before + " ".join(out) + after


def tally_document(
    tally: SpanTally,
    text: str,
    predicted: Sequence[Span],
    gold: Sequence[tuple[int, int, str]],
    n_words: int,
    clean: bool,
) -> None:
    """Add one document: gold is (start, end, original wording) in `text`."""
    tally.words += n_words
    tally.predicted += len(predicted)
    if clean:
        tally.clean_words += n_words
    false_here = 0
    for span in predicted:
        if not any(span.start < g_end and g_start < span.end for g_start, g_end, _ in gold):
            false_here += 1
    tally.false_spans += false_here
    if clean:
        tally.clean_false_spans += false_here
        tally.clean_docs += 1
        tally.clean_docs_flooded += false_here >= FLOOD
        tally.clean_docs_flagged += false_here > 0
    for g_start, g_end, original in gold:
        tally.gold += 1
        hits = [s for s in predicted if s.start < g_end and g_start < s.end]
        if not hits:
            continue
        tally.found += 1
        target = _norm(original)
        if any(
            _norm(restored_text(text, s, g_start, g_end)) == target or _norm(s.suggestion or "") == target for s in hits
        ):
            tally.suggested_right += 1
