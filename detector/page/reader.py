"""Pages in, text out: plain text or HTML becomes the text that spans point into, with every
line marked main text or boilerplate and the main text's language identified.

Plain text is used exactly as given, so span offsets index the caller's string. HTML is
turned into one line per block (paragraph, heading, list item) by jusText, which classifies
every block as content or boilerplate; the report then carries that extracted text and says
so (`source_format="html"`), because offsets into markup would mean nothing to a reviewer.
jusText was chosen over trafilatura on the team's page fixtures (`benchmarks/html_extract.py`):
trafilatura kept every article sentence but let 11 of 44 furniture sentences through (on
table-layout and bare pages); jusText, given the page language's stoplist and followed by
the page rules, kept all 43 and let none through, at about the same speed, and it labels
every block, so a reviewer can see the furniture greyed out rather than gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal, NamedTuple

from detector.page import language
from detector.page.boilerplate import SHAPE_VERDICTS, Line, LineClass, classify, furniture_rule, stoplist_for
from detector.text import WORD_PATTERN

Format = Literal["auto", "text", "html"]

_HTML_START = re.compile(r"\A(?:\ufeff)?\s*(<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(html|head|body|div|p|article|section|span|a|br|table|tr|td|ul|li|h[1-6]|script|style|meta)\b[^>]*>",
    re.IGNORECASE,
)
HEADING_DISTANCE = 200  # characters between a heading and the text it heads (jusText's)
MAX_LINK_DENSITY = 0.2  # jusText's default: a block with more link text is navigation
HTML_MIN_TAGS = 5  # an undeclared document needs this many common tags in its first 4 KB
# libxml2 stops reading below 256 nested elements and the page would lose all its text. Below
# MAX_HTML_DEPTH kept elements, generic wrappers are dropped (their text and children stay);
# below HARD_HTML_DEPTH, every tag is.
MAX_HTML_DEPTH = 64
HARD_HTML_DEPTH = 200
_WRAPPERS = frozenset(
    [
        "div",
        "span",
        "section",
        "article",
        "main",
        "aside",
        "font",
        "center",
        "b",
        "i",
        "u",
        "em",
        "strong",
        "small",
        "big",
    ]
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(/?)>")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)


@dataclass(frozen=True, slots=True)
class Page:
    """The text detectors run on, with its lines classified and its language."""

    text: str
    source_format: Literal["text", "html"]
    lines: tuple[LineClass, ...]
    language: str | None
    language_confidence: float
    notes: tuple[str, ...] = ()  # what a reviewer should know about how the page was read

    @property
    def boilerplate(self) -> tuple[tuple[int, int, str], ...]:
        return tuple((c.start, c.end, c.reason) for c in self.lines if not c.main)

    @property
    def main_lines(self) -> tuple[str, ...]:
        return tuple(self.text[c.start : c.end] for c in self.lines if c.main)

    @property
    def boilerplate_share(self) -> float:
        """Share of the page's non-blank characters that lie in boilerplate lines."""
        total = sum(c.end - c.start for c in self.lines)
        return sum(c.end - c.start for c in self.lines if not c.main) / total if total else 0.0


def looks_like_html(raw: str) -> bool:
    head = raw[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= HTML_MIN_TAGS


def read_page(raw: str, format: Format = "auto") -> Page:
    """Classify the lines of `raw` (plain page text or HTML) and identify its language."""
    if format not in ("auto", "text", "html"):
        raise ValueError(f"format must be 'auto', 'text' or 'html', not {format!r}")
    if format == "html" or (format == "auto" and looks_like_html(raw)):
        return _read_html(raw)
    return _read_text(raw)


def _language_of(lines: list[str]) -> tuple[str | None, float]:
    """Language of the page's longer lines: menus and names say little about it."""
    long_lines = [line for line in lines if len(line) >= 70] or lines
    return language.identify("\n".join(long_lines))


WHOLE_TEXT_NOTE = (
    "no line reads as an article body (one dense sentence, a list, code): its lines were scored as written"
)


def _read_text(text: str) -> Page:
    code, confidence = _language_of([line for line in text.splitlines() if line.strip()])
    classes, notes = _whole_when_bodiless(classify(text, stoplist_for(code)))
    main = [text[c.start : c.end] for c in classes if c.main]
    if main and code not in (None, "en"):
        code, confidence = language.identify("\n".join(main))
    return Page(text, "text", tuple(classes), code, confidence, notes)


def flatten_nesting(raw: str, max_depth: int = MAX_HTML_DEPTH) -> tuple[str, int]:
    """`raw` with the tags of wrapper elements nested deeper than `max_depth` removed (their
    text and children stay), and the deepest nesting found; unchanged when within the limit.

    Closing tags are matched the way browsers do: a close pops the open elements up to its
    name, and a close without an open element is ignored."""
    stack: list[tuple[str, bool]] = []  # (tag name, dropped)
    drop: list[tuple[int, int]] = []
    deepest = kept = 0
    for match in _TAG.finditer(raw):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            names = [n for n, _ in stack]
            if name in names:
                at = len(names) - 1 - names[::-1].index(name)
                if stack[at][1]:
                    drop.append(match.span())
                kept -= sum(not dropped for _, dropped in stack[at:])
                del stack[at:]
        elif name not in _VOID and not self_closing:
            dropped = kept >= HARD_HTML_DEPTH or (kept >= max_depth and name in _WRAPPERS)
            stack.append((name, dropped))
            kept += not dropped
            deepest = max(deepest, len(stack))
            if dropped:
                drop.append(match.span())
    if not drop:
        return raw, deepest
    pieces, cursor = [], 0
    for start, end in drop:
        pieces.append(raw[cursor:start])
        cursor = end
    pieces.append(raw[cursor:])
    return "".join(pieces), deepest


def _read_html(raw: str) -> Page:
    raw, deepest = flatten_nesting(raw)
    page = _read_blocks(raw)
    if deepest <= MAX_HTML_DEPTH:
        return page
    note = f"HTML nested {deepest} elements deep: wrappers below {MAX_HTML_DEPTH} levels were ignored to read it"
    return replace(page, notes=(note,))


def _read_blocks(raw: str) -> Page:
    blocks = _html_blocks(raw, None)
    code, confidence = _language_of([b.text for b in blocks])
    if code not in (None, "en"):
        blocks = _html_blocks(raw, code)
    if blocks and not any(b.main for b in blocks):
        # jusText needs a page around a paragraph; a fragment ("<p>One paragraph.</p>") is
        # judged by the plain-text classifier instead, which keeps plain prose whole, and
        # link-heavy blocks stay navigation.
        verdicts = classify("\n".join(b.text for b in blocks), stoplist_for(code))
        blocks = [
            b._replace(main=c.main and not b.links, reason="links" if b.links else c.reason)
            for b, c in zip(blocks, verdicts)
        ]
    blocks = _keep_headings(blocks)
    text = "\n".join(b.text for b in blocks)
    classes = []
    start = 0
    for block, main, reason, _, _ in blocks:
        line = Line(start, start + len(block), block, len(WORD_PATTERN.findall(block)))
        if main:
            # jusText keeps some furniture (share rows, bylines); the page rules catch it.
            rule = furniture_rule(line)
            if rule is not None:
                main, reason = False, rule
        classes.append(LineClass(line.start, line.end, main, reason))
        start += len(block) + 1
    classes, notes = _whole_when_bodiless(classes)
    main_text = "\n".join(text[c.start : c.end] for c in classes if c.main)
    if main_text and code not in (None, "en"):
        code, confidence = language.identify(main_text)
    return Page(text, "html", tuple(classes), code, confidence, notes)


def _whole_when_bodiless(classes: list[LineClass]) -> tuple[list[LineClass], tuple[str, ...]]:
    """Where no line reads as main text, the lines judged by their shape alone (few function
    words, short, a trailing ellipsis) are kept after all, with a note. Furniture is what
    surrounds an article; with no article those verdicts protect nothing, and dropping them
    would score a dense one-line sentence ("The central bank kept interest rates unchanged amid
    fears of a downturn.") or a short request as no words at all. Lines that name furniture
    (share rows, copyright, "Related posts") stay out."""
    if any(c.main for c in classes) or not any(c.reason in SHAPE_VERDICTS for c in classes):
        return classes, ()
    kept = [replace(c, main=True, reason="whole text") if c.reason in SHAPE_VERDICTS else c for c in classes]
    return kept, (WHOLE_TEXT_NOTE,)


def _keep_headings(blocks: list[_Block]) -> list[_Block]:
    """A heading element shortly above main text belongs to the article, however few stopwords
    it has (jusText drops headlines over 70 characters); a spun headline must be scored."""
    out = list(blocks)
    for i, block in enumerate(blocks):
        if block.main or not block.heading or block.links:
            continue
        distance = 0
        for later in blocks[i + 1 :]:
            if later.main:
                out[i] = block._replace(main=True, reason="heading")
                break
            distance += len(later.text)
            if distance > HEADING_DISTANCE:
                break
    return out


class _Block(NamedTuple):
    text: str
    main: bool
    reason: str
    links: bool  # mostly link text (jusText's link-density limit): navigation, whatever the words
    heading: bool  # an <h1>-<h6> element


def _html_blocks(raw: str, code: str | None) -> list[_Block]:
    """Every block of the page with jusText's verdict, in document order."""
    import justext
    from lxml.etree import ParserError

    try:
        paragraphs = justext.justext(raw, stoplist_for(code))
    except (ParserError, ValueError, TypeError):
        return []  # nothing parseable: no blocks, reported as a page with no words
    out = []
    for p in paragraphs:
        block = " ".join(p.text.split())
        if block:
            reason = "main text" if not p.is_boilerplate else f"boilerplate block (jusText: {p.class_type})"
            links = p.links_density() > MAX_LINK_DENSITY
            out.append(_Block(block, not p.is_boilerplate, reason, links, p.heading))
    return out
