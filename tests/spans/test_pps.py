"""Tests for the PPS export loader and matcher (`detector.spans.pps`).

Every phrase here is invented: the real PPS list may not be copied into the repository, so
the one test that uses it reads it at run time and is skipped when it is absent.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.spans.pps import (
    Clause,
    PpsFormatError,
    PpsList,
    PpsRule,
    Term,
    load_pps,
    parse_query,
)

REAL_PPS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "pps" / "pps_fingerprints_train.csv"


def rule(query: str, expected: str = "restored wording", num_papers: int = 10) -> PpsRule:
    return PpsRule.from_query(query, expected, num_papers)


def pps(*rules: PpsRule) -> PpsList:
    return PpsList(rules)


def phrase(key: str) -> Term:
    return Term("phrase", key)


def one(*terms: Term) -> Clause:
    """A clause with a single alternative made of `terms` (all required)."""
    return Clause((tuple(terms),))


def write_csv(tmp_path: Path, content: str, name: str = "pps.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    return path


# --------------------------------------------------------------------------- parser


def test_parse_plain_phrase() -> None:
    q = parse_query('"velvet lantern"')
    assert q.positives == (phrase("velvet lantern"),)
    assert q.required == () and q.forbidden == ()
    assert q.proximity is None


def test_parse_normalizes_case_and_separators() -> None:
    q = parse_query('"Velvet  -  LANTERN"')
    assert q.positives == (phrase("velvet lantern"),)


def test_parse_and() -> None:
    q = parse_query('"cloudy turnip" AND "root vegetable"')
    assert q.positives == (phrase("cloudy turnip"),)
    assert q.required == (one(phrase("root vegetable")),)
    assert q.forbidden == ()


def test_parse_not() -> None:
    q = parse_query('"magnetic pebble sorting" NOT "with MPS"')
    assert q.positives == (phrase("magnetic pebble sorting"),)
    assert q.forbidden == (one(phrase("with mps")),)
    assert q.required == ()


def test_parse_and_not_is_not() -> None:
    q = parse_query('"marble soup" AND NOT "kitchen"')
    assert q.forbidden == (one(phrase("kitchen")),)
    assert q.required == ()


def test_parse_or_positives() -> None:
    q = parse_query('"velvet lantern" OR "satin lamp"')
    assert q.positives == (phrase("velvet lantern"), phrase("satin lamp"))


def test_parse_or_binds_tighter_than_and() -> None:
    # PPS rows list variants with OR and context with AND: ("a" OR "b") AND "c".
    q = parse_query('"fit barrel" OR "fit crate" AND "fit gauge"')
    assert q.positives == (phrase("fit barrel"), phrase("fit crate"))
    assert q.required == (one(phrase("fit gauge")),)


def test_parse_proximity() -> None:
    q = parse_query('"gatherings lantern"~10')
    assert q.positives == (Term("near", "gatherings lantern", 10),)
    assert q.proximity == 10
    assert q.positives[0].words == ("gatherings", "lantern")


def test_parse_single_word_proximity_is_a_phrase() -> None:
    assert parse_query('"lantern"~4').positives == (phrase("lantern"),)


def test_parse_unquoted_words_are_anded() -> None:
    q = parse_query('"business marmalade" AND business toast')
    assert q.required == (one(phrase("business"), phrase("toast")),)
    q = parse_query('"surface glitter" NOT specular')
    assert q.forbidden == (one(phrase("specular")),)


def test_parse_parenthesised_or_groups() -> None:
    q = parse_query('"pale otter" AND ("rat" OR "mouse" OR "mice") AND ("final fate" OR "last fate")')
    assert q.positives == (phrase("pale otter"),)
    assert q.required == (
        Clause(((phrase("rat"),), (phrase("mouse"),), (phrase("mice"),))),
        Clause(((phrase("final fate"),), (phrase("last fate"),))),
    )


def test_parse_parenthesised_first_clause() -> None:
    q = parse_query('("velvet lantern" OR "satin lamp") AND "glow"')
    assert q.positives == (phrase("velvet lantern"), phrase("satin lamp"))
    assert q.required == (one(phrase("glow")),)


def test_parse_many_ands() -> None:
    q = parse_query('"bright" AND "keen" AND "canny" AND "astute"')
    assert q.positives == (phrase("bright"),)
    assert len(q.required) == 3


def test_parse_wildcards() -> None:
    q = parse_query('"upgrade reckoning" AND optimiz*')
    assert q.required == (one(Term("prefix", "optimiz")),)
    assert parse_query('"hello salutations" AND "hear*"').required == (one(Term("prefix", "hear")),)
    assert parse_query('"shiny lant*"').positives == (Term("prefix", "shiny lant"),)


def test_parse_proximity_clauses() -> None:
    q = parse_query('"made nations" AND "grown lands" AND "made nations grown lands"~100')
    assert q.required[-1] == one(Term("near", "made nations grown lands", 100))
    assert q.proximity is None  # the reported phrase itself is exact
    q = parse_query('"Chirp labs" NOT "Chirp labs Oxford"~5')
    assert q.forbidden == (one(Term("near", "chirp labs oxford", 5)),)


def test_parse_unquoted_first_clause_is_a_phrase() -> None:
    assert parse_query("grouping lanterns").positives == (phrase("grouping lanterns"),)
    # What a CSV row with a single (not doubled) quote layer turns into after unquoting.
    q = parse_query('a b OR "c d"')
    assert q.positives == (phrase("a b"), phrase("c d"))


def test_parse_keeps_punctuation_inside_phrases() -> None:
    assert parse_query('"fake ratio (FR)"').positives == (phrase("fake ratio (fr)"),)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '""',
        '"unterminated',
        '"velvet lantern" AND',
        '"velvet lantern" OR',
        '"velvet lantern" ADN "glow"',
        'NOT "velvet lantern"',
        '("velvet lantern" OR "satin lamp"',
        '"velvet lantern")',
        '"velvet lantern"~x',
        '"velvet lantern"~',
        '"velvet lantern" AND ("a" AND "b")',
        '"velvet lantern" AND ("a" OR ("b" OR "c"))',
        '"velvet lantern"glow',
        '"velvet lantern" "satin lamp"',
        '"velvet lantern" AND glow~2',
        '"velvet lantern" AND opt*imize',
        '"velvet lantern" AND *',
        '"velvet lan*"~3',
    ],
)
def test_parse_rejects_malformed_queries(query: str) -> None:
    with pytest.raises(PpsFormatError) as info:
        parse_query(query)
    assert isinstance(info.value, ValueError)
    assert repr(query) in str(info.value)  # the message names the offending query


def test_parse_error_messages_are_specific() -> None:
    with pytest.raises(PpsFormatError, match="unterminated quote at position 0"):
        parse_query('"velvet lantern')
    with pytest.raises(PpsFormatError, match="misspelt AND"):
        parse_query('"velvet lantern" ADN "glow"')
    with pytest.raises(PpsFormatError, match="only OR is supported inside parentheses"):
        parse_query('"velvet lantern" AND ("a" AND "b")')


# --------------------------------------------------------------------------- matching


def test_find_plain_phrase_span_fields() -> None:
    lst = pps(rule('"velvet lantern"', "silk lamp", 31202))
    text = "We lit the velvet lantern twice."
    [span] = lst.find(text)
    assert (span.start, span.end, span.text) == (11, 25, "velvet lantern")
    assert span.kind == "pps"
    assert span.score == 1.0
    assert span.suggestion == "silk lamp"
    assert span.reason == 'listed in the supplied PPS export ("velvet lantern", 31,202 papers)'


def test_reason_singular_paper() -> None:
    [span] = pps(rule('"velvet lantern"', num_papers=1)).find("a velvet lantern")
    assert span.reason.endswith("1 paper)")


def test_find_case_and_separators() -> None:
    lst = pps(rule('"velvet lantern"'))
    text = "VELVET Lantern; Velvet\n   lantern; velvet-lantern."
    spans = lst.find(text)
    assert [s.text for s in spans] == ["VELVET Lantern", "Velvet\n   lantern", "velvet-lantern"]


@pytest.mark.parametrize(
    "text",
    ["velvet lanterns", "avelvet lantern", "velvet lantern_x", "velvetlantern", "velvet lan tern"],
)
def test_find_respects_word_boundaries(text: str) -> None:
    assert pps(rule('"velvet lantern"')).find(text) == []


def test_find_and_is_document_level() -> None:
    lst = pps(rule('"cloudy turnip" AND "root vegetable"', "cloudy carrot"))
    assert lst.find("A cloudy turnip grew.") == []
    # The other clause may be anywhere, before or after, far away.
    far = "filler " * 500
    for text in (
        f"A cloudy turnip grew. {far} It is a root vegetable.",
        f"Root vegetable notes. {far} A cloudy turnip grew.",
    ):
        [span] = lst.find(text)
        assert span.text == "cloudy turnip"
        assert span.suggestion == "cloudy carrot"


def test_find_and_clause_spans_are_not_reported() -> None:
    spans = pps(rule('"cloudy turnip" AND "root vegetable"')).find("cloudy turnip, root vegetable")
    assert [s.text for s in spans] == ["cloudy turnip"]


def test_find_not_is_document_level() -> None:
    lst = pps(rule('"magnetic pebble sorting" NOT "with MPS"'))
    spans = lst.find("We used magnetic pebble sorting.")
    assert [s.text for s in spans] == ["magnetic pebble sorting"]
    assert lst.find("We used magnetic pebble sorting. " + "x " * 300 + "Done with MPS.") == []


def test_find_not_bare_word() -> None:
    lst = pps(rule('"surface glitter" NOT specular'))
    assert len(lst.find("the surface glitter of the coat")) == 1
    assert lst.find("Specular: the surface glitter of the coat") == []


def test_find_and_not_combined() -> None:
    lst = pps(rule('"marble soup" AND "bowl" NOT "recipe book"'))
    assert lst.find("marble soup") == []
    assert len(lst.find("marble soup in a bowl")) == 1
    assert lst.find("marble soup in a bowl from the recipe book") == []


def test_find_or_positives() -> None:
    lst = pps(rule('"velvet lantern" OR "satin lamp"', "silk lamp"))
    spans = lst.find("A satin lamp and a velvet lantern.")
    assert [s.text for s in spans] == ["satin lamp", "velvet lantern"]
    assert {s.suggestion for s in spans} == {"silk lamp"}


def test_find_or_in_clause() -> None:
    lst = pps(rule('"pale otter" AND ("rat" OR "mouse")'))
    assert lst.find("a pale otter") == []
    assert len(lst.find("a pale otter and a mouse")) == 1
    assert len(lst.find("a rat; a pale otter")) == 1
    assert lst.find("a pale otter and a ratchet") == []  # word-bounded clauses too


def test_find_unquoted_clause_words_each_required() -> None:
    lst = pps(rule('"business marmalade" AND business toast'))
    assert lst.find("business marmalade is tasty") == []  # "toast" missing
    assert len(lst.find("Toast first. Then business marmalade.")) == 1


def test_find_wildcard_clause() -> None:
    lst = pps(rule('"upgrade reckoning" AND optimiz*'))
    assert lst.find("an upgrade reckoning") == []
    assert len(lst.find("an upgrade reckoning for Optimization")) == 1
    assert lst.find("an upgrade reckoning, reoptimized") == []  # the stem starts a word


def test_find_wildcard_positive() -> None:
    lst = pps(rule('"shiny lant*"', "bright lamp"))
    text = "Two Shiny lanterns and a shiny-lantlet."
    spans = lst.find(text)
    assert [s.text for s in spans] == ["Shiny lanterns", "shiny-lantlet"]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_find_proximity_any_order_within_window() -> None:
    lst = pps(rule('"velvet lantern"~3'))  # window: 3 + 2 = 5 tokens
    text = "The velvet old brass hanging lantern."
    [span] = lst.find(text)
    assert span.text == "velvet old brass hanging lantern"  # first to last word
    [span] = lst.find("A lantern, made of velvet.")
    assert span.text == "lantern, made of velvet"
    assert lst.find("velvet a b c d lantern") == []  # 6 tokens > 5


def test_find_proximity_tokens_and_newlines() -> None:
    lst = pps(rule('"gathering lantern"~1'))
    assert [s.text for s in lst.find("gathering\nthe lantern")] == ["gathering\nthe lantern"]
    assert lst.find("gathering the old lantern") == []


def test_find_proximity_multiple_non_overlapping_matches() -> None:
    lst = pps(rule('"velvet lantern"~2'))
    text = "velvet x lantern " + "pad " * 20 + "lantern velvet"
    spans = lst.find(text)
    assert [s.text for s in spans] == ["velvet x lantern", "lantern velvet"]


def test_find_proximity_repeated_word_needs_two_occurrences() -> None:
    lst = pps(rule('"bell bell tower"~2'))
    assert lst.find("bell tower") == []
    assert [s.text for s in lst.find("bell and bell tower")] == ["bell and bell tower"]


def test_find_proximity_clauses() -> None:
    required = pps(rule('"made nations" AND "made grown"~3'))
    assert required.find("made nations") == []
    assert len(required.find("made nations. Grown a b made.")) == 1
    forbidden = pps(rule('"chirp labs" NOT "chirp labs oxford"~5'))
    assert len(forbidden.find("the chirp labs team")) == 1
    assert forbidden.find("the chirp labs team in Oxford") == []


def test_find_dedupes_identical_spans_best_attested_wins() -> None:
    lst = pps(
        rule('"velvet lantern"', "rare guess", 3),
        rule('"velvet lantern" OR "satin lamp"', "silk lamp", 500),
        rule('"velvet lantern" AND "glow"', "context guess", 40),
    )
    spans = lst.find("the velvet lantern's glow")
    assert len(spans) == 1
    assert spans[0].suggestion == "silk lamp"
    assert "500 papers" in spans[0].reason


def test_find_overlapping_distinct_spans_sorted() -> None:
    lst = pps(
        rule('"deep velvet lantern"', "a"),
        rule('"velvet lantern"', "b"),
        rule('"deep velvet"', "c"),
    )
    spans = lst.find("a deep velvet lantern")
    assert [(s.text, s.suggestion) for s in spans] == [
        ("deep velvet lantern", "a"),
        ("deep velvet", "c"),
        ("velvet lantern", "b"),
    ]
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_find_empty_inputs() -> None:
    assert pps().find("anything") == []
    assert pps(rule('"velvet lantern"')).find("") == []
    assert len(pps()) == 0


_RULES = pps(
    rule('"velvet lantern"', "v"),
    rule('"satin lamp" OR "silk glow"', "s"),
    rule('"cloudy turnip" AND "soil"', "c"),
    rule('"pale otter" NOT "river"', "p"),
    rule('"brass owl"~2', "b"),
    rule('"shiny lant*"', "l"),
)
_PIECES = [
    "velvet lantern",
    "Satin Lamp",
    "silk-glow",
    "cloudy turnip",
    "soil",
    "pale otter",
    "river",
    "brass",
    "owl",
    "shiny lanterns",
    "the",
    "a",
    "x",
    "lantern",
    "velvet",
]
_SEPARATORS = [" ", "  ", "\n", "-", ", ", ". ", "\u00a0", "\u2019", "_", ""]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS), st.booleans()),
        max_size=40,
    )
)
def test_find_offsets_invariant(parts: list[tuple[str, str, bool]]) -> None:
    text = "".join((p.upper() if up else p) + sep for p, sep, up in parts)
    spans = _RULES.find(text)
    positions = [(s.start, s.end) for s in spans]
    assert len(set(positions)) == len(positions)  # deduplicated
    assert positions == sorted(positions, key=lambda se: (se[0], -se[1]))
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.kind == "pps"
        assert s.suggestion in {"v", "s", "c", "p", "b", "l"}


# --------------------------------------------------------------------------- CSV loading

GOOD_CSV = (
    "tortured_phrase,expected_phrase,num_papers\r\n"
    '"""velvet lantern""",silk lamp,"31,202"\r\n'
    '"""cloudy turnip"" AND ""root vegetable""",cloudy carrot,"1,004"\r\n'
    '"""gathering lantern""~10",lantern cluster,7\r\n'
    '"""satin lamp"" OR ""silk glow""",Silk Lamp (SL) OR shiny light,12\r\n'
)


def test_from_csv_reads_the_pps_format(tmp_path: Path) -> None:
    lst = PpsList.from_csv(write_csv(tmp_path, GOOD_CSV))
    assert len(lst) == 4
    assert lst.skipped == []
    first = lst.rules[0]
    assert first.query == '"velvet lantern"'
    assert first.num_papers == 31202
    assert first.line == 2
    assert lst.rules[2].proximity == 10
    assert lst.rules[3].expected == "Silk Lamp (SL) OR shiny light"  # verbatim

    text = "A Velvet Lantern near a cloudy turnip (a root vegetable) and a silk glow."
    spans = lst.find(text)
    assert [(s.text, s.suggestion) for s in spans] == [
        ("Velvet Lantern", "silk lamp"),
        ("cloudy turnip", "cloudy carrot"),
        ("silk glow", "Silk Lamp (SL) OR shiny light"),
    ]
    assert spans[0].reason == 'listed in the supplied PPS export ("velvet lantern", 31,202 papers)'


def test_load_pps_is_from_csv(tmp_path: Path) -> None:
    lst = load_pps(str(write_csv(tmp_path, GOOD_CSV)))
    assert isinstance(lst, PpsList)
    assert len(lst) == 4
    assert lst.source == tmp_path / "pps.csv"


def test_from_csv_tolerates_bom_header_case_extra_and_reordered_columns(tmp_path: Path) -> None:
    content = (
        "\ufeff Num_Papers ,Expected_Phrase,Tortured_Phrase,notes,\n"
        '12,silk lamp,"""velvet lantern""",hand-checked,\n'
        '"2,000",calm sea,"""placid ocean""",,,\n'
    )
    lst = PpsList.from_csv(write_csv(tmp_path, content))
    assert lst.skipped == []
    assert [(r.query, r.expected, r.num_papers) for r in lst] == [
        ('"velvet lantern"', "silk lamp", 12),
        ('"placid ocean"', "calm sea", 2000),
    ]


def test_from_csv_skips_malformed_rows_with_line_numbers(tmp_path: Path) -> None:
    content = (
        "tortured_phrase,expected_phrase,num_papers\n"  # 1
        '"""velvet lantern""",silk lamp,"31,202"\n'  # 2 good
        '"""broken query",x,5\n'  # 3 unterminated quote inside the query
        '"""satin lamp""",silk lamp,many\n'  # 4 not a number
        '"""pale otter""",x,1,234\n'  # 5 unquoted thousands separator: 4 fields
        "\n"  # 6 blank: ignored, not an error
        ",x,3\n"  # 7 empty query
        '"""bad"" ADN ""op""",x,3\n'  # 8 misspelt operator
        '"""brass owl""",only two fields\n'  # 9 too few fields
        '"""multi\nline phrase""",x,"1,000"\n'  # 10-11 good, spans two lines
        '"""cloudy turnip""",cloudy carrot,-4\n'  # 12 negative
        '"""placid ocean""",calm sea,2\n'  # 13 good
    )
    lst = PpsList.from_csv(write_csv(tmp_path, content))
    assert [r.query for r in lst] == ['"velvet lantern"', '"multi\nline phrase"', '"placid ocean"']
    assert [r.line for r in lst] == [2, 10, 13]
    lines = [line for line, _ in lst.skipped]
    assert lines == [3, 4, 5, 7, 8, 9, 12]
    reasons = dict(lst.skipped)
    assert "unterminated quote" in reasons[3]
    assert "num_papers 'many'" in reasons[4]
    assert "expected 3 fields, got 4" in reasons[5] and "thousands separator" in reasons[5]
    assert "empty" in reasons[7]
    assert "ADN" in reasons[8]
    assert "got 2" in reasons[9]
    # The good rows still match.
    spans = lst.find("velvet lantern, placid ocean")
    assert [s.text for s in spans] == ["velvet lantern", "placid ocean"]


def test_from_csv_skips_invalid_utf8_row_only(tmp_path: Path) -> None:
    path = tmp_path / "pps.csv"
    path.write_bytes(
        b'tortured_phrase,expected_phrase,num_papers\n"""caf\xe9 lantern""",x,3\n"""velvet lantern""",silk lamp,3\n'
    )
    lst = PpsList.from_csv(path)
    assert len(lst) == 1
    assert lst.skipped[0][0] == 2 and "UTF-8" in lst.skipped[0][1]


def test_from_csv_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "pps.csv"
    with pytest.raises(FileNotFoundError) as info:
        PpsList.from_csv(missing)
    assert str(missing) in str(info.value)
    assert info.value.filename == str(missing)


def test_from_csv_wrong_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path, 'phrase,expected_phrase,count\n"""velvet lantern""",x,3\n')
    with pytest.raises(PpsFormatError) as info:
        PpsList.from_csv(path)
    message = str(info.value)
    assert "tortured_phrase" in message and "num_papers" in message
    assert "expected_phrase," not in message.split("missing column(s)")[1].split(";")[0]


def test_from_csv_empty_file(tmp_path: Path) -> None:
    with pytest.raises(PpsFormatError, match="empty"):
        PpsList.from_csv(write_csv(tmp_path, "\n\n"))


# --------------------------------------------------------------------------- the real export


@pytest.mark.skipif(not REAL_PPS.exists(), reason=f"real PPS export not available at {REAL_PPS}")
def test_real_pps_export(capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    lst = load_pps(REAL_PPS)
    elapsed = time.perf_counter() - started

    with REAL_PPS.open(newline="", encoding="utf-8-sig") as fh:
        n_rows = sum(1 for row in csv.DictReader(fh) if any(v and v.strip() for v in row.values()))
    parsed = len(lst)
    assert parsed + len(lst.skipped) == n_rows
    rate = parsed / n_rows
    with capsys.disabled():
        print(
            f"\nreal PPS export: {parsed}/{n_rows} rows parsed ({rate:.2%}), "
            f"{len(lst.skipped)} skipped, loaded in {elapsed:.3f}s"
        )
    assert rate > 0.99

    # Plant a few plain, unambiguous phrases of the export (read now, never copied).
    owners: dict[str, int] = {}
    for r in lst:
        for t in r.positives:
            owners[t.key] = owners.get(t.key, 0) + 1
    plain = [
        r
        for r in lst
        if not r.required
        and not r.forbidden
        and len(r.positives) == 1
        and r.positives[0].kind == "phrase"
        and owners[r.positives[0].key] == 1
        and r.expected
    ]
    assert len(plain) > 100
    step = len(plain) // 5
    for r in plain[::step][:5]:
        key = r.positives[0].key
        text = f"In this study, the {key} was applied to the samples."
        start = text.index(key)
        spans = [s for s in lst.find(text) if (s.start, s.end) == (start, start + len(key))]
        assert spans, f"planted phrase from line {r.line} not found"
        assert spans[0].suggestion == r.expected
        assert r.query in spans[0].reason

    # And one AND rule, with its context planted elsewhere in the document.
    with_context = [
        r
        for r in lst
        if r.required
        and not r.forbidden
        and len(r.positives) == 1
        and r.positives[0].kind == "phrase"
        and owners[r.positives[0].key] == 1
        and all(t.kind == "phrase" for c in r.required for t in c.terms())
    ]
    r = with_context[0]
    key = r.positives[0].key
    bare = f"We report the {key} here."
    assert not any(s.suggestion == r.expected and s.text.lower() == key for s in lst.find(bare))
    context = " ".join(t.key for c in r.required for t in c.alternatives[0])
    spans = [s for s in lst.find(f"{bare} Later: {context}.") if s.text.lower() == key]
    assert spans and spans[0].suggestion == r.expected
