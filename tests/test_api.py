"""Tests for the public API (`detector.score`, `detector.score_many`): hostile input never breaks
the offset invariant, non-English text is labelled unsupported, and results are stable.

All texts are written for these tests.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import detector
from detector import Report, score, score_many

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

SPUN = "The Unfamiliar Clergyman spoke at the Unified Countries about the Virus War."


def check_report(text: str, report: Report) -> None:
    """Invariants every report must satisfy, whatever the input."""
    assert isinstance(report, Report)
    assert 0.0 <= report.score <= 1.0
    assert report.label in ("spun", "mt", "clean", "unsupported")
    assert report.n_words >= 0
    prev_end = 0
    for span in report.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert span.kind in ("fingerprint", "pps", "discovery", "mt")
        assert 0.0 <= span.score <= 1.0
        assert span.reason
        # Spans come sorted and never overlap.
        assert span.start >= prev_end
        prev_end = span.end
    json.dumps(report.to_dict())


# --------------------------------------------------------------------------- types


@pytest.mark.parametrize("bad", [b"The Unfamiliar Clergyman", None, 42, 3.5, ["text"], bytearray(b"x")])
def test_score_rejects_non_str(bad: object) -> None:
    with pytest.raises(TypeError):
        score(bad)  # type: ignore[arg-type]


def test_score_many_rejects_non_str_items() -> None:
    with pytest.raises(TypeError):
        score_many(["fine", b"bytes"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        score_many([None])  # type: ignore[list-item]


def test_bad_pps_argument() -> None:
    with pytest.raises(TypeError, match="pps"):
        score("some text", pps=42)  # type: ignore[arg-type]


def test_missing_pps_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        score("some text", pps=tmp_path / "missing.csv")


# --------------------------------------------------------------------------- odd input


@pytest.mark.parametrize("text", ["", " ", "\n\t  \r\n", "1234 !!!", "\U0001f600\U0001f389", "...---...", "\x00\x00"])
def test_nothing_to_judge(text: str) -> None:
    report = score(text)
    check_report(text, report)
    assert report.spans == ()
    assert report.score == 0.0
    assert report.label == "clean"
    assert report.n_words == 0
    assert report.low_confidence


@pytest.mark.parametrize(
    "text",
    [
        "The\x07 Unfamiliar\x1b Clergyman\x0c spoke\x7f at the \x01Unified Countries\x02.",
        "The Unfamiliar\x00Clergyman \x00spoke\x00 at the Unified Countries\x00",
        "\x00" * 100 + SPUN + "\x00" * 100,
        "The \U0001f600 Unfamiliar Clergyman \U0001f389 spoke at the Unified Countries \U0001f44d\U0001f3fd.",
        "\u200b\u200dThe Unfamiliar\u200bClergyman\ufeff spoke\u202e at the Unified Countries\u202c.",
        "\ud800",
        "\udfff\ud800",
        "The Unfamiliar Clergyman \ud800 spoke at the \udc00 Unified Countries \ud83d\ude00.",
        "İİİ Unfamiliar Clergyman İstanbul \u0130 Unified Countries",
        "e\u0301 Unfamiliar Clergyman\u0301 Unified Countries",
        "ΣΟΦΟΣ unfamiliar clergyman ß ẞ ﬁ Unified Countries",
    ],
)
def test_control_characters_emoji_and_surrogates(text: str) -> None:
    check_report(text, score(text))


@pytest.mark.parametrize("text", ["unified minister's", "The unified minister's"])
def test_windows_without_any_restoration_do_not_crash(text: str) -> None:
    """Found by the surrogate property test: candidate windows whose restorations are all
    filtered out made `candidates.expand` index an empty array (IndexError)."""
    check_report(text, score(text))


def test_emoji_between_words_keeps_offsets() -> None:
    text = "\U0001f600 The Unfamiliar Clergyman \U0001f389 met the Unified Countries \U0001f44d\U0001f3fd."
    report = score(text)
    check_report(text, report)
    assert {s.text for s in report.spans} >= {"Unfamiliar Clergyman", "Unified Countries"}


def test_lone_surrogates_keep_offsets() -> None:
    text = "\ud800 The Unfamiliar Clergyman \udfff spoke."
    report = score(text)
    check_report(text, report)
    assert [s.text for s in report.spans if s.kind == "fingerprint"] == ["Unfamiliar Clergyman"]


ARABIC = (
    "\u0642\u0627\u0644 \u0648\u0632\u064a\u0631 \u0627\u0644\u062e\u0627\u0631\u062c\u064a\u0629 "
    "\u064a\u0648\u0645 \u0627\u0644\u062b\u0644\u0627\u062b\u0627\u0621 \u0625\u0646 "
    "\u0627\u0644\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0633\u062a\u0633\u062a\u0623\u0646\u0641 "
    "\u0627\u0644\u0623\u0633\u0628\u0648\u0639 \u0627\u0644\u0645\u0642\u0628\u0644 \u0641\u064a "
    "\u062c\u0646\u064a\u0641 \u0628\u0639\u062f \u062a\u0648\u0642\u0641 \u062f\u0627\u0645 "
    "\u0633\u062a\u0629 \u0623\u0634\u0647\u0631."
)
HEBREW = (
    "\u05e9\u05e8 \u05d4\u05d7\u05d5\u05e5 \u05d0\u05de\u05e8 \u05db\u05d9 \u05d4\u05e9\u05d9\u05d7\u05d5\u05ea "
    "\u05d9\u05ea\u05d7\u05d3\u05e9\u05d5 \u05d1\u05e9\u05d1\u05d5\u05e2 \u05d4\u05d1\u05d0 "
    "\u05d1\u05d6'\u05e0\u05d1\u05d4 \u05dc\u05d0\u05d7\u05e8 \u05d4\u05e4\u05e1\u05e7\u05d4 "
    "\u05e9\u05dc \u05e9\u05d9\u05e9\u05d4 \u05d7\u05d5\u05d3\u05e9\u05d9\u05dd."
)
FRENCH = (
    "Le ministre des Affaires \u00e9trang\u00e8res a d\u00e9clar\u00e9 mardi que son gouvernement "
    "reprendrait les pourparlers de paix avec le pays voisin apr\u00e8s une pause de six mois. "
    "Les observateurs ind\u00e9pendants devront confirmer que les deux camps respectent le cessez-le-feu, "
    "et les sanctions \u00e9conomiques resteront en place jusqu'\u00e0 nouvel ordre."
)
GERMAN = (
    "Der Au\u00dfenminister erkl\u00e4rte am Dienstag, seine Regierung werde die Friedensgespr\u00e4che mit "
    "dem Nachbarland nach einer Pause von sechs Monaten wieder aufnehmen. Unabh\u00e4ngige Beobachter "
    "sollen best\u00e4tigen, dass beide Seiten die Waffenruhe einhalten, und die Sanktionen bleiben "
    "vorerst bestehen."
)


@pytest.mark.parametrize("text", [ARABIC, HEBREW, FRENCH, GERMAN], ids=["arabic", "hebrew", "french", "german"])
def test_other_languages_are_unsupported(text: str) -> None:
    report = score(text)
    check_report(text, report)
    assert report.label == "unsupported"
    assert report.language_supported is False
    assert report.spans == ()
    assert report.score == 0.0
    assert report.notes


def test_rtl_text_with_embedded_english_phrase_keeps_offsets() -> None:
    text = "\u202b" + ARABIC + " Unfamiliar Clergyman " + HEBREW + "\u202c"
    check_report(text, score(text))


def test_english_is_supported() -> None:
    report = score(SPUN)
    check_report(SPUN, report)
    assert report.language_supported is True
    assert report.label == "spun"
    assert [(s.text, s.suggestion) for s in report.spans if s.kind == "fingerprint"] == [
        ("Unfamiliar Clergyman", "Foreign Minister"),
        ("Unified Countries", "United Nations"),
        ("Virus War", "Cold War"),
    ]


def test_short_text_is_low_confidence() -> None:
    report = score("The Unfamiliar Clergyman spoke.")
    assert report.low_confidence
    assert any("short text" in note for note in report.notes)


def test_samples() -> None:
    spun = (SAMPLES / "spun_news.txt").read_text(encoding="utf-8")
    clean = (SAMPLES / "clean_news.txt").read_text(encoding="utf-8")
    r_spun, r_clean = score(spun), score(clean)
    check_report(spun, r_spun)
    check_report(clean, r_clean)
    assert r_spun.label == "spun"
    assert r_clean.label == "clean"
    assert r_spun.score > r_clean.score
    assert not r_spun.low_confidence


def large_text(size: int) -> str:
    base = (SAMPLES / "spun_news.txt").read_text(encoding="utf-8") + "\n\u00e9\U0001f600 İ\n"
    base += (SAMPLES / "clean_news.txt").read_text(encoding="utf-8") + "\n"
    return (base * (size // len(base) + 1))[:size]


def test_200_kb_text() -> None:
    text = large_text(200_000)
    report = score(text)
    check_report(text, report)
    assert sum(s.kind == "fingerprint" for s in report.spans) > 500


@pytest.mark.slow
def test_5_mb_text() -> None:
    """60-90 s (0.6 GB peak) when measured, so `slow`: run with --runslow.

    An earlier revision took 220 s and 21 GB; `api._dedupe` is quadratic in the number of
    spans (about 31k here), which alone costs ~20 s.
    """
    text = large_text(5_000_000)
    started = time.perf_counter()
    report = score(text)
    print(f"5 MB: {time.perf_counter() - started:.1f} s, {len(report.spans)} spans, {report.n_words} words")
    check_report(text, report)
    assert report.label == "spun"


# --------------------------------------------------------------------------- score_many

TEXTS = [
    SPUN,
    "",
    FRENCH,
    "The children walked to school on a cold morning.",
    "Shares rose after the Unified Countries report. \U0001f600",
    "\ud800 The Unfamiliar Clergyman",
]


def test_score_many_keeps_order() -> None:
    reports = score_many(TEXTS)
    assert reports == [score(t) for t in TEXTS]
    assert reports[2].label == "unsupported"
    assert score_many([]) == []


def test_score_many_parallel_equals_serial() -> None:
    texts = TEXTS * 3
    serial = score_many(texts, n_jobs=1)
    parallel = score_many(texts, n_jobs=2, chunk_size=4)
    assert parallel == serial
    assert [r.to_dict() for r in parallel] == [r.to_dict() for r in serial]


def test_score_many_accepts_a_generator() -> None:
    assert score_many(t for t in TEXTS[:2]) == [score(TEXTS[0]), score(TEXTS[1])]


# --------------------------------------------------------------------------- user lists


def write_pps(tmp_path: Path) -> Path:
    path = tmp_path / "pps.csv"
    path.write_text(
        "tortured_phrase,expected_phrase,num_papers\n"
        '"velvet lantern",silk lamp,12\n'
        '"cloudy turnip" OR "misty turnip",bright turnip,3\n'
        '"pebble sorting" NOT "with gravel",stone sorting,5\n',
        encoding="utf-8",
    )
    return path


def test_pps_argument_adds_pps_spans(tmp_path: Path) -> None:
    path = write_pps(tmp_path)
    text = "The Velvet Lantern glowed over a misty turnip and the Unfamiliar Clergyman, pebble sorting."
    report = score(text, pps=path)
    check_report(text, report)
    pps = {s.text: s for s in report.spans if s.kind == "pps"}
    assert set(pps) == {"Velvet Lantern", "misty turnip", "pebble sorting"}
    assert "silk lamp" in (pps["Velvet Lantern"].suggestion or "").lower()
    assert any(s.kind == "fingerprint" and s.text == "Unfamiliar Clergyman" for s in report.spans)
    # Without the list the invented phrases are not known phrases.
    assert not any(s.kind == "pps" for s in score(text).spans)
    # NOT clause: the document mentions the excluded context, so the rule does not fire.
    text2 = "pebble sorting with gravel"
    assert not any(s.kind == "pps" for s in score(text2, pps=str(path)).spans)


def test_pps_argument_in_score_many(tmp_path: Path) -> None:
    path = write_pps(tmp_path)
    texts = ["a velvet lantern here", "nothing here at all", "cloudy turnip"] * 2
    serial = score_many(texts, pps=path)
    assert serial == score_many(texts, pps=path, n_jobs=2, chunk_size=2)
    assert [any(s.kind == "pps" for s in r.spans) for r in serial] == [True, False, True] * 2


def test_fingerprints_is_a_deprecated_name_for_pps(tmp_path: Path) -> None:
    """The old keyword still works for one release, with a warning; a loaded list works too."""
    path = write_pps(tmp_path)
    text = "The Velvet Lantern glowed."
    with pytest.warns(DeprecationWarning, match="pps"):
        old = score(text, fingerprints=path)
    assert old == score(text, pps=path) == score(text, pps=detector.load_pps(path))
    with pytest.warns(DeprecationWarning):
        assert score_many([text], fingerprints=path) == [old]
    with pytest.raises(TypeError, match="both"):
        score(text, pps=path, fingerprints=path)


def test_public_helpers_for_the_surfaces(tmp_path: Path) -> None:
    """What the CLI and the review UI need comes from `detector` itself."""
    allow_file = tmp_path / "allow.txt"
    allow_file.write_text("Virus War  # a band\n", encoding="utf-8")
    assert detector.load_allowlist(allow_file).phrases == ("Virus War",)
    assert detector.load_allowlist(["a", "b"]).phrases == ("a", "b")
    assert detector.load_allowlist(None) is None
    with pytest.raises(ValueError, match="pps|PPS|column"):
        bad = tmp_path / "bad.csv"
        bad.write_text("a,b\n1,2\n", encoding="utf-8")
        detector.load_pps(bad)
    try:
        detector.check_deep()
    except detector.DeepUnavailable as error:
        assert "pip install" in str(error)


def test_listed_phrase_wins_over_discovery_overlap(tmp_path: Path) -> None:
    text = "After two years of civil combat, the country finally held an election."
    path = tmp_path / "pps.csv"
    path.write_text('tortured_phrase,expected_phrase,num_papers\n"civil combat",civil war,7\n', encoding="utf-8")
    report = score(text, pps=path)
    check_report(text, report)
    assert [(s.kind, s.text) for s in report.spans] == [("pps", "civil combat")]


# --------------------------------------------------------------------------- properties

WORDS = st.sampled_from(
    [
        "unified",
        "countries",
        "virus",
        "war",
        "Unfamiliar",
        "Clergyman",
        "the",
        "of",
        "civil",
        "combat",
        "supreme",
        "tribunal",
        "place",
        "delegates",
        "minister's",
        "country\u2019s",
        "İ",
        "\U0001f600",
    ]
)
SEPARATORS = st.sampled_from([" ", "  ", "\n", "-", " - ", ", ", ". ", "\t", "\u00a0", "\u2019", "\x00", ""])
MIXED = st.lists(
    st.one_of(WORDS, SEPARATORS, st.text(max_size=4), st.characters(codec="utf-8")),
    max_size=40,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_unicode_property(text: str) -> None:
    check_report(text, score(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MIXED)
def test_english_words_mixed_with_unicode_property(text: str) -> None:
    check_report(text, score(text))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | WORDS | SEPARATORS, max_size=40).map(" ".join)
)
def test_surrogates_property(text: str) -> None:
    check_report(text, score(text))


# --------------------------------------------------------------------------- evasion


def _spun_sample() -> str:
    return (Path(__file__).resolve().parents[1] / "data" / "samples" / "spun_news.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "disguise",
    [
        lambda t: t.replace(" ", " \u200b"),  # zero-width spaces between the words
        lambda t: "".join(c + ("\u00ad" if c in "aeiou" else "") for c in t),  # soft hyphens inside them
        lambda t: t.replace(" ", "\u2060 "),  # word joiners
        lambda t: t.translate(str.maketrans("aeocp", "\u0430\u0435\u043e\u0441\u0440")),  # Cyrillic look-alikes
    ],
)
def test_hidden_characters_hide_no_phrase(disguise: Any) -> None:
    """Text is read as displayed: the disguised article gives the spans of the plain one, with
    offsets into the disguised string, and the disguise is flagged and named first."""
    plain = _spun_sample()
    text = disguise(plain)
    report, clean_report = score(text), score(plain)
    check_report(text, report)
    assert report.label == clean_report.label == "spun"
    assert len(report.spans) == len(clean_report.spans) > 20
    assert report.n_words == clean_report.n_words
    assert report.quality.flagged("obfuscation")
    assert report.reasons[0].startswith("text disguised:")
    assert not clean_report.quality.flagged("obfuscation")


def test_honest_text_with_foreign_symbols_is_not_flagged() -> None:
    text = "The p-value was below \u03b1 = 0.05 for NF-\u03baB, as Путин said of the \U0001f468\u200d\U0001f469 emoji."
    assert not score(text).quality.flagged("obfuscation")


def test_deeply_nested_html_is_still_read() -> None:
    page = (Path(__file__).resolve().parents[1] / "data" / "samples" / "spun_page.html").read_text(encoding="utf-8")
    plain = score(page)
    for depth in (300, 5000):
        nested = "<html><body>" + "<div>" * depth + page + "</div>" * depth + "</body></html>"
        report = score(nested)
        assert (report.n_words, report.label, len(report.spans)) == (plain.n_words, "spun", len(plain.spans))
        assert any("nested" in note for note in report.notes)


def test_a_text_read_as_spun_is_looked_at_again_with_the_dense_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    from detector.document import scoring

    text = (
        "Turbine discs forged from a nickel superalloy keep their strength at high temperature, but their "
        "weariness life under cyclic loading limits how long an engine may stay in service. In this study, discs "
        "of two alloys were machined, shot peened and tested at three stress levels."
    )
    first = score(text)
    monkeypatch.setattr(scoring, "dense_gate", lambda: 0.0)  # every text reads as spun
    again = score(text)
    assert any("looked again" in note for note in again.notes)
    found = [s for s in again.spans if s.kind == "discovery"]
    assert len(found) >= len([s for s in first.spans if s.kind == "discovery"])
    assert any("weariness" in s.text for s in found)  # the swap a lower threshold reaches
    assert not any("looked again" in note for note in score(text, deep=False, discover=False).notes)
    assert not any("looked again" in note for note in score("Too short to judge twice.").notes)


def test_a_text_read_as_machine_translated_is_looked_at_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from detector.document import scoring

    text = (
        "Turbine discs forged from a nickel superalloy keep their strength at high temperature, but their "
        "weariness life under cyclic loading limits how long an engine may stay in service. In this study, discs "
        "of two alloys were machined, shot peened and tested at three stress levels."
    )
    monkeypatch.setattr(scoring, "dense_gate", lambda: None)  # the spun gate never opens
    monkeypatch.setattr(scoring, "reads_as_translated", lambda report, features, p_spun, kind_cut=None: True)
    again = score(text)
    assert any("reads as machine-translated" in note for note in again.notes)
    assert any("weariness" in s.text for s in again.spans if s.kind == "discovery")
    monkeypatch.setattr(scoring, "reads_as_translated", lambda report, features, p_spun, kind_cut=None: False)
    assert not any("looked again" in note for note in score(text).notes)


def test_a_translated_text_is_looked_at_again_at_its_own_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    from detector import api
    from detector.document import scoring

    seen: list[object] = []
    real = api.analyse
    monkeypatch.setattr(api, "analyse", lambda text, **kw: seen.append(kw.get("dense", False)) or real(text, **kw))
    monkeypatch.setattr(scoring, "dense_gate", lambda: None)  # the spun gate never opens
    monkeypatch.setattr(scoring, "reads_as_translated", lambda report, features, p_spun, kind_cut=None: True)
    monkeypatch.setattr(scoring, "translated_dense_threshold", lambda: 0.123)
    text = (
        "Turbine discs forged from a nickel superalloy keep their strength at high temperature, but their "
        "weariness life under cyclic loading limits how long an engine may stay in service. In this study, discs "
        "of two alloys were machined, shot peened and tested at three stress levels."
    )
    score(text)
    assert seen == [False, 0.123]  # the first pass, then the translated texts' second look
    seen.clear()
    monkeypatch.setattr(scoring, "dense_gate", lambda: 0.0)  # every text crosses the spun gate first
    score(text)
    assert seen == [False, True]  # the spun second look keeps its own threshold


def test_examine_is_what_score_reports_before_the_document_score(monkeypatch: pytest.MonkeyPatch) -> None:
    from detector import api
    from detector.document import scoring

    text = (
        "Turbine discs forged from a nickel superalloy keep their strength at high temperature, but their "
        "weariness life under cyclic loading limits how long an engine may stay in service. In this study, discs "
        "of two alloys were machined, shot peened and tested at three stress levels."
    )
    for gate in (None, 0.0):  # as shipped, and with every text read as spun (the second look)
        if gate is not None:
            monkeypatch.setattr(scoring, "dense_gate", lambda g=gate: g)
        examined, scored = api.examine(text), score(text)
        assert examined.report.spans == scored.spans
        assert ("looked again" in " ".join(examined.report.notes)) == (gate is not None)
    assert examined.dense


def test_a_second_look_takes_a_given_window_threshold() -> None:
    from detector.api import analyse

    text = (
        "Turbine discs forged from a nickel superalloy keep their strength at high temperature, but their "
        "weariness life under cyclic loading limits how long an engine may stay in service."
    )
    strict, loose = analyse(text, dense=0.95), analyse(text, dense=0.05)
    assert strict.dense and loose.dense
    assert len(loose.report.spans) > len(strict.report.spans)
    assert not analyse(text).dense or analyse(text).report.spans == analyse(text, dense=True).report.spans


@pytest.mark.parametrize("bad", ["yes", 1, 0.5, None])
def test_deep_takes_a_bool_or_thorough_and_says_so(bad: object) -> None:
    with pytest.raises(ValueError, match='deep must be False, True or "thorough"'):
        score("The committee met on Tuesday to discuss the budget.", deep=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("already_dense", [True, False])
def test_a_first_pass_at_the_dense_threshold_is_the_deep_tiers_dense_look(
    monkeypatch: pytest.MonkeyPatch, already_dense: bool
) -> None:
    # A first pass whose own cutoff already sat at the dense threshold gets no second look; the
    # deep tier must still treat it as the dense look (no veto, covered candidates not judged),
    # or it judges every candidate of a spun text and falls far below its speed budget.
    from dataclasses import replace

    from detector import api

    seen: list[tuple[bool, object]] = []
    real = api.analyse

    def analyse(text: str, **kw: Any) -> api.Analysis:
        seen.append((bool(kw.get("deep")), kw.get("dense", False)))
        if kw.get("deep"):  # the deep pass itself is not run here: the extra may be absent
            kw = {**kw, "deep": False}
        analysis = real(text, **kw)
        return replace(analysis, dense=already_dense) if not seen[-1][0] else analysis

    monkeypatch.setattr(api, "analyse", analyse)
    monkeypatch.setattr(api, "check_deep", lambda: None)
    monkeypatch.setattr(api, "_second_look", lambda analysis, applies: None)
    api.examine("The city council approved the budget for next year after a long debate.", deep=True)
    assert seen == [(False, False), (True, already_dense)]
