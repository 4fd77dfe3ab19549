"""The irregular-forms table: WordNet exception rows, their tags, and what is kept."""

from __future__ import annotations

from detector.training.irregular_forms import exception_rows, main, verb_tag


def test_a_verb_exception_is_tagged_by_its_ending() -> None:
    assert verb_tag("took") == "ed" and verb_tag("lying") == "ing" and verb_tag("goes") == "s"
    assert verb_tag("dressed") == "ed"


def test_exception_rows_keep_single_words_with_every_lemma(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "verb.exc").write_text("took take\nappalled appal appall\njoined_forces join_forces\nbed bed\n")
    (tmp_path / "noun.exc").write_text("men man\nko's ko\n")
    assert exception_rows(tmp_path) == {
        ("took", "take", "ed"),
        ("appalled", "appal", "ed"),
        ("appalled", "appall", "ed"),
        ("men", "man", "s"),
    }


def test_the_table_is_written_with_its_licence_and_only_known_forms(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "wordnet"
    source.mkdir()
    (source / "verb.exc").write_text("took take\nscrapped scrap\nzzqxed zzqx\nwas be\n")
    (source / "noun.exc").write_text("men man\n")
    out = tmp_path / "data" / "irregular_forms.tsv"
    out.parent.mkdir()
    assert main(["--source", str(source), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Princeton University" in text
    rows = {tuple(line.split("\t")) for line in text.splitlines() if not line.startswith("#")}
    assert {("took", "take", "ed"), ("scrapped", "scrap", "ed"), ("men", "man", "s"), ("cast", "cast", "ed")} <= rows
    assert not any(row[0] in ("zzqxed", "was") for row in rows)  # unknown to the LM, an auxiliary
