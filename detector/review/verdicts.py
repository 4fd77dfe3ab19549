"""Reviewers' verdicts, dismissed spans and the allowlist, kept in one SQLite file.

A reviewer's judgement is the most valuable label the product sees: it must survive restarts,
be shared by whoever opens the same file, and flow back into training. Documents are keyed
by a hash of their text, so the same page uploaded again finds its verdict. `export` writes
the labelled documents as JSON Lines that `detector train --extra FILE` takes as extra fit
data (spun, mt and clean verdicts; unsure ones are left out).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

VERDICTS = ("spun", "mt", "clean", "unsure")
DEFAULT_PATH = "detector-verdicts.sqlite3"
ENV_PATH = "DETECTOR_VERDICTS"
ENV_DIR = "DETECTOR_VERDICTS_DIR"
STORE_SUFFIXES = (".sqlite3", ".sqlite", ".db")
_TABLES = frozenset({"verdicts", "dismissed_spans", "allowlist"})
_SCHEMA = """
CREATE TABLE IF NOT EXISTS verdicts (
    doc_key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('spun', 'mt', 'clean', 'unsure')),
    comment TEXT NOT NULL DEFAULT '',
    score REAL,
    mt_score REAL,
    label TEXT,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS dismissed_spans (
    doc_key TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    span_text TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    updated REAL NOT NULL,
    PRIMARY KEY (doc_key, start, end)
);
CREATE TABLE IF NOT EXISTS allowlist (
    phrase TEXT PRIMARY KEY COLLATE NOCASE,
    comment TEXT NOT NULL DEFAULT '',
    updated REAL NOT NULL
);
"""


def document_key(text: str) -> str:
    """A stable key for a document: the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def default_path() -> str:
    """$DETECTOR_VERDICTS, else detector-verdicts.sqlite3 in the working folder."""
    return os.environ.get(ENV_PATH) or DEFAULT_PATH


def store_folder() -> Path:
    """$DETECTOR_VERDICTS_DIR, else the working folder: the one place a store may be named from
    the review UI, so that a form anyone with the page can fill cannot reach other folders."""
    return Path(os.environ.get(ENV_DIR) or ".")


def named_store_path(name: str, folder: str | os.PathLike[str] | None = None) -> Path:
    """The store called `name` inside `folder` (default `store_folder()`). Only a bare file name
    ending in .sqlite3, .sqlite or .db is taken: no separators, no '..', no drive, no hidden
    file, so the name cannot point elsewhere or at an unrelated file."""
    name = name.strip()
    if not name or name in (".", "..") or name.startswith(".") or any(c in name for c in "/\\:\0"):
        raise ValueError(f"a verdict store is named by a plain file name (no folders), got {name!r}")
    if Path(name).suffix.lower() not in STORE_SUFFIXES:
        raise ValueError(f"a verdict store's name ends in {', '.join(STORE_SUFFIXES)}, got {name!r}")
    return Path(store_folder() if folder is None else folder) / name


@dataclass(frozen=True, slots=True)
class Verdict:
    doc_key: str
    name: str
    verdict: str
    comment: str
    updated: float


class VerdictStore:
    """The SQLite file at `path`, created with its tables on first use; a SQLite file that holds
    other tables and none of these is refused rather than written into."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if self.path.exists() and self.path.is_dir():
            raise ValueError(f"verdict store {self.path} is a folder, not a file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._connect() as db:
                tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if tables and not tables & _TABLES:  # another program's database: leave it alone
                    raise ValueError(f"{self.path} is another program's SQLite database, not a verdict store")
                db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            raise ValueError(f"verdict store {self.path} is not a usable SQLite file: {error}") from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:  # one transaction: committed on success, rolled back on error
                yield db
        finally:
            db.close()

    def set_verdict(
        self,
        text: str,
        name: str,
        verdict: str,
        comment: str = "",
        *,
        score: float | None = None,
        mt_score: float | None = None,
        label: str | None = None,
    ) -> str:
        """Record (or replace) the verdict on a document; returns its key."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {verdict!r}")
        key = document_key(text)
        with self._connect() as db:
            db.execute(
                "INSERT INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(doc_key) DO UPDATE SET "
                "name=excluded.name, verdict=excluded.verdict, comment=excluded.comment, score=excluded.score, "
                "mt_score=excluded.mt_score, label=excluded.label, updated=excluded.updated",
                (key, name, text, verdict, comment, score, mt_score, label, time.time()),
            )
        return key

    def verdict(self, doc_key: str) -> Verdict | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT doc_key, name, verdict, comment, updated FROM verdicts WHERE doc_key = ?", (doc_key,)
            ).fetchone()
        return Verdict(*row) if row else None

    def verdicts(self) -> dict[str, str]:
        """Every document key with its verdict."""
        with self._connect() as db:
            return dict(db.execute("SELECT doc_key, verdict FROM verdicts").fetchall())

    def dismiss_span(self, doc_key: str, start: int, end: int, span_text: str, comment: str = "") -> None:
        """Mark one span of one document as a false alarm."""
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO dismissed_spans VALUES (?, ?, ?, ?, ?, ?)",
                (doc_key, start, end, span_text, comment, time.time()),
            )

    def restore_span(self, doc_key: str, start: int, end: int) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM dismissed_spans WHERE doc_key = ? AND start = ? AND end = ?", (doc_key, start, end))

    def dismissed(self, doc_key: str) -> set[tuple[int, int]]:
        with self._connect() as db:
            rows = db.execute("SELECT start, end FROM dismissed_spans WHERE doc_key = ?", (doc_key,)).fetchall()
        return {(start, end) for start, end in rows}

    def allow(self, phrase: str, comment: str = "") -> None:
        """Never flag this phrase again, in any document."""
        phrase = " ".join(phrase.split())
        if not phrase:
            raise ValueError("an allowed phrase must have words")
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO allowlist VALUES (?, ?, ?)", (phrase, comment, time.time()))

    def disallow(self, phrase: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM allowlist WHERE phrase = ?", (" ".join(phrase.split()),))

    def allowed(self) -> list[str]:
        with self._connect() as db:
            return [row[0] for row in db.execute("SELECT phrase FROM allowlist ORDER BY phrase").fetchall()]

    def export(self, out: IO[str]) -> int:
        """Write the labelled documents as JSON Lines (`id`, `name`, `text`, `label`, `comment`) for
        `detector train --extra`; returns how many. Unsure verdicts are not labels and stay out."""
        count = 0
        with self._connect() as db:
            rows = db.execute(
                "SELECT doc_key, name, text, verdict, comment FROM verdicts WHERE verdict != 'unsure' ORDER BY updated"
            )
            for key, name, text, verdict, comment in rows:
                record = {"id": key, "name": name, "text": text, "label": verdict, "comment": comment}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        return count
