"""Labelled documents for the document classifier, built the same way every time.

Sources, and which part of each the classifier may learn from:
- Wikipedia lead sections (`corpus`), joined 1-8 at a time into documents of varied length,
  each kept clean and spun by the team's spinner at rates from RATES with the Moby thesaurus
  (in-source). The `train` title split fits the model (the span engine's window scorer was
  trained on it too, so span evidence may look a little stronger there than on new text);
  the `val` split, which taught the window scorer nothing, calibrates the probabilities and
  sets the thresholds; the `test` split is for evaluation only, where MyThes (Debian
  `mythes-en-us`, a source the detector never learned from) is added when installed.
- News articles (`corpus.news`, split by text hash the same 70/15/15 way), one article per
  document, clean and spun like the leads: without them every clean newswire looked unusual
  to the classifier (measured in benchmarks/quality.py, news section).
- Optionally (`python -m detector.train --modern`), modern domain prose (`modern_corpus`:
  PubMed abstracts, BBC News, State of the Union paragraphs, licences, machine-learning
  documentation), clean and spun like the leads, from its validation split (halves by text
  hash: fit and calibrate) and its test split (test), MODERN_DOCS per source. Not in the
  shipped heads: with them the outside development set's clean and tricky texts scored higher
  (mean 0.31 / 0.41 against 0.24 / 0.26), see docs/experiments.md.
- The team's development data (`data/dev`): hand-spun texts and clean tricky texts
  (headlines, menus, legal text, lists); the training two thirds (by id hash, as for the
  window scorer) fit, the validation third calibrates.
- MLQE-PE (`../shared/data/mlqe-pe`, when present): documents of machine-translated English
  (`mt`) against their human post-edits; train split to fit, dev to calibrate, test to evaluate.
- Round trips (`roundtrip`, when `python -m detector.training.roundtrip --all` has run, with
  `--pivot es ca gl eo` for Apertium's): back-translated English (`mt`) against its human
  sources, 1-8 sentences per document.
- The modern domain texts above, clean only, as human English for the MT head alone
  (`modern_prose`): without them it labelled 55% of held-out software documentation and 7% of
  abstracts `mt` (`benchmarks/mt.py`).
- Reviewers' verdicts exported by the review UI (`detector train --extra FILE`): fit only.

Nothing here reads the seed pages or `benchmarks/data/`.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from detector.training.corpus import documents as wiki_documents
from detector.training.corpus import news as news_articles
from detector.training.spinner import replaced_share, spin, spin_words

if TYPE_CHECKING:
    from detector.training.roundtrip import RoundTrip

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "data" / "dev"
RATES = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
LEADS_PER_DOC = (1, 2, 3, 4, 6, 8)
MT_DOC_SENTENCES = 8
PARTS = ("fit", "calibrate", "test")


@dataclass(frozen=True)
class Doc:
    text: str
    spun: int  # 1 when a spinner rewrote it
    mt: int  # 1 when it is machine-translated English
    group: str  # "wiki", "news", "modern", "dev", "mlqe", "roundtrip", "roundtrip-rules", "review"
    source: str  # "clean", "moby", "mythes", "hand", "mt", "post-edit"
    rate: float  # spinner setting: per-content-word rate (`spin`) or share of words (`spin_words`); 0 unspun
    replaced: float = 0.0  # share of the words the spinner replaced, as measured


def _bucket(key: str, modulo: int = 100) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % modulo


CORPUS_SPLIT = {"fit": "train", "calibrate": "val", "test": "test"}  # part -> split of `corpus` (leads, news)


def _wiki_docs(part: str, rng: random.Random) -> Iterator[str]:
    leads = wiki_documents(CORPUS_SPLIT[part])
    i = 0
    while i < len(leads):
        k = rng.choice(LEADS_PER_DOC)
        yield "\n\n".join(leads[i : i + k])
        i += k


def wiki(part: str, sources: tuple[str, ...] = ("moby",), seed: int = 0, spins: int = 1) -> list[Doc]:
    """Every document clean, and spun `spins` times per source, each at the next rate in turn."""
    return _clean_and_spun(list(_wiki_docs(part, random.Random(f"wiki:{part}:{seed}"))), "wiki", sources, seed, spins)


def news(part: str, sources: tuple[str, ...] = ("moby",), seed: int = 0, spins: int = 1) -> list[Doc]:
    """Each news article one document (a news page is one story), clean and spun as `wiki` does."""
    return _clean_and_spun(news_articles(CORPUS_SPLIT[part]), "news", sources, seed + 1, spins)


MODERN_DOCS = {"fit": 150, "calibrate": 60, "test": 60}  # per modern_corpus source
MODERN_MIN_WORDS = 80


def modern_texts(part: str, seed: int = 0) -> dict[str, list[str]]:
    """Modern domain texts of one part, MODERN_DOCS[part] per `modern_corpus` source (see the
    module docstring), by source."""
    from detector.training import modern_corpus

    out = {}
    for source in modern_corpus.SOURCES:
        docs = modern_corpus.documents(source, "test" if part == "test" else "val", MODERN_MIN_WORDS)
        if part != "test":
            docs = [t for t in docs if _bucket(t, 2) == (part == "calibrate")]
        random.Random(f"modern:{source}:{seed}").shuffle(docs)
        out[source] = docs[: MODERN_DOCS[part]]
    return out


def modern(part: str, sources: tuple[str, ...] = ("moby",), seed: int = 0, spins: int = 1) -> list[Doc]:
    """Modern domain documents of one part (see the module docstring), clean and spun."""
    texts = [t for docs in modern_texts(part, seed).values() for t in docs]
    return _clean_and_spun(texts, "modern", sources, seed + 2, spins)


def modern_prose(part: str, seed: int = 0) -> list[Doc]:
    """The same modern domain texts, clean only, as human English for the MT head (group
    "modern_prose"; the spun head and the clean medians leave them out)."""
    return [Doc(t, 0, 0, "modern_prose", "clean", 0.0) for docs in modern_texts(part, seed).values() for t in docs]


def _clean_and_spun(texts: list[str], group: str, sources: tuple[str, ...], seed: int, spins: int) -> list[Doc]:
    out = []
    for i, text in enumerate(texts):
        out.append(Doc(text, 0, 0, group, "clean", 0.0))
        for k, source in enumerate(sources):
            for j in range(spins):
                rate = RATES[(i + k + j * 3) % len(RATES)]
                spun = spin(text, rate, source=source, seed=seed * 100_003 + i * 7 + j)
                out.append(Doc(spun.text, 1, 0, group, source.split(":")[0], rate, replaced_share(text, spun)))
    return out


SHARES = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3)  # shares of words replaced that evaluations report


def clean_texts(part: str, seed: int = 0) -> list[tuple[str, str]]:
    """(group, text) of the part's clean Wikipedia documents (as `wiki` joins them) and news."""
    texts = [("wiki", t) for t in _wiki_docs(part, random.Random(f"wiki:{part}:{seed}"))]
    return texts + [("news", t) for t in news_articles(CORPUS_SPLIT[part])]


def at_shares(part: str, sources: tuple[str, ...], shares: tuple[float, ...] = SHARES, seed: int = 0) -> list[Doc]:
    """The part's Wikipedia and news documents, clean and spun at each exact share of words.

    Targets speak of "x% of words replaced"; `spin`'s rate replaces well under x% (function
    words and words without a synonym stay), so evaluations spin with `spin_words` instead and
    compare each share's documents with the same clean ones.
    """
    out = []
    for i, (group, text) in enumerate(clean_texts(part, seed)):
        out.append(Doc(text, 0, 0, group, "clean", 0.0))
        for k, source in enumerate(sources):
            for j, share in enumerate(shares):
                spun = spin_words(text, share, source=source, seed=seed * 100_003 + i * 31 + k * 7 + j)
                out.append(Doc(spun.text, 1, 0, group, source.split(":")[0], share, replaced_share(text, spun)))
    return out


def _is_dev_validation(record_id: str) -> bool:
    """The third of the dev data that the window scorer did not learn from (see learned_links)."""
    return _bucket(record_id, 3) == 0


def dev(part: str) -> list[Doc]:
    if part == "test":
        return []
    out = []
    for path in sorted(DEV.glob("*_dev*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            rid = record["id"]
            if _is_dev_validation(rid) == (part == "fit"):
                continue  # fit: the training two thirds; calibrate: the validation third
            if "spun" in record:
                out.append(Doc(record["clean"], 0, 0, "dev", "clean", 0.0))
                out.append(Doc(record["spun"], 1, 0, "dev", "hand", 0.0))
            else:
                out.append(Doc(record["text"], 0, 0, "dev", "clean", 0.0))
    return out


MAX_MT_DOCS = 5000  # per part and grouping: every MLQE-PE document (4,375 train, 625 dev, 625 test)
# The fit part takes both sides of each sentence group (a translation and its correction side by side
# teach the MT head what the editors fixed) and regroups the sentences once more with another seed;
# calibrate and test keep one side per group, so no held-out document has its twin in the set.
# Measured on the test split (MT head alone): one side per group 0.741 AUC, both sides 0.748,
# both sides over two groupings 0.752.
MT_FIT_GROUPINGS = 2


def plain_text(text: str) -> str:
    """Drop the corpus's own giveaways: the MT system's <unk> markers (no deployed system
    prints them) and curly quotes, which only the post-editors typed."""
    text = text.replace("<unk>", "").replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r" {2,}", " ", text.replace("\u201c", '"').replace("\u201d", '"')).strip()


def mlqe(part: str, seed: int = 0) -> list[Doc]:
    """Machine-translated documents and human post-edits of other (or, to fit, the same) sentence groups."""
    from detector.training import mt_corpus

    if not mt_corpus.available():
        return []
    split = {"fit": "train", "calibrate": "dev", "test": "test"}[part]
    out = []
    for grouping in range(MT_FIT_GROUPINGS if part == "fit" else 1):
        groups = mt_corpus.documents(split, size=MT_DOC_SENTENCES, seed=seed + grouping)
        chosen = random.Random(f"mlqe:{seed + grouping}").sample(groups, min(len(groups), MAX_MT_DOCS))
        for i, (_, mt_text, pe_text) in enumerate(chosen):
            if part == "fit" or i % 2 == 0:
                out.append(Doc(plain_text(mt_text), 0, 1, "mlqe", "mt", 0.0))
            if part == "fit" or i % 2 == 1:
                out.append(Doc(plain_text(pe_text), 0, 0, "mlqe", "post-edit", 0.0))
    return out


ROUNDTRIP_SIZES = (1, 2, 4, 8)  # sentences per round-trip document, in turn: requests to paragraphs
ROUNDTRIP_FILES = {  # part -> the (source, split) files of `training.roundtrip` it reads
    "fit": (("wiki", "train"), ("news", "train"), ("pubmed", "train"), ("sotu", "train"), ("licences", "train")),
    "calibrate": (("wiki", "val"),),
    "test": (("wiki", "test"), ("pubmed", "test"), ("bbc", "test")),
}


def roundtrip(part: str) -> list[Doc]:
    """Back-translated documents (`training.roundtrip`: through the offline neural engine, and
    through one of Apertium's pivots per sentence) as `mt`, and their human sources as clean,
    when the round-trip files are in the cache. Consecutive sentences of one pivot grouped
    ROUNDTRIP_SIZES at a time; every third group lower-cased on both sides (some pipelines
    lower-case everything). To fit: only the third of the train round trips the word scorer left
    out (`bt_model.fits_words`), both sides of each group; to calibrate and test, the round trip
    of one group and the source of the next, so no document has its twin on the other side. The
    test part reads Apertium's held-out pivot instead of the training ones. Apertium's documents
    are of group "roundtrip-rules": only the kind head reads them (`doc_model.labels_for`)."""
    from detector.training.bt_model import fits_words
    from detector.training.roundtrip import HELD_OUT_PIVOT, PIVOT, TRAIN_PIVOTS, path_for, training_trips

    pivots = (PIVOT, HELD_OUT_PIVOT) if part == "test" else TRAIN_PIVOTS
    out: list[Doc] = []
    for source, split in ROUNDTRIP_FILES[part]:
        if not path_for(source, split).exists():
            continue  # no round trips made: the MT head goes without them (doc_model says so)
        by_pivot = training_trips(source, split, pivots)  # a missing pivot's file raises: no half sets
        for pivot, pivot_trips in by_pivot.items():
            group = "roundtrip" if pivot == PIVOT else "roundtrip-rules"
            out += _roundtrip_docs([t for t in pivot_trips if part != "fit" or not fits_words(t.source)], part, group)
    return out


def _roundtrip_docs(trips: list[RoundTrip], part: str, group: str) -> list[Doc]:
    out: list[Doc] = []
    i = k = 0
    while i < len(trips):
        chunk = trips[i : i + ROUNDTRIP_SIZES[k % len(ROUNDTRIP_SIZES)]]
        lower = k % 3 == 2
        output, human = " ".join(t.output for t in chunk), " ".join(t.source for t in chunk)
        if lower:
            output, human = output.lower(), human.lower()
        if part == "fit" or k % 2 == 0:
            out.append(Doc(output, 0, 1, group, "mt", 0.0))
        if part == "fit" or k % 2 == 1:
            out.append(Doc(human, 0, 0, group, "clean", 0.0))
        i += len(chunk)
        k += 1
    return out


ROUNDTRIP_GROUPS = ("roundtrip", "roundtrip-rules")  # the neural engine's, Apertium's

REVIEW_LABELS = {"spun": (1, 0), "mt": (0, 1), "clean": (0, 0)}


def reviewed(path: str | Path) -> list[Doc]:
    """Reviewers' labelled documents (JSON Lines with `text` and `label`: spun, mt or clean, as
    exported by the review UI), in file order. Raises ValueError naming the line of a bad record."""
    out = []
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                spun, mt = REVIEW_LABELS[record["label"]]
                text = record["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: not a labelled document ({error!r})") from None
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{path}:{number}: `text` must be a non-empty string")
            out.append(Doc(text, spun, mt, "review", record["label"], 0.0))
    return out


def build(
    part: str,
    *,
    sources: tuple[str, ...] = ("moby",),
    seed: int = 0,
    with_mt: bool = True,
    with_modern: bool = False,
    spins: int = 1,
    extra: tuple[str | Path, ...] = (),
) -> list[Doc]:
    """Every document of one part (`fit`, `calibrate` or `test`), in a fixed order; `extra`
    files of reviewed documents (see `reviewed`) join the fit part only."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}")
    docs = wiki(part, sources, seed, spins) + news(part, sources, seed, spins)
    if with_modern:
        docs += modern(part, sources, seed, spins)
    docs += dev(part)
    if with_mt:
        docs += mlqe(part, seed) + roundtrip(part)
        if not with_modern:
            docs += modern_prose(part, seed)
    if part == "fit":
        for path in extra:
            docs += reviewed(path)
    return docs
