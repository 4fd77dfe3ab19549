"""Page furniture in ingested text: lines that are not the article and must not be flagged.

Pages arrive with their menus, "Related posts" teasers, share and subscribe lines, time
stamps and footers. None of it is prose, so synonym-swap evidence there means nothing; the
detectors skip it. A line is furniture when any rule below says so; each rule is a small
named check with its reason, so a reviewer can see why a line was skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_FURNITURE_START = re.compile(
    r"^\W*(read more|related posts?|related articles?|leave a (reply|comment)|share( this)?|tweet|"
    r"subscribe|sign up|sign in|log in|follow us|trending( now)?|close menu|menu|advertisement|"
    r"sponsored|cookie|privacy policy|terms (of|and)|all rights reserved|copyright|skip to|"
    r"you may also like|recommended|most read|worth reading|your email address)\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}", re.IGNORECASE)
_RELATIVE_TIME = re.compile(r"^\W*\d+\s+(second|minute|hour|day|week|month|year)s?\s+ago\W*$", re.IGNORECASE)
_TEASER_END = re.compile(r"(\u2026|\.\.\.)\s*$")
_BULLET = re.compile(r"^\s*[\u2022\u25cf\u25aa\-\*\u00bb|>]+\s*")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MENU_WORDS = 3  # a menu item has at most this many words
MENU_RUN = 3  # this many short lines in a row make a menu


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def lines(text: str) -> list[Line]:
    out = []
    start = 0
    for piece in text.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        out.append(Line(start, start + len(body), body))
        start += len(piece)
    return out


RULES: dict[str, Callable[[Line], bool]] = {
    "furniture phrase": lambda line: bool(_FURNITURE_START.search(line.text)),
    "copyright line": lambda line: bool(_COPYRIGHT.search(line.text)),
    "time stamp": lambda line: bool(_RELATIVE_TIME.match(line.text)),
    "cut-off teaser": lambda line: bool(_TEASER_END.search(line.text)),
    "menu bullet": lambda line: bool(_BULLET.match(line.text)) and 0 < line.words <= MENU_WORDS,
}


def furniture(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of every furniture line of `text`, in order."""
    all_lines = lines(text)
    found: dict[int, str] = {}
    for i, line in enumerate(all_lines):
        for reason, rule in RULES.items():
            if line.text.strip() and rule(line):
                found[i] = reason
                break
    # Runs of very short lines are menus and link lists, whatever their markers.
    short = [bool(line.text.strip()) and line.words <= MENU_WORDS for line in all_lines]
    i = 0
    while i < len(all_lines):
        j = i
        while j < len(all_lines) and (short[j] or not all_lines[j].text.strip()):
            j += 1
        if sum(short[i:j]) >= MENU_RUN:
            for k in range(i, j):
                if short[k]:
                    found.setdefault(k, "menu")
        i = max(j, i + 1)
    return [(all_lines[i].start, all_lines[i].end, reason) for i, reason in sorted(found.items())]
