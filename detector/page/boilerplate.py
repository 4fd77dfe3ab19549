"""Main text versus boilerplate in page text: a line classifier in the manner of jusText.

Pages arrive with their menus, "Related posts" teasers, share and subscribe lines, bylines,
time stamps and footers. None of it is prose, so synonym-swap evidence there means nothing,
and quality statistics over it describe the site, not the article. Each line gets a class:

1. context-free, from the line alone: named furniture rules (a reviewer sees the reason),
   short lines repeated on the page, runs of menu-length lines, then jusText's length and
   stopword-density classes (Pomikalek 2011: `short`, `neargood`, `good`, `bad`) with its
   published thresholds and its English stoplist;
2. in context: short lines and near-good lines take the class of their neighbours, and a
   heading-like line close before good prose is kept, as jusText does for headings.

A text with no bad line at all is plain prose (an abstract, a pasted paragraph, one
sentence) and is kept whole; the page machinery only starts when some line is furniture.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from detector.text import WORD_PATTERN

_FURNITURE_START = re.compile(
    r"^\W*(read more|continue reading|related (posts?|articles?|stories|news)|leave a (reply|comment)|"
    r"share( this)?|tweet|subscribe|sign up|sign in|log ?in|log out|register|follow (us|on)|"
    r"trending( now)?|(close|open|main|left|right|toggle) menu|menu|skip to|advertisement|sponsored|"
    r"cookies?|we use cookies|accept( all)?|privacy policy|terms (of|and)|all rights reserved|copyright|"
    r"you (may|might) also like|recommended|most (read|popular|viewed)|worth reading|editors?'? picks?|"
    r"latest (news|posts|stories)|your email address|required fields|search|type above|posted in|"
    r"filed under|tags?:|categories:|previous (post|article)|next (post|article)|back to top|"
    r"newsletter|comments?\b|no comments|\d+ comments?|photo:|image:|credit:|getty images)(?!\w)",
    re.IGNORECASE,
)
# Furniture wording that may sit anywhere in the line (newsletter boxes, paywalls, search boxes).
_FURNITURE_ANYWHERE = re.compile(
    r"delivered to your inbox|unsubscribe|already a subscriber|for subscribers only|subscribe (now|today)|"
    r"press enter to search|email address will not be published|we use cookies|cookie (settings|policy)|"
    r"\b\d+\s*min(ute)?s?\s+read\b|^\W*(posted|written|reviewed|words|photo(graph)?s?|edited) by\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"(?<!\u00c3)\u00a9|&copy|\(c\)\s*\d{4}|\ball rights reserved\b", re.IGNORECASE)
_TIME_STAMP = re.compile(
    r"^\W*(\d+\s+(second|minute|hour|day|week|month|year)s?\s+ago|"
    r"(updated|published|posted|created)\b.*\d|"
    r"(mon|tues|wednes|thurs|fri|satur|sun)day,?\s+\d{1,2}\s+\w+\s+\d{4}|"
    r"[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4}.{0,40}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}.{0,30})\W*$",
    re.IGNORECASE,
)
_TEASER_END = re.compile(r"(\u2026|\.\.\.|\[\u2026\]|\[\.\.\.\])\s*$")
_BREADCRUMB = re.compile(r"^\W*[^\W\d_]+(\s*[\u00bb\u203a>/|]\s*[^\W_]+(\s[^\W_]+)?){1,}\W*$")
_BYLINE = re.compile(r"^\W*by\s+\w", re.IGNORECASE)
_SOCIAL = re.compile(
    r"\b(facebook|twitter|x|pinterest|linkedin|telegram|whatsapp|reddit|tumblr|instagram|tiktok|"
    r"threads|youtube|rss|email|e-mail|print|copy link|flipboard|google news)\b",
    re.IGNORECASE,
)
_SEPARATED = re.compile(r"\s[|\u2022\u00b7]\s")
_BULLET = re.compile(r"^\s*[\u2022\u25cf\u25aa\u2013\-\*\u00bb|>]+\s*")
_TERMINAL = re.compile(r"[.!?:;\"'\u201d\u2019)]\s*$")

# jusText's published defaults (characters; stopword shares).
LENGTH_LOW = 70
LENGTH_HIGH = 200
STOPWORDS_LOW = 0.30
STOPWORDS_HIGH = 0.32
MAX_HEADING_DISTANCE = 200
MENU_WORDS = 3  # a menu item has at most this many words
MENU_RUN = 3  # this many menu-length lines in a row make a menu
SENTENCE_WORDS = 5  # a line of this many words ending in a full stop is a sentence
HEADING_WORDS = 20  # a heading is a short line without terminal punctuation
# A line shorter than this that recurs on the page is site furniture (menus, teaser lists).
REPEATED_LINE_CHARS = 100
FURNITURE_MAX_CHARS = 300
FEW_FUNCTION_WORDS = "few function words: a list or a headline"  # furniture rules apply to lines up to this long
# Verdicts from a line's shape alone, not from furniture it names: where no line of a text reads
# as main text, these lines are its body after all (`reader._whole_when_bodiless`).
SHAPE_VERDICTS = frozenset(
    {FEW_FUNCTION_WORDS, "short line", "short line among boilerplate", "isolated among boilerplate", "cut-off teaser"}
)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the page: offsets into the caller's text, without the line break."""

    start: int
    end: int
    text: str
    words: int  # word count, counted once: every rule asks for it


@dataclass(frozen=True, slots=True)
class LineClass:
    """The verdict on one non-blank line: main text or boilerplate, and why."""

    start: int
    end: int
    main: bool
    reason: str


def lines(text: str) -> list[Line]:
    """Every line of `text` with its offsets (line breaks of any convention)."""
    out = []
    start = 0
    for piece in text.splitlines(keepends=True):
        body = piece.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        out.append(Line(start, start + len(body), body, len(WORD_PATTERN.findall(body))))
        start += len(piece)
    return out


@lru_cache(maxsize=16)
def stoplist(name: str = "English") -> frozenset[str]:
    """A jusText stoplist (its thresholds are calibrated on these lists): the language's most
    frequent words."""
    from importlib.util import find_spec
    from pathlib import Path

    # Located, not imported: importing justext pulls in lxml, which plain text never needs.
    spec = find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("justext is not installed: pip install justext")
    folder = Path(next(iter(spec.submodule_search_locations)))
    words = (folder / "stoplists" / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in words.split())


def stoplist_for(code: str | None) -> frozenset[str]:
    """The stoplist of the language with ISO 639-1 `code`; English when unknown."""
    from detector.page.language import JUSTEXT_NAMES

    name = JUSTEXT_NAMES.get(code or "en", "English")
    try:
        return stoplist(name)
    except FileNotFoundError:
        return stoplist()


def stopword_density(text: str, stop: frozenset[str] | None = None) -> float:
    words = [w.lower() for w in WORD_PATTERN.findall(text)]
    if not words:
        return 0.0
    stop = stoplist() if stop is None else stop
    return sum(1 for w in words if w in stop) / len(words)


RULES: dict[str, Callable[[Line], bool]] = {
    "furniture phrase": lambda line: bool(_FURNITURE_START.search(line.text)),
    "newsletter, paywall or search box": lambda line: bool(_FURNITURE_ANYWHERE.search(line.text)),
    "copyright line": lambda line: bool(_COPYRIGHT.search(line.text)),
    "time stamp or dateline": lambda line: bool(_TIME_STAMP.match(line.text)) and line.words <= 12,
    "cut-off teaser": lambda line: bool(_TEASER_END.search(line.text)),
    "breadcrumb": lambda line: bool(_BREADCRUMB.match(line.text)) and line.words <= 8,
    "byline": lambda line: bool(_BYLINE.match(line.text)) and line.words <= 8 and not line.text.rstrip().endswith("."),
    "link list": lambda line: len(_SEPARATED.findall(line.text)) >= 2 and not _TERMINAL.search(line.text),
    "share buttons": lambda line: (
        len(_SOCIAL.findall(line.text)) >= 3 and line.words <= 3 * len(_SOCIAL.findall(line.text))
    ),
    "menu bullet": lambda line: bool(_BULLET.match(line.text)) and 0 < line.words <= MENU_WORDS,
}


def furniture_rule(line: Line) -> str | None:
    """The first furniture rule `line` matches, or None. Paragraph-length lines are prose
    whatever words they contain ("we use cookies" in a privacy notice is the notice)."""
    if len(line.text) > FURNITURE_MAX_CHARS:
        return None
    return next((name for name, rule in RULES.items() if rule(line)), None)


def _context_free(page: list[Line], stop: frozenset[str]) -> list[tuple[str, str]]:
    """(class, reason) per line; blank lines get ("blank", "")."""
    counts = Counter(line.text.strip().lower() for line in page if 0 < len(line.text.strip()) < REPEATED_LINE_CHARS)
    out: list[tuple[str, str]] = []
    for line in page:
        body = line.text.strip()
        if not body or line.words == 0:
            out.append(("blank", "") if not body else ("bad", "no words"))
            continue
        reason = furniture_rule(line)
        if reason is not None:
            out.append(("bad", reason))
        elif len(body) < REPEATED_LINE_CHARS and counts[body.lower()] > 1:
            out.append(("bad", "line repeated on the page"))
        elif len(body) < LENGTH_LOW and not _is_sentence(line, stop):
            out.append(("short", "short line"))
        else:
            density = stopword_density(body, stop)
            if density >= STOPWORDS_HIGH:
                out.append(("good" if len(body) > LENGTH_HIGH else "neargood", "prose"))
            elif density >= STOPWORDS_LOW:
                out.append(("neargood", "prose"))
            else:
                out.append(("bad", FEW_FUNCTION_WORDS))
    # Runs of menu-length lines (blank lines between them allowed) are menus and link lists.
    i = 0
    while i < len(page):
        j = i
        while j < len(page) and (out[j][0] == "blank" or page[j].words <= MENU_WORDS):
            j += 1
        run = [k for k in range(i, j) if out[k][0] != "blank"]
        if len(run) >= MENU_RUN:
            for k in run:
                if out[k][0] != "bad" or out[k][1] == "menu bullet":
                    out[k] = ("list", "menu or link list")
        i = max(j, i + 1)
    return out


def _neighbour(classes: list[str], i: int, step: int, ignore_neargood: bool) -> str:
    i += step
    while 0 <= i < len(classes):
        c = classes[i]
        if c in ("good", "bad") or (c == "neargood" and not ignore_neargood):
            return c
        i += step
    return "bad"


_TEASER_MARK = ("time stamp or dateline", "cut-off teaser", "furniture phrase")


def _mark_teasers(page: list[Line], classes: list[str], reasons: list[str]) -> None:
    """Headlines in a teaser list ("TRENDING", "Latest News") sit next to a relative time stamp,
    a "Read more" link or a cut-off summary; they are furniture, however headline-like."""
    marks = [c == "bad" and r in _TEASER_MARK for c, r in zip(classes, reasons)]
    filled = [i for i, c in enumerate(classes) if c != "blank"]
    for pos, i in enumerate(filled):
        if classes[i] not in ("short", "neargood"):
            continue
        before = marks[filled[pos - 1]] if pos > 0 else False
        after = marks[filled[pos + 1]] if pos + 1 < len(filled) else False
        if before and after or after and _TIME_STAMP.match(page[filled[pos + 1]].text):
            classes[i] = "bad"
            reasons[i] = "teaser headline"


def _good_follows(page: list[Line], classes: list[str], i: int, lists: frozenset[int] = frozenset()) -> bool:
    """Whether good prose starts within the heading distance after line `i` (a lead paragraph
    above a byline, a heading above the body)."""
    distance = 0
    for j in range(i + 1, len(page)):
        if distance > MAX_HEADING_DISTANCE:
            return False
        if classes[j] == "good":
            return True
        if classes[j] == "list" or j in lists:
            return False  # a menu lies between: this line heads the menu, not the article
        distance += len(page[j].text.strip())
    return False


def _is_sentence(line: Line, stop: frozenset[str]) -> bool:
    """A short line that is still a sentence of prose (jusText's 70-character floor was set
    for web paragraphs; pasted text often has one sentence per line)."""
    body = line.text.strip()
    return (
        line.words >= SENTENCE_WORDS
        and body.endswith((".", "!", "?"))
        and stopword_density(body, stop) >= STOPWORDS_LOW
    )


def _is_heading(line: Line) -> bool:
    return 2 <= line.words <= HEADING_WORDS and not line.text.rstrip().endswith((".", ",", ";"))


def classify(text: str, stop: frozenset[str] | None = None) -> list[LineClass]:
    """Main or boilerplate, with a reason, for every non-blank line of `text`, in order.

    `stop`: the stoplist of the page's language (English by default)."""
    page = lines(text)
    first = _context_free(page, stoplist() if stop is None else stop)
    if not any(c in ("bad", "list") for c, _ in first):
        return [LineClass(line.start, line.end, True, "prose") for line, (c, _) in zip(page, first) if c != "blank"]
    classes = [c for c, _ in first]
    reasons = [r for _, r in first]
    lists = frozenset(i for i, c in enumerate(classes) if c == "list")
    if not any(c == "good" for c in classes):
        # Short texts of a few sentences: near-good prose stands in for the missing good block.
        classes = ["good" if c == "neargood" else c for c in classes]
    _mark_teasers(page, classes, reasons)
    _promote_headings(page, classes, reasons, from_class="short", to_class="neargood")
    revised = list(classes)
    for i, c in enumerate(classes):
        if c != "short":
            continue
        prev, nxt = _neighbour(classes, i, -1, True), _neighbour(classes, i, 1, True)
        if prev == nxt:
            revised[i] = prev
        elif (prev == "bad" and _neighbour(classes, i, -1, False) == "neargood") or (
            nxt == "bad" and _neighbour(classes, i, 1, False) == "neargood"
        ):
            revised[i] = "good"
        else:
            revised[i] = "bad"
        reasons[i] = "short line within prose" if revised[i] == "good" else "short line among boilerplate"
    for i, c in enumerate(classes):
        if c == "list":
            inside = _neighbour(classes, i, -1, True) == "good" == _neighbour(classes, i, 1, True)
            revised[i] = "good" if inside else "bad"
            reasons[i] = "list within prose" if inside else reasons[i]
    classes = revised
    for i, c in enumerate(classes):
        if c == "neargood":
            both_bad = _neighbour(classes, i, -1, True) == "bad" == _neighbour(classes, i, 1, True)
            if not both_bad or _good_follows(page, classes, i, lists):
                classes[i] = "good"
            else:
                classes[i] = "bad"
                reasons[i] = "isolated among boilerplate"
    _promote_headings(page, classes, reasons, from_class="bad", to_class="good", original=first, lists=lists)
    return [
        LineClass(line.start, line.end, c == "good", reasons[i])
        for i, (line, c) in enumerate(zip(page, classes))
        if c != "blank"
    ]


def _promote_headings(
    page: list[Line],
    classes: list[str],
    reasons: list[str],
    *,
    from_class: str,
    to_class: str,
    original: list[tuple[str, str]] | None = None,
    lists: frozenset[int] = frozenset(),
) -> None:
    """jusText's heading rule: a heading-like line shortly before good prose belongs to it."""
    for i, line in enumerate(page):
        if classes[i] != from_class or not _is_heading(line) or reasons[i] == "teaser headline":
            continue
        if original is not None and (
            original[i][0] == "list" or (original[i][0] == "bad" and original[i][1] != FEW_FUNCTION_WORDS)
        ):
            continue  # furniture stays furniture; a headline (few function words) may head the text
        if _good_follows(page, classes, i, lists):
            classes[i] = to_class
            reasons[i] = "heading"


def furniture(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of every boilerplate line of plain `text`, in order."""
    return [(c.start, c.end, c.reason) for c in classify(text) if not c.main]
