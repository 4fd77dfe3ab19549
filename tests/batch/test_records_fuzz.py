"""Property tests for the JSONL and CSV readers, and the writers fed with what they read.

Why: the readers promise that every input record comes out once, in order, as a record to
score or an error record, and never a traceback, whatever the bytes. Hand-written cases
cover the failures someone thought of; these cover the rest (recursion limits, number
limits, half surrogate pairs, stray BOMs, quotes and carriage returns inside cells).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from detector.batch import outputs
from detector.batch.records import Record, read_bytes
from detector.batch.run import Result
from detector.types import Report

FUZZ = settings(max_examples=150, deadline=None)
# Every code point, surrogates included: JSON escapes can carry half a surrogate pair.
ANY_CHAR = st.characters(exclude_categories=())
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(ANY_CHAR),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(ANY_CHAR, max_size=5), children),
    max_leaves=12,
)
JSON_OBJECTS = st.dictionaries(st.sampled_from(["id", "text", "other"]) | st.text(max_size=5), JSON_VALUES)


def _check_shape(got: list[Record]) -> None:
    """What holds for any record: text or error, never both; text worth scoring; output-safe."""
    for record in got:
        assert (record.text is None) != (record.error is None), record
        assert record.skipped is False or record.text is None
        if record.text is not None:
            assert record.text.strip()
            record.text.encode("utf-8")  # no half surrogate pairs reach the scorer
    _write_everywhere(got)


def _write_everywhere(got: list[Record]) -> None:
    """Every writer takes every record (as scored or as an error) and writes valid UTF-8."""
    results = [
        Result(r, Report(0.5, "clean", (), 3, notes=("a note",)) if r.text is not None else None, r.error) for r in got
    ]
    for kind, writer_class in outputs.WRITERS.items():
        out = io.StringIO()
        writer = writer_class(out, kind == "text")
        for result in results:
            writer.write(result)
        writer.close()
        out.getvalue().encode("utf-8")
        if kind == "text":  # a terminal gets no control character from the input, only line ends (CRLF too)
            assert not re.search(
                r"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]|\x1b(?!\[[0-9;]*m)|\r(?!\n)", out.getvalue()
            )
        if kind == "jsonl":
            assert out.getvalue().count("\n") == len(results)  # JSON escapes newlines in strings


def _expected_jsonl_lines(data: bytes, max_bytes: int) -> list[int]:
    """Line numbers that must each give one record: every physical line that is not blank,
    and every line over the limit (it is never read, so it cannot be known to be blank)."""
    out = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        content = line.removeprefix(codecs.BOM_UTF8) if number == 1 else line
        if len(line) > max_bytes or content.strip():
            out.append(number)
    return out


@FUZZ
@given(st.binary(max_size=300), st.integers(min_value=1, max_value=80))
def test_jsonl_any_bytes_give_one_record_per_line(data: bytes, max_bytes: int) -> None:
    got = list(read_bytes("x.jsonl", data, max_bytes=max_bytes))
    expected = _expected_jsonl_lines(data, max_bytes)
    if expected:
        assert [r.line for r in got] == expected
    else:
        assert [(r.line, r.skipped) for r in got] == [(None, True)]  # an empty file is reported, not dropped
    _check_shape(got)


@FUZZ
@given(st.lists(JSON_OBJECTS | JSON_VALUES, max_size=6), st.booleans(), st.booleans())
def test_jsonl_of_json_values_gives_each_text_back(values: list, ascii_only: bool, crlf: bool) -> None:
    lines = [json.dumps(value, ensure_ascii=ascii_only) for value in values]
    data = ("\r\n" if crlf else "\n").join(lines).encode("utf-8", "surrogatepass")
    got = list(read_bytes("x.jsonl", data))
    assert len(got) == max(1, len(values))
    for value, record in zip(values, got, strict=False):
        text = value.get("text") if isinstance(value, dict) else None
        if isinstance(text, str) and text.strip() and _encodable(text) and _encodable(value.get("id")):
            assert record.text == text
        else:
            assert record.text is None
    _check_shape(got)


def _encodable(value: object) -> bool:
    try:
        str(value).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@FUZZ
@given(st.binary(max_size=300), st.integers(min_value=1, max_value=80))
def test_csv_any_bytes_give_records_in_order_and_no_traceback(data: bytes, max_bytes: int) -> None:
    got = list(read_bytes("x.csv", data, max_bytes=max_bytes))
    assert got, "every file gives at least one record (an empty one a skipped record)"
    lines = [r.line for r in got if r.line is not None]
    assert lines == sorted(set(lines))
    assert all(1 <= line <= data.count(b"\n") + 1 for line in lines)
    _check_shape(got)


@FUZZ
@given(st.lists(st.tuples(st.text(max_size=8), st.text(max_size=30)), max_size=6), st.booleans())
def test_csv_rows_each_give_their_record_back(rows: list[tuple[str, str]], bom: bool) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "text"])
    starts = []
    for row in rows:
        starts.append(out.getvalue().count("\n") + 1)
        writer.writerow(row)
    data = out.getvalue().encode("utf-8-sig" if bom else "utf-8")
    got = list(read_bytes("x.csv", data))
    if not rows:
        assert [(r.line, r.skipped) for r in got] == [(None, True)]
        return
    assert [(r.line, r.id) for r in got] == [(start, row_id) for start, (row_id, _) in zip(starts, rows, strict=True)]
    for (_, text), record in zip(rows, got, strict=True):
        assert record.text == (text if text.strip() else None)
        assert record.skipped == (not text.strip())
    _check_shape(got)
