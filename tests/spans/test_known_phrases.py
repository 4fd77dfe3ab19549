"""Tests for the shipped fingerprint list (`detector.spans.known_phrases`)."""

from __future__ import annotations

import csv
import json

import pytest

from detector.resources import data_file
from detector.spans.known_phrases import FINGERPRINT_FILE, curated, read_fingerprints
from detector.spans.phrase_matcher import normalize_phrase

DOMAINS = {"news", "politics", "business", "science", "medicine", "technology"}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with open(data_file(FINGERPRINT_FILE), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_shipped_list_loads(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 300
    assert {"tortured", "original", "domain"} <= set(rows[0])
    entries = read_fingerprints()
    assert len(entries) == len(rows)
    assert len(curated()) == len(entries)
    for e in entries:
        assert e.tortured and e.original and e.domain, e


def test_no_duplicate_tortured_side(rows: list[dict[str, str]]) -> None:
    keys = [normalize_phrase(r["tortured"]) for r in rows]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert dupes == []


def test_every_domain_is_known(rows: list[dict[str, str]]) -> None:
    assert {r["domain"].strip() for r in rows} <= DOMAINS


def test_tortured_and_original_differ(rows: list[dict[str, str]]) -> None:
    same = [r["tortured"] for r in rows if normalize_phrase(r["tortured"]) == normalize_phrase(r["original"])]
    assert same == []


@pytest.mark.parametrize(
    ("text", "phrase", "suggestion"),
    [
        ("Yesterday the unfamiliar clergyman arrived.", "unfamiliar clergyman", "foreign minister"),
        ("Troops were sent by the Unified Countries.", "Unified Countries", "United Nations"),
        ("After the Virus War, things changed.", "Virus War", "Cold War"),
        ("Some spoke of the prime clergyman.", "prime clergyman", "prime minister"),
    ],
)
def test_known_examples_match(text: str, phrase: str, suggestion: str) -> None:
    spans = curated().find(text)
    assert len(spans) == 1
    span = spans[0]
    assert span.text == phrase
    assert text[span.start : span.end] == phrase
    assert span.kind == "fingerprint"
    assert span.score == 1.0
    assert span.suggestion == suggestion
    assert span.reason.startswith("known tortured phrase (politics)")
    assert suggestion.lower() in span.reason
    json.dumps(span.to_dict())


def test_suggestion_follows_case_of_the_text() -> None:
    def suggestion(text: str) -> str | None:
        (span,) = curated().find(text)
        return span.suggestion

    assert suggestion("the unfamiliar clergyman spoke") == "foreign minister"
    assert suggestion("Unfamiliar clergyman spoke first") == "Foreign minister"
    assert suggestion("The Unfamiliar Clergyman spoke") == "Foreign Minister"


def test_title_case_with_a_lowercase_function_word_gives_title_case() -> None:
    """Title Case in -> Title Case out, also when a short word inside stays lowercase.

    Currently "Place of Delegates" gives "House of representatives" (only the first word is
    capitalized, because `_match_case` requires every word to be capitalized).
    """
    (span,) = curated().find("She was elected to the Place of Delegates in May.")
    assert span.text == "Place of Delegates"
    assert span.suggestion == "House of Representatives"


def test_no_match_inside_words_or_across_sentences() -> None:
    assert curated().find("the unfamiliar clergymanship") == []
    assert curated().find("It was unfamiliar. Clergyman Smith replied.") == []


def test_clean_text_has_no_fingerprint() -> None:
    text = "The foreign minister met the prime minister at the United Nations during the Cold War."
    assert curated().find(text) == []


def test_custom_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fp.tsv"
    path.write_text("tortured\toriginal\tdomain\nvelvet lantern\tsilk lamp\tnews\n\tempty\tnews\n", encoding="utf-8")
    entries = read_fingerprints(str(path))
    assert [(e.tortured, e.original, e.domain) for e in entries] == [("velvet lantern", "silk lamp", "news")]


def test_a_list_with_bad_bytes_or_without_its_columns_is_refused_naming_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from detector.model_files import ModelFileError

    path = tmp_path / "fp.tsv"
    path.write_bytes(b"tortured\toriginal\tdomain\nvelvet lan\xfftern\tsilk lamp\tnews\n")
    with pytest.raises(ModelFileError, match=r"fp\.tsv is not UTF-8"):
        read_fingerprints(str(path))
    path.write_text("phrase\twording\nvelvet lantern\tsilk lamp\n", encoding="utf-8")
    with pytest.raises(ModelFileError, match=r"fp\.tsv has no 'tortured' and 'original' columns"):
        read_fingerprints(str(path))
