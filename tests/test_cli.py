"""Tests for the command line (`python -m detector`), run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SPUN_TEXT = "The Unfamiliar Clergyman spoke at the Unified Countries about the Virus War.\n"


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "detector", *args],
        check=False,
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=full_env,
        timeout=300,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture
def spun_file(tmp_path: Path) -> Path:
    path = tmp_path / "spun.txt"
    path.write_text(SPUN_TEXT, encoding="utf-8")
    return path


def test_help() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "score" in result.stdout and "check" in result.stdout
    for command in ("score", "check"):
        sub = run(command, "--help")
        assert sub.returncode == 0
        assert "--format" in sub.stdout


def test_no_command_is_a_usage_error() -> None:
    result = run()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_score_prints_one_json_line(spun_file: Path) -> None:
    result = run("score", str(spun_file))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["source"] == str(spun_file)
    assert 0.0 <= record["score"] <= 1.0
    assert record["label"] == "spun"
    texts = [s["text"] for s in record["spans"]]
    assert "Unfamiliar Clergyman" in texts
    for span in record["spans"]:
        assert SPUN_TEXT[span["start"] : span["end"]] == span["text"]


def test_score_several_files_one_line_each(spun_file: Path) -> None:
    clean = SAMPLES / "clean_news.txt"
    result = run("score", str(spun_file), str(clean))
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(spun_file), str(clean)]


def test_format_text_shows_brackets(spun_file: Path) -> None:
    result = run("score", "--format", "text", "--color", "never", str(spun_file))
    assert result.returncode == 0, result.stderr
    assert "[Unfamiliar Clergyman]" in result.stdout
    assert "Foreign Minister" in result.stdout
    assert "\033[" not in result.stdout


def test_color_always_uses_escape_codes(spun_file: Path) -> None:
    result = run("score", "--format", "text", "--color", "always", str(spun_file))
    assert result.returncode == 0
    assert "\033[" in result.stdout


def test_check_exit_codes() -> None:
    spun = run("check", str(SAMPLES / "spun_news.txt"))
    assert spun.returncode == 1, spun.stderr
    clean = run("check", str(SAMPLES / "clean_news.txt"))
    assert clean.returncode == 0, clean.stderr
    both = run("check", str(SAMPLES / "clean_news.txt"), str(SAMPLES / "spun_news.txt"))
    assert both.returncode == 1


def test_score_exit_code_is_zero_even_when_spun() -> None:
    assert run("score", str(SAMPLES / "spun_news.txt")).returncode == 0


def test_no_discovery_flag(spun_file: Path) -> None:
    record = json.loads(run("score", "--no-discovery", str(spun_file)).stdout)
    assert record["spans"]
    assert all(s["kind"] == "fingerprint" for s in record["spans"])


@pytest.mark.parametrize("make_path", [lambda d: d / "does-not-exist.txt", lambda d: d])
def test_unreadable_path(tmp_path: Path, make_path) -> None:  # type: ignore[no-untyped-def]
    path = make_path(tmp_path)
    result = run("score", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]


def test_missing_pps_file(spun_file: Path, tmp_path: Path) -> None:
    result = run("score", "--pps", str(tmp_path / "nope.csv"), str(spun_file))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_malformed_pps_file(spun_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run("score", "--pps", str(bad), str(spun_file))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_pps_file(spun_file: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "pps.csv"
    csv_path.write_text('tortured_phrase,expected_phrase,num_papers\n"spoke at",talked at,3\n', encoding="utf-8")
    record = json.loads(run("score", "--pps", str(csv_path), str(spun_file)).stdout)
    assert any(s["kind"] == "pps" and s["text"] == "spoke at" for s in record["spans"])
    old = run("score", "--fingerprints", str(csv_path), str(spun_file))
    assert json.loads(old.stdout) == record
    assert "--fingerprints is deprecated, use --pps" in old.stderr


def test_stdin() -> None:
    result = run("score", "-", stdin=SPUN_TEXT.encode("utf-8"))
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert record["source"] == "-"
    assert record["label"] == "spun"


def test_invalid_utf8_file_is_read_with_replacement(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("The Unfamiliar Clergyman caf\u00e9 \xff\xfe".encode("latin-1"))
    result = run("score", str(path))
    assert result.returncode == 0
    assert json.loads(result.stdout)["spans"]


def test_invalid_utf8_on_stdin_does_not_crash() -> None:
    """Invalid UTF-8 on standard input is an input error (exit 2) or read with replacement, not a traceback.

    Files are read with errors="replace", but `-` uses sys.stdin.read(), which is strict
    unless the locale is C/POSIX; PYTHONIOENCODING=utf-8 reproduces a UTF-8 user locale.
    """
    result = run("score", "-", stdin=b"The Unfamiliar Clergyman \xff\xfe spoke.", env={"PYTHONIOENCODING": "utf-8"})
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 2)


HTML_PAGE = (
    "<!doctype html><html><head><title>x</title><style>p{color:red}</style></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li><li><a href='/s'>Sport</a></li></ul></nav>"
    "<article><h1>Talks resume</h1><p>The Unfamiliar Clergyman spoke at the Unified Countries about the Virus War, "
    "and he said that the talks with the neighbouring states would resume next week in the capital.</p></article>"
    "<footer><p>&copy; 2026 The Daily Example. All rights reserved.</p></footer></body></html>"
)


@pytest.mark.parametrize("suffix, forced", [(".html", None), (".txt", "html")])
def test_html_input_offsets_point_into_the_reported_text(tmp_path: Path, suffix: str, forced: str | None) -> None:
    path = tmp_path / f"page{suffix}"
    path.write_text(HTML_PAGE, encoding="utf-8")
    extra = ["--input-format", forced] if forced else []
    result = run("score", *extra, str(path))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["source_format"] == "html"
    assert "<" not in record["text"]
    assert record["spans"], record
    for span in record["spans"]:
        assert record["text"][span["start"] : span["end"]] == span["text"]
    furniture = [record["text"][s:e] for s, e, _ in record["quality"]["boilerplate"]]
    assert "Home" in furniture and any("All rights reserved" in line for line in furniture)


def test_html_read_as_text_when_told(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    record = json.loads(run("score", "--input-format", "text", str(path)).stdout)
    assert record["source_format"] == "text"
    assert record["text"] is None


def test_mixed_encoding_file_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(SPUN_TEXT.encode() + "Caf\u00e9 owners met on Monday.\n".encode("cp1252"))
    record = json.loads(run("score", str(path)).stdout)
    assert any("not UTF-8" in note for note in record["notes"])
    assert not any(flag["name"] == "encoding" for flag in record["quality"]["flags"])


def test_train_subcommand_is_listed() -> None:
    result = run("train", "--help")
    assert result.returncode == 0
    assert "--keep-word-model" in result.stdout


def test_text_view_shows_probabilities_and_reasons(spun_file: Path) -> None:
    result = run("score", "--format", "text", "--color", "never", str(spun_file))
    assert "spun " in result.stdout and "machine-translated" in result.stdout
    assert "   why: " in result.stdout


# --- batch inputs, gates and failure handling ---------------------------------------------

CLEAN_SHORT = "The council met on Tuesday to discuss the new budget for schools.\n"


def _jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_folder_jsonl_and_csv_inputs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "spun.txt").write_text(SPUN_TEXT, encoding="utf-8")
    (tmp_path / "notes.py").write_text("print('not text')\n", encoding="utf-8")
    (tmp_path / "recs.jsonl").write_text(
        json.dumps({"doc": "j1", "body": SPUN_TEXT}) + "\n" + json.dumps({"doc": "j2", "body": CLEAN_SHORT}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "recs.csv").write_text(f'doc,body\nc1,"{CLEAN_SHORT.strip()}\nsecond line"\n', encoding="utf-8")
    result = run("score", "--text-field", "body", "--id-field", "doc", str(tmp_path))
    assert result.returncode == 0, result.stderr
    records = _jsonl(result.stdout)
    assert [(Path(r["source"]).name, r["line"], r["id"]) for r in records] == [
        ("recs.csv", 2, "c1"),
        ("recs.jsonl", 1, "j1"),
        ("recs.jsonl", 2, "j2"),
        ("spun.txt", None, None),
    ]
    assert records[1]["label"] == "spun" and all(r["status"] == "ok" for r in records)


def test_bad_records_become_error_records_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps({"text": SPUN_TEXT}) + "\n{broken\n" + json.dumps({"txt": "x"}) + "\n" + json.dumps({"text": "ok"}),
        encoding="utf-8",
    )
    result = run("check", str(path))
    assert result.returncode == 2
    records = _jsonl(result.stdout)
    assert [r["status"] for r in records] == ["ok", "error", "error", "ok"]
    assert [r["line"] for r in records] == [1, 2, 3, 4]
    assert "Traceback" not in result.stderr
    messages = result.stderr.strip().splitlines()
    assert len(messages) == 2 and messages[0].startswith(f"detector: {path}:2: malformed JSON")


def test_binary_empty_and_missing_inputs(tmp_path: Path) -> None:
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "empty.txt").write_bytes(b"")
    empty = run("score", str(tmp_path / "empty.txt"))
    assert empty.returncode == 0 and _jsonl(empty.stdout)[0]["status"] == "skipped"
    assert len(empty.stderr.strip().splitlines()) == 1
    binary = run("score", str(tmp_path / "blob.txt"))
    assert binary.returncode == 2 and "binary" in _jsonl(binary.stdout)[0]["error"]
    assert len(binary.stderr.strip().splitlines()) == 1
    (tmp_path / "nothing").mkdir()
    folder = run("score", str(tmp_path / "nothing"))
    assert folder.returncode == 2 and "no files matching" in folder.stderr
    assert [r["status"] for r in _jsonl(folder.stdout)] == ["error"]  # a record like any unreadable input


def test_a_100_mb_record_is_refused_and_the_next_one_scored(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"text": "' + "word " * 20_000_000 + '"}\n')
        handle.write(json.dumps({"text": SPUN_TEXT}) + "\n")
    result = run("score", str(path))
    assert result.returncode == 2
    records = _jsonl(result.stdout)
    assert [r["status"] for r in records] == ["error", "ok"]
    assert "over --max-bytes" in records[0]["error"]


def test_threshold_fail_on_and_allow(tmp_path: Path, spun_file: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN_SHORT, encoding="utf-8")
    assert run("check", str(clean)).returncode == 0
    assert run("check", "--threshold", "0", str(clean)).returncode == 1
    assert run("check", "--fail-on", "quality", str(clean)).returncode == 1  # too few words
    assert run("check", "--fail-on", "mt", "--mt-threshold", "1", str(spun_file)).returncode == 0
    allow = tmp_path / "allow.txt"
    allow.write_text("# names\nUnfamiliar Clergyman\nUnified Countries\nVirus War\n", encoding="utf-8")
    record = _jsonl(run("score", "--allow", str(allow), str(spun_file)).stdout)[0]
    assert not {s["text"] for s in record["spans"]} & {"Unfamiliar Clergyman", "Unified Countries", "Virus War"}
    for bad in (
        ["--threshold", "2"],
        ["--fail-on", "nonsense"],
        ["--jobs", "0"],
        ["--allow", str(tmp_path / "x")],
        ["--thorough"],  # refines --deep, which is missing
    ):
        result = run("check", *bad, str(clean))
        assert result.returncode == 2 and "Traceback" not in result.stderr, bad


def test_two_jobs_give_the_same_records_in_order(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    texts = [SPUN_TEXT if i % 3 == 0 else CLEAN_SHORT for i in range(12)]
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    one, two = run("score", str(path)), run("score", "--jobs", "2", str(path))
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert [r["id"] for r in _jsonl(two.stdout)] == [str(i) for i in range(12)]


def test_stdin_jsonl_and_output_formats(spun_file: Path) -> None:
    result = run("score", "--input-format", "jsonl", stdin=(json.dumps({"text": SPUN_TEXT}) + "\n").encode())
    assert _jsonl(result.stdout)[0]["label"] == "spun"
    rows = run("score", "--format", "csv", str(spun_file)).stdout.splitlines()
    assert rows[0].startswith("id,source,line,status,label,score")
    annotations = run("check", "--format", "github", str(spun_file))
    assert annotations.returncode == 1
    assert f"::warning file={spun_file},line=1,col=5,title=detector%3A fingerprint::" in annotations.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_leaves_valid_jsonl_and_exits_130(tmp_path: Path, jobs: str) -> None:
    import signal
    import time

    path = tmp_path / "long.jsonl"
    path.write_text((json.dumps({"text": SPUN_TEXT * 20}) + "\n") * 3000, encoding="utf-8")
    # A test run started in the background inherits SIGINT ignored, which a child would keep
    # across exec; a handler (any) is reset to the default there, as a terminal's Ctrl-C meets it.
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "detector", "score", "--jobs", jobs, str(path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    finally:
        signal.signal(signal.SIGINT, before)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()  # scoring has started
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    rest = process.stdout.read()  # through the same buffered reader, so nothing read ahead is lost
    stderr = process.stderr.read()
    process.wait(timeout=60)
    lines = (first + rest).decode().splitlines()
    assert process.returncode == 130, stderr
    assert 1 <= len(lines) < 3000
    assert all(json.loads(line)["status"] == "ok" for line in lines)
    messages = stderr.decode().strip().splitlines()
    assert len(messages) == 1 and messages[0].startswith("detector: interrupted after"), stderr
    said = int(messages[0].split()[3])  # each record once, not once per status and once per label
    assert said in (len(lines), len(lines) - 1), messages[0]  # - 1: interrupted between write and count


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text((json.dumps({"text": CLEAN_SHORT}) + "\n") * 200, encoding="utf-8")
    shell = f"{sys.executable} -m detector score {path} | head -n 1"
    result = subprocess.run(shell, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


# --- hostile inputs: every record comes out, nothing crashes the run ------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_deeply_nested_jsonl_line_is_one_error_record(tmp_path: Path, jobs: str) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text(
        json.dumps({"text": SPUN_TEXT}) + "\n" + "[" * 2000 + "\n" + json.dumps({"text": CLEAN_SHORT}) + "\n",
        encoding="utf-8",
    )
    result = run("score", "--jobs", jobs, str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    records = _jsonl(result.stdout)
    assert [(r["line"], r["status"]) for r in records] == [(1, "ok"), (2, "error"), (3, "ok")]
    assert result.stderr.strip().splitlines() == [f"detector: {path}:2: {records[1]['error']}"]


def test_lone_surrogates_in_records_and_file_names(tmp_path: Path) -> None:
    """Half a surrogate pair in a JSON string, and a file name that is not UTF-8 (it reaches
    Python as one), must give records, not a UnicodeEncodeError in the writer."""
    path = tmp_path / "surrogates.jsonl"
    path.write_text(
        '{"id": "\\ud800", "text": "x"}\n{"id": 2, "text": "bad \\udc00"}\n' + json.dumps({"text": SPUN_TEXT}) + "\n",
        encoding="utf-8",
    )
    odd = tmp_path / os.fsdecode(b"odd\xffname.txt")
    odd.write_text(SPUN_TEXT, encoding="utf-8")
    for kind in ("jsonl", "csv", "text", "github"):
        result = run("score", "--format", kind, str(path), str(odd))
        assert result.returncode == 2 and "Traceback" not in result.stderr, (kind, result.stderr)
        assert "odd\\xffname.txt" in result.stdout.replace("\\\\", "\\"), kind  # JSON doubles backslashes
    records = _jsonl(run("score", str(path), str(odd)).stdout)
    assert [r["status"] for r in records] == ["error", "error", "ok", "ok"]
    assert records[0]["id"] == "\\ud800" and "surrogate" in records[0]["error"]
    assert records[3]["source"] == str(tmp_path / "odd\\xffname.txt") and records[3]["label"] == "spun"


@pytest.mark.parametrize("value", ["-1", "0", "-5", "x"])
def test_bad_max_bytes_is_a_usage_error(spun_file: Path, value: str) -> None:
    result = run("score", "--max-bytes", value, str(spun_file))
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr and "--max-bytes" in result.stderr, result.stderr


def test_empty_record_files_give_skipped_records(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "header.csv").write_text("id,text\n", encoding="utf-8")
    result = run("score", str(tmp_path))
    assert result.returncode == 0, result.stderr
    records = _jsonl(result.stdout)
    assert [(Path(r["source"]).name, r["status"]) for r in records] == [
        ("empty.csv", "skipped"),
        ("empty.jsonl", "skipped"),
        ("header.csv", "skipped"),
    ]
    assert len(result.stderr.strip().splitlines()) == 3


def test_broken_links_and_empty_folders_do_not_stop_the_run(tmp_path: Path, spun_file: Path) -> None:
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "good.txt").write_text(CLEAN_SHORT, encoding="utf-8")
    (folder / "broken.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    (tmp_path / "nothing").mkdir()
    result = run("score", str(spun_file), str(tmp_path / "nothing"), str(folder))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    records = _jsonl(result.stdout)
    assert [(Path(r["source"]).name, r["status"]) for r in records] == [
        ("spun.txt", "ok"),
        ("nothing", "error"),
        ("broken.txt", "error"),
        ("good.txt", "ok"),
        ("loop.md", "error"),
    ]
    assert "no files matching" in records[1]["error"] and "cannot read" in records[2]["error"]
    assert len(result.stderr.strip().splitlines()) == 3


def test_random_bytes_are_an_error_record_not_a_clean_page(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4096)))
    result = run("score", str(path))
    assert result.returncode == 2
    [record] = _jsonl(result.stdout)
    assert record["status"] == "error" and "not text" in record["error"]


def test_text_format_escapes_terminal_control_sequences(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text("\x1b]0;owned\x07\x1b[2J\x1b[H" + SPUN_TEXT, encoding="utf-8")
    for color in ("never", "always"):
        result = run("score", "--format", "text", "--color", color, str(path))
        assert result.returncode == 0, result.stderr
        assert "\x1b]" not in result.stdout and "\x07" not in result.stdout and "\x1b[2J" not in result.stdout
        assert "\\x1b]0;owned\\x07\\x1b[2J\\x1b[H" in result.stdout
