"""Page furniture: menus, teasers, share lines and time stamps are found; prose is not."""

from __future__ import annotations

from detector import score
from detector.page.boilerplate import furniture

PAGE = """Close Menu
  \u2022 News
  \u2022 Politics
  \u2022 World
Trending Now
3 weeks ago

Harbour council approves new ferry timetable

The harbour council approved a new ferry timetable on Monday after months of complaints from commuters about late departures.
Officials said the changes would take effect in the spring.

Related posts
Town plans a second bridge over the river as traffic grows on the old crossing\u2026
Read more
Leave a Reply
\u00a9 2026 Harbour Gazette. All rights reserved.
"""


def _lines(text: str) -> dict[str, str]:
    return {text[start:end].strip(): reason for start, end, reason in furniture(text)}


def test_furniture_lines_are_found_with_reasons() -> None:
    found = _lines(PAGE)
    assert found["Close Menu"] == "furniture phrase"
    assert found["\u2022 News"] == "menu or link list"
    assert found["3 weeks ago"] == "time stamp or dateline"
    assert found["Related posts"] == "furniture phrase"
    assert found["Read more"] == "furniture phrase"
    assert found["\u00a9 2026 Harbour Gazette. All rights reserved."] == "copyright line"
    assert any(reason == "cut-off teaser" for reason in found.values())


def test_prose_and_headline_are_kept() -> None:
    found = _lines(PAGE)
    assert "Harbour council approves new ferry timetable" not in found
    assert not any(line.startswith("The harbour council approved") for line in found)
    assert not any(line.startswith("Officials said") for line in found)


def test_a_run_of_short_lines_is_a_menu() -> None:
    found = _lines("Home\nSport\nWeather\n\nThe storm moved north overnight and rain eased by the morning.\n")
    assert set(found) == {"Home", "Sport", "Weather"}


def test_no_span_is_reported_inside_furniture() -> None:
    text = "Related posts: the unfamiliar clergyman met the press\nRead more\n"
    report = score(text)
    assert report.spans == ()
    assert any("page furniture" in note for note in report.notes)


def test_spans_in_prose_next_to_furniture_survive() -> None:
    text = "Read more\nThe unfamiliar clergyman met reporters in Rome on Monday.\n"
    report = score(text)
    assert [s.text for s in report.spans] == ["unfamiliar clergyman"]
    assert text[report.spans[0].start : report.spans[0].end] == "unfamiliar clergyman"
