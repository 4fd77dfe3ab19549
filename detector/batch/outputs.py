"""Writers for batch results: JSON Lines, CSV, a terminal view, and GitHub workflow annotations.

Each writer gets results one at a time and writes whole lines, so output interrupted at any
point is still valid up to its last line (a JSONL consumer never sees half a record).

Whatever the input holds, a writer must not fail on it or let it act on the reader's terminal:
half surrogate pairs (a file name that is not UTF-8, a JSON "\\ud800" escape) cannot be
encoded as UTF-8, so every writer shows them as escapes; and the terminal view also escapes
control characters, which a document can use to retitle or clear the terminal.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from typing import IO, Any

from detector.batch.run import Result
from detector.types import Span

BOLD_RED = "\033[1;31m"
DIM = "\033[2m"
RESET = "\033[0m"
CSV_COLUMNS = (
    "id",
    "source",
    "line",
    "status",
    "label",
    "score",
    "mt_score",
    "n_words",
    "spans",
    "spans_per_1k",
    "flags",
    "top_spans",
    "reasons",
    "error",
)


_SURROGATE = re.compile("[\ud800-\udfff]")
# What a terminal acts on rather than shows: C0 controls but tab and line ends, DEL, C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!\n)")
TOP_SPANS = 10


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a file name's byte that was not UTF-8, as Python's os module passes it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def writable(value: str) -> str:
    """`value` with half surrogate pairs written as escapes, so that it can be encoded as UTF-8."""
    return _SURROGATE.sub(_escape, value)


def printable(value: str) -> str:
    """`value` safe for a terminal: control characters and half surrogate pairs as visible
    escapes; tab, newline and CRLF kept (a lone CR would overwrite the line before it)."""
    return _CONTROL.sub(_escape, value)


def _writable_tree(value: Any) -> Any:
    """A JSON-ready value with `writable` applied to every string, keys included."""
    if isinstance(value, str):
        return writable(value)
    if isinstance(value, dict):
        return {writable(str(k)): _writable_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_writable_tree(v) for v in value]
    return value


def plural(count: int, noun: str) -> str:
    """'1 span', '2 spans'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def as_dict(result: Result) -> dict[str, Any]:
    """The JSON-ready record: where it came from, its status, then the report (or nulls)."""
    record = result.record
    head: dict[str, Any] = {"id": record.id, "source": record.source, "line": record.line, "status": result.status}
    if result.report is None:
        return {**head, "error": result.error, "score": None, "mt_score": None, "label": None}
    return {**head, **result.report.to_dict()}


def highlight(text: str, spans: Sequence[Span], color: bool, boilerplate: Sequence[tuple[int, int, str]] = ()) -> str:
    """The text with each span marked and its suggested original after it; with colour,
    boilerplate lines (never flagged) are dimmed."""
    marks: list[tuple[int, int, str]] = []
    for span in spans:
        # Escaped piece by piece: escaping the result would also escape the colour codes.
        shown = printable(span.text)
        suggestion = f"-> {printable(span.suggestion)}" if span.suggestion else ""
        if color:
            marks.append((span.start, span.end, f"{BOLD_RED}[{shown}]{RESET}{DIM}{{{suggestion}}}{RESET}"))
        else:
            marks.append((span.start, span.end, f"[{shown}]{{{suggestion}}}"))
    if color:
        marks.extend((start, end, f"{DIM}{printable(text[start:end])}{RESET}") for start, end, _ in boilerplate)
    out, cursor = [], 0
    for start, end, rendered in sorted(marks):
        out.append(printable(text[cursor:start]))
        out.append(rendered)
        cursor = end
    out.append(printable(text[cursor:]))
    return "".join(out)


class Writer:
    """Base: `write` each result, `close` at the end (also after an interruption)."""

    def __init__(self, out: IO[str], color: bool = False) -> None:
        self.out = out
        self.color = color

    def write(self, result: Result) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.out.flush()


class JsonlWriter(Writer):
    def write(self, result: Result) -> None:
        line = json.dumps(as_dict(result), ensure_ascii=False)
        if _SURROGATE.search(line):  # rare: only then pay for a second pass over the record
            line = json.dumps(_writable_tree(as_dict(result)), ensure_ascii=False)
        self.out.write(line + "\n")


class CsvWriter(Writer):
    """One row per record; spans and reasons summarized (JSONL has them in full)."""

    def __init__(self, out: IO[str], color: bool = False) -> None:
        super().__init__(out, color)
        self._csv = csv.writer(out, lineterminator="\n")
        self._csv.writerow(CSV_COLUMNS)

    def write(self, result: Result) -> None:
        record, report = result.record, result.report
        row: dict[str, Any] = {
            "id": record.id or "",
            "source": record.source,
            "line": record.line or "",
            "status": result.status,
            "error": result.error or "",
        }
        if report is not None:
            row |= {
                "label": report.label,
                "score": report.score,
                "mt_score": report.mt_score,
                "n_words": report.n_words,
                "spans": len(report.spans),
                "spans_per_1k": round(1000 * len(report.spans) / report.n_words, 2) if report.n_words else 0,
                "flags": " ".join(f.name for f in report.quality.flags),
                "top_spans": _top_spans(report.spans),
                "reasons": " | ".join(report.reasons),
            }
        self._csv.writerow([_cell(row.get(column, "")) for column in CSV_COLUMNS])


def _cell(value: Any) -> Any:
    return writable(value) if isinstance(value, str) else value


def _top_spans(spans: Sequence[Span]) -> str:
    """The strongest spans, strongest first (a stable sort: ties keep their order in the text)."""
    strongest = sorted(spans, key=lambda s: -s.score)[:TOP_SPANS]
    return " | ".join(f"{s.text} -> {s.suggestion}" if s.suggestion else s.text for s in strongest)


class TextWriter(Writer):
    """A readable summary per record, spans marked in the text (coloured on a terminal)."""

    def write(self, result: Result) -> None:
        record, report = result.record, result.report
        where = printable(record.where)
        if report is None:
            self.out.write(f"== {where}: {result.status.upper()}: {printable(result.error or '')}\n\n")
            return
        name = where + (f" (id {printable(record.id)})" if record.id else "")
        scores = f"spun {report.score:.2f}, machine-translated {report.mt_score:.2f}"
        counted = f"{plural(len(report.spans), 'suspect span')}, {plural(report.n_words, 'word')}"
        lines = [f"== {name}: {report.label} ({scores}; {counted})"]
        lines += [f"   why: {printable(reason)}" for reason in report.reasons]
        lines += [f"   note: {printable(note)}" for note in report.notes]
        shown = report.text if report.text is not None else record.text or ""
        lines.append(highlight(shown, report.spans, self.color, report.quality.boilerplate).rstrip())
        self.out.write("\n".join(lines) + "\n\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def span_position(result: Result, span: Span, search_from: int = 0) -> tuple[int | None, int | None, int]:
    """(line, column, offset) of a span in its source file, as far as it can be known.

    Whole text files: exact. HTML: where the span's words first occur in the markup after
    `search_from` (span offsets index the extracted text, not the file). JSONL and CSV: the
    record's line, no column (the text sits escaped inside the record).
    """
    record, report = result.record, result.report
    if record.line is not None or record.text is None or report is None:
        return record.line, None, search_from
    if report.source_format == "text":
        line, col = _line_col(record.text, span.start)
        return line, col, span.start
    found = record.text.find(span.text, search_from)
    if found < 0:
        return None, None, search_from
    line, col = _line_col(record.text, found)
    return line, col, found + len(span.text)


class GithubWriter(Writer):
    """GitHub Actions workflow commands: a warning at each span, an error per flagged or
    unreadable record. Lines without `::` are ignored by the runner."""

    def _command(
        self, level: str, record_line: int | None, col: int | None, title: str, message: str, source: str
    ) -> None:
        props = [f"file={_escape_property(source)}"]
        if record_line is not None:
            props.append(f"line={record_line}")
        if col is not None:
            props.append(f"col={col}")
        props.append(f"title={_escape_property(title)}")
        self.out.write(writable(f"::{level} {','.join(props)}::{_escape_data(message)}\n"))

    def write(self, result: Result) -> None:
        record, report = result.record, result.report
        source = record.source
        if report is None:
            level = "notice" if result.status == "skipped" else "error"
            self._command(level, record.line, None, "detector: not scored", result.error or "", source)
            return
        if report.label in ("spun", "mt"):
            what = "spun" if report.label == "spun" else "machine-translated"
            message = f"{what} (spun {report.score:.2f}, machine-translated {report.mt_score:.2f})"
            if report.reasons:
                message += ": " + "; ".join(report.reasons)
            self._command("error", record.line, None, f"detector: {what}", message, source)
        cursor = 0
        for span in report.spans:
            line, col, cursor = span_position(result, span, cursor)
            message = f"'{span.text}'" + (f" looks like a rewording of '{span.suggestion}'" if span.suggestion else "")
            message += f" ({span.reason})" if span.reason else ""
            self._command("warning", line, col, f"detector: {span.kind}", message, source)


WRITERS: dict[str, type[Writer]] = {"jsonl": JsonlWriter, "text": TextWriter, "csv": CsvWriter, "github": GithubWriter}
OUTPUT_FORMATS: tuple[str, ...] = tuple(WRITERS)


def summary(counts: dict[str, int], seconds: float) -> str:
    """One line for stderr: how many records, by label and status."""
    total = sum(v for k, v in counts.items() if k in ("ok", "error", "skipped"))
    labels = ", ".join(f"{counts[k]} {k}" for k in ("spun", "mt", "clean", "unsupported") if counts.get(k))
    problems = ", ".join(f"{counts[k]} {k}" for k in ("error", "skipped") if counts.get(k))
    parts = [p for p in (labels, problems) if p]
    return f"detector: {plural(total, 'record')} ({'; '.join(parts) or 'none'}) in {seconds:.1f} s"
