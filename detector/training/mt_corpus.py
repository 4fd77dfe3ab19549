"""Machine-translated vs. human English documents, from the MLQE-PE post-editing data.

Why: to train and evaluate a document-level "is this machine-translated English?" classifier we need pairs of
texts that differ only in who wrote them. MLQE-PE gives, for five language pairs into English (et, ne, ro, ru,
si -> en), the neural MT output of each sentence (`.mt`) and the human post-edit of that very output (`.pe`),
with its edit rate (HTER). MT and PE share topic, length and source, so a classifier must learn MT artifacts.

Data: `shared/data/mlqe-pe` beside the repository (or `$DETECTOR_SHARED_DATA/mlqe-pe`), one tarball
`<pair>-<split>.tar.gz` per pair and split; see SOURCES.md there. Licence: CC0 1.0 (LICENSE.txt there). The
tarballs are read in memory and never extracted; no data is ever copied into this repository.

The text is Moses-tokenized ("didn 't", "14 : 00", "( PSD )", "$ 493", "http : / / "); `detokenize` undoes it.
Hyphenated words were never split ("long-term"), so " - " is a dash and is kept. HTER was computed ignoring
case: a few HTER-0 sentences differ from their post-edit in case only.
"""

from __future__ import annotations

import os
import random
import re
import tarfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAIRS: tuple[str, ...] = ("et-en", "ne-en", "ro-en", "ru-en", "si-en")
SPLITS: tuple[str, ...] = ("train", "dev", "test")
PARAGRAPH = 4  # sentences per paragraph in a document

_LEFT = frozenset(",.;:!?%)]}…”»")  # tokens made of these attach to the previous token
_RIGHT = frozenset({"(", "[", "{", "“", "‘", "«", "„", "¿", "¡"})  # these attach to the next token
_QUOTE_CHARS = frozenset("\"'`")
_CONTRACTIONS = frozenset({"s", "t", "ll", "re", "ve", "m", "d"})
_PRE = (  # (only if this is in the line, pattern, replacement), applied before splitting into tokens
    (" : / / ", re.compile(r"\b(https?|ftp) : / / "), r"\1://"),
    ("< unk >", re.compile(r"< unk >"), "<unk>"),
    ("@ ", re.compile(r"(\w) @ (?=[\w-]+\.\w)"), r"\1@"),  # e-mail addresses
    ("@ ", re.compile(r"(?:^|(?<=\s))@ (?=\w)"), "@"),  # @handles
)


@dataclass(frozen=True)
class MTPair:
    """One sentence: its MT output and the human post-edit of it, both detokenized."""

    pair: str
    split: str
    index: int
    mt: str
    pe: str
    hter: float


def data_dir() -> Path:
    return Path(os.environ.get("DETECTOR_SHARED_DATA", ROOT.parent / "shared" / "data")) / "mlqe-pe"


def available() -> bool:
    """True when the MLQE-PE folder exists."""
    return data_dir().is_dir()


# --- detokenization -------------------------------------------------------------------------------------------


def _word_end(token: str) -> bool:
    return token[-1:].isalnum()


def _word_start(token: str) -> bool:
    return token[:1].isalnum()


def _is_contraction(prev: str, token: str) -> bool:
    """Moses splits letter'letter as "don 't", "I 'm", "o 'clock", "O 'Malley", and digit's as "1990 's"."""
    if len(token) < 2 or token[0] != "'" or not token[1].isalpha():
        return False
    return prev[-1:].isalpha() or (prev[-1:].isdigit() and token == "'s")


def _is_currency(token: str) -> bool:
    return len(token) == 1 and unicodedata.category(token) == "Sc"


def _is_quote(token: str) -> bool:
    return set(token) <= _QUOTE_CHARS


def _joins_both(prev: str, token: str, nxt: str) -> bool:
    """'14 : 00' -> '14:00'; 'km / h', 'and / or', 'site.org / path' -> one word."""
    if token == ":":
        return prev[-1:].isdigit() and nxt[:1].isdigit()
    return token == "/" and _word_end(prev) and _word_start(nxt)


def _gaps(tokens: list[str]) -> list[bool]:
    """For each token, whether a space goes before it."""
    gaps = [False] * len(tokens)
    quotes: dict[str, int] = {}
    glue_next = True
    for i, token in enumerate(tokens):
        if token[0].isalnum():  # a plain word: the rules below only concern punctuation-led tokens
            gaps[i], glue_next = not glue_next, False
            continue
        prev = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        space, glue_next = not glue_next, False
        if _joins_both(prev, token, nxt):
            space, glue_next = False, True
        elif _is_contraction(prev, token):
            space = False
        elif token == "’":  # curly apostrophe, split on both sides: "don ’ t"; else a closing quote
            space, glue_next = False, _word_end(prev) and nxt in _CONTRACTIONS
        elif _is_quote(token):
            space, glue_next = _straight_quote(token, prev, nxt, quotes, space)
        elif set(token) <= _LEFT:
            space = False
        elif token in _RIGHT or (_is_currency(token) and nxt[:1].isdigit()):
            glue_next = True
        gaps[i] = space
    return gaps


def _straight_quote(token: str, prev: str, nxt: str, quotes: dict[str, int], space: bool) -> tuple[bool, bool]:
    """(space before, glue next) for ' " `: alternately opening and closing, as the Moses detokenizer does."""
    count = quotes.get(token, 0)
    if count % 2 == 0 and token == "'" and prev.endswith("s"):  # possessive: "the Joneses ' house"
        return False, False
    quotes[token] = count + 1
    if count % 2 == 0 and nxt and not set(nxt) <= _LEFT:  # opening
        return space, True
    return False, False  # closing, or a stray quote at the end or before punctuation: 'etc " .' -> 'etc".'


def detokenize(line: str) -> str:
    """Undo the Moses English tokenization of one MLQE-PE line."""
    for trigger, pattern, replacement in _PRE:
        if trigger in line:
            line = pattern.sub(replacement, line)
    tokens = line.split()
    return "".join((" " if gap else "") + token for token, gap in zip(tokens, _gaps(tokens), strict=True))


# --- loading ---------------------------------------------------------------------------------------------------


def _tarball(pair: str, split: str) -> Path:
    if pair not in PAIRS:
        raise ValueError(f"unknown pair {pair!r}; expected one of {PAIRS}")
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    folder = data_dir()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"MLQE-PE data folder not found: {folder} (set DETECTOR_SHARED_DATA to the folder holding mlqe-pe/)"
        )
    path = folder / f"{pair}-{split}.tar.gz"
    if not path.is_file():
        raise FileNotFoundError(f"MLQE-PE tarball missing: {path}")
    return path


def _read_members(path: Path, suffixes: Sequence[str]) -> dict[str, list[str]]:
    """Lines of the members ending in each suffix (".mt", ".pe", ...), read without extracting."""
    found: dict[str, list[str]] = {}
    with tarfile.open(path, "r:gz") as archive:
        for member in archive.getmembers():
            suffix = os.path.splitext(member.name)[1]
            handle = archive.extractfile(member) if member.isfile() and suffix in suffixes else None
            if handle is not None:
                text = handle.read().decode("utf-8")
                found[suffix] = text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
    missing = set(suffixes) - set(found)
    if missing:
        raise FileNotFoundError(f"{path} has no member ending in {sorted(missing)}")
    return found


@cache
def _load(pair: str, split: str) -> tuple[MTPair, ...]:
    path = _tarball(pair, split)
    files = _read_members(path, (".mt", ".pe", ".hter"))
    mt, pe, hter = files[".mt"], files[".pe"], files[".hter"]
    if not len(mt) == len(pe) == len(hter):
        raise ValueError(f"{path}: {len(mt)} mt, {len(pe)} pe and {len(hter)} hter lines")
    return tuple(
        MTPair(pair, split, i, detokenize(m), detokenize(p), float(h))
        for i, (m, p, h) in enumerate(zip(mt, pe, hter, strict=True))
    )


@cache
def _sentences(split: str, pairs: tuple[str, ...]) -> tuple[MTPair, ...]:
    return tuple(item for pair in pairs for item in _load(pair, split))


def sentences(split: str, pairs: Sequence[str] = PAIRS) -> list[MTPair]:
    """All sentences of a split ("train", "dev" or "test") for the given pairs, in file order."""
    return list(_sentences(split, tuple(pairs)))


# --- documents -------------------------------------------------------------------------------------------------


def _text(lines: Sequence[str]) -> str:
    """Sentences joined by spaces, a blank line every PARAGRAPH sentences."""
    paragraphs = [lines[i : i + PARAGRAPH] for i in range(0, len(lines), PARAGRAPH)]
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs)


def _groups(items: Sequence[MTPair], size: int, seed: str) -> list[list[MTPair]]:
    """Consecutive groups of `size` after a seeded shuffle (the sentences are unrelated anyway); the rest dropped."""
    order = list(items)
    random.Random(seed).shuffle(order)
    return [order[i : i + size] for i in range(0, len(order) - size + 1, size)]


def documents(
    split: str, size: int = 8, min_hter: float = 0.0, seed: int = 0, pairs: Sequence[str] = PAIRS
) -> list[tuple[str, str, str]]:
    """(doc_id, mt_text, pe_text) bags of `size` sentences of one pair, kept when their mean HTER >= min_hter.

    doc_id is "<pair>-<split>-<group number>", numbered before filtering, so a group keeps its id for any
    min_hter. The seed fixes which sentences are grouped together; the same arguments give the same documents,
    in pair order then group order.
    """
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    docs: list[tuple[str, str, str]] = []
    for pair in pairs:
        for number, group in enumerate(_groups(_load(pair, split), size, f"{seed}-{pair}-{split}")):
            if sum(item.hter for item in group) / size >= min_hter:
                doc_id = f"{pair}-{split}-{number:04d}"
                docs.append((doc_id, _text([item.mt for item in group]), _text([item.pe for item in group])))
    return docs


@dataclass(frozen=True)
class TaggedSentence:
    """One MT output as its Moses tokens, with the word-level tag of each (True = BAD: the
    post-editor changed or deleted it)."""

    pair: str
    split: str
    tokens: tuple[str, ...]
    bad: tuple[bool, ...]


@cache
def _tagged(pair: str, split: str) -> tuple[TaggedSentence, ...]:
    path = _tarball(pair, split)
    files = _read_members(path, (".mt", ".tags"))
    out = []
    for line, tags in zip(files[".mt"], files[".tags"], strict=True):
        tokens = tuple(line.split())
        labels = tags.split()
        if len(labels) != 2 * len(tokens) + 1:
            raise ValueError(f"{path}: {len(labels)} tags for {len(tokens)} tokens in {line[:60]!r}")
        out.append(TaggedSentence(pair, split, tokens, tuple(t == "BAD" for t in labels[1::2])))
    return tuple(out)


def tagged_sentences(split: str, pairs: Sequence[str] = PAIRS) -> list[TaggedSentence]:
    """Word-tagged MT sentences of one split (gap tags are dropped)."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    return [item for pair in pairs for item in _tagged(pair, split)]
