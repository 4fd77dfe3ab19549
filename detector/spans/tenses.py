"""Tense calques: a finished past event told in the present perfect, as French, German or Italian
tell it.

Those languages narrate a dated past event with their compound past ("a annoncé jeudi", "hat am
Donnerstag gemeldet"); translated word for word it becomes "has announced on Thursday", which
English does not write: a present perfect takes no definite past time. A back-translated news
story keeps the habit all through ("has opened on Monday", "has signed the deal in March"); no
synonym was swapped, so discovery cannot see it. This is a rule of English grammar, not a
fitted model: "has" or "have", at most one adverb, "been" for the passive, a past
participle, then within the same clause (MAX_GAP words, no punctuation, no conjunction or
preposition that opens another time frame; no modal before "have") a definite past time: "yesterday", "... ago", "on
Monday", "in March", "in 2019", or "last week" (not "the last year", which runs up to now). The
suggestion is the simple past ("has reported" -> "reported", "has written" -> "wrote", "has
been arrested" -> "was arrested").

Measured by `benchmarks/experiments/tenses.py`: false spans per 1,000 words of clean prose, 0.007
(no round trip makes them: Apertium's pivots narrate in the simple past, so there is no machine
gold for recall).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from detector.lm.thesaurus import irregular
from detector.spans.contract import Section, SectionDetector, Settings
from detector.text import Token
from detector.types import Span, SpanKind

# Words between the participle and the time expression: further off, the time often belongs to
# a phrase of its own ("has been honoured with the ... Award in 1997"; clean prose of 813k words:
# 9 spans at 6, 7 at 4).
MAX_GAP = 4
# A grammar rule has no probability; its spans rank with confident calques.
RULE_SCORE = 0.9
ADVERBS = frozenset({"also", "already", "now", "just", "finally", "recently", "even", "still", "again", "since"})
# Words after which a time expression belongs to another clause or another time frame.
BREAKS = frozenset(
    {"and", "but", "or", "that", "which", "who", "when", "while", "after", "before", "because", "since", "until"}
    | {"as", "if", "where", "than", "for", "during", "from", "over", "between", "through", "throughout", "every"}
)
# "could have nipped it years ago", "to have left on Monday": a modal or infinitive perfect may
# take a past time.
MODALS = frozenset({"could", "would", "should", "might", "must", "may", "can", "will", "shall", "to", "cannot"})
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
MONTHS = frozenset(
    {"january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december"}
)  # "May" is left out: "in May" is as often the verb's "may"
LAST = frozenset({"week", "month", "year", "night", "weekend", "summer", "winter", "spring", "autumn", "fall"})
_YEAR = re.compile(r"\s+(?:1[89]|20)\d\d\b")
_PUNCTUATION = re.compile(r"[^\s\d%$.,]|[.,](?!\d)")  # anything but spaces and numbers ("5%", "$1.2")


def find_tense_calques(text: str, tokens: Sequence[Token]) -> list[Span]:
    """Present perfects with a definite past time in one section, each with its simple past."""
    out = []
    for i, token in enumerate(tokens):
        if token.lower not in ("has", "have") or (i > 0 and tokens[i - 1].lower in MODALS):
            continue
        j = i + 1 if i + 1 < len(tokens) and _adverb(tokens[i + 1]) else i
        passive = j + 1 < len(tokens) and tokens[j + 1].lower == "been"
        j += 1 + passive
        if j >= len(tokens) or not _participle(tokens[j].lower) or not _joined(text, tokens, i, j):
            continue
        end = _past_time(text, tokens, j)
        if end is not None:
            out.append(_span(text, tokens, i, j, end, passive))
    return out


def _adverb(token: Token) -> bool:
    return token.lower in ADVERBS or (token.lower.endswith("ly") and len(token.lower) > 4)


def _participle(word: str) -> bool:
    """A past participle: an irregular one ("written", "been" aside) or a regular "-ed" form."""
    if any(tag == "ed" for _, tag in irregular().readings.get(word, ())):
        return True
    return word.endswith("ed") and len(word) > 4 and word not in ("need", "indeed")


def _joined(text: str, tokens: Sequence[Token], first: int, last: int) -> bool:
    """Whether tokens first..last are one stretch of words: spaces and numbers between, no
    punctuation."""
    return not any(_PUNCTUATION.search(text[tokens[k].end : tokens[k + 1].start]) for k in range(first, last))


def _past_time(text: str, tokens: Sequence[Token], j: int) -> int | None:
    """The character end of a definite past time within MAX_GAP words after the participle at
    `j`, in the same clause; None when there is none."""
    for k in range(j + 1, min(j + 2 + MAX_GAP, len(tokens))):
        if _clause_ends(text, tokens, k):
            return None
        word, after = tokens[k].lower, tokens[k + 1] if k + 1 < len(tokens) else None
        if word in ("yesterday", "ago"):
            return tokens[k].end
        if word == "in" and (year := _YEAR.match(text, tokens[k].end)):
            return year.end()
        if after is None or not _joined(text, tokens, k, k + 1):
            continue
        if (word == "on" and after.lower in WEEKDAYS) or (
            word == "in" and after.lower in MONTHS and after.is_capitalized
        ):
            return after.end
        if word == "last" and after.lower in LAST and tokens[k - 1].lower not in ("the", "of"):
            return after.end
    return None


def _clause_ends(text: str, tokens: Sequence[Token], k: int) -> bool:
    """Whether token `k` opens another clause or sentence: punctuation before it, a conjunction
    or preposition of another time frame, or a capitalised "In"/"On" after a missing full stop."""
    token = tokens[k]
    opens = token.is_capitalized and token.lower in ("in", "on")
    return opens or token.lower in BREAKS or not _joined(text, tokens, k - 1, k)


def simple_past(participle: str) -> str:
    """The simple past of a past participle: an irregular verb's other form ("written" ->
    "wrote"), else the same word ("reported")."""
    for lemma, tag in irregular().readings.get(participle, ()):
        if tag == "ed":
            forms = [f for f in irregular().forms.get((lemma, "ed"), ()) if f != participle]
            if forms:
                return forms[0]
    return participle


def _span(text: str, tokens: Sequence[Token], i: int, j: int, end: int, passive: bool) -> Span:
    """From "has"/"have" to the time expression, suggesting the simple past."""
    adverb = [tokens[i + 1].text] if j - i == 2 + passive else []
    if passive:
        verb = ["was" if tokens[i].lower == "has" or (i > 0 and tokens[i - 1].lower == "i") else "were", tokens[j].text]
    else:
        verb = [simple_past(tokens[j].lower)]
    wording = " ".join([*adverb, *verb]) + text[tokens[j].end : end]
    if tokens[i].is_capitalized:
        wording = wording[0].upper() + wording[1:]
    start = tokens[i].start
    return Span(
        start=start,
        end=end,
        text=text[start:end],
        kind=SpanKind.CALQUE,
        score=RULE_SCORE,
        reason=(
            "reads as translated word for word: English tells a dated, finished event in the simple past, "
            f'"{" ".join(verb)}"; a present perfect with a past time is the compound past of French, '
            "German or Italian"
        ),
        suggestion=wording,
    )


class TenseCalques(SectionDetector):
    """A present perfect with a definite past time: a foreign compound past translated word for word."""

    name = "tense_calques"
    kind = SpanKind.CALQUE

    def enabled(self, settings: Settings) -> bool:
        return settings.discover

    def find(self, section: Section, settings: Settings) -> list[Span]:
        return find_tense_calques(section.text, section.tokens)
