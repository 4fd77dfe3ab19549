"""Text-quality flags for ingested pages, in the style of datatrove's Gopher / C4 / FineWeb filters.

Data teams already gate web text with such heuristics; a spun-text detector that scores a
menu, a page of mojibake or a repeated template is useless in their pipeline. Each check is
a small function with its thresholds as keyword arguments; it returns a `QualityFlag` with
the measured value and a reason in words, or None when the text passes. Checks run on the
main text only (boilerplate lines are the site, not the article); the boilerplate share
itself is one of the flags. `measure` gathers every statistic once so the checks are cheap
and the document features (see `Quality.stats`) see the same numbers the flags saw.

Thresholds: Gopher's published defaults (Rae et al. 2021) where a check is Gopher's, C4's and
FineWeb's where theirs; `repeated_phrasing` is ours and its threshold was set on clean
reference prose (`benchmarks/experiments/quality_thresholds.py`), never on evaluation pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from detector.page.reader import Page
from detector.text import WORD_PATTERN
from detector.types import Quality, QualityFlag

_ALPHA_TOKEN = re.compile(r"\S+")
_TERMINAL = re.compile(r"[.!?\"'\u201d\u2019)\]]\s*$")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00aa\u00b5\u00ba\u00c0-\u024f\u1e00-\u1eff]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# Classic UTF-8-read-as-cp1252/latin-1 sequences, the replacement character and C1 controls.
_MOJIBAKE = re.compile(
    "[\u00c3\u00c2][\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u0152\u0153\u0160"
    "\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]|\u00e2\u20ac[\u0080-\u00bf\u2018-\u201e\u2122\u0153\u009d]?"
    "|\ufffd|[\u0080-\u009f]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Latin and Cyrillic letters in one word: look-alike spoofing ("pаypal" with a Cyrillic "а").
# Greek is left out on purpose: "H\u03b1" and "\u03bcm" are ordinary scientific notation.
_MIXED_WORD = re.compile(r"\b(?=[^\W\d_]*[A-Za-z])(?=[^\W\d_]*[\u0400-\u04ff])[^\W\d_]+\b")


@dataclass(frozen=True, slots=True)
class PageText:
    """The text a check looks at: main-text lines, plus the page's boilerplate share."""

    lines: tuple[str, ...]
    boilerplate_share: float = 0.0
    language: str | None = None  # ISO 639-1 code when identified
    language_confidence: float = 0.0
    hidden_characters: int = 0  # invisible or look-alike characters inside words (`detector.normalize`)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class Measures:
    """Every statistic the checks use, computed in one pass over the main text."""

    n_words: int
    n_lines: int
    n_chars: int
    words: tuple[str, ...] = field(repr=False)
    mean_word_length: float
    symbol_ratio: float
    alpha_token_share: float
    terminal_line_share: float
    duplicate_line_share: float
    duplicate_line_char_share: float
    mojibake_per_1k: float
    control_chars: int
    non_latin_letter_share: float
    mixed_script_words: int
    top_ngram_shares: tuple[tuple[int, float], ...]  # Gopher: (n, share) for n = 2..4
    duplicate_ngram_shares: tuple[tuple[int, float], ...]  # Gopher: (n, share) for n = 5..10
    boilerplate_share: float
    language: str | None
    language_confidence: float
    hidden_characters: int = 0

    def as_dict(self) -> dict[str, float]:
        skip = ("words", "language", "top_ngram_shares", "duplicate_ngram_shares")
        out = {k: float(getattr(self, k)) for k in self.__dataclass_fields__ if k not in skip}
        out.update({f"top_{n}gram_share": v for n, v in self.top_ngram_shares})
        out.update({f"duplicate_{n}gram_share": v for n, v in self.duplicate_ngram_shares})
        out["language_is_english"] = float(self.language in (None, "en"))
        return out


GOPHER_MIN_WORDS = 50  # Gopher's document minimum; n-gram repetition is noise below it
QUALITY_MAX_CHARS = 250_000  # statistics are taken over the first 250 KB of main text


def measure(page: PageText) -> Measures:
    """Every statistic, over the main text (its first QUALITY_MAX_CHARS characters, so memory
    stays flat on huge inputs; a page is judged by a quarter megabyte of it)."""
    text = page.text[:QUALITY_MAX_CHARS]
    words = tuple(w.lower().replace("\u2019", "'") for w in WORD_PATTERN.findall(text))
    tokens = _ALPHA_TOKEN.findall(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    counts = Counter(lines)
    dup_lines = [line for line in lines if counts[line] > 1]
    seen: set[str] = set()
    dup_chars = 0
    for line in lines:
        if line in seen:
            dup_chars += len(line)
        seen.add(line)
    letters = sum(map(len, words))  # word characters are letters (bar a few apostrophes)
    non_latin = len(_NON_LATIN_LETTER.findall(text))
    grams = _Grams(words)
    n_chars = sum(len(line) for line in lines)
    return Measures(
        n_words=len(words),
        n_lines=len(lines),
        n_chars=n_chars,
        words=words,
        mean_word_length=sum(map(len, words)) / len(words) if words else 0.0,
        symbol_ratio=(text.count("#") + text.count("...") + text.count("\u2026")) / max(1, len(words)),
        alpha_token_share=sum(1 for t in tokens if _LETTER.search(t)) / len(tokens) if tokens else 0.0,
        terminal_line_share=sum(1 for line in lines if _TERMINAL.search(line)) / len(lines) if lines else 0.0,
        duplicate_line_share=len(dup_lines) / len(lines) if lines else 0.0,
        duplicate_line_char_share=dup_chars / n_chars if n_chars else 0.0,
        mojibake_per_1k=1000 * len(_MOJIBAKE.findall(text)) / max(1, len(text)),
        control_chars=len(_CONTROL.findall(text)),
        non_latin_letter_share=min(1.0, non_latin / letters) if letters else 0.0,
        mixed_script_words=len(_MIXED_WORD.findall(text)),
        top_ngram_shares=tuple((n, grams.top_share(n)) for n in range(2, 5)),
        duplicate_ngram_shares=tuple((n, grams.duplicate_share(n)) for n in range(5, 11)),
        boilerplate_share=page.boilerplate_share,
        language=page.language,
        language_confidence=page.language_confidence,
        hidden_characters=page.hidden_characters,
    )


class _Grams:
    """Word n-grams as 64-bit keys (polynomial hash of word ids), so Gopher's repetition
    statistics for n = 2..10 cost a few numpy passes instead of millions of tuples."""

    def __init__(self, words: Sequence[str]) -> None:
        import numpy as np

        ids: dict[str, int] = {}
        self.ids = np.fromiter((ids.setdefault(w, len(ids)) for w in words), dtype=np.uint64, count=len(words))
        self.cum = np.concatenate(([0], np.cumsum([len(w) for w in words], dtype=np.int64)))
        self.total = int(self.cum[-1])

    def keys(self, n: int) -> Any:
        import numpy as np

        count = len(self.ids) - n + 1
        key = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(n):
                key = key * np.uint64(1_000_003) + self.ids[k : k + count] + np.uint64(1)
        return key

    def chars(self, n: int) -> Any:
        return self.cum[n:] - self.cum[: len(self.cum) - n]

    def duplicate_share(self, n: int) -> float:
        if self.total == 0 or len(self.ids) < n:
            return 0.0
        keys, chars = self.keys(n).tolist(), self.chars(n).tolist()
        seen: set[int] = set()
        repeated = 0
        i = 0
        while i < len(keys):
            if keys[i] in seen:
                repeated += chars[i]
                i += n
            else:
                seen.add(keys[i])
                i += 1
        return repeated / self.total

    def top_share(self, n: int) -> float:
        import numpy as np

        if self.total == 0 or len(self.ids) < n:
            return 0.0
        _, first, counts = np.unique(self.keys(n), return_index=True, return_counts=True)
        best = int(np.argmax(counts))
        return min(1.0, int(counts[best]) * int(self.chars(n)[first[best]]) / self.total)


def duplicate_ngram_share(words: Sequence[str], n: int) -> float:
    """Gopher's duplicated n-gram character share: characters in repeated, non-overlapping
    occurrences of word n-grams, over all word characters (datatrove's `find_all_duplicate`)."""
    return _Grams(words).duplicate_share(n)


def top_ngram_share(words: Sequence[str], n: int) -> float:
    """Gopher's top n-gram character share: characters of the most frequent word n-gram
    (overlapping occurrences count, as in datatrove; capped at 1)."""
    return _Grams(words).top_share(n)


def _flag(name: str, value: float, threshold: float, reason: str) -> QualityFlag:
    return QualityFlag(name, round(float(value), 4), float(threshold), reason)


# --- the checks: each takes Measures, thresholds as keywords, returns a flag or None -------------


def boilerplate(m: Measures, *, max_share: float = 0.5) -> QualityFlag | None:
    if m.boilerplate_share > max_share:
        return _flag(
            "boilerplate",
            m.boilerplate_share,
            max_share,
            f"{m.boilerplate_share:.0%} of the page is menus, teasers, bylines and footers",
        )
    return None


def too_few_words(m: Measures, *, min_words: int = 50) -> QualityFlag | None:
    if m.n_words < min_words:
        return _flag(
            "too_few_words", m.n_words, min_words, f"only {m.n_words} words of main text (Gopher minimum {min_words})"
        )
    return None


def word_length(m: Measures, *, low: float = 3.0, high: float = 10.0, min_words: int = 20) -> QualityFlag | None:
    if m.n_words >= min_words and not low <= m.mean_word_length <= high:
        return _flag(
            "word_length",
            m.mean_word_length,
            low if m.mean_word_length < low else high,
            f"mean word length {m.mean_word_length:.1f} letters is outside {low:g}-{high:g} (Gopher)",
        )
    return None


def symbols(
    m: Measures, *, max_symbol_ratio: float = 0.1, min_alpha_share: float = 0.8, min_words: int = 20
) -> QualityFlag | None:
    if m.n_words < min_words:
        return None
    if m.symbol_ratio > max_symbol_ratio:
        return _flag(
            "symbols",
            m.symbol_ratio,
            max_symbol_ratio,
            f"{m.symbol_ratio:.2f} hash or ellipsis marks per word (Gopher)",
        )
    if m.alpha_token_share < min_alpha_share:
        return _flag(
            "symbols",
            m.alpha_token_share,
            min_alpha_share,
            f"only {m.alpha_token_share:.0%} of tokens contain a letter (Gopher)",
        )
    return None


def repeated_lines(m: Measures, *, max_line_share: float = 0.3, max_char_share: float = 0.2) -> QualityFlag | None:
    if m.duplicate_line_share > max_line_share:
        return _flag(
            "repeated_lines",
            m.duplicate_line_share,
            max_line_share,
            f"{m.duplicate_line_share:.0%} of lines are repeated (Gopher)",
        )
    if m.duplicate_line_char_share > max_char_share:
        return _flag(
            "repeated_lines",
            m.duplicate_line_char_share,
            max_char_share,
            f"{m.duplicate_line_char_share:.0%} of the text is repeated lines (Gopher)",
        )
    return None


GOPHER_TOP_NGRAM = {2: 0.20, 3: 0.18, 4: 0.16}
GOPHER_DUP_NGRAM = {5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10}


def repeated_ngrams(
    m: Measures,
    *,
    top: dict[int, float] | None = None,
    duplicated: dict[int, float] | None = None,
    min_words: int = GOPHER_MIN_WORDS,
) -> QualityFlag | None:
    """Gopher's repetition rules on word n-grams (defaults are the paper's)."""
    if m.n_words < min_words:
        return None
    tops, dups = dict(m.top_ngram_shares), dict(m.duplicate_ngram_shares)
    for n, limit in (top or GOPHER_TOP_NGRAM).items():
        share = tops[n] if n in tops else top_ngram_share(m.words, n)
        if share > limit:
            return _flag(
                "repeated_ngrams",
                share,
                limit,
                f"the most frequent {n}-word phrase is {share:.0%} of the text (Gopher)",
            )
    for n, limit in (duplicated or GOPHER_DUP_NGRAM).items():
        share = dups[n] if n in dups else duplicate_ngram_share(m.words, n)
        if share > limit:
            return _flag(
                "repeated_ngrams", share, limit, f"{share:.0%} of the text is repeated {n}-word phrases (Gopher)"
            )
    return None


# Set on clean reference prose only: the 99.9th percentile of the duplicated 5-gram share over
# 230 Wikipedia lead sections and 542 team dev texts of 150+ words, rounded up to the next
# hundredth (benchmarks/experiments/quality_thresholds.py derives it again and prints both).
FILLER_DUP5_SHARE = 0.09
FILLER_MIN_WORDS = 150


def repeated_phrasing(
    m: Measures, *, max_share: float = FILLER_DUP5_SHARE, min_words: int = FILLER_MIN_WORDS
) -> QualityFlag | None:
    """Templated, low-information filler: the same five-word phrases coming back paragraph
    after paragraph, well below Gopher's spam threshold but above anything clean prose does."""
    if m.n_words < min_words:
        return None
    share = dict(m.duplicate_ngram_shares).get(5)
    if share is None:
        share = duplicate_ngram_share(m.words, 5)
    if share > max_share:
        return _flag(
            "repeated_phrasing",
            share,
            max_share,
            f"{share:.0%} of the text repeats five-word phrases said before: templated or filler prose",
        )
    return None


def terminal_punctuation(m: Measures, *, min_share: float = 0.12, min_lines: int = 5) -> QualityFlag | None:
    """FineWeb's line-punctuation rule: almost no line ends like a sentence."""
    if m.n_lines >= min_lines and m.terminal_line_share < min_share:
        return _flag(
            "no_terminal_punctuation",
            m.terminal_line_share,
            min_share,
            f"only {m.terminal_line_share:.0%} of lines end in sentence punctuation (FineWeb)",
        )
    return None


def encoding(m: Measures, *, max_mojibake_per_1k: float = 1.0, max_control_chars: int = 0) -> QualityFlag | None:
    if m.mojibake_per_1k > max_mojibake_per_1k:
        return _flag(
            "encoding",
            m.mojibake_per_1k,
            max_mojibake_per_1k,
            f"{m.mojibake_per_1k:.1f} mojibake sequences per 1,000 characters (text decoded with the wrong encoding)",
        )
    if m.control_chars > max_control_chars:
        return _flag(
            "encoding",
            m.control_chars,
            max_control_chars,
            f"{m.control_chars} control characters (NUL bytes or binary data)",
        )
    return None


def mixed_scripts(m: Measures, *, max_other_share: float = 0.05, max_mixed_words: int = 0) -> QualityFlag | None:
    if m.mixed_script_words > max_mixed_words:
        return _flag(
            "mixed_scripts",
            m.mixed_script_words,
            max_mixed_words,
            f"{m.mixed_script_words} words mix Latin and Cyrillic letters (look-alike characters)",
        )
    if max_other_share < m.non_latin_letter_share < 0.5:
        return _flag(
            "mixed_scripts",
            m.non_latin_letter_share,
            max_other_share,
            f"{m.non_latin_letter_share:.0%} of the letters are not Latin script",
        )
    return None


def obfuscation(m: Measures, *, max_hidden: int = 0) -> QualityFlag | None:
    """Invisible characters (zero-width spaces, word joiners, soft hyphens) and look-alike
    letters from other scripts inside words: honest text rarely holds them, and they hide a
    phrase from exact-match filters. The text is read as displayed either way."""
    if m.hidden_characters <= max_hidden:
        return None
    return _flag(
        "obfuscation",
        m.hidden_characters,
        max_hidden,
        f"{m.hidden_characters} invisible or look-alike characters inside words, as if to slip past filters "
        "(the text was read as displayed)",
    )


def language(m: Measures, *, min_confidence: float = 0.5, min_words: int = 8) -> QualityFlag | None:
    if m.n_words < min_words or m.language in (None, "en"):
        return None
    if m.non_latin_letter_share >= 0.5 or m.language_confidence >= min_confidence:
        return _flag(
            "non_english",
            m.language_confidence,
            min_confidence,
            f"the main text reads as {m.language!r}, not English: not scored",
        )
    return None


CHECKS: dict[str, Callable[..., QualityFlag | None]] = {
    "boilerplate": boilerplate,
    "too_few_words": too_few_words,
    "word_length": word_length,
    "symbols": symbols,
    "repeated_lines": repeated_lines,
    "repeated_ngrams": repeated_ngrams,
    "repeated_phrasing": repeated_phrasing,
    "no_terminal_punctuation": terminal_punctuation,
    "encoding": encoding,
    "mixed_scripts": mixed_scripts,
    "obfuscation": obfuscation,
    "non_english": language,
}


def run_checks(m: Measures, options: dict[str, dict[str, Any]] | None = None) -> tuple[QualityFlag, ...]:
    """Every check on `m`, with per-check keyword overrides: {"too_few_words": {"min_words": 30}}.

    An unknown check name is a ValueError (a typo must not silently switch a check off)."""
    options = options or {}
    unknown = sorted(set(options) - set(CHECKS))
    if unknown:
        raise ValueError(f"unknown quality check(s) {unknown}; known: {sorted(CHECKS)}")
    flags = []
    for name, check in CHECKS.items():
        flag = check(m, **options.get(name, {}))
        if flag is not None:
            flags.append(flag)
    return tuple(flags)


def assess(page: Page, options: dict[str, dict[str, Any]] | None = None, hidden: int = 0) -> Quality:
    """The quality stage: every statistic of the page's main text, measured once, and the
    checks' flags (`options` overrides a check's thresholds by name). `hidden`: the invisible
    and look-alike characters the text stage read through (`detector.normalize`)."""
    measures = measure(
        PageText(page.main_lines, page.boilerplate_share, page.language, page.language_confidence, hidden)
    )
    return Quality(
        flags=run_checks(measures, options),
        boilerplate_share=round(page.boilerplate_share, 4),
        main_words=0,  # the span stage counts the words it reads
        language=page.language,
        boilerplate=page.boilerplate,
        stats=tuple((k, round(v, 4)) for k, v in measures.as_dict().items()),
    )
