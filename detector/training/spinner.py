"""A context-blind synonym spinner, to make labelled spun text from clean prose.

It does what content-farm spinners do: pick content words at a given rate and swap each for
a thesaurus synonym of any sense, keeping inflection and capitalization. Every swap is
recorded with its offsets in the spun text and the original word, so detectors can be
trained and measured span by span.

Sources are pluggable so that measurement can be honest: `moby` is the thesaurus the
detector itself uses (in-source), `mythes` reads an OpenOffice/LibreOffice MyThes file such
as Debian's `mythes-en-us` (WordNet-derived; the detector never learned from it).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from detector.lm.thesaurus import inflect, lemmas, read_moby
from detector.text import FUNCTION_WORDS, Token, match_case, tokenize

MYTHES_DEFAULT = Path("/usr/share/mythes/th_en_US_v2.dat")
MIN_ZIPF = 2.5  # spinners draw on dictionary words, not on obscure ones
TOP_SYNONYMS = 15  # and on the first, most familiar entries of a synonym list


@dataclass(frozen=True)
class Swap:
    start: int
    end: int
    original: str


@dataclass(frozen=True)
class SpunText:
    text: str
    swaps: tuple[Swap, ...]


def _common(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= MIN_ZIPF


def read_mythes(path: Path) -> dict[str, set[str]]:
    """Headword -> its single-word synonyms in a MyThes .dat file (lowercase; antonyms and
    multiword entries skipped; sense labels such as "(similar term)" removed)."""
    raw: dict[str, set[str]] = defaultdict(set)
    head = None
    with open(path, encoding="utf-8", errors="replace") as handle:
        next(handle)  # the encoding line
        for line in handle:
            if not line.startswith("("):
                head = line.split("|")[0].strip().lower()
                continue
            for item in line.rstrip("\n").split("|")[1:]:
                if "antonym" in item:
                    continue
                word = re.sub(r"\s*\(.*?\)\s*", "", item).strip().lower()
                if head and word.isalpha() and word != head:
                    raw[head].add(word)
    return raw


@lru_cache(maxsize=4)
def synonyms(source: str) -> dict[str, tuple[str, ...]]:
    """lemma -> its most common single-word synonyms from one source, most common first."""
    raw: dict[str, set[str]] = defaultdict(set)
    if source == "moby":
        for head, syns in read_moby().items():
            raw[head] |= syns
    elif source.startswith("mythes"):
        path = Path(source.split(":", 1)[1]) if ":" in source else MYTHES_DEFAULT
        if not path.exists():
            raise FileNotFoundError(f"{path} not found: install Debian package mythes-en-us")
        for head, syns in read_mythes(path).items():
            raw[head] |= syns
    else:
        raise ValueError(f"unknown spinner source {source!r}")
    from wordfreq import zipf_frequency

    ranked: dict[str, tuple[str, ...]] = {}
    for head, syns in raw.items():
        if head.isalpha():
            common = sorted((w for w in syns if _common(w)), key=lambda w: (-zipf_frequency(w, "en"), w))
            ranked[head] = tuple(common[:TOP_SYNONYMS])
    return ranked


def _replacement(word: str, table: dict[str, tuple[str, ...]], rng: random.Random) -> str | None:
    for lemma, tag in lemmas(word):
        syns = table.get(lemma)
        if not syns:
            continue
        for _ in range(4):
            syn = rng.choice(syns)
            forms = [f for f in inflect(syn, tag) if _common(f)]
            if forms:
                return forms[0]
        return None
    return None


def _eligible(token: Token) -> bool:
    lower = token.lower
    return lower not in FUNCTION_WORDS and len(lower) >= 3 and lower.isalpha()


def _apply(text: str, tokens: list[Token], new_words: dict[int, str]) -> SpunText:
    """`text` with token i replaced by new_words[i] (case carried over), swaps recorded."""
    pieces: list[str] = []
    swaps: list[Swap] = []
    cursor = 0
    out_len = 0
    for i in sorted(new_words):
        token = tokens[i]
        new = match_case(token.text, new_words[i])
        pieces.append(text[cursor : token.start])
        out_len += token.start - cursor
        swaps.append(Swap(out_len, out_len + len(new), token.text))
        pieces.append(new)
        out_len += len(new)
        cursor = token.end
    pieces.append(text[cursor:])
    return SpunText("".join(pieces), tuple(swaps))


def spin(text: str, rate: float, source: str = "moby", seed: int = 0) -> SpunText:
    """Try to swap each content word of `text` with probability `rate`.

    Words without a usable synonym stay, so the share of all words replaced is well below
    `rate` (about 0.45 x rate with Moby: function words are never swapped). Use `spin_words`
    for an exact share of words.
    """
    rng = random.Random(seed)
    table = synonyms(source)
    tokens = tokenize(text)
    new_words: dict[int, str] = {}
    for i, token in enumerate(tokens):
        if not _eligible(token) or rng.random() >= rate:
            continue
        new = _replacement(token.lower, table, rng)
        if new and new != token.lower:
            new_words[i] = new
    return _apply(text, tokens, new_words)


def spin_words(text: str, share: float, source: str = "moby", seed: int = 0) -> SpunText:
    """Swap `share` of all the words of `text` (rounded, at least one when share > 0).

    Content words are tried in random order until that many are swapped; a text with too few
    replaceable words gets as many as it has (`replaced_share` tells). This is what "x% of words
    replaced" means in a target, so evaluations bin by it.
    """
    rng = random.Random(seed)
    table = synonyms(source)
    tokens = tokenize(text)
    wanted = max(1, round(share * len(tokens))) if share > 0 else 0
    order = [i for i, token in enumerate(tokens) if _eligible(token)]
    rng.shuffle(order)
    new_words: dict[int, str] = {}
    for i in order:
        if len(new_words) >= wanted:
            break
        new = _replacement(tokens[i].lower, table, rng)
        if new and new != tokens[i].lower:
            new_words[i] = new
    return _apply(text, tokens, new_words)


def replaced_share(text: str, spun: SpunText) -> float:
    """Share of the words of `text` that `spun` replaced."""
    words = len(tokenize(text))
    return len(spun.swaps) / words if words else 0.0
