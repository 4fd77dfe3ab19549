"""Phrases and names never to flag: a band called "Virus War", a product named "Bright Reason".

A reviewer who has judged a span a false alarm should not see it again on the next page. An
allowlist is a plain text file, one phrase per line, `#` starts a comment; matching is the
shared `PhraseMatcher`'s (whole words, any case, any spacing), and any span that overlaps an
occurrence of an allowed phrase is dropped before the document is scored.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache

from detector.spans.phrase_matcher import PhraseMatcher


class Allowlist:
    """A set of phrases whose occurrences are never reported as suspect."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = tuple(dict.fromkeys(p.strip() for p in phrases if p.strip()))
        self._matcher = PhraseMatcher(self.phrases)

    def __len__(self) -> int:
        return len(self.phrases)

    def ranges(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every allowed phrase in `text`, sorted."""
        return sorted((hit.start, hit.end) for hit in self._matcher.find(text))


def parse(text: str) -> Allowlist:
    """An allowlist from file contents: one phrase per line, `#` comments, blank lines ignored."""
    return Allowlist(line.split("#", 1)[0] for line in text.splitlines())


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> Allowlist:
    with open(path, encoding="utf-8-sig") as handle:
        return parse(handle.read())


def load(path: str | os.PathLike[str]) -> Allowlist:
    """The allowlist in the file at `path` (read once per process while the file is unchanged).

    Raises OSError when the file cannot be read and ValueError when it is not UTF-8 text.
    """
    path = os.fspath(path)
    try:
        return _load(path, os.path.getmtime(path))
    except UnicodeDecodeError as error:
        raise ValueError(f"allowlist {path} is not UTF-8 text: {error.reason} at byte {error.start}") from None


AllowSource = str | os.PathLike[str] | Allowlist | Iterable[str] | None


def resolve(allow: AllowSource) -> Allowlist | None:
    """An Allowlist from a path, a list of phrases, an Allowlist, or None."""
    if allow is None or isinstance(allow, Allowlist):
        return allow
    if isinstance(allow, (str, os.PathLike)):
        return load(allow)
    phrases = list(allow)
    if not all(isinstance(p, str) for p in phrases):
        raise TypeError("allow must be a path, an Allowlist or an iterable of phrases (str)")
    return Allowlist(phrases)
