"""Read a user-supplied Problematic Paper Screener (PPS) export and find its phrases in a text.

The PPS (Cabanac, Labbé & Magazinov) publishes its tortured-phrase fingerprints as
Dimensions full-text queries, exported as a CSV with the header
``tortured_phrase,expected_phrase,num_papers``. We cannot ship that list (its
redistribution terms are unclear), so a user supplies their own copy at run time and this
module turns it into spans.

The query language (syntax and interpretation choices) lives in `detector.spans.pps_query`; its
public names are re-exported here. Matching is the shared `PhraseMatcher`'s:
case-insensitive, whole words, any run of spaces/hyphens between words. All phrases of all
rules go into ONE automaton, the text is scanned once, and rules are evaluated from the set
of hits, so 7k rules on a 5 MB text cost one scan, not 7k.
"""

from __future__ import annotations

import csv
import errno
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from detector.spans.contract import Settings, TextDetector
from detector.spans.phrase_matcher import PhraseMatcher
from detector.spans.pps_query import _WORD, Clause, ParsedQuery, PpsFormatError, Term, parse_query
from detector.types import Span, SpanKind

__all__ = [
    "REQUIRED_COLUMNS",
    "Clause",
    "ParsedQuery",
    "PpsFormatError",
    "PpsList",
    "PpsRule",
    "Term",
    "load_pps",
    "parse_query",
]

REQUIRED_COLUMNS: tuple[str, ...] = ("tortured_phrase", "expected_phrase", "num_papers")

# Separators allowed between the words of a wildcard phrase, mirroring PhraseMatcher's folding.
_SEP = r"[\s\-\u00a0\u2010\u2011\u2012\u2013]+"
_COUNT = re.compile(r"\d+|\d{1,3}(?:[,_\u00a0\u202f ]\d{3})+")


@dataclass(frozen=True, slots=True)
class PpsRule:
    """One row of a PPS export, parsed and ready to match.

    `query` is the row's tortured_phrase verbatim (quoted in span reasons so a reviewer can
    look the fingerprint up in the PPS); `expected` is the established wording, kept
    verbatim, " OR " alternatives and parenthesised acronyms included; `line` is the CSV
    line the row started on, for error messages.
    """

    query: str
    positives: tuple[Term, ...]
    required: tuple[Clause, ...]
    forbidden: tuple[Clause, ...]
    proximity: int | None
    expected: str
    num_papers: int
    line: int | None = None

    @classmethod
    def from_query(cls, query: str, expected: str, num_papers: int, line: int | None = None) -> PpsRule:
        """Parse `query` and bundle it with the row's other fields (PpsFormatError if bad)."""
        parsed = parse_query(query)
        return cls(
            query=query,
            positives=parsed.positives,
            required=parsed.required,
            forbidden=parsed.forbidden,
            proximity=parsed.proximity,
            expected=expected,
            num_papers=num_papers,
            line=line,
        )

    @property
    def reason(self) -> str:
        """Why a span was flagged, in words a reviewer can check against the PPS."""
        papers = "1 paper" if self.num_papers == 1 else f"{self.num_papers:,} papers"
        return f"listed in the supplied PPS export ({self.query}, {papers})"

    def terms(self) -> Iterator[Term]:
        yield from self.positives
        for clause in self.required + self.forbidden:
            yield from clause.terms()


# --------------------------------------------------------------------------- matching


def _prefix_regex(term: Term) -> re.Pattern[str]:
    """A case-insensitive regex for a phrase whose last word is a stem."""
    words = term.words
    parts = []
    for word in words:
        escaped = "".join("['\u2018\u2019]" if c == "'" else re.escape(c) for c in word)
        parts.append(escaped)
    return re.compile(r"(?<!\w)" + _SEP.join(parts) + r"\w*", re.IGNORECASE)


class _Scan:
    """Everything learned about one text: the automaton hits, plus lazily computed
    proximity windows and wildcard matches (only when a live rule needs them)."""

    def __init__(self, owner: PpsList, text: str) -> None:
        self.owner = owner
        self.text = text
        self.hits: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for hit in owner._matcher.find(text):
            self.hits[hit.key].append((hit.start, hit.end))
        self._token_index: dict[int, int] | None = None
        self._near: dict[Term, list[tuple[int, int]]] = {}
        self._prefix: dict[Term, list[tuple[int, int]]] | None = None

    def spans(self, term: Term) -> Sequence[tuple[int, int]]:
        if term.kind == "phrase":
            return self.hits.get(term.key, ())
        if term.kind == "near":
            return self._near_spans(term)
        return self._prefix_spans().get(term, ())

    def present(self, term: Term) -> bool:
        return bool(self.spans(term))

    def holds(self, clause: Clause) -> bool:
        return any(all(self.present(t) for t in alt) for alt in clause.alternatives)

    def _tokens(self) -> dict[int, int]:
        """Token index of every hit of a proximity word, counted in one left-to-right pass."""
        if self._token_index is None:
            starts = sorted({s for w in self.owner._near_words for s, _ in self.hits.get(w, ())})
            index: dict[int, int] = {}
            count, prev = 0, 0
            for start in starts:
                count += len(_WORD.findall(self.text, prev, start))
                index[start] = count
                prev = start
            self._token_index = index
        return self._token_index

    def _near_spans(self, term: Term) -> list[tuple[int, int]]:
        cached = self._near.get(term)
        if cached is not None:
            return cached
        need = Counter(term.words)
        result: list[tuple[int, int]] = []
        if all(w in self.hits for w in need):
            tokens = self._tokens()
            occ = sorted((tokens[s], s, e, w) for w in need for s, e in self.hits[w])
            window = (term.slop or 0) + len(term.words)
            have: Counter[str] = Counter()
            satisfied = 0
            left = 0
            for right, (_, _, _, word) in enumerate(occ):
                have[word] += 1
                if have[word] == need[word]:
                    satisfied += 1
                if satisfied < len(need):
                    continue
                # Drop surplus occurrences on the left: the minimal window ending here.
                while have[occ[left][3]] > need[occ[left][3]]:
                    have[occ[left][3]] -= 1
                    left += 1
                if occ[right][0] - occ[left][0] + 1 <= window:
                    result.append((occ[left][1], occ[right][2]))
                    # Start afresh after this match so reported stretches do not overlap.
                    have.clear()
                    satisfied = 0
                    left = right + 1
        self._near[term] = result
        return result

    def _prefix_spans(self) -> dict[Term, list[tuple[int, int]]]:
        if self._prefix is None:
            found: dict[Term, list[tuple[int, int]]] = defaultdict(list)
            combined = self.owner._prefix_any
            if combined is not None:
                patterns = self.owner._prefix_patterns
                for m in combined.finditer(self.text):
                    pos = m.start()
                    for term, rx in patterns:
                        hit = rx.match(self.text, pos)
                        if hit:
                            found[term].append((pos, hit.end()))
            self._prefix = found
        return self._prefix


class PpsList:
    """A parsed PPS export: its rules, the rows that could not be used, and a fast matcher.

    Construction builds ONE automaton over every phrase of every rule (reported phrases,
    AND/NOT clauses and the single words of proximity phrases); `find` scans the text once
    and evaluates only the rules whose reported phrase was hit.
    """

    def __init__(
        self,
        rules: Iterable[PpsRule],
        skipped: Iterable[tuple[int, str]] = (),
        source: str | os.PathLike[str] | None = None,
    ) -> None:
        self.rules: tuple[PpsRule, ...] = tuple(rules)
        self.skipped: list[tuple[int, str]] = list(skipped)
        self.source: Path | None = Path(source) if source is not None else None

        keys: set[str] = set()
        near_words: set[str] = set()
        prefix_terms: dict[Term, None] = {}
        by_key: dict[str, list[int]] = defaultdict(list)
        always: list[int] = []
        for idx, rule in enumerate(self.rules):
            for term in rule.terms():
                if term.kind == "phrase":
                    keys.add(term.key)
                elif term.kind == "near":
                    near_words.update(term.words)
                else:
                    prefix_terms[term] = None
            for term in rule.positives:
                if term.kind == "phrase":
                    by_key[term.key].append(idx)
                elif term.kind == "near":
                    for word in set(term.words):
                        by_key[word].append(idx)
                else:
                    always.append(idx)
        self._matcher = PhraseMatcher(keys | near_words)
        self._near_words = frozenset(near_words)
        self._by_key = dict(by_key)
        self._always = tuple(sorted(set(always)))
        self._prefix_patterns = tuple((t, _prefix_regex(t)) for t in prefix_terms)
        self._prefix_any = (
            re.compile(
                r"(?=" + "|".join(rx.pattern for _, rx in self._prefix_patterns) + ")",
                re.IGNORECASE,
            )
            if self._prefix_patterns
            else None
        )

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str]) -> PpsList:
        """Load a PPS export CSV (header ``tortured_phrase,expected_phrase,num_papers``).

        Bad rows are skipped and listed in `skipped` as (line number, reason) rather than
        aborting, because one odd row in a 7k-row export should not disable the rest.
        A missing file raises FileNotFoundError naming the path; a file without the
        required columns raises PpsFormatError naming them.
        """
        p = Path(path)
        if not p.exists():
            raise FileNotFoundError(errno.ENOENT, f"PPS export not found: {p}", str(p))
        rules: list[PpsRule] = []
        skipped: list[tuple[int, str]] = []
        # surrogateescape: a stray non-UTF-8 byte spoils one row (skipped), not the whole file.
        with open(p, newline="", encoding="utf-8-sig", errors="surrogateescape") as fh:
            reader = csv.reader(fh)
            header = _read_header(reader, p)
            columns = [h.strip().lower() for h in header]
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if missing:
                raise PpsFormatError(
                    f"{p}: missing column(s) {', '.join(missing)}; the header is {header!r}, "
                    f"expected {','.join(REQUIRED_COLUMNS)}"
                )
            where = {c: columns.index(c) for c in REQUIRED_COLUMNS}
            width = len(header)
            prev_line = reader.line_num
            while True:
                line = prev_line + 1
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    skipped.append((line, f"unreadable CSV: {exc}"))
                    prev_line = reader.line_num
                    continue
                prev_line = reader.line_num
                if not any(field.strip() for field in row):
                    continue
                try:
                    rules.append(_parse_row(row, width, where, line))
                except PpsFormatError as exc:
                    skipped.append((line, str(exc)))
        return cls(rules, skipped, source=p)

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Iterator[PpsRule]:
        return iter(self.rules)

    def __repr__(self) -> str:
        return f"PpsList({len(self.rules)} rules, {len(self.skipped)} skipped, source={self.source})"

    def find(self, text: str) -> list[Span]:
        """Spans of every listed phrase whose rule holds in `text`, sorted by start
        (the longer first when two start together, so an enclosing span precedes its parts).

        AND/NOT clauses are judged over the whole text (the PPS judges whole papers). When
        several rules report the same stretch, the one seen in more papers wins (ties: the
        earlier row), so the suggestion is the best-attested restoration.
        """
        if not self.rules or not text:
            return []
        scan = _Scan(self, text)
        candidates: set[int] = set(self._always)
        for key in scan.hits:
            candidates.update(self._by_key.get(key, ()))
        best: dict[tuple[int, int], PpsRule] = {}
        for idx in sorted(candidates):
            rule = self.rules[idx]
            stretches = [se for term in rule.positives for se in scan.spans(term)]
            if not stretches:
                continue
            if not all(scan.holds(c) for c in rule.required):
                continue
            if any(scan.holds(c) for c in rule.forbidden):
                continue
            for se in stretches:
                current = best.get(se)
                if current is None or rule.num_papers > current.num_papers:
                    best[se] = rule
        return [
            Span(
                start=s,
                end=e,
                text=text[s:e],
                kind=SpanKind.PPS,
                score=1.0,
                reason=rule.reason,
                suggestion=rule.expected or None,
            )
            for (s, e), rule in sorted(best.items(), key=lambda item: (item[0][0], -item[0][1]))
        ]


def _read_header(reader: Iterator[list[str]], path: Path) -> list[str]:
    for row in reader:
        if any(field.strip() for field in row):
            return row
    raise PpsFormatError(f"{path}: the file is empty; expected a header {','.join(REQUIRED_COLUMNS)}")


def _parse_count(value: str) -> int:
    text = value.strip()
    if not _COUNT.fullmatch(text):
        raise PpsFormatError(f"num_papers {value!r} is not a whole number")
    return int(re.sub(r"\D", "", text))


def _parse_row(row: list[str], width: int, where: dict[str, int], line: int) -> PpsRule:
    if len(row) > width and not any(f.strip() for f in row[width:]):
        row = row[:width]  # trailing empty cells, as spreadsheets like to add
    if len(row) != width:
        hint = " (is a number with a thousands separator unquoted?)" if len(row) > width else ""
        raise PpsFormatError(f"expected {width} fields, got {len(row)}{hint}")
    if any("\udc80" <= ch <= "\udcff" for field in row for ch in field):
        raise PpsFormatError("the row is not valid UTF-8")
    query = row[where["tortured_phrase"]].strip()
    if not query:
        raise PpsFormatError("tortured_phrase is empty")
    expected = row[where["expected_phrase"]].strip()
    num_papers = _parse_count(row[where["num_papers"]])
    return PpsRule.from_query(query, expected, num_papers, line)


def load_pps(path: str | os.PathLike[str]) -> PpsList:
    """Load a user-supplied PPS export; shorthand for `PpsList.from_csv`."""
    return PpsList.from_csv(path)


class UserPps(TextDetector):
    """The user's own Problematic Paper Screener export (`score(..., pps=...)`)."""

    name = "user_pps"
    kind = SpanKind.PPS

    def enabled(self, settings: Settings) -> bool:
        return settings.pps is not None

    def find(self, text: str, settings: Settings) -> list[Span]:
        return settings.pps.find(text) if settings.pps is not None else []
