"""Translationese words: machine round trips favour common, Latinate words and lose phrasal
verbs and particles; the shipped table says so, and a malformed table is refused by line."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from detector.lm import translationese
from detector.model_files import ModelFileError
from detector.resources import data_file

# Team-written: the same content, once as a round trip through a Romance language tends to
# word it, once as a person would.
TRANSLATED = "It is necessary to ensure that the existing products are mainly presented in accordance with the rules."
IDIOMATIC = "We might need to check that the old products show up across the shops, though, upon a second look."


def _mean(text: str) -> float:
    words = text.lower().replace(",", " ").replace(".", " ").split()
    return translationese.total(words) / len(words)


def test_machine_translation_words_lean_positive_and_phrasal_particles_negative() -> None:
    table = translationese.table()
    assert len(table) > 10_000
    for word in ("mainly", "ensure", "existing", "presented"):
        assert table[word] > 0.3, word
    for word in ("upon", "across", "though", "might"):
        assert table[word] < -0.3, word


def test_a_translated_wording_reads_more_translated_than_an_idiomatic_one() -> None:
    assert _mean(TRANSLATED) > _mean(IDIOMATIC) + 0.1


def test_unknown_words_count_zero() -> None:
    assert translationese.total(["qwxzv", "zzzyq"]) == 0.0
    assert translationese.total([]) == 0.0


@pytest.fixture
def table_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / translationese.TABLE_FILE
    shutil.copyfile(data_file(translationese.TABLE_FILE), path)
    translationese.table.cache_clear()
    monkeypatch.setattr(translationese, "data_file", lambda name: tmp_path / name)
    try:
        yield path
    finally:
        monkeypatch.undo()
        translationese.table.cache_clear()


def test_a_line_without_a_number_is_refused_naming_the_line(table_copy: Path) -> None:
    lines = table_copy.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(7, "mainly\tmany\n")
    table_copy.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ModelFileError, match="line 8"):
        translationese.table()
