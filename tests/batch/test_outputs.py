"""Tests for detector.batch.outputs: JSONL, CSV, text and GitHub annotation writers."""

from __future__ import annotations

import csv
import io
import json

from detector.batch import outputs
from detector.batch.records import Record
from detector.batch.run import Result
from detector.types import Report, Span

TEXT = "First line.\nThe Virus War, 100% over.\n"
SPAN = Span(
    start=16, end=25, text="Virus War", kind="fingerprint", score=1.0, reason="known: a,b", suggestion="Cold War"
)
REPORT = Report(0.97, "spun", (SPAN,), 7, reasons=("+ 1 listed phrase",))
OK = Result(Record("dir/a b.txt", None, "id1", TEXT), REPORT)
BAD = Result(Record("x.jsonl", 4, None, None, error="malformed JSON"), None, "malformed JSON")


def _write(kind: str, *results: Result) -> str:
    out = io.StringIO()
    writer = outputs.WRITERS[kind](out)
    for result in results:
        writer.write(result)
    writer.close()
    return out.getvalue()


def test_jsonl_one_line_per_result_with_status() -> None:
    lines = [json.loads(line) for line in _write("jsonl", OK, BAD).splitlines()]
    assert [r["status"] for r in lines] == ["ok", "error"]
    assert lines[0]["id"] == "id1" and lines[0]["label"] == "spun" and lines[0]["spans"][0]["text"] == "Virus War"
    assert lines[1] == {
        "id": None,
        "source": "x.jsonl",
        "line": 4,
        "status": "error",
        "error": "malformed JSON",
        "score": None,
        "mt_score": None,
        "label": None,
    }


def test_csv_has_a_header_and_a_row_per_result() -> None:
    rows = list(csv.DictReader(io.StringIO(_write("csv", OK, BAD))))
    assert list(rows[0]) == list(outputs.CSV_COLUMNS)
    assert rows[0]["top_spans"] == "Virus War -> Cold War" and rows[0]["spans_per_1k"] == "142.86"
    assert rows[1]["status"] == "error" and rows[1]["line"] == "4" and rows[1]["label"] == ""


def test_text_view_marks_spans_and_errors() -> None:
    shown = _write("text", OK, BAD)
    assert "[Virus War]{-> Cold War}" in shown
    assert "x.jsonl:4: ERROR: malformed JSON" in shown


def test_github_annotations_point_at_line_and_column_and_are_escaped() -> None:
    lines = _write("github", OK, BAD).splitlines()
    assert lines[0].startswith("::error file=dir/a b.txt,title=detector%3A spun::spun (spun 0.97")
    assert lines[1].startswith("::warning file=dir/a b.txt,line=2,col=5,title=detector%3A fingerprint::")
    assert "known: a%2Cb" not in lines[1] and "(known: a,b)" in lines[1]  # commas escaped in properties only
    assert lines[2] == "::error file=x.jsonl,line=4,title=detector%3A not scored::malformed JSON"
    newline = Result(Record("f.txt", None, None, TEXT), Report(0.1, "clean", (), 7, reasons=()))
    assert _write("github", newline) == ""  # clean and spanless: nothing to annotate
    assert outputs._escape_data("50%\nnext") == "50%25%0Anext"


def test_github_html_spans_are_found_in_the_markup() -> None:
    html = "<html>\n<body>\n<p>The Virus War ended.</p>\n</body></html>"
    span = Span(start=4, end=13, text="Virus War", kind="fingerprint", score=1.0, reason="", suggestion="Cold War")
    report = Report(0.9, "spun", (span,), 4, source_format="html", text="The Virus War ended.")
    line = _write("github", Result(Record("p.html", None, None, html, "html"), report)).splitlines()[1]
    assert ",line=3,col=8," in line


def test_summary() -> None:
    line = outputs.summary({"ok": 3, "spun": 1, "clean": 2, "error": 1}, 2.04)
    assert line == "detector: 4 records (1 spun, 2 clean; 1 error) in 2.0 s"
