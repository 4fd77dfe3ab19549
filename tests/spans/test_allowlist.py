"""Tests for detector.spans.allowlist and score(allow=...)."""

from __future__ import annotations

from pathlib import Path

import pytest

from detector import score
from detector.spans.allowlist import Allowlist, load, parse, resolve

SPUN = "The Unfamiliar Clergyman spoke at the Unified Countries about the Virus War."


def test_parse_ignores_comments_and_blanks() -> None:
    allowed = parse("# bands\nVirus War  # a punk band\n\n  unified countries\n")
    assert allowed.phrases == ("Virus War", "unified countries")


def test_ranges_are_word_bounded_and_case_insensitive() -> None:
    allowed = Allowlist(["virus war"])
    assert allowed.ranges("The VIRUS  WAR tour; virus warfare.") == [(4, 14)]


def test_allowed_phrases_are_not_flagged() -> None:
    plain = score(SPUN)
    allowed = score(SPUN, allow=["Virus War", "Unified Countries"])
    assert {s.text for s in plain.spans} >= {"Virus War", "Unified Countries"}
    assert {s.text for s in allowed.spans} == {"Unfamiliar Clergyman"}
    assert allowed.score <= plain.score


def test_allowlist_file(tmp_path: Path) -> None:
    path = tmp_path / "allow.txt"
    path.write_text("\ufeffVirus War\n", encoding="utf-8")
    assert "Virus War" not in {s.text for s in score(SPUN, allow=path).spans}
    assert load(path).phrases == ("Virus War",)


def test_bad_allowlists(tmp_path: Path) -> None:
    path = tmp_path / "allow.txt"
    path.write_bytes(b"caf\xe9\n")
    with pytest.raises(ValueError, match="not UTF-8"):
        load(path)
    with pytest.raises(OSError):
        load(tmp_path / "missing.txt")
    with pytest.raises(TypeError):
        resolve([1, 2])  # type: ignore[list-item]
    assert resolve(None) is None
