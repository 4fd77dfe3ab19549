"""Input records for batch scoring: files, folders, stdin; text, HTML, JSON Lines and CSV.

Every record that goes in must come out: a batch over a million lines is useless if one bad
line aborts it, and a CI gate is useless if it silently skips what it cannot read. So the
readers never raise on content. Each yields `Record`s in input order, and a record that
cannot be scored (malformed JSON, a missing field, binary data, over the size limit) is
still yielded, with `error` saying why, its file and line, so the caller can report it
and go on. Nor does an input vanish for holding no record: an empty file (JSONL, or CSV with
only a header) gives a `skipped` record, a folder with no matching file or a broken link in
one an error record. Files are streamed: memory stays flat however long a JSONL or CSV file is, and a
record over `max_bytes` is skipped without being held in memory.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, Literal

from detector.batch.decoding import decode, looks_binary

InputFormat = Literal["auto", "text", "html", "jsonl", "csv"]
INPUT_FORMATS: tuple[str, ...] = ("auto", "text", "html", "jsonl", "csv")
DEFAULT_GLOBS = ("*.txt", "*.text", "*.md", "*.html", "*.htm", "*.jsonl", "*.ndjson", "*.csv")
DEFAULT_MAX_BYTES = 10_000_000
STDIN = "-"
_SNIFF = 8192
_READ_CHUNK = 1 << 20


class InputError(Exception):
    """A problem with the inputs as a whole (no files at all): a usage error, not a record."""


@dataclass(frozen=True, slots=True)
class Record:
    """One thing to score, or the reason it cannot be.

    `source` is the path as given ("-" for stdin); `line` the 1-based line where a JSONL or CSV
    record starts (None for whole files); `id` the record's id field, else None; `format`
    "text", "html" or "auto" for the scorer. Exactly one of `text` and `error` is set.
    `skipped` marks an error that is not a failure (an empty file): reported, never scored.
    """

    source: str
    line: int | None
    id: str | None
    text: str | None
    format: Literal["auto", "text", "html"] = "auto"
    error: str | None = None
    note: str | None = None
    skipped: bool = False

    @property
    def where(self) -> str:
        return self.source if self.line is None else f"{self.source}:{self.line}"


def _failed(source: str, line: int | None, error: str, record_id: str | None = None) -> Record:
    return Record(source, line, record_id, None, error=error)


def format_of(path: str, choice: InputFormat) -> InputFormat:
    """The input format for a path: the user's choice, else by extension (content decides for the rest)."""
    if choice != "auto":
        return choice
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix in (".html", ".htm"):
        return "html"
    return "auto"


def _folder_files(folder: str, globs: Sequence[str]) -> list[str]:
    """The files under `folder` matching `globs`, recursive, sorted, hidden folders skipped.

    A link that leads nowhere (broken, or a loop) is kept: given by name it would be an error
    record, so found in a folder it must not vanish either; opening it says what is wrong."""
    found = sorted(
        str(p)
        for pattern in globs
        for p in Path(folder).rglob(pattern)
        if (p.is_file() or (p.is_symlink() and not p.exists()))
        and not any(part.startswith(".") for part in p.relative_to(folder).parts[:-1])
    )
    return list(dict.fromkeys(found))


def expand(paths: Sequence[str], globs: Sequence[str] = DEFAULT_GLOBS) -> Iterator[str]:
    """Each path as given; folders replaced by their matching files (see `_folder_files`).
    Raises InputError for a folder with no matching file (`read` gives an error record for
    it instead). Missing paths are passed through, so that the reader reports them."""
    for item in _inputs(paths, globs):
        if isinstance(item, Record):
            raise InputError(f"no files matching {' '.join(globs)} in folder {item.source}")
        yield item


def _inputs(paths: Sequence[str], globs: Sequence[str]) -> Iterator[str | Record]:
    """`expand`, except that a folder with no matching file is an error record in its place:
    one empty folder among the inputs must not cost the records of all the others."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            found = _folder_files(path, globs)
            yield from found if found else [_failed(path, None, f"a folder with no files matching {' '.join(globs)}")]
        else:
            yield path


def read(
    paths: Sequence[str],
    *,
    input_format: InputFormat = "auto",
    text_field: str = "text",
    id_field: str = "id",
    max_bytes: int = DEFAULT_MAX_BYTES,
    globs: Sequence[str] = DEFAULT_GLOBS,
    stdin: BinaryIO | None = None,
) -> Iterator[Record]:
    """Every record of every input, in order (see the module docstring for the guarantees)."""
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be >= 1, got {max_bytes}")
    for path in _inputs(paths, globs):
        if isinstance(path, Record):
            yield path
            continue
        kind = format_of(path, input_format)
        try:
            handle: BinaryIO = (stdin or sys.stdin.buffer) if path == STDIN else open(path, "rb")  # noqa: SIM115
        except OSError as error:
            yield _failed(path, None, f"cannot read: {error.strerror or error}")
            continue
        try:
            yield from _from_handle(handle, path, kind, text_field, id_field, max_bytes)
        except OSError as error:  # a read failing midway (a folder given as a file, a vanished mount)
            yield _failed(path, None, f"cannot read: {error.strerror or error}")
        finally:
            if path != STDIN:
                handle.close()


def read_bytes(
    name: str,
    data: bytes,
    *,
    input_format: InputFormat = "auto",
    text_field: str = "text",
    id_field: str = "id",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Record]:
    """The records of one file held in memory (an upload), read as `read` reads a file named `name`."""
    kind = format_of(name, input_format)
    yield from _from_handle(io.BytesIO(data), name, kind, text_field, id_field, max_bytes)


def _from_handle(
    handle: BinaryIO, path: str, kind: InputFormat, text_field: str, id_field: str, max_bytes: int
) -> Iterator[Record]:
    if kind == "jsonl":
        yield from _jsonl(handle, path, text_field, id_field, max_bytes)
    elif kind == "csv":
        yield from _csv(handle, path, text_field, id_field, max_bytes)
    else:
        yield _whole(handle, path, kind, max_bytes)


def _whole(handle: BinaryIO, path: str, kind: InputFormat, max_bytes: int) -> Record:
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        while handle.read(_READ_CHUNK):  # drain stdin so the writer is not blocked; files just close
            pass
        return _failed(path, None, f"over --max-bytes ({max_bytes:,} bytes)")
    if not data.strip():
        return _empty_file(path)
    if b"\x00" in data[:_SNIFF]:
        return _failed(path, None, "binary file (NUL bytes), not text")
    decoded = decode(data)
    if decoded.fallback_lines and looks_binary(data):
        return _failed(path, None, "binary data (not UTF-8, many control bytes), not text")
    note = None
    if decoded.fallback_lines:
        note = f"{decoded.fallback_lines} lines were not UTF-8 and were read as {decoded.encoding}"
    return Record(path, None, None, decoded.text, kind if kind in ("text", "html") else "auto", note=note)


def _lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(1-based line number, bytes) per physical line; None for a line over `max_bytes`,
    which is skipped in chunks without being held whole."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := handle.readline(_READ_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, line


def _field(obj: dict[str, Any], name: str) -> Any:
    """obj[name], or a nested value for a dotted name ("meta.body") when no key has the dots."""
    if name in obj:
        return obj[name]
    value: Any = obj
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(name)
        value = value[part]
    return value


def _has_surrogate(value: str | None) -> bool:
    """Whether `value` holds half a surrogate pair (JSON can escape one: "\\ud800"): not
    Unicode text, so it can be neither scored nor written out as UTF-8."""
    if value is None:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _from_fields(obj: dict[str, Any], path: str, line: int, text_field: str, id_field: str, what: str) -> Record:
    try:
        raw_id = _field(obj, id_field)
    except KeyError:
        raw_id = None
    record_id = None if raw_id is None else str(raw_id)
    try:
        text = _field(obj, text_field)
    except KeyError:
        names = ", ".join(list(obj)[:12]) or "none"
        return _failed(path, line, f"no {what} {text_field!r} (has: {names}); set --text-field", record_id)
    if not isinstance(text, str):
        return _failed(path, line, f"{what} {text_field!r} is {type(text).__name__}, not a string", record_id)
    for name, value in ((text_field, text), (id_field, record_id)):
        if _has_surrogate(value):
            return _failed(path, line, f"{what} {name!r} has a lone surrogate (\\ud800-\\udfff), not text", record_id)
    if not text.strip():
        return Record(path, line, record_id, None, error=f"empty {what} {text_field!r}, nothing to score", skipped=True)
    return Record(path, line, record_id, text)


def _empty_file(path: str) -> Record:
    return Record(path, None, None, None, error="empty file, nothing to score", skipped=True)


def _json_record(raw: bytes, path: str, number: int, text_field: str, id_field: str) -> Record:
    """The record of one non-blank JSONL line, or an error record saying what is wrong with it."""
    try:
        obj = json.loads(raw)
    except UnicodeDecodeError as error:
        return _failed(path, number, f"not UTF-8: {error.reason} at byte {error.start}")
    except json.JSONDecodeError as error:
        return _failed(path, number, f"malformed JSON: {error.msg} at column {error.colno}")
    except RecursionError:  # a few KB of "[" reach the decoder's recursion limit
        return _failed(path, number, "malformed JSON: nested too deeply")
    except ValueError as error:  # e.g. an integer over Python's 4,300-digit limit
        return _failed(path, number, f"malformed JSON: {error}")
    if not isinstance(obj, dict):
        return _failed(path, number, f"a JSON {type(obj).__name__}, not an object")
    try:
        return _from_fields(obj, path, number, text_field, id_field, "field")
    except (RecursionError, ValueError):  # str() of a deeply nested or huge id
        return _failed(path, number, "malformed JSON: id field too deeply nested or too large")


def _jsonl(handle: BinaryIO, path: str, text_field: str, id_field: str, max_bytes: int) -> Iterator[Record]:
    empty = True
    for number, raw in _lines(handle, max_bytes):
        if raw is None:
            empty = False
            yield _failed(path, number, f"record over --max-bytes ({max_bytes:,} bytes)")
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue  # a blank line is not a record
        empty = False
        yield _json_record(raw, path, number, text_field, id_field)
    if empty:  # nothing at all would otherwise come out for this file
        yield _empty_file(path)


def _decoded_lines(lines: Iterable[tuple[int, bytes | None]], state: dict[str, Any]) -> Iterator[str]:
    """Text lines for the csv module (UTF-8, else Windows-1252 per line). An oversize line is
    noted by number in `state["oversize"]` and stands in as a one-cell placeholder, so the row
    holding it still comes out (as an error record); no text a user writes can pass for it."""
    for number, raw in lines:
        state["line"] = number
        if raw is None:
            state["oversize"].add(number)
            yield "-\n"
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:  # not `decode` first: it drops a BOM, which on a later line is a cell's own text
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield decode(raw).text


def _csv_rows(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(line where the row starts, its cells, None) per non-blank row; (line, None, why) for
    one the csv module cannot parse (it goes on at the next line) or one holding a line over
    `max_bytes`."""
    state: dict[str, Any] = {"line": 0, "oversize": set()}
    reader = csv.reader(_decoded_lines(_lines(handle, max_bytes), state))
    while True:
        start = state["line"] + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield start, None, f"malformed CSV: {error}"
            continue
        if any(number in state["oversize"] for number in range(start, state["line"] + 1)):
            yield start, None, f"row over --max-bytes ({max_bytes:,} bytes)"
        elif row:  # a blank line is not a record (nor a header)
            yield start, row, None


def _csv(handle: BinaryIO, path: str, text_field: str, id_field: str, max_bytes: int) -> Iterator[Record]:
    csv.field_size_limit(max(max_bytes, 131072))
    header: list[str] | None = None
    records = 0
    for start, row, error in _csv_rows(handle, max_bytes):
        if row is not None and header is None:
            header = [name.strip() for name in row]
            continue
        records += 1
        if row is None:
            yield _failed(path, start, error or "malformed CSV")
        elif header is None or len(row) != len(header):
            yield _failed(path, start, f"{len(row)} cells, the header has {len(header or ())}")
        else:
            yield _from_fields(dict(zip(header, row, strict=True)), path, start, text_field, id_field, "column")
    if not records:  # nothing at all would otherwise come out for this file
        yield _empty_file(path) if header is None else replace(_empty_file(path), error="header only, nothing to score")
