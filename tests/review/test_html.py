"""Tests for detector.review.html: highlighted HTML, restored text, and that user text stays inert."""

from __future__ import annotations

import re

import pytest

from detector import score
from detector.review import html as review
from detector.review.html import Reviewed
from detector.types import Report, Span

NASTY = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '" onmouseover="alert(3)',
    "' autofocus onfocus='alert(4)",
    "</mark></div><iframe src=javascript:alert(5)>",
]


def _span(text: str, start: int, suggestion: str | None = "Cold War", kind: str = "fingerprint") -> Span:
    return Span(start=start, end=start + len(text), text=text, kind=kind, score=0.9, reason=f"why {suggestion}",
                suggestion=suggestion)  # fmt: skip


def _tags(markup: str) -> set[str]:
    return {t.lower() for t in re.findall(r"<\s*([a-zA-Z]+)", markup)}


ALLOWED_TAGS = {"div", "mark", "span", "sup", "del", "ins", "b"}


@pytest.mark.parametrize("payload", NASTY)
def test_user_text_spans_and_suggestions_are_escaped(payload: str) -> None:
    text = f"Before {payload} the Virus War {payload} after."
    start = text.index("Virus War")
    spans = [_span("Virus War", start, suggestion=payload), _span(payload, text.index(payload), suggestion=payload)]
    for markup in (
        review.highlight_html(text, spans, [(0, 6, payload)]),
        review.restored_html(text, spans),
        review.gauge_html(0.5, payload, payload),
    ):
        assert _tags(markup) <= ALLOWED_TAGS, markup
        assert "onerror=" not in markup.replace("onerror=&quot;", "")
        assert "<script" not in markup.lower() and "<img" not in markup.lower() and "<iframe" not in markup.lower()
        for attribute in re.findall(r'(\w+)="', markup):  # no attribute smuggled in through a quote
            assert attribute in {"class", "style", "title"}, markup


def test_highlight_marks_each_span_with_its_suggestion_and_greys_boilerplate() -> None:
    text = "Home\nThe Virus War ended."
    start = text.index("Virus War")
    markup = review.highlight_html(text, [_span("Virus War", start)], [(0, 4, "menu")])
    assert '<span class="dt-furniture" title="not scored: menu">Home</span>' in markup
    assert re.search(r'<mark class="dt-span dt-fingerprint" style="background:rgba\(220,38,38,0\.70\)" title="[^"]*'
                     r'likely original: Cold War[^"]*">Virus War<sup>Cold War</sup></mark>', markup)  # fmt: skip
    dismissed = review.highlight_html(text, [_span("Virus War", start)], dismissed={(start, start + 9)})
    assert "dt-dismissed" in dismissed and "<mark" not in dismissed


def test_restored_text_applies_suggestions() -> None:
    text = "The Virus War and the Unified Countries."
    spans = [_span("Virus War", 4), _span("Unified Countries", 22, "United Nations"), _span("and", 14, None)]
    assert review.restored_text(text, spans) == "The Cold War and the United Nations."
    assert review.restored_text(text, spans, dismissed={(4, 13)}) == "The Virus War and the United Nations."
    assert '<del class="dt-del">Virus War</del><ins class="dt-ins">Cold War</ins>' in review.restored_html(text, spans)


def test_reason_markdown_turns_signs_into_words() -> None:
    assert review.reason_markdown(["+ 12 phrases", "- short <b>", "plain"]) == (
        "- raises the score: 12 phrases\n- lowers the score: short &lt;b&gt;\n- plain"
    )


def test_table_row_from_a_real_report() -> None:
    report = score("The Unfamiliar Clergyman spoke at the Unified Countries about the Virus War.")
    row = review.table_row(Reviewed("k", "a.txt", "x", report), "spun")
    assert row["label"] == "spun" and row["spans"] == 3 and row["verdict"] == "spun" and row["spans_per_1k"] > 100
    failed = review.table_row(Reviewed("k", "b.jsonl:3", "", None, "malformed JSON"))
    assert failed["label"] == "error" and failed["flags"] == "malformed JSON"


def test_header_escapes_the_document_name() -> None:
    report = Report(0.9, "spun", (), 10)
    markup = review.verdict_header_html(NASTY[1], report)
    assert "<img" not in markup and _tags(markup) <= ALLOWED_TAGS


def test_the_app_hands_only_review_html_to_unsafe_allow_html() -> None:
    """Every `unsafe_allow_html=True` call in app.py gets markup built by detector.review.html (which
    escapes), never a string the app assembled itself: a guard for future edits."""
    import ast
    from pathlib import Path

    tree = ast.parse((Path(__file__).resolve().parents[2] / "app.py").read_text(encoding="utf-8"))
    assigned: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)

    def from_review(expr: ast.expr) -> bool:
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return from_review(expr.left) and from_review(expr.right)
        if isinstance(expr, ast.Call):
            expr = expr.func
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            return expr.value.id == "review"
        if isinstance(expr, ast.Name):
            return bool(assigned.get(expr.id)) and all(from_review(v) for v in assigned[expr.id])
        return False

    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and any(k.arg == "unsafe_allow_html" and getattr(k.value, "value", False) is True for k in node.keywords)
    ]
    assert len(calls) >= 3
    for call in calls:
        assert from_review(call.args[0]), ast.unparse(call)
