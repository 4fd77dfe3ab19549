"""Tests for detector.batch.records: every input record comes out once, in order, or as an error record."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from detector.batch import records
from detector.batch.records import InputError, Record


def read(*paths: Path | str, **options) -> list[Record]:  # type: ignore[no-untyped-def]
    return list(records.read([str(p) for p in paths], **options))


def test_text_and_html_files_are_one_record_each(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some plain words.\n", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>Some words.</p>", encoding="utf-8")
    got = read(tmp_path / "a.txt", tmp_path / "b.html")
    assert [(r.source, r.line, r.format, r.error) for r in got] == [
        (str(tmp_path / "a.txt"), None, "auto", None),
        (str(tmp_path / "b.html"), None, "html", None),
    ]
    assert got[0].text == "Some plain words.\n"


def test_input_format_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<p>Words.</p>", encoding="utf-8")
    assert read(path, input_format="text")[0].format == "text"
    data = tmp_path / "data.txt"
    data.write_text('{"text": "Words here."}\n', encoding="utf-8")
    assert read(data, input_format="jsonl")[0].text == "Words here."


def test_jsonl_records_errors_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        '{"id": 7, "text": "First record."}',
        "",
        '{"text": 5}',
        "{not json",
        "[1, 2]",
        '{"body": "x"}',
        '{"text": "   "}',
        '{"meta": {"body": "Nested text."}, "id": "n"}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = read(path)
    assert [r.line for r in got] == [1, 3, 4, 5, 6, 7, 8]  # the blank line is not a record
    assert got[0].id == "7" and got[0].text == "First record."
    assert "is int, not a string" in got[1].error
    assert "malformed JSON" in got[2].error
    assert "not an object" in got[3].error
    assert "no field 'text'" in got[4].error and "body" in got[4].error
    assert got[5].skipped and got[5].text is None
    assert got[6].error and "no field" in got[6].error
    nested = read(path, text_field="meta.body")[6]
    assert nested.text == "Nested text." and nested.id == "n"


def test_jsonl_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "One."}\r\n{"text": "Two."}\r\n')
    assert [r.text for r in read(path)] == ["One.", "Two."]


def test_jsonl_undecodable_line_is_an_error_record(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n{"text": "fine"}\n')
    got = read(path)
    assert "not UTF-8" in got[0].error
    assert got[1].text == "fine"


def test_oversize_records_are_skipped_without_losing_the_next(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    big = json.dumps({"text": "word " * 50_000})
    path.write_text(f'{{"text": "small one"}}\n{big}\n{{"text": "after"}}\n', encoding="utf-8")
    got = read(path, max_bytes=1000)
    assert [r.line for r in got] == [1, 2, 3]
    assert got[0].text == "small one" and got[2].text == "after"
    assert "over --max-bytes" in got[1].error
    whole = tmp_path / "big.txt"
    whole.write_text("word " * 1000, encoding="utf-8")
    assert "over --max-bytes" in read(whole, max_bytes=100)[0].error


def test_csv_embedded_newlines_bom_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        b'\xef\xbb\xbfid,text\r\n1,"two\r\nlines"\r\n2,plain\r\n\r\n3\r\n4,"' + b"x" * 300 + b'"\r\n5,last\r\n'
    )
    got = read(path, max_bytes=200)
    assert [(r.line, r.id) for r in got] == [(2, "1"), (4, "2"), (6, None), (7, None), (8, "5")]
    assert got[0].text == "two\r\nlines"
    assert "cells" in got[2].error
    assert "over --max-bytes" in got[3].error


def test_csv_wrong_column_gives_an_error_per_row(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,body\n1,a\n2,b\n", encoding="utf-8")
    got = read(path)
    assert len(got) == 2 and all("no column 'text'" in r.error for r in got)
    assert [r.text for r in read(path, text_field="body")] == ["a", "b"]


def test_binary_empty_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "empty.txt").write_bytes(b"")
    got = read(tmp_path / "bin.txt", tmp_path / "empty.txt", tmp_path / "missing.txt")
    assert "binary" in got[0].error and not got[0].skipped
    assert got[1].skipped and "empty" in got[1].error
    assert "cannot read" in got[2].error


def test_folders_are_searched_recursively_with_globs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b.txt", "sub/a.html", "sub/skip.py", ".git/c.txt"):
        (tmp_path / name).write_text("Words.", encoding="utf-8")
    assert [Path(p).name for p in records.expand([str(tmp_path)])] == ["b.txt", "a.html"]
    assert [Path(p).name for p in records.expand([str(tmp_path)], ("*.py",))] == ["skip.py"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no files matching"):
        list(records.expand([str(empty)]))


def test_stdin_stream() -> None:
    stream = io.BytesIO(b'{"text": "From a pipe."}\n')
    got = list(records.read(["-"], input_format="jsonl", stdin=stream))
    assert got[0].source == "-" and got[0].text == "From a pipe."


def test_reading_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text('{"text": "x"}\n' * 10, encoding="utf-8")
    stream = records.read([str(path)])
    assert next(stream).line == 1  # a generator: nothing is read ahead of the consumer


def test_bad_max_bytes() -> None:
    with pytest.raises(ValueError):
        list(records.read(["-"], max_bytes=0))
