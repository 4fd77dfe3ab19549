"""Text layer: tokens with character offsets into the caller's original string.

Every later stage works on `Token`s, never on a normalized copy of the text, so a span's
offsets can always be mapped back with `text[start:end]`. Words are split at apostrophes
the way the reference language model spells them ("minister's" stays one token), and a
`segment` number changes at every punctuation mark or line break so that n-gram windows
never straddle a sentence, a list item or a menu line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

# Letters (any script) with inner apostrophes or hyphen-free joins; digits are not words here.
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*", re.UNICODE)
WORD_PATTERN = _WORD  # public: every module counts words the same way
# Anything between two words other than plain spaces ends an n-gram window.
_SOFT_GAP = re.compile(r"[ \t\u00a0]*(?:-[ \t]*)?")

FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "for",
        "of",
        "in",
        "on",
        "at",
        "to",
        "by",
        "with",
        "from",
        "into",
        "onto",
        "upon",
        "about",
        "as",
        "than",
        "then",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "having",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "no",
        "it",
        "its",
        "it's",
        "they",
        "them",
        "their",
        "theirs",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "i",
        "me",
        "my",
        "mine",
        "one",
        "ones",
        "also",
        "very",
        "just",
        "only",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "more",
        "most",
        "less",
        "least",
        "much",
        "many",
        "some",
        "any",
        "all",
        "each",
        "every",
        "both",
        "either",
        "neither",
        "such",
        "other",
        "another",
        "own",
        "same",
        "too",
        "if",
        "while",
        "because",
        "although",
        "though",
        "since",
        "until",
        "unless",
        "whether",
        "after",
        "before",
        "during",
        "without",
        "within",
        "between",
        "among",
        "against",
        "through",
        "across",
        "per",
        "via",
        "whereas",
    ]
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word: offsets into the original text, its lowercase form and its segment."""

    start: int
    end: int
    text: str
    lower: str
    segment: int

    @property
    def is_function(self) -> bool:
        return self.lower in FUNCTION_WORDS

    @property
    def is_capitalized(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split `text[start:end]` into word tokens with offsets (into `text`) and segment ids.

    Apostrophes are normalized (U+2019 -> ') in `lower` only, so lookups match the language
    model while offsets stay on the caller's characters.
    """
    tokens: list[Token] = []
    segment = 0
    prev_end = start
    for match in _WORD.finditer(text, start, len(text) if end is None else end):
        start, end = match.span()
        if tokens:
            gap = text[prev_end:start]
            if not _SOFT_GAP.fullmatch(gap):
                segment += 1
        word = match.group()
        tokens.append(Token(start, end, word, word.lower().replace("\u2019", "'"), segment))
        prev_end = end
    return tokens


SECTION_CHARS = 250_000


def sections(text: str, size: int = SECTION_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of about `size` characters, cut at a line break where possible.

    Long texts are scored section by section so that memory stays flat whatever the length.
    """
    out: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut >= 0 else end
        out.append((start, end))
        start = end
    return out


def tokens_outside(tokens: list[Token], ranges: Sequence[tuple[int, int, str]]) -> list[Token]:
    """The tokens that start outside every (start, end, why) range, e.g. the page's furniture
    lines; `ranges` are sorted and disjoint."""
    if not ranges:
        return tokens
    starts = [r[0] for r in ranges]
    kept = []
    for token in tokens:
        i = bisect.bisect_right(starts, token.start) - 1
        if i < 0 or token.start >= ranges[i][1]:
            kept.append(token)
    return kept


@dataclass(frozen=True, slots=True)
class Context:
    """Lowercase words around tokens[first..last] for LM scoring, within one segment.

    `words` starts with "<s>" when the stretch opens its segment; `index(pos)` maps a token
    index to its place in `words`; `start` is the place of `first` (scoring starts there).
    """

    words: list[str]
    lo: int
    offset: int
    start: int

    def index(self, pos: int) -> int:
        return pos - self.lo + self.offset


def context(tokens: list[Token], first: int, last: int, width: int = 2) -> Context:
    seg = tokens[first].segment
    lo = first
    while lo > 0 and first - lo < width and tokens[lo - 1].segment == seg:
        lo -= 1
    hi = last
    while hi + 1 < len(tokens) and hi - last < width and tokens[hi + 1].segment == seg:
        hi += 1
    words = [t.lower for t in tokens[lo : hi + 1]]
    offset = 0
    if lo == 0 or tokens[lo - 1].segment != seg:
        words.insert(0, "<s>")
        offset = 1
    return Context(words, lo, offset, first - lo + offset)


def match_case(template: str, word: str) -> str:
    """`word` in the capitalization of `template`: ALL CAPS, Capitalized or as is."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# Words that open with a vowel letter but a consonant sound ("a unit", "a user", "a one-off"),
# and words that open with a silent h ("an hour"). Checked against the CMU pronouncing
# dictionary on the 30k commonest words (`tests/test_text.py`).
_A_BEFORE_VOWEL = re.compile(r"(?:uni(?![nm])|us(?!h)|uti|ute|ura|uri|uro|uga|uru|unani|eu|ewe|one|once|ubiq|uk)")
_AN_BEFORE_H = re.compile(r"(?:hour|honest|honor|honour|heir)")


def indefinite_article(word: str) -> str:
    """ "a" or "an", whichever English writes before `word` (lowercase): a restoration that
    swaps the word after an article must swap the article too ("an invoice" -> "a bill"), or
    the reference LM reads "an bill" and steers the search towards vowel-initial candidates."""
    if _A_BEFORE_VOWEL.match(word):
        return "a"
    if _AN_BEFORE_H.match(word):
        return "an"
    return "an" if word[:1] in "aeiou" else "a"
