"""The PPS query language: parse one Problematic Paper Screener (Dimensions) query.

Each row of a PPS export gives its tortured phrase as a Dimensions full-text query;
`parse_query` turns one into a `ParsedQuery` of `Clause`s and `Term`s, and `detector.spans.pps`
loads the export and matches the parsed rules against a text.

Query shapes understood (after CSV unquoting)::

    "velvet lantern"                            plain phrase
    "velvet lantern" OR "satin lamp"            any of the phrases
    "cloudy turnip" AND "vegetable"             the other clause must occur in the document
    "pebble sorting" NOT "with PS"              the other clause must not occur in the document
    "gathering lantern"~10                      proximity: the words, any order, in 10+2 tokens
    "business marmalade" AND business toast     unquoted words: each must occur (Dimensions' AND)
    "x" AND ("a" OR "b") AND optimiz*           parenthesised OR groups, trailing wildcards

Interpretation choices, made so that every row of a real export means what its authors meant:

* The first clause holds the phrase(s) to report (the "positives"); every later clause is a
  document-level condition. So ``"a" OR "b" AND "c"`` reads as ``("a" OR "b") AND "c"``:
  OR binds tighter than AND/NOT, because PPS rows use OR to list variants of the tortured
  phrase and AND/NOT to give context, never the other way round.
* An unquoted first clause (``velvet lantern``) is taken as a phrase: a row of a phrase
  list that lost its quotes still names a phrase.
* Phrases are normalized with the shared `normalize_phrase`, so a term's key is exactly what
  `PhraseMatcher` (case-insensitive, whole words) looks up; how terms are matched against a
  text is `detector.spans.pps`'s business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from detector.spans.phrase_matcher import fold, normalize_phrase

__all__ = [
    "Clause",
    "ParsedQuery",
    "PpsFormatError",
    "Term",
    "TermKind",
    "parse_query",
]

# Tokens for proximity windows: the same notion of "word" the PhraseMatcher uses for its
# word boundaries (alphanumerics and underscore), so word hits and token counts agree.
_WORD = re.compile(r"\w+")
_SLOP = re.compile(r"~(\d+)")
_BARE = re.compile(r'[^\s"()]+')
_OPERATORS = frozenset({"AND", "OR", "NOT"})


class PpsFormatError(ValueError):
    """A PPS export (or one query in it) does not have the expected shape.

    A ValueError so callers that already guard user input with ``except ValueError`` keep
    working; its own class so they can tell "your list is malformed" from other errors.
    """


TermKind = Literal["phrase", "near", "prefix"]


@dataclass(frozen=True, slots=True)
class Term:
    """One searchable unit of a query.

    `kind` says how `key` is searched:

    * ``"phrase"``: `key` is the normalized phrase (`normalize_phrase`), found by the shared
      automaton on word boundaries.
    * ``"near"``: `key` is the phrase's words joined by spaces; they must all occur, in any
      order, within a window of ``slop + len(words)`` tokens (Dimensions' ``"..."~N``).
    * ``"prefix"``: `key` is a normalized phrase whose last word is a stem (``optimiz*``);
      found with a regex because an automaton over whole words cannot express it.
    """

    kind: TermKind
    key: str
    slop: int | None = None

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.key.split(" "))

    def __str__(self) -> str:
        if self.kind == "near":
            return f'"{self.key}"~{self.slop}'
        if self.kind == "prefix":
            return f'"{self.key}*"'
        return f'"{self.key}"'


@dataclass(frozen=True, slots=True)
class Clause:
    """A document-level condition: true when ANY alternative has ALL of its terms present.

    ``("a" OR "b")`` is two one-term alternatives; ``business intelligence`` (unquoted) is one
    alternative of two terms, since Dimensions ANDs bare words.
    """

    alternatives: tuple[tuple[Term, ...], ...]

    def terms(self) -> Iterator[Term]:
        for alternative in self.alternatives:
            yield from alternative

    def __str__(self) -> str:
        parts = [" ".join(str(t) for t in alt) for alt in self.alternatives]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """The clause structure of one PPS query.

    `positives` are the alternatives of the first clause, the stretches to report;
    `required` must all hold somewhere in the document and `forbidden` must all fail.
    """

    positives: tuple[Term, ...]
    required: tuple[Clause, ...] = ()
    forbidden: tuple[Clause, ...] = ()

    @property
    def proximity(self) -> int | None:
        """The proximity N of the reported phrase, or None when it is an exact phrase."""
        for term in self.positives:
            if term.kind == "near":
                return term.slop
        return None


@dataclass(frozen=True, slots=True)
class _Tok:
    type: Literal["PHRASE", "WORD", "AND", "OR", "NOT", "LP", "RP"]
    text: str
    pos: int
    slop: int | None = None


def _error(query: str, message: str) -> PpsFormatError:
    return PpsFormatError(f"{message} in query {query!r}")


def _tokenize(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            close = query.find('"', i + 1)
            if close < 0:
                raise _error(query, f"unterminated quote at position {i}")
            body = query[i + 1 : close]
            j = close + 1
            slop = None
            if j < n and query[j] == "~":
                m = _SLOP.match(query, j)
                if not m:
                    raise _error(query, f"'~' at position {j} must be followed by a number")
                slop = int(m.group(1))
                j = m.end()
            if j < n and not (query[j].isspace() or query[j] in "()"):
                raise _error(query, f"unexpected {query[j]!r} right after the quoted phrase at position {j}")
            toks.append(_Tok("PHRASE", body, i, slop))
            i = j
        elif ch == "(":
            toks.append(_Tok("LP", ch, i))
            i += 1
        elif ch == ")":
            toks.append(_Tok("RP", ch, i))
            i += 1
        else:
            m = _BARE.match(query, i)
            assert m is not None  # ch is not space, quote or paren, so at least one char
            word = m.group()
            if m.end() < n and query[m.end()] == '"':
                raise _error(query, f"quote inside the word {word!r} at position {m.end()}")
            if "~" in word:
                raise _error(query, f"'~' only applies to a quoted phrase (got {word!r})")
            kind = word if word in _OPERATORS else "WORD"
            toks.append(_Tok(kind, word, i))  # type: ignore[arg-type]
            i = m.end()
    return toks


def _make_term(query: str, text: str, slop: int | None) -> Term:
    """Turn the text of a phrase or bare word into a Term, validating wildcards and slop."""
    body = text.strip()
    if "*" in body:
        if not body.endswith("*") or "*" in body[:-1]:
            raise _error(query, f"wildcard '*' is only supported at the end of a phrase ({text!r})")
        if slop is not None:
            raise _error(query, f"a wildcard phrase cannot take a proximity '~' ({text!r})")
        stem = body[:-1]
        if not stem or stem[-1].isspace():
            raise _error(query, f"wildcard '*' must follow at least one letter ({text!r})")
        key = normalize_phrase(stem)
        if not key:
            raise _error(query, f"wildcard '*' must follow at least one letter ({text!r})")
        return Term("prefix", key)
    if slop is not None:
        words = _WORD.findall(fold(body))
        if not words:
            raise _error(query, f"proximity phrase {text!r} has no words")
        if len(words) > 1:
            return Term("near", " ".join(words), slop)
        # A single word "near" itself is just that word.
    key = normalize_phrase(body)
    if not key:
        raise _error(query, "empty phrase")
    return Term("phrase", key)


class _Parser:
    """Recursive descent parser.

    Grammar: query = clause ((AND [NOT] | NOT) clause)*; clause = [(] alt (OR alt)* [)];
    alt = (phrase | word)+.
    """

    def __init__(self, query: str) -> None:
        self.query = query
        self.toks = _tokenize(query)
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def fail(self, message: str) -> PpsFormatError:
        return _error(self.query, message)

    def parse(self) -> ParsedQuery:
        if not self.toks:
            raise self.fail("empty query")
        positives = self._positives(self._clause())
        required: list[Clause] = []
        forbidden: list[Clause] = []
        while (tok := self.peek()) is not None:
            self.take()
            if tok.type == "AND":
                nxt = self.peek()
                if nxt is not None and nxt.type == "NOT":
                    self.take()
                    target = forbidden
                else:
                    target = required
            elif tok.type == "NOT":
                target = forbidden
            elif tok.type == "RP":
                raise self.fail(f"unbalanced ')' at position {tok.pos}")
            else:
                raise self.fail(f"expected AND, OR or NOT at position {tok.pos}, got {tok.text!r}")
            if self.peek() is None:
                raise self.fail(f"{tok.text} at the end with nothing after it")
            target.append(self._condition(self._clause()))
        return ParsedQuery(tuple(positives), tuple(required), tuple(forbidden))

    def _clause(self) -> list[list[_Tok]]:
        tok = self.peek()
        if tok is not None and tok.type == "LP":
            self.take()
            alternatives = self._or_list()
            end = self.peek()
            if end is None:
                raise self.fail(f"'(' at position {tok.pos} is never closed")
            if end.type in ("AND", "NOT"):
                raise self.fail(f"only OR is supported inside parentheses (position {end.pos})")
            if end.type != "RP":
                raise self.fail(f"expected ')' at position {end.pos}, got {end.text!r}")
            self.take()
            return alternatives
        return self._or_list()

    def _or_list(self) -> list[list[_Tok]]:
        alternatives = [self._alternative()]
        while (tok := self.peek()) is not None and tok.type == "OR":
            self.take()
            alternatives.append(self._alternative())
        return alternatives

    def _alternative(self) -> list[_Tok]:
        items: list[_Tok] = []
        while (tok := self.peek()) is not None and tok.type in ("PHRASE", "WORD"):
            items.append(self.take())
        tok = self.peek()
        if tok is not None and tok.type == "LP":
            raise self.fail(f"nested or unjoined '(' at position {tok.pos} is not supported")
        if not items:
            if tok is None:
                raise self.fail("query ends where a phrase was expected")
            raise self.fail(f"expected a phrase at position {tok.pos}, got {tok.text!r}")
        return items

    def _positives(self, alternatives: list[list[_Tok]]) -> list[Term]:
        terms: list[Term] = []
        for items in alternatives:
            if len(items) == 1 and items[0].type == "PHRASE":
                terms.append(_make_term(self.query, items[0].text, items[0].slop))
            elif all(t.type == "WORD" for t in items):
                # A phrase that lost its quotes: still a phrase (see module docstring).
                terms.append(_make_term(self.query, " ".join(t.text for t in items), None))
            else:
                stray = next((t for t in items[1:] if t.type == "WORD"), items[1])
                raise self.fail(
                    f"unexpected {stray.text!r} at position {stray.pos} after the first phrase "
                    "(a misspelt AND, OR or NOT?); the first clause must be a quoted phrase "
                    "or quoted phrases joined by OR"
                )
        return terms

    def _condition(self, alternatives: list[list[_Tok]]) -> Clause:
        return Clause(tuple(tuple(_make_term(self.query, t.text, t.slop) for t in items) for items in alternatives))


def parse_query(query: str) -> ParsedQuery:
    """Parse one PPS/Dimensions query (already CSV-unquoted) into its clause structure.

    Raises PpsFormatError, naming the query and the position, when the query is malformed
    (unbalanced quotes or parentheses, a dangling operator, a misplaced '~' or '*').
    """
    return _Parser(query).parse()
