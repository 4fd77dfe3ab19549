"""Tests for detector.review.verdicts: the SQLite store of verdicts, dismissed spans and the allowlist."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from detector.review.verdicts import VerdictStore, default_path, document_key, named_store_path
from detector.training.doc_corpus import reviewed


def test_created_on_first_use_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "verdicts.sqlite3"
    store = VerdictStore(path)
    assert path.exists()
    key = store.set_verdict("Some text.", "a.txt", "spun", "clear case", score=0.9, mt_score=0.1, label="spun")
    assert key == document_key("Some text.")
    store.set_verdict("Some text.", "a.txt", "clean", "changed my mind")
    again = VerdictStore(path)
    verdict = again.verdict(key)
    assert verdict is not None and (verdict.verdict, verdict.comment) == ("clean", "changed my mind")
    assert again.verdicts() == {key: "clean"}
    assert again.verdict(document_key("other")) is None


def test_dismissed_spans_and_allowlist(tmp_path: Path) -> None:
    store = VerdictStore(tmp_path / "v.sqlite3")
    store.dismiss_span("k", 4, 13, "Virus War", "a band")
    store.dismiss_span("k", 20, 25, "other")
    assert store.dismissed("k") == {(4, 13), (20, 25)}
    store.restore_span("k", 20, 25)
    assert store.dismissed("k") == {(4, 13)} and store.dismissed("nope") == set()
    store.allow("  Virus   War ", "band name")
    store.allow("virus war")  # the same phrase, any case
    store.allow("Bright Reason")
    assert store.allowed() == ["Bright Reason", "virus war"]
    store.disallow("VIRUS WAR")
    assert store.allowed() == ["Bright Reason"]
    with pytest.raises(ValueError):
        store.allow("   ")


def test_export_feeds_training(tmp_path: Path) -> None:
    store = VerdictStore(tmp_path / "v.sqlite3")
    store.set_verdict("Spun text here.", "a", "spun")
    store.set_verdict("Translated text here.", "b", "mt")
    store.set_verdict("Clean text here.", "c", "clean")
    store.set_verdict("Hard to say.", "d", "unsure")
    out = io.StringIO()
    assert store.export(out) == 3
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["label"] for r in records] == ["spun", "mt", "clean"]
    path = tmp_path / "verdicts.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    docs = reviewed(path)
    assert [(d.spun, d.mt, d.group) for d in docs] == [(1, 0, "review"), (0, 1, "review"), (0, 0, "review")]


def test_bad_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = VerdictStore(tmp_path / "v.sqlite3")
    with pytest.raises(ValueError, match="verdict must be one of"):
        store.set_verdict("x", "a", "maybe")
    with pytest.raises(ValueError, match="is a folder"):
        VerdictStore(tmp_path)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ValueError, match="not a usable SQLite file"):
        VerdictStore(junk)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "maybe"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        reviewed(bad)
    monkeypatch.setenv("DETECTOR_VERDICTS", str(tmp_path / "env.sqlite3"))
    assert default_path() == str(tmp_path / "env.sqlite3")


def test_train_refuses_a_bad_extra_file_before_any_work(tmp_path: Path) -> None:
    from detector.training.doc_model import main

    bad = tmp_path / "verdicts.jsonl"
    bad.write_text('{"text": "fine", "label": "spun"}\n{"label": "clean"}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="verdicts.jsonl:2"):
        main(["--extra", str(bad), "--keep-word-model"])
    with pytest.raises(SystemExit, match="No such file"):
        main(["--extra", str(tmp_path / "missing.jsonl"), "--keep-word-model"])


@pytest.mark.parametrize(
    "name",
    ["../v.sqlite3", "a/v.sqlite3", "a\\v.sqlite3", "/etc/v.sqlite3", "..", ".", "", "  ", ".hidden.sqlite3",
     "C:v.sqlite3", "v.txt", "v", "v.sqlite3\0.txt"],
)  # fmt: skip
def test_a_store_named_from_the_ui_is_a_plain_file_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="plain file name|ends in"):
        named_store_path(name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_store_name_lands_in_the_configured_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert named_store_path(" team.sqlite3 ", tmp_path) == tmp_path / "team.sqlite3"
    monkeypatch.setenv("DETECTOR_VERDICTS_DIR", str(tmp_path / "stores"))
    assert named_store_path("team.db") == tmp_path / "stores" / "team.db"
    monkeypatch.delenv("DETECTOR_VERDICTS_DIR")
    assert named_store_path("team.sqlite") == Path("team.sqlite")


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    """Opening a store adds its tables; a SQLite file of something else must not get them."""
    import sqlite3

    other = tmp_path / "app.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE users (name TEXT)")
    db.close()
    with pytest.raises(ValueError, match="another program's SQLite database"):
        VerdictStore(other)
    with sqlite3.connect(other) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    db.close()
    assert tables == ["users"]
    VerdictStore(tmp_path / "v.sqlite3").allow("fine")  # an existing store reopens
    assert VerdictStore(tmp_path / "v.sqlite3").allowed() == ["fine"]
