"""Tests for the thesaurus layer (`detector.lm.thesaurus`): inflection rules and candidate table."""

from __future__ import annotations

import numpy as np
import pytest

from detector.lm.ngrams import tables
from detector.lm.thesaurus import REAL_LINKS, candidate_table, inflect, lemmas


def test_lemmas_first_reading_is_the_word_itself() -> None:
    for word in ["countries", "war", "minister", "running"]:
        assert lemmas(word)[0] == (word, "")


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("countries", ("country", "s")),
        ("nations", ("nation", "s")),
        ("boxes", ("box", "s")),
        ("studied", ("study", "ed")),
        ("walked", ("walk", "ed")),
        ("stopped", ("stop", "ed")),
        ("making", ("make", "ing")),
        ("running", ("run", "ing")),
        ("quickly", ("quick", "ly")),
        ("happily", ("happy", "ly")),
    ],
)
def test_lemmas_find_the_right_reading(word: str, reading: tuple[str, str]) -> None:
    assert reading in lemmas(word)


def test_no_plural_reading_for_double_s() -> None:
    assert ("clas", "s") not in lemmas("class")


@pytest.mark.parametrize(
    ("lemma", "tag", "form"),
    [
        ("nation", "s", "nations"),
        ("country", "s", "countries"),
        ("box", "s", "boxes"),
        ("day", "s", "days"),
        ("study", "ed", "studied"),
        ("walk", "ed", "walked"),
        ("change", "ed", "changed"),
        ("make", "ing", "making"),
        ("walk", "ing", "walking"),
        ("quick", "ly", "quickly"),
        ("happy", "ly", "happily"),
        ("war", "", "war"),
    ],
)
def test_inflect_gives_the_right_spelling_first(lemma: str, tag: str, form: str) -> None:
    assert inflect(lemma, tag)[0] == form


def test_countries_to_nations_round_trip() -> None:
    """The spinner's "nations" -> "countries" is undone through the lemma "country"."""
    assert ("country", "s") in lemmas("countries")
    forms = inflect("nation", "s")
    assert "nations" in forms
    vocab = tables().index
    # Of the candidate spellings, the vocabulary knows only the real one.
    assert [f for f in forms if f in vocab] == ["nations"]


def test_inflect_unknown_tag() -> None:
    assert inflect("war", "xyz") == []


@pytest.fixture(scope="module")
def lookup():  # type: ignore[no-untyped-def]
    ng = tables()
    table = candidate_table()

    def candidates(word: str) -> list[str]:
        ids, flags = table.of(ng.index[word])
        assert len(ids) == len(flags)
        return [ng.words[i] for i in ids]

    return candidates


@pytest.mark.parametrize(
    ("observed", "original"),
    [
        ("unfamiliar", "foreign"),
        ("clergyman", "minister"),
        ("unified", "united"),
        ("countries", "nations"),
    ],
)
def test_candidate_table_restores_spun_words(lookup, observed: str, original: str) -> None:  # type: ignore[no-untyped-def]
    assert original in lookup(observed)


def test_candidates_are_other_known_words(lookup) -> None:  # type: ignore[no-untyped-def]
    vocab = tables().index
    for word in ["unfamiliar", "clergyman", "war"]:
        cands = lookup(word)
        assert word not in cands
        assert len(cands) == len(set(cands))
        assert all(c in vocab for c in cands)


def test_unknown_word_id_has_no_candidates() -> None:
    ids, flags = candidate_table().of(-1)
    assert len(ids) == 0 and len(flags) == 0


def test_table_shape() -> None:
    table = candidate_table()
    ng = tables()
    assert len(table.offsets) == len(ng.words) + 1
    assert table.offsets[0] == 0
    assert np.all(np.diff(table.offsets) >= 0)
    assert table.offsets[-1] == len(table.candidates) == len(table.flags)
    assert np.all(np.diff(table.offsets) <= 160)  # MAX_CANDIDATES


def test_a_table_row_without_a_tab_is_refused_naming_file_and_line(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from detector.lm import thesaurus
    from detector.model_files import ModelFileError

    path = tmp_path / "extra_links.tsv"
    path.write_text("# comment\nunfamiliar\tforeign\nclergyman minister\n", encoding="utf-8")
    monkeypatch.setattr(thesaurus, "data_file", lambda name: path)
    with pytest.raises(ModelFileError, match=r"extra_links\.tsv, line 3"):
        thesaurus.read_extra_links()
    path.write_bytes(b"unfamiliar\tfor\xffeign\n")
    with pytest.raises(ModelFileError, match=r"extra_links\.tsv is not UTF-8"):
        thesaurus.read_extra_links()


def test_building_the_candidate_table_says_so_on_stderr(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """A first `score()` on a new machine spends seconds here; it must not look hung."""
    from detector.lm import thesaurus

    arrays = {"offsets": np.zeros(2, np.int64), "candidates": np.zeros(0, np.int32), "flags": np.zeros(0, np.int8)}
    monkeypatch.setattr(thesaurus, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(thesaurus, "_build", lambda ngram, cap, irregular_forms: arrays)

    def clear() -> None:
        thesaurus.candidate_table.cache_clear()
        thesaurus.restoration_table.cache_clear()

    clear()
    try:
        thesaurus.candidate_table()
        assert f"detector: building a thesaurus table once (about 10 s) into {tmp_path}" in capsys.readouterr().err
        clear()
        thesaurus.candidate_table()  # derived already: silent
        assert capsys.readouterr().err == ""
    finally:
        clear()


def test_the_restoration_lists_run_longer_than_the_window_scorers() -> None:
    from detector.lm.thesaurus import MAX_CANDIDATES, RESTORATION_CANDIDATES, restoration_table

    assert np.diff(candidate_table().offsets).max() == MAX_CANDIDATES
    assert np.diff(restoration_table().offsets).max() == RESTORATION_CANDIDATES


def test_irregular_forms_reach_the_restoration_search_but_not_the_windows() -> None:
    """ "tossed" -> "toss" -> "cast": a suffix rule spells "casted", so only the irregular table
    makes "cast" a candidate; the window scorer keeps its regular lists (irregular candidates in
    the windows flooded tricky clean text with false spans)."""
    from detector.lm.thesaurus import restoration_table

    ng = tables()

    def holds(table: object, observed: str, original: str) -> bool:
        return ng.index[original] in table.of(ng.index[observed])[0].tolist()  # type: ignore[attr-defined]

    assert holds(restoration_table(), "tossed", "cast")
    assert not holds(candidate_table(), "tossed", "cast")
    assert holds(restoration_table(), "struck", "hit")  # a written irregular form has a lemma now


def test_irregular_readings_and_spellings() -> None:
    from detector.lm.thesaurus import lemmas, readings, spellings

    assert ("man", "s") in readings("men") and ("man", "s") not in lemmas("men")
    assert readings("tables") == lemmas("tables")  # regular words read as before
    assert spellings("take", "ed")[:2] == ["taken", "took"] and spellings("take", "ed")[-1] == "taked"
    assert spellings("cast", "ed")[0] == "cast"  # a past spelled as its base form
    assert spellings("scrap", "ed")[0] == "scrapped"  # the doubling a suffix rule would guess wrong
    assert spellings("walk", "ed") == ["walked", "walkked"]


def test_a_link_the_second_thesaurus_confirms_is_flagged_and_a_loose_one_is_not() -> None:
    from detector.lm.thesaurus import SECOND

    ng, table = tables(), candidate_table()

    def flag(observed: str, original: str) -> int:
        ids, flags = table.of(ng.index[observed])
        where = np.flatnonzero(ids == ng.index[original])
        assert len(where) == 1, f"{original} is not a candidate for {observed}"
        return int(flags[where[0]])

    assert flag("vitality", "energy") & SECOND  # a real synonym in both thesauri
    assert not flag("proceedings", "times") & SECOND  # one of Moby's loose relations


def test_the_second_thesaurus_adds_no_candidates_of_its_own() -> None:
    from detector.lm.thesaurus import BACKWARD, CURATED, FORWARD, LEARNED

    flags = candidate_table().flags
    assert np.all(flags & (FORWARD | BACKWARD | CURATED | LEARNED))


def test_real_links_are_the_candidates_a_source_beyond_moby_supports() -> None:
    ng, table = tables(), candidate_table()
    word = ng.index["request"]
    ids, flags = table.of(word)
    real = table.real_links(word)
    assert ng.index["demand"] in real  # MyThes agrees
    assert real == {int(i) for i, f in zip(ids, flags) if f & REAL_LINKS}
    assert real < set(ids.tolist())  # Moby's loose relations are not real links
    assert table.real_links(ng.index["kidney"]) == frozenset()


def test_the_learned_counts_are_positive_and_one_way() -> None:
    from detector.lm.thesaurus import learned_counts

    counts = learned_counts()
    assert counts and all(isinstance(n, int) and n > 0 for n in counts.values())
    assert all(spun != original for spun, original in counts)


def test_times_seen_reads_the_counts_across_inflection_one_way(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from detector.lm import thesaurus

    monkeypatch.setattr(thesaurus, "learned_counts", lambda: {("organization", "network"): 17, ("data", "facts"): 2})
    thesaurus.times_seen.cache_clear()
    try:
        assert thesaurus.times_seen("organization", "network") == 17
        assert thesaurus.times_seen("organizations", "networks") == 17  # the lemmas' swap
        assert thesaurus.times_seen("organizations", "network") == 0  # the inflections must agree
        assert thesaurus.times_seen("network", "organization") == 0  # spun -> original only
        assert thesaurus.times_seen("data", "facts") == 2
    finally:
        thesaurus.times_seen.cache_clear()
