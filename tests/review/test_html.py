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
        "- raises the score: 12 phrases\n- lowers the score: short \\<b\\>\n- plain"
    )


@pytest.mark.parametrize(
    "text",
    ["![x](http://127.0.0.1:9/b.png)", "# heading\n\n* item", "<img src=x>&amp;", ":red[alert] $x^2$ `code`",
     "[link](javascript:alert(1)) __bold__ ~~gone~~ | a | b |"],
)  # fmt: skip
def test_markdown_text_escapes_every_markdown_and_html_character(text: str) -> None:
    escaped = review.markdown_text(text)
    assert "\n" not in escaped  # a blank line would start a new block
    unescaped = re.sub(r"\\(.)", "", escaped)  # drop every escaped character
    assert not re.search(r"[!-/:-@\[-`{-~]", unescaped), escaped  # no punctuation is left bare
    assert re.sub(r"\\(.)", r"\1", escaped) == " ".join(text.split())  # and the text reads as it was


def test_suggestions_and_chips_have_readable_contrast() -> None:
    """WCAG AA (4.5:1) for the text on the strongest chip of each kind and for each suggestion
    on its own label: grey superscripts on a red chip were hard to read."""
    text = _rgb(review.TEXT_COLOUR)
    for red, green, blue in review.KIND_COLOURS.values():
        chip = tuple(0.75 * c + 0.25 * 255 for c in (red, green, blue))  # strength 1 over white
        assert _contrast(text, chip) >= 4.5, (red, green, blue)
    assert _contrast(_rgb(review.SUGGESTION_COLOUR), _rgb(review.SUGGESTION_BACKGROUND)) >= 4.5
    sup = _rule(".dt-span sup")
    assert f"color:{review.SUGGESTION_COLOUR}" in sup and f"background:{review.SUGGESTION_BACKGROUND}" in sup
    assert _contrast(_rgb(_rule(".dt-furniture").split("color:")[1][:7]), (255, 255, 255)) >= 4.5


def test_legend_chips_do_not_wrap_and_the_document_has_no_scroll_box_of_its_own() -> None:
    assert "white-space:nowrap" in _rule(".dt-legend span")
    doc = _rule(".dt-doc")
    assert "max-height" not in doc and "overflow" not in doc  # the page scrolls, not a box inside it


def test_scroll_script_takes_only_safe_names() -> None:
    script = review.scroll_into_view_html("opened-document", "ab12")
    assert script.startswith('<script data-document="ab12">') and ".st-key-opened-document" in script
    for key, token in (('x"); alert(1); ("', "k"), ("ok", "</script><img src=x>")):
        with pytest.raises(ValueError):
            review.scroll_into_view_html(key, token)


def test_span_rows_name_kinds_as_the_legend_does() -> None:
    rows = review.span_rows([_span("Virus War", 4), _span("weighty", 20, "heavy", "discovery")], {(20, 27)})
    assert [(r["kind"], r["dismissed"]) for r in rows] == [("known tortured phrase", False), ("discovered", True)]
    assert list(rows[0]) == ["text", "suggestion", "kind", "strength", "dismissed", "reason"]


def _rule(selector: str) -> str:
    [body] = re.findall(re.escape(selector) + r"\{([^}]*)\}", review.STYLE)
    return body.replace("\n", "").replace(" ", "")


def _rgb(colour: str) -> tuple[float, float, float]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def _contrast(one: tuple[float, ...], two: tuple[float, ...]) -> float:
    """The WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(rgb: tuple[float, ...]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


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


def test_the_app_hands_only_review_html_to_st_html() -> None:
    """Every `st.html` call in app.py gets markup built by detector.review.html (which escapes), never
    a string the app assembled itself, and nothing goes to Markdown with `unsafe_allow_html=True`
    (Markdown would read a pasted image link after a blank line): a guard for future edits."""
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

    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    unsafe = [c for c in calls if any(k.arg == "unsafe_allow_html" for k in c.keywords)]
    assert unsafe == [], [ast.unparse(c) for c in unsafe]
    html = [c for c in calls if isinstance(c.func, ast.Attribute) and c.func.attr == "html"]
    assert len(html) >= 4
    for call in html:
        assert from_review(call.args[0]), ast.unparse(call)
        if any(k.arg == "unsafe_allow_javascript" for k in call.keywords):  # only the fixed scroll script
            assert ast.unparse(call.args[0]).startswith("review.scroll_into_view_html("), ast.unparse(call)
