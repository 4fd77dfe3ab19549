"""The page layer on the team's page fixtures (data/pages): main text found, furniture skipped.

Each fixture has a sidecar `.expect.json` written with the page: the article's lines (text
pages) or sentences (HTML pages), lines that are furniture, and the flags the page should
carry. Headlines and bylines may fall on either side; article body and furniture may not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detector.page.reader import WHOLE_TEXT_NOTE, looks_like_html, read_page

PAGES = Path(__file__).resolve().parents[2] / "data" / "pages"
TEXT_PAGES = sorted(PAGES.glob("text_*.txt"))
HTML_PAGES = sorted(PAGES.glob("html_*.html"))
# Article lines the classifier is known to lose: in-article lists that look like menus
# (ingredients, specifications) and a photo caption. Kept visible here, not hidden.
KNOWN_MISSES = {"text_06_recipe_lentil_soup": 11, "text_07_review_smart_kettle": 6, "text_02_sport_cup_final": 1}
KNOWN_LEAKS = {"text_06_recipe_lentil_soup": 3, "text_07_review_smart_kettle": 2, "text_09_seo_cheap_flights_filler": 3}


def _expect(path: Path) -> dict:
    return json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", TEXT_PAGES, ids=lambda p: p.stem)
def test_text_page_main_text_is_found(path: Path) -> None:
    expect = _expect(path)
    page = read_page(path.read_text(encoding="utf-8"))
    assert page.source_format == "text"
    main = {line.strip() for line in page.main_lines}
    missed = [line for line in expect["main_lines"] if line.strip() not in main]
    leaked = [line for line in expect["boilerplate_examples"] if line.strip() in main]
    if "non_english" in expect["flags"]:
        assert page.language not in (None, "en")
    assert len(missed) <= KNOWN_MISSES.get(path.stem, 0), missed
    assert len(leaked) <= KNOWN_LEAKS.get(path.stem, 0), leaked


@pytest.mark.parametrize("path", HTML_PAGES, ids=lambda p: p.stem)
def test_html_page_main_text_is_found(path: Path) -> None:
    expect = _expect(path)
    raw = path.read_text(encoding="utf-8")
    assert looks_like_html(raw)
    page = read_page(raw)
    assert page.source_format == "html"
    main = " ".join(" ".join(line.split()) for line in page.main_lines)
    for sentence in expect["main_sentences"]:
        assert " ".join(sentence.split()) in main
    for sentence in expect["boilerplate_sentences"]:
        assert " ".join(sentence.split()) not in main
    if "no_text" in expect["flags"]:
        assert page.main_lines == ()


def test_boilerplate_ranges_index_the_page_text() -> None:
    raw = (PAGES / "text_01_politics_transit_levy.txt").read_text(encoding="utf-8")
    page = read_page(raw)
    assert page.text is raw
    assert 0.1 < page.boilerplate_share < 0.5
    for start, end, reason in page.boilerplate:
        assert raw[start:end].strip() and reason


def test_format_can_be_forced() -> None:
    html = "<p>The council met on Monday to approve a new budget for the coming year.</p>"
    assert read_page(html, "text").source_format == "text"
    assert read_page(html, "html").source_format == "html"
    assert read_page(html, "html").main_lines == (
        "The council met on Monday to approve a new budget for the coming year.",
    )
    with pytest.raises(ValueError):
        read_page(html, "pdf")  # type: ignore[arg-type]


def test_plain_prose_is_not_mistaken_for_html() -> None:
    assert not looks_like_html("Use a <b> tag for bold text, and x < y > z in maths.")


def test_long_html_headline_is_kept_with_its_article() -> None:
    html = (
        "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a> <a href='/s'>Sport</a></nav>"
        "<h1>Varnosia and Keldmark concur to continue harmony talks under international oversight</h1>"
        "<p class='byline'>By Staff Reporter</p>"
        "<p>The foreign minister said on Tuesday that her government would return to the peace talks with "
        "its neighbour after a pause of six months, and that the army would hold its positions in the valley.</p>"
        "<p>Officials on both sides said that the first round would deal with the border and with the return "
        "of the people who had left their homes during the fighting in the winter.</p>"
        "<footer><p>&copy; 2026 The Harbour Ledger</p></footer></body></html>"
    )
    page = read_page(html)
    assert page.main_lines[0].startswith("Varnosia and Keldmark concur")
    assert "Home World Sport" not in page.main_lines and not any("2026" in line for line in page.main_lines)


def test_deep_wrappers_are_flattened_and_shallow_pages_untouched() -> None:
    from detector.page.reader import MAX_HTML_DEPTH, flatten_nesting

    shallow = "<html><body><div><p>One paragraph.</p></div></body></html>"
    assert flatten_nesting(shallow) == (shallow, 4)
    deep = "<div>" * 1000 + "<p>Kept <b>words</b>.</p><br/>" + "</div>" * 1000
    flat, deepest = flatten_nesting(deep)
    assert deepest == 1002 and "<p>Kept words.</p><br/>" in flat  # the deep <b> is a wrapper too
    assert flat.count("<div>") == flat.count("</div>") == MAX_HTML_DEPTH
    page = read_page("<html><body>" + deep + "</body></html>", "html")
    assert "Kept words." in page.text and page.notes


def test_a_text_without_an_article_body_is_read_whole() -> None:
    """One dense sentence has too few function words for prose by jusText's measure; with no
    article around it there is no furniture to strip, so it is scored, with a note."""
    sentence = "The central bank kept interest rates unchanged amid fears of a downturn."
    page = read_page(sentence)
    assert page.main_lines == (sentence,) and page.boilerplate == ()
    assert page.notes == (WHOLE_TEXT_NOTE,)
    html = read_page(f"<html><body><p>{sentence}</p></body></html>")
    assert html.main_lines == (sentence,) and html.notes == (WHOLE_TEXT_NOTE,)


def test_lines_that_name_furniture_stay_out_of_a_bodiless_text() -> None:
    page = read_page("Related posts: the unfamiliar clergyman met the press\nRead more\n")
    assert page.main_lines == () and page.notes == ()
    both = read_page("Consumer prices rose sharply amid supply shortages.\nShare on Facebook | Twitter | Email\n")
    assert both.main_lines == ("Consumer prices rose sharply amid supply shortages.",)


def test_a_page_with_a_body_keeps_its_verdicts() -> None:
    text = "Home\nWorld\nSport\n\n" + "The minister said on Monday that the talks would resume in the spring. " * 3
    page = read_page(text)
    assert page.notes == () and [reason for _, _, reason in page.boilerplate] == ["menu or link list"] * 3
