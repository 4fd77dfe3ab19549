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


def test_lone_surrogates_and_undecodable_file_names_are_written_escaped() -> None:
    """A file name that is not UTF-8 reaches Python as lone surrogates (\\udcff for byte 0xff),
    and an error message can quote a JSON key that holds one; no writer may fail on them."""
    name = "bad\udcffname.txt"
    record = Record(name, 3, "id\ud800", None, error="no field 'text' (has: k\ud800); set --text-field")
    result = Result(record, None, record.error)
    for kind in outputs.WRITERS:
        written = _write(kind, result)
        written.encode("utf-8")
        shown = json.loads(written)["source"] if kind == "jsonl" else written
        assert "bad\\xffname.txt" in shown, kind
    line = json.loads(_write("jsonl", result))
    assert line["source"] == "bad\\xffname.txt" and line["id"] == "id\\ud800" and "k\\ud800" in line["error"]


def test_text_view_escapes_terminal_control_characters() -> None:
    """A document can carry escape sequences that retitle the terminal or clear it; the text
    view shows them as visible escapes, whatever field they are in, colour or not."""
    hostile = "Title\x1b]0;pwned\x07 then \x1b[2J\x1b[H cleared\r overwritten \x9b31m and a\x7f.\r\nNext line.\n"
    span = Span(start=0, end=5, text="Title", kind="fingerprint", score=1.0, reason="", suggestion="x\x1b[5m")
    report = Report(0.9, "spun", (span,), 9, reasons=("why \x1b[8m",), notes=("note \x1bc",))
    record = Record("f\x1b[1m.txt", None, "i\x1b]2;t\x07", hostile)
    for color in (False, True):
        out = io.StringIO()
        writer = outputs.TextWriter(out, color)
        writer.write(Result(record, report))
        writer.write(Result(Record("g\x1b[2J.jsonl", 2, None, None, error="bad \x1b[2J"), None, "bad \x1b[2J"))
        shown = out.getvalue()
        for raw in ("\x1b]", "\x1b[2J", "\x1b[H", "\x07", "\x9b", "\x7f", "\x1b[8m", "\x1b[5m", "\x1bc", "\x1b[1m"):
            assert raw not in shown, (color, raw)
        assert "\\x1b]0;pwned\\x07" in shown and "\\x1b[2J" in shown and "cleared\\x0d overwritten" in shown
        assert "f\\x1b[1m.txt" in shown and "Next line." in shown and "\r\n" in shown  # line ends kept
    assert "\x1b" not in _write("text", Result(record, report))  # no colour: no escape bytes at all


def test_csv_top_spans_are_the_strongest_ten() -> None:
    text = " ".join(f"w{i}" for i in range(12))
    spans = tuple(
        Span(
            start=text.index(f"w{i}"),
            end=text.index(f"w{i}") + len(f"w{i}"),
            text=f"w{i}",
            kind="discovery",
            score=i / 20,
            reason="",
        )
        for i in range(12)
    )
    report = Report(0.9, "spun", spans, 12)
    [row] = csv.DictReader(io.StringIO(_write("csv", Result(Record("a.txt", None, None, text), report))))
    assert row["top_spans"] == " | ".join(f"w{i}" for i in range(11, 1, -1))


def test_text_view_counts_spans_in_words() -> None:
    assert "1 suspect span, 7 words" in _write("text", OK)
    two = Report(0.97, "spun", (SPAN, SPAN), 7)
    assert "2 suspect spans, 7 words" in _write("text", Result(OK.record, two))
    assert outputs.summary({"ok": 1, "clean": 1}, 1.0) == "detector: 1 record (1 clean) in 1.0 s"
