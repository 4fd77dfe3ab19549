"""Tests for hostile and degenerate input through the public API (`detector.score`): malformed
HTML, script-only pages, pages that are all boilerplate, runs of one character, NUL bytes,
mixed and broken encodings, empty and blank input, and a French page under an English menu.

Why: a scorer in a data pipeline sees all of these; it must never crash, never report a span
whose offsets do not index the text it reports on, flag the page problems it can see, and
always produce a JSON-serialisable report. All texts are invented for these tests.
"""

from __future__ import annotations

import json

import pytest

from detector import Report, score
from detector.document.scoring import LOW_CONFIDENCE_WORDS

SPUN = "The Unfamiliar Clergyman spoke at the Unified Countries about the Virus War."
LISTED = {"Unfamiliar Clergyman", "Unified Countries", "Virus War"}  # on the shipped curated list

HARBOUR: tuple[str, ...] = (
    "The harbour town was quiet this morning, and the fishing boats stayed in port because of the storm warnings issued overnight.",
    "Shopkeepers along the front put sandbags by their doors, and the ferry to the island was cancelled until the wind drops.",
    "By noon the rain had eased and a few families walked out along the sea wall to watch the waves breaking over the rocks.",
    "The lifeboat crew said they had not been called out once, which they put down to people heeding the warnings for a change.",
)


def check_report(report: Report, raw: str) -> str:
    """Invariants of every report; returns the string span offsets point into."""
    assert isinstance(report, Report)
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data  # JSON-serialisable, and nothing lost on the way
    assert 0.0 <= report.score <= 1.0
    assert report.label in ("spun", "mt", "clean", "unsupported")
    if report.n_words < LOW_CONFIDENCE_WORDS:
        assert report.low_confidence is True
    if report.source_format == "html":
        assert report.text is not None
        target = report.text
    else:
        assert report.text is None
        target = raw
    prev_end = 0
    for span in report.spans:
        assert 0 <= span.start < span.end <= len(target)
        assert target[span.start : span.end] == span.text
        assert span.start >= prev_end
        prev_end = span.end
    for start, end, reason in report.quality.boilerplate:
        assert 0 <= start < end <= len(target) and reason
    return target


def flag_names(report: Report) -> list[str]:
    return [f.name for f in report.quality.flags]


# ------------------------------------------------------------------ malformed HTML

MALFORMED_DOCUMENT = (
    "<!DOCTYPE html><html><head><title>Harbour news</title></head><body></p></div>"
    "<h1>Storm keeps boats in port</h1><p>" + HARBOUR[0] + "<p>" + SPUN + " <p>" + HARBOUR[1] + "</em></section>"
    "<div><p>By noon the rain had eased <b>and a few families walked out along the sea wall to watch the waves."
)

MALFORMED_FRAGMENT = (
    "<div><p>The harbour town was quiet this morning, and the fishing boats stayed in port.<p>"
    + SPUN
    + "</span></b></i>"
    "<p>By noon <b>the rain had eased and a few families walked out along the sea wall to watch the waves."
    "</td></tr></div></div><p>Unclosed <a href='x'>link text"
)


@pytest.mark.parametrize("raw", [MALFORMED_DOCUMENT, MALFORMED_FRAGMENT], ids=["document", "fragment"])
def test_malformed_html_is_read_and_spans_index_the_page_text(raw: str) -> None:
    report = score(raw)
    assert report.source_format == "html"
    text = check_report(report, raw)
    assert "<" not in text and ">" not in text  # no markup leaked into the page text
    assert SPUN in text.splitlines()
    assert "By noon the rain had eased and a few families" in text  # text after an unclosed <b> kept
    assert {s.text for s in report.spans} >= LISTED
    assert report.label == "spun"


def test_html_with_literal_angle_brackets() -> None:
    raw = "<html><body><p>If 5 < 6 and 7 > 3, the sum & the product are both larger than you & me think.</p></body></html>"
    report = score(raw)
    assert report.source_format == "html"
    text = check_report(report, raw)
    assert "5 < 6" in text and "you & me" in text


def test_plain_text_mentioning_a_tag_is_not_read_as_html() -> None:
    raw = SPUN + " The report, pasted from a web page, still had a stray <p> in it, and 3 < 4 in a footnote."
    report = score(raw)
    assert report.source_format == "text"
    check_report(report, raw)
    assert {s.text for s in report.spans} >= LISTED


def test_html_with_only_script_and_style() -> None:
    raw = (
        "<html><head><script>var greeting = 'hello world'; document.write(greeting);</script>"
        "<style>body { color: red; font-family: Georgia, serif; }</style></head>"
        "<body><script>alert('The Unfamiliar Clergyman spoke at the Unified Countries');</script></body></html>"
    )
    report = score(raw)
    assert report.source_format == "html"
    text = check_report(report, raw)
    assert "alert" not in text and "color" not in text and "Clergyman" not in text
    assert report.label == "clean"
    assert report.n_words == 0
    assert report.low_confidence is True
    assert report.spans == ()


# ------------------------------------------------------------------ all boilerplate

MENU_LINES: tuple[str, ...] = (
    "Home",
    "News",
    "Sport",
    "Weather",
    "Contact us",
    "Read more: The Unfamiliar Clergyman at the Unified Countries",
    "Read more",
    "Subscribe to our newsletter",
    "Share this article",
    "© 2024 Harbour Gazette Ltd. All rights reserved.",
    "Privacy policy",
    "Terms of use",
)
MENU_PAGE = "\n".join(MENU_LINES)

MENU_HTML = (
    "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
    "<li><a href='/sport'>Sport</a></li><li><a href='/weather'>Weather</a></li></ul></nav>"
    "<div class='teaser'><a href='/x'>Read more</a></div>"
    "<div class='teaser'><a href='/y'>Read more: The Unfamiliar Clergyman at the Unified Countries</a></div>"
    "<footer><p>© 2024 Harbour Gazette Ltd. All rights reserved.</p>"
    "<p><a href='/privacy'>Privacy policy</a> | <a href='/terms'>Terms of use</a></p></footer></body></html>"
)


@pytest.mark.parametrize("raw", [MENU_PAGE, MENU_HTML], ids=["text", "html"])
def test_page_that_is_all_boilerplate(raw: str) -> None:
    report = score(raw)
    text = check_report(report, raw)
    if raw is MENU_HTML:
        assert report.source_format == "html"
    # Every non-blank line is furniture, including the teaser naming two listed phrases.
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(report.quality.boilerplate) == len(lines)
    assert report.quality.boilerplate_share == 1.0
    assert "boilerplate" in flag_names(report)
    assert report.spans == ()
    assert report.n_words == 0
    assert report.label == "clean"
    assert report.low_confidence is True


# ------------------------------------------------------------------ one repeated character


@pytest.mark.parametrize("raw", ["a" * 5000, "!" * 5000], ids=["letter", "punctuation"])
def test_one_repeated_character(raw: str) -> None:
    report = score(raw)
    check_report(report, raw)
    assert report.label == "clean"
    assert report.spans == ()
    assert report.n_words <= 1  # at most one (5,000-letter) word
    assert report.low_confidence is True
    assert report.quality.flags, "a page of one repeated character must raise a quality flag"


def test_one_repeated_word_pair_is_flagged_as_repetition() -> None:
    raw = "the cat " * 600
    report = score(raw)
    check_report(report, raw)
    assert report.spans == ()
    assert {"repeated_ngrams", "repeated_phrasing"} <= set(flag_names(report))


# ------------------------------------------------------------------ NUL bytes and encodings


def test_nul_bytes_inside_prose() -> None:
    raw = (
        HARBOUR[0].replace("fishing boats", "fishing\x00 boats")
        + " "
        + HARBOUR[1]
        + "\x00 "
        + SPUN
        + " "
        + HARBOUR[2].replace("sea wall", "sea\x00\x00wall")
    )
    report = score(raw)
    assert report.source_format == "text"
    check_report(report, raw)
    assert {s.text for s in report.spans} >= LISTED  # spans after the NULs still line up
    encoding = [f for f in report.quality.flags if f.name == "encoding"]
    assert len(encoding) == 1
    assert encoding[0].value == 4 and encoding[0].value > encoding[0].threshold
    assert encoding[0].reason in report.notes


def test_apostrophe_mojibake_in_prose_is_flagged() -> None:
    raw = "\n".join(line.replace("they had", "theyâ€™d").replace("the ", "the â€œbigâ€\x9d ", 1) for line in HARBOUR)
    report = score(raw)
    check_report(report, raw)
    assert report.quality.boilerplate == ()  # the lines stay main text
    assert "encoding" in flag_names(report)


# Correct "café" next to its double-encoded form "cafÃ©" (UTF-8 read as Latin-1), as one paragraph.
MIXED_ENCODINGS = "I had coffee at the café on the corner, and later at the cafÃ© by the station. " * 6

# The same mix as ordinary lines of prose, each shorter than a long paragraph.
MIXED_ENCODING_LINES = "\n".join(
    [
        "I had coffee at the café on the corner, and later at the cafÃ© by the station.",
        HARBOUR[0],
        "We met again at the cafÃ© near the ferry, where the owner served crème brûlée and strong coffee.",
        HARBOUR[2],
        "Later the café by the church and the cafÃ© by the harbour were both full of wet walkers.",
    ]
)


def test_mixed_encodings_trip_the_encoding_check() -> None:
    report = score(MIXED_ENCODINGS)
    check_report(report, MIXED_ENCODINGS)
    assert report.quality.boilerplate == ()
    encoding = [f for f in report.quality.flags if f.name == "encoding"]
    # 6 "Ã©" sequences in 474 characters: 12.66 per 1,000.
    assert len(encoding) == 1 and encoding[0].value == pytest.approx(6000 / 474, abs=1e-3)
    assert report.label != "spun" and report.spans == ()


def test_mixed_encodings_in_short_lines_trip_the_encoding_check() -> None:
    report = score(MIXED_ENCODING_LINES)
    check_report(report, MIXED_ENCODING_LINES)
    assert report.quality.boilerplate == ()
    assert "encoding" in flag_names(report)
    assert "boilerplate" not in flag_names(report)


# ------------------------------------------------------------------ empty and blank


@pytest.mark.parametrize(
    "raw",
    ["", " ", "   \n\t \n  ", "\r\r\r", "\u00a0\u2003\n\u3000"],
    ids=["empty", "space", "blank-lines", "cr", "unicode-spaces"],
)
def test_empty_and_whitespace_only(raw: str) -> None:
    report = score(raw)
    check_report(report, raw)
    assert report.source_format == "text"
    assert report.label == "clean"
    assert report.score == 0.0
    assert report.n_words == 0
    assert report.spans == ()
    assert report.low_confidence is True
    assert report.language_supported is True
    assert report.quality.language is None
    assert "too_few_words" in flag_names(report)


# ------------------------------------------------------------------ non-English page

ENGLISH_MENU: tuple[str, ...] = ("Home", "World", "Business", "Sport", "Culture", "Sign in", "Subscribe")

# About 150 words of French; one sentence quotes two phrases on the curated (English) list.
FRENCH_ARTICLE: tuple[str, ...] = (
    "Tempête sur la côte : le port de Saint-Malo reprend son souffle",
    (
        "Le petit port de Saint-Malo a retrouvé son calme ce matin, après une nuit de tempête qui a tenu les "
        "habitants éveillés jusqu'à l'aube. Les pêcheurs sont restés à quai et les commerçants du front de mer ont "
        "installé des sacs de sable devant leurs portes."
    ),
    (
        "Vers midi, la pluie a enfin cessé et quelques familles sont sorties se promener le long de la digue pour "
        "regarder les vagues se briser sur les rochers. Les enfants couraient devant leurs parents en riant."
    ),
    (
        "Selon la mairie, aucun dégât important n'a été signalé, mais plusieurs arbres sont tombés sur la route qui "
        "mène à la plage. Les équipes municipales ont travaillé toute la journée pour rétablir l'électricité."
    ),
    (
        "Le maire a cité un rapport des Unified Countries sur la Virus War et le climat, puis il a promis que le "
        "marché du samedi aura lieu comme prévu, si le temps le permet."
    ),
)


def _french_page_html() -> str:
    menu = "".join(f"<li><a href='#'>{item}</a></li>" for item in ENGLISH_MENU)
    body = "".join(f"<p>{p}</p>" for p in FRENCH_ARTICLE[1:])
    return f"<html><body><nav><ul>{menu}</ul></nav><article><h1>{FRENCH_ARTICLE[0]}</h1>{body}</article></body></html>"


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_french_article_under_english_menu_is_unsupported(fmt: str) -> None:
    raw = "\n".join(ENGLISH_MENU) + "\n\n" + "\n\n".join(FRENCH_ARTICLE) if fmt == "text" else _french_page_html()
    assert 130 <= sum(len(p.split()) for p in FRENCH_ARTICLE) <= 170
    report = score(raw)
    assert report.source_format == fmt
    check_report(report, raw)
    assert report.label == "unsupported"
    assert report.language_supported is False
    assert report.spans == ()  # the quoted list phrases are not reported
    assert report.score == 0.0
    assert report.quality.language == "fr"
    assert "non_english" in flag_names(report)
    assert report.n_words > 100  # the French article is the main text, not boilerplate
