"""MLQE-PE machine-translated vs. post-edited English (detector.training.mt_corpus)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from detector.training import mt_corpus
from detector.training.mt_corpus import PAIRS, available, detokenize, documents, sentences

if not available():
    pytest.skip(
        f"MLQE-PE data not found at {mt_corpus.data_dir()} (shared/data/mlqe-pe beside the repo, or set "
        "DETECTOR_SHARED_DATA)",
        allow_module_level=True,
    )


@pytest.mark.parametrize(
    ("tokenized", "expected"),
    [
        (
            "The fox , the hen ( both tired ) slept ; later : rain !",
            "The fox, the hen (both tired) slept; later: rain!",
        ),
        (
            "We didn 't go , but I 'm sure you 'll be there at 7 o 'clock .",
            "We didn't go, but I'm sure you'll be there at 7 o'clock.",
        ),
        (
            "Sam 's aunt met Mr O 'Neil and d 'Artagnan in the 1970 's .",
            "Sam's aunt met Mr O'Neil and d'Artagnan in the 1970's.",
        ),
        ('He shouted " stop " and ran .', 'He shouted "stop" and ran.'),
        (
            "The farmers ' market was called ' the yard ' by locals .",
            "The farmers' market was called 'the yard' by locals.",
        ),
        ("It cost $ 30 , about 15 % more , at 18 : 45 .", "It cost $30, about 15% more, at 18:45."),
        (
            "Use m / s and / or km / h - see https : / / example.org / units .",
            "Use m/s and/or km/h - see https://example.org/units.",
        ),
        ("A well-known , long-term plan - not a quick one .", "A well-known, long-term plan - not a quick one."),
        ("She wrote “ fine ” and they didn ’ t reply .", "She wrote “fine” and they didn’t reply."),
        ("Write to someone @ example.net or to @ someone .", "Write to someone@example.net or to @someone."),
        ("The system printed < unk > twice ...", "The system printed <unk> twice..."),
        ("See [ [ Page ] ] and { a } .", "See [[Page]] and {a}."),
        ('It ended there . "', 'It ended there."'),
        ('The end , etc " .', 'The end, etc".'),
        ("Who knows ? Nobody !", "Who knows? Nobody!"),
        ("", ""),
    ],
)
def test_detokenize(tokenized: str, expected: str) -> None:
    assert detokenize(tokenized) == expected


@pytest.mark.parametrize("text", ["Plain text, nothing to undo.", "A cat's toy: 3 balls (red)."])
def test_detokenize_leaves_clean_text_alone(text: str) -> None:
    assert detokenize(text) == text


def test_sentences_one_pair() -> None:
    items = sentences("dev", ("ro-en",))
    assert len(items) == 1000
    assert [item.index for item in items] == list(range(1000))
    assert {(item.pair, item.split) for item in items} == {("ro-en", "dev")}
    assert all(0.0 <= item.hter <= 1.0 for item in items)
    assert all(item.hter == 0.0 for item in items if item.mt == item.pe)
    assert sentences("dev", ("ro-en",)) == items
    untokenized = [item for item in items if " , " not in item.mt and not item.pe.endswith(" .")]
    assert len(untokenized) > 0.99 * len(items)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="split"):
        sentences("validation")
    with pytest.raises(ValueError, match="pair"):
        documents("dev", pairs=("de-en",))


def test_missing_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DETECTOR_SHARED_DATA", str(tmp_path))
    assert not available()
    with pytest.raises(FileNotFoundError, match=re.escape(str(tmp_path / "mlqe-pe"))):
        mt_corpus._tarball("ro-en", "dev")


def _splits_into(paragraph: str, known: set[str]) -> int | None:
    """How many known sentences, joined by single spaces, make up the paragraph (None if they don't)."""
    counts = {0: 0}  # position where a sentence may start -> sentences before it
    for start in range(len(paragraph)):
        if start not in counts:
            continue
        for sentence in known:
            end = start + len(sentence)
            if paragraph.startswith(sentence, start) and (end == len(paragraph) or paragraph[end] == " "):
                counts.setdefault(end + 1 if end < len(paragraph) else end, counts[start] + 1)
    return counts.get(len(paragraph))


@pytest.mark.parametrize("size", [3, 8])
def test_documents_shape(size: int) -> None:
    docs = documents("dev", size=size)
    assert len(docs) == len(PAIRS) * (1000 // size)
    ids = [doc_id for doc_id, _, _ in docs]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"(et|ne|ro|ru|si)-en-dev-\d{4}", doc_id) for doc_id in ids)
    assert all(mt.count("\n\n") == pe.count("\n\n") == math.ceil(size / 4) - 1 for _, mt, pe in docs)
    known = {item.mt for item in sentences("dev", ("et-en",))}
    for _, mt, _ in docs[:10]:
        assert sum(_splits_into(paragraph, known) or 0 for paragraph in mt.split("\n\n")) == size


def test_documents_deterministic() -> None:
    assert documents("dev", seed=1) == documents("dev", seed=1)
    assert documents("dev", seed=1) != documents("dev", seed=2)


def test_documents_min_hter() -> None:
    everything = {doc_id for doc_id, _, _ in documents("dev")}
    edited = documents("dev", min_hter=0.1)
    assert 0 < len(edited) < len(everything)
    assert {doc_id for doc_id, _, _ in edited} <= everything
    assert sum(mt != pe for _, mt, pe in edited) > 0.95 * len(edited)


def test_split_ids_do_not_overlap() -> None:
    ids = [{doc_id for doc_id, _, _ in documents(split, pairs=("ru-en",))} for split in ("train", "dev", "test")]
    assert ids[0] and ids[1] and ids[2]
    assert not ids[0] & ids[1] and not ids[0] & ids[2] and not ids[1] & ids[2]
