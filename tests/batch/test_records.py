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


def test_csv_text_that_looks_like_an_internal_marker_is_just_text(tmp_path: Path) -> None:
    """No cell a user writes (NUL characters included) can pass for an oversize line."""
    path = tmp_path / "in.csv"
    path.write_bytes(b'id,text\n,"\x00over-max-bytes\x00"\n7,"\x00"\n')
    got = read(path, max_bytes=200)
    assert [(r.line, r.id, r.error) for r in got] == [(2, "", None), (3, "7", None)]
    assert got[0].text == "\x00over-max-bytes\x00"


def test_csv_oversize_line_inside_a_quoted_cell_fails_its_row_only(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b'id,text\n1,"short\n' + b"y" * 300 + b'\nend"\n2,next\n')
    got = read(path, max_bytes=200)
    assert "over --max-bytes" in got[0].error and got[0].line == 2
    assert (got[-1].id, got[-1].text) == ("2", "next")


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


def test_deeply_nested_json_is_an_error_record_and_the_lines_around_it_are_read(tmp_path: Path) -> None:
    """2,000 nested brackets (4 KB) exhaust the JSON decoder's recursion: that must cost one record, not the run."""
    path = tmp_path / "deep.jsonl"
    path.write_text('{"text": "before"}\n' + "[" * 2000 + "\n" + '{"text": "after"}\n', encoding="utf-8")
    got = read(path)
    assert [(r.line, r.text) for r in got] == [(1, "before"), (2, None), (3, "after")]
    assert "malformed JSON" in got[1].error and "nested" in got[1].error


def test_huge_json_number_is_an_error_record(tmp_path: Path) -> None:
    """Python refuses to parse integers of over 4,300 digits with a ValueError that is not a JSONDecodeError."""
    path = tmp_path / "number.jsonl"
    path.write_text('{"text": "x", "n": ' + "1" * 5000 + '}\n{"text": "after"}\n', encoding="utf-8")
    got = read(path)
    assert "malformed JSON" in got[0].error and got[1].text == "after"


def test_lone_surrogates_in_text_or_id_are_error_records(tmp_path: Path) -> None:
    """JSON can escape half a surrogate pair ("\\ud800"); such a string is not Unicode text and
    cannot be written out as UTF-8, so the record is refused with its line, not scored."""
    path = tmp_path / "surrogates.jsonl"
    path.write_text(
        '{"id": "a", "text": "bad \\ud800 text"}\n{"id": "\\udc80", "text": "good text"}\n{"id": "c", "text": "fine"}\n',
        encoding="utf-8",
    )
    got = read(path)
    assert [r.line for r in got] == [1, 2, 3]
    assert got[0].text is None and "surrogate" in got[0].error and got[0].id == "a"
    assert got[1].text is None and "surrogate" in got[1].error
    assert got[2].text == "fine"


@pytest.mark.parametrize(
    "name, data",
    [
        ("empty.jsonl", b""),
        ("blank.jsonl", b"\n  \n\r\n"),
        ("empty.csv", b""),
        ("header.csv", b"id,text\r\n"),
        ("header-blank.csv", b"\xef\xbb\xbfid,text\n\n\n"),
    ],
)
def test_empty_record_files_give_one_skipped_record(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [got] = read(path)
    assert got.skipped and got.text is None and got.line is None and "nothing to score" in got.error


def test_broken_links_and_link_loops_in_a_folder_are_error_records(tmp_path: Path) -> None:
    """Given directly they are error records; found in a folder they must not vanish either."""
    (tmp_path / "good.txt").write_text("Words.", encoding="utf-8")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "folder.txt").mkdir()  # a folder that matches the pattern is searched, not read
    got = read(tmp_path)
    assert [(Path(r.source).name, r.error is None) for r in got] == [
        ("broken.txt", False),
        ("good.txt", True),
        ("loop.txt", False),
    ]
    assert all("cannot read" in r.error for r in got if r.error)


def test_a_folder_without_matching_files_is_an_error_record_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Words.", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    got = read(tmp_path / "good.txt", tmp_path / "empty", tmp_path / "good.txt")
    assert [r.text for r in got] == ["Words.", None, "Words."]
    assert got[1].source == str(tmp_path / "empty") and not got[1].skipped
    assert "no files matching" in got[1].error


def test_random_bytes_are_not_text_but_latin1_and_cp1252_are(tmp_path: Path) -> None:
    """Random bytes decode as Windows-1252 (it maps almost every byte), so without a check they
    would be scored as a page of gibberish and pass as clean."""
    import random

    rng = random.Random(4)
    (tmp_path / "random.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(4096)))
    latin1 = "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, na\u00efve fa\u00e7ade, \u00bd price, \u00a9 2024.\n" * 20
    (tmp_path / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    cp1252 = "\u201cQuoted\u201d \u2013 it\u2019s \u20ac5\u2026\tcolumns\f\n" * 20
    (tmp_path / "cp1252.txt").write_bytes(cp1252.encode("cp1252"))
    random_file, latin1_file, cp1252_file = read(
        tmp_path / "random.txt", tmp_path / "latin1.txt", tmp_path / "cp1252.txt"
    )
    assert random_file.text is None and not random_file.skipped and "not text" in random_file.error
    assert latin1_file.text == latin1 and cp1252_file.text == cp1252
