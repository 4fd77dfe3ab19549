"""HTML for the review UI: highlighted spans, restored text, the score gauge, the triage table.

Pure functions from reports to strings and rows, kept apart from Streamlit so they can be
tested without a browser. Every piece of user text (the document, span text, suggestions,
reasons, file names) goes through `html.escape(..., quote=True)` exactly once, here; the app
passes these strings to `st.html`, never to `st.markdown`: Markdown would still read a blank
line in the document as the end of the HTML block and render what follows (an image link
fetching a remote URL, a heading). Text the app shows through Markdown elements (captions,
errors, button labels) goes through `markdown_text` instead, which escapes every Markdown and
HTML character.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from detector.types import Report, Span, SpanKind

# Background colours by span kind (RGB), in the kinds' display order; strength sets the opacity.
KIND_COLOURS: dict[SpanKind, tuple[int, int, int]] = {
    SpanKind.FINGERPRINT: (220, 38, 38),
    SpanKind.PPS: (234, 88, 12),
    SpanKind.DISCOVERY: (245, 158, 11),
    SpanKind.CALQUE: (124, 58, 237),
    SpanKind.MT: (59, 130, 246),
}


def _kind_label(kind: str) -> str:
    """A kind in words; a span built by hand may carry an unknown kind, shown as it is."""
    return SpanKind(kind).label if kind in SpanKind.__members__.values() else kind


LABEL_COLOURS = {"spun": "#dc2626", "mt": "#2563eb", "clean": "#16a34a", "unsupported": "#6b7280"}
# Colours are chosen for contrast (WCAG AA, 4.5:1, tests/review/test_html.py measures it): the
# text on the strongest chip, and each suggestion on its own white label above a chip.
TEXT_COLOUR = "#111827"
SUGGESTION_COLOUR = "#1f2937"
SUGGESTION_BACKGROUND = "#ffffff"
STYLE = f"""<style>
.dt-doc{{white-space:pre-wrap;line-height:1.9;font-size:1.02rem;color:{TEXT_COLOUR};
  border:1px solid #e5e7eb;border-radius:6px;padding:0.8rem 1rem;font-family:Georgia,serif}}
.dt-span{{border-radius:3px;padding:0 2px;cursor:help;color:{TEXT_COLOUR}}}
.dt-span sup{{font-size:0.68em;color:{SUGGESTION_COLOUR};background:{SUGGESTION_BACKGROUND};
  border:1px solid #d1d5db;border-radius:3px;padding:0 2px;margin-left:2px;font-family:sans-serif}}
.dt-dismissed{{background:none!important;text-decoration:underline dotted #9ca3af}}
.dt-furniture{{color:#6b7280}}
.dt-del{{background:#fee2e2;text-decoration:line-through}}
.dt-ins{{background:#dcfce7;text-decoration:none}}
.dt-legend span{{display:inline-block;white-space:nowrap;margin:0 0.8rem 0.3rem 0;padding:0 4px;border-radius:3px}}
.dt-gauge{{height:14px;border-radius:7px;background:#e5e7eb;position:relative;margin:0.3rem 0 0.2rem}}
.dt-gauge div{{height:14px;border-radius:7px}}
</style>"""


def escape(value: object) -> str:
    """Text safe inside HTML elements and quoted attributes."""
    return html.escape(str(value), quote=True)


_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_text(value: object) -> str:
    """Text shown literally by a Streamlit Markdown element (a caption, an error, a button label):
    every ASCII punctuation character backslash-escaped, as CommonMark allows, so no image,
    link, heading, emphasis, HTML tag, entity, `:colour[...]` directive or `$math$` of the
    user's is read; line breaks become spaces (a blank line would start a new block)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _colour(span: Span) -> str:
    red, green, blue = KIND_COLOURS.get(span.kind, (156, 163, 175))
    alpha = 0.25 + 0.5 * max(0.0, min(1.0, span.score))
    return f"rgba({red},{green},{blue},{alpha:.2f})"


def span_title(span: Span) -> str:
    """The tooltip: kind, strength, suggested original, reason (plain text, escaped by the caller)."""
    parts = [f"{_kind_label(span.kind)} (strength {span.score:.2f})"]
    if span.suggestion:
        parts.append(f"likely original: {span.suggestion}")
    if span.reason:
        parts.append(span.reason)
    return "\n".join(parts)


def highlight_html(
    text: str,
    spans: Sequence[Span],
    boilerplate: Sequence[tuple[int, int, str]] = (),
    dismissed: Collection[tuple[int, int]] = (),
    show_suggestions: bool = True,
) -> str:
    """The document with each span marked by kind and strength (hover: reason and suggestion),
    the suggestion in superscript, dismissed spans underlined only, boilerplate greyed."""
    marks: list[tuple[int, int, str, str]] = []
    for span in spans:
        if (span.start, span.end) in dismissed:
            opening = f'<span class="dt-span dt-dismissed" title="{escape("dismissed: " + span_title(span))}">'
            marks.append((span.start, span.end, opening, "</span>"))
            continue
        sup = f"<sup>{escape(span.suggestion)}</sup>" if show_suggestions and span.suggestion else ""
        opening = (
            f'<mark class="dt-span dt-{escape(span.kind)}" style="background:{_colour(span)}" '
            f'title="{escape(span_title(span))}">'
        )
        marks.append((span.start, span.end, opening, f"{sup}</mark>"))
    for start, end, reason in boilerplate:
        marks.append((start, end, f'<span class="dt-furniture" title="{escape("not scored: " + reason)}">', "</span>"))
    out, cursor = [], 0
    for start, end, opening, closing in sorted(marks):
        if start < cursor:  # overlaps are not expected (spans avoid boilerplate); never emit broken markup
            continue
        out.append(escape(text[cursor:start]))
        out.append(opening + escape(text[start:end]) + closing)
        cursor = end
    out.append(escape(text[cursor:]))
    return f'<div class="dt-doc">{"".join(out)}</div>'


def restored_text(text: str, spans: Sequence[Span], dismissed: Collection[tuple[int, int]] = ()) -> str:
    """The text with every suggestion applied (dismissed spans and spans without one kept)."""
    out, cursor = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.suggestion and (span.start, span.end) not in dismissed and span.start >= cursor:
            out.append(text[cursor : span.start])
            out.append(span.suggestion)
            cursor = span.end
    out.append(text[cursor:])
    return "".join(out)


def restored_html(text: str, spans: Sequence[Span], dismissed: Collection[tuple[int, int]] = ()) -> str:
    """The restored text with each change shown: the spun wording struck out, the original inserted."""
    out, cursor = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.suggestion and (span.start, span.end) not in dismissed and span.start >= cursor:
            out.append(escape(text[cursor : span.start]))
            out.append(
                f'<del class="dt-del">{escape(span.text)}</del><ins class="dt-ins">{escape(span.suggestion)}</ins>'
            )
            cursor = span.end
    out.append(escape(text[cursor:]))
    return f'<div class="dt-doc">{"".join(out)}</div>'


def reason_markdown(reasons: Sequence[str]) -> str:
    """Reasons as a Markdown list, the sign turned into a word (a leading '-' would nest the list)."""
    lines = []
    for reason in reasons:
        sign, _, rest = reason.partition(" ")
        if sign in ("+", "-") and rest:
            lines.append(f"- {'raises' if sign == '+' else 'lowers'} the score: {markdown_text(rest)}")
        else:
            lines.append(f"- {markdown_text(reason)}")
    return "\n".join(lines)


_SAFE_NAME = re.compile(r"[A-Za-z0-9_-]+")


def scroll_into_view_html(container_key: str, token: str) -> str:
    """A script that scrolls the Streamlit container keyed `container_key` into view: in the batch
    view the opened document sits below the table, out of sight on a laptop screen. `token` (the
    document's key) makes the markup differ per document, because Streamlit runs a script again
    only when its markup changes: opening another page scrolls, saving a verdict does not."""
    if not (_SAFE_NAME.fullmatch(container_key) and _SAFE_NAME.fullmatch(token)):
        raise ValueError("container key and token must be letters, digits, '_' or '-'")
    return (
        f'<script data-document="{token}">setTimeout(function () {{'
        f' var el = document.querySelector(".st-key-{container_key}");'
        ' if (el) { el.style.scrollMarginTop = "4rem"; el.scrollIntoView({block: "start", behavior: "smooth"}); }'
        " }, 150);</script>"
    )


def legend_html() -> str:
    items = "".join(
        f'<span style="background:rgba({r},{g},{b},0.6)">{escape(kind.label)}</span>'
        for kind, (r, g, b) in KIND_COLOURS.items()
    )
    return f'<div class="dt-legend">{items}<span class="dt-furniture">page furniture (not scored)</span></div>'


def gauge_html(probability: float, label: str, title: str) -> str:
    """A horizontal gauge for one probability, coloured by the document's label."""
    share = max(0.0, min(1.0, probability))
    colour = LABEL_COLOURS.get(label, "#6b7280")
    return (
        f"<div><b>{escape(title)}</b>: {share:.0%}"
        f'<div class="dt-gauge"><div style="width:{share * 100:.1f}%;background:{colour}"></div></div></div>'
    )


def verdict_header_html(name: str, report: Report) -> str:
    """The label in its colour, the document's name, and a gauge for each probability."""
    colour = LABEL_COLOURS.get(report.label, "#6b7280")
    return (
        f'<div style="font-size:1.4rem"><b style="color:{colour}">{escape(report.label.upper())}</b> '
        f"&middot; {escape(name)}</div>"
        + gauge_html(report.score, report.label if report.label == "spun" else "clean", "Spun (probability)")
        + gauge_html(report.mt_score, "mt" if report.label == "mt" else "clean", "Machine-translated")
    )


@dataclass(frozen=True, slots=True)
class Reviewed:
    """One document in the review queue: where it came from, its text and its report."""

    key: str  # stable across sessions: a hash of the text (see `detector.review.verdicts.document_key`)
    name: str
    text: str
    report: Report | None
    error: str | None = None


def span_rows(spans: Sequence[Span], dismissed: Collection[tuple[int, int]] = ()) -> list[dict[str, Any]]:
    """The span table's rows (plain values: the table widget escapes them), the kind in the
    legend's words so the table and the highlighted text read alike."""
    return [
        {
            "text": s.text,
            "suggestion": s.suggestion or "",
            "kind": _kind_label(s.kind),
            "strength": round(s.score, 2),
            "dismissed": (s.start, s.end) in dismissed,
            "reason": s.reason,
        }
        for s in spans
    ]


def table_row(doc: Reviewed, verdict: str | None = None) -> dict[str, Any]:
    """The triage table's row for a document (plain values: the table widget escapes them)."""
    report = doc.report
    if report is None:
        return {"document": doc.name, "label": "error", "score": None, "mt_score": None, "verdict": verdict or "",
                "spans_per_1k": None, "spans": 0, "words": 0, "flags": doc.error or ""}  # fmt: skip
    return {
        "document": doc.name,
        "label": report.label,
        "score": round(report.score, 3),
        "mt_score": round(report.mt_score, 3),
        "verdict": verdict or "",
        "spans_per_1k": round(1000 * len(report.spans) / report.n_words, 1) if report.n_words else 0.0,
        "spans": len(report.spans),
        "words": report.n_words,
        "flags": ", ".join(f.name for f in report.quality.flags),
    }
