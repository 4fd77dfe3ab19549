"""Tests for the document classifier (`detector.document.model`) and the document score (`detector.document.scoring.finish`).

The shipped heads must load with sane thresholds and give probabilities in [0, 1] whatever
the features; a missing, altered or mismatched model file must stop loading with a
`ModelFileError` that names the file (never a silent fallback to a wrong model); reasons
are short signed phrases a reviewer reads. `finish` must combine listed phrases with the
model as documented: each distinct listed phrase halves the remaining doubt.

File checks run on copies of the shipped files in a temporary folder, with
`detector.document.model.data_file` pointed there and the `load` cache cleared around each test.
"""

from __future__ import annotations

import itertools
import json
import math
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.document import model as doc_model
from detector.document import scoring
from detector.document.features import FEATURE_NAMES
from detector.resources import data_file
from detector.types import Quality, Report, Span

# A plain news text as the classifier would see it, written out by hand.
CLEAN_FEATURES: dict[str, float] = {
    "fingerprint_per_1k": 0.0,
    "discovery_per_1k": 0.0,
    "discovery_strength_per_1k": 0.0,
    "discovery_max": 0.0,
    "span_word_share": 0.0,
    "suspect_windows_per_1k": 0.0,
    "weak_windows_per_1k": 4.0,
    "top_window_mean": 0.18,
    "window_mean": 0.06,
    "window_p90": 0.1,
    "mt_word_mean": 0.39,
    "mt_word_high_share": 0.15,
    "mt_sentence_max_mean": 0.65,
    "mt_sentence_strong_share": 0.0,
    "mt_edit_mean": -0.3,
    "mt_edit_sentence_max_mean": 1.2,
    "bt_word_mean": 0.13,
    "bt_word_high_share": 0.001,
    "translationese_mean": 0.5,
    "lm_bigram_mean": -2.5,
    "lm_bigram_p10": -4.7,
    "lm_attested_share": 0.92,
    "lm_unknown_share": 0.05,
    "lm_pmi_mean": 0.86,
    "lm_function_pair_mean": -2.4,
    "zipf_mean": 4.9,
    "rare_word_share": 0.01,
    "synonym_gap_mean": 1.1,
    "spinner_word_share": 0.28,
    "function_word_share": 0.39,
    "the_share": 0.095,
    "sentence_words_mean": 24.0,
    "sentence_words_sd": 10.0,
    "mattr": 0.86,
    "word_length_mean": 5.1,
    "capitalized_share": 0.16,
    "boilerplate_share": 0.04,
    "duplicate_5gram_share": 0.0,
    "top_2gram_share": 0.02,
    "terminal_line_share": 1.0,
    "log_words": 2.42,
}
TEXT = "The harbour master said the ferry would leave at noon, and the island fair opens at two in the afternoon."


def _clean_vector() -> np.ndarray:
    assert set(CLEAN_FEATURES) == set(FEATURE_NAMES)
    return np.array([CLEAN_FEATURES[n] for n in FEATURE_NAMES], dtype=np.float32)


def _span(text: str, phrase: str, kind: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase), phrase, kind, 1.0, "listed phrase")  # type: ignore[arg-type]


def _report(spans: list[Span]) -> Report:
    return Report(0.0, "clean", tuple(spans), len(TEXT.split()), True, False, (), Quality(), "text", None)


# --- the shipped model ---


def test_shipped_model_has_its_three_heads_with_thresholds_inside_the_unit_interval() -> None:
    model = doc_model.load()
    assert set(model.heads) == set(doc_model.HEADS) == {"spun", "mt", "kind"}
    for name, head in model.heads.items():
        assert head.name == name
        assert 0.0 < head.threshold < 1.0
        assert math.isfinite(head.slope) and head.slope > 0.0  # a higher margin must mean more likely
    assert tuple(model.manifest["features"]) == FEATURE_NAMES


def test_the_labelling_heads_ask_more_of_short_texts_and_the_stored_threshold_from_sixty_words() -> None:
    heads = doc_model.load().heads
    for name in ("spun", "mt"):
        head = heads[name]
        assert head.length_thresholds, name
        by_length = [head.threshold_for(words) for words in (1, 10, 20, 40, 59, 60, 300, 10**6)]
        assert all(a >= b for a, b in itertools.pairwise(by_length)), (name, by_length)
        assert by_length[0] > head.threshold and by_length[-3:] == [head.threshold] * 3
    assert heads["kind"].threshold_for(5) == heads["kind"].threshold  # the kind head labels nothing alone


@pytest.mark.parametrize("fill", [0.0, 1.0, -1e6, 1e6, float("nan")])
def test_probabilities_are_in_the_unit_interval_for_extreme_vectors(fill: float) -> None:
    row = np.full(len(FEATURE_NAMES), fill, dtype=np.float32)
    for head in doc_model.load().heads.values():
        p = head.probability(row)
        assert 0.0 <= p <= 1.0 and math.isfinite(p)


FEATURE_VALUE = st.one_of(st.floats(-1e4, 1e4, width=32), st.just(float("nan")))


@settings(max_examples=40, deadline=None)
@given(st.lists(FEATURE_VALUE, min_size=len(FEATURE_NAMES), max_size=len(FEATURE_NAMES)))
def test_probabilities_are_in_the_unit_interval_for_any_vector(values: list[float]) -> None:
    row = np.array(values, dtype=np.float32)
    for head in doc_model.load().heads.values():
        assert 0.0 <= head.probability(row) <= 1.0


def test_reasons_are_at_most_three_signed_phrases() -> None:
    rows = [_clean_vector(), np.zeros(len(FEATURE_NAMES), dtype=np.float32)]
    spunish = _clean_vector()
    for name, value in (("window_mean", 0.4), ("suspect_windows_per_1k", 90.0), ("lm_pmi_mean", 0.2)):
        spunish[FEATURE_NAMES.index(name)] = value
    rows.append(spunish)
    seen = 0
    for head in doc_model.load().heads.values():
        for row in rows:
            reasons = doc_model.reasons(head, row)
            assert isinstance(reasons, tuple) and len(reasons) <= 3
            for reason in reasons:
                assert isinstance(reason, str)
                assert reason.startswith(("+ ", "- ")) and len(reason) > 2, reason
            seen += len(reasons)
    assert seen > 0


def test_reasons_follow_the_sign_of_the_contribution() -> None:
    head = doc_model.load().heads["spun"]
    row = _clean_vector()
    row[FEATURE_NAMES.index("window_mean")] = 0.45
    contrib = head.contributions(row)
    assert contrib.shape == (len(FEATURE_NAMES),)
    reasons = doc_model.reasons(head, row, top=1)
    assert len(reasons) == 1
    top = int(np.argmax(np.abs(contrib)))
    assert reasons[0][0] == ("+" if contrib[top] > 0 else "-")


# --- scoring.finish ---


def test_two_distinct_listed_phrases_lift_the_score_to_at_least_three_quarters() -> None:
    features = _clean_vector()
    head = doc_model.load().heads["spun"]
    p_model = head.probability(features)
    assert p_model < 0.75  # otherwise this test proves nothing
    spans = [_span(TEXT, "harbour master", "fingerprint"), _span(TEXT, "island fair", "fingerprint")]
    report = scoring.finish(_report(spans), features)
    assert scoring.LISTED_PHRASE_DOUBT == 0.5
    assert report.score >= 0.75
    assert report.score == pytest.approx(1.0 - (1.0 - p_model) * 0.25, abs=1e-4)
    assert report.label == "spun"  # 0.75 is above the shipped spun threshold
    assert report.spans == tuple(spans)
    assert 0.0 <= report.mt_score <= 1.0
    assert all(r.startswith(("+ ", "- ")) for r in report.reasons)


def test_the_same_listed_phrase_twice_counts_once_and_discoveries_do_not_count() -> None:
    text = TEXT + " The Harbour Master agreed."
    features = _clean_vector()
    p_model = doc_model.load().heads["spun"].probability(features)
    first = _span(text, "harbour master", "fingerprint")
    again = Span(text.index("Harbour Master"), text.index("Harbour Master") + 14, "Harbour Master", "pps", 1.0, "pps")
    found = _span(text, "island fair", "discovery")
    report = scoring.finish(_report([first, found, again]), features)
    assert report.score == pytest.approx(1.0 - (1.0 - p_model) * 0.5, abs=1e-4)
    plain = scoring.finish(_report([found]), features)
    assert plain.score == pytest.approx(p_model, abs=1e-4)
    assert plain.label in ("clean", "mt")


# --- file checks on copies of the shipped files ---


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder with copies of the manifest and both head files, used by `doc_model.load`."""
    manifest = json.loads(data_file(doc_model.MANIFEST_FILE).read_text(encoding="utf-8"))
    for name in [doc_model.MANIFEST_FILE, *(manifest["heads"][h]["file"] for h in doc_model.HEADS)]:
        shutil.copyfile(data_file(name), tmp_path / name)
    doc_model.load.cache_clear()
    monkeypatch.setattr(doc_model, "data_file", lambda name: tmp_path / name)
    try:
        yield tmp_path
    finally:
        monkeypatch.undo()
        doc_model.load.cache_clear()


def _head_file(folder: Path, head: str) -> Path:
    manifest = json.loads((folder / doc_model.MANIFEST_FILE).read_text(encoding="utf-8"))
    return folder / manifest["heads"][head]["file"]


def _edit_manifest(folder: Path, change: Callable[[dict], None]) -> None:
    path = folder / doc_model.MANIFEST_FILE
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_copies_of_the_shipped_files_load(data_copy: Path) -> None:
    model = doc_model.load()
    assert set(model.heads) == set(doc_model.HEADS)


@pytest.mark.parametrize("head", doc_model.HEADS)
def test_one_altered_byte_in_a_model_file_is_refused_naming_the_file(data_copy: Path, head: str) -> None:
    path = _head_file(data_copy, head)
    data = bytearray(path.read_bytes())
    i = data.index(b"leaf_value=") + len(b"leaf_value=")
    while not chr(data[i]).isdigit():
        i += 1
    data[i] = ord("7") if data[i] != ord("7") else ord("3")  # still a valid model, just another one
    path.write_bytes(bytes(data))
    with pytest.raises(doc_model.ModelFileError, match=path.name):
        doc_model.load()


def test_a_model_file_corrupted_to_invalid_utf8_is_refused_naming_the_file(data_copy: Path) -> None:
    path = _head_file(data_copy, "spun")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] = 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(doc_model.ModelFileError, match=path.name):
        doc_model.load()


def test_a_missing_model_file_is_refused_naming_the_file(data_copy: Path) -> None:
    path = _head_file(data_copy, "mt")
    path.unlink()
    with pytest.raises(doc_model.ModelFileError, match=path.name):
        doc_model.load()


def test_a_missing_manifest_is_refused_naming_it(data_copy: Path) -> None:
    (data_copy / doc_model.MANIFEST_FILE).unlink()
    with pytest.raises(doc_model.ModelFileError, match=r"doc_model\.json"):
        doc_model.load()


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.update(features=m["features"][:-1]),
        lambda m: m.update(features=[*m["features"][:-1], "some_new_feature"]),
        lambda m: m.update(features=list(reversed(m["features"]))),
    ],
    ids=["one-fewer", "renamed", "reordered"],
)
def test_a_manifest_for_other_features_is_refused(data_copy: Path, change: Callable[[dict], None]) -> None:
    _edit_manifest(data_copy, change)
    with pytest.raises(doc_model.ModelFileError, match=r"doc_model\.json"):
        doc_model.load()


def test_a_manifest_of_another_format_is_refused(data_copy: Path) -> None:
    _edit_manifest(data_copy, lambda m: m.update(format_version=doc_model.FORMAT_VERSION + 1))
    with pytest.raises(doc_model.ModelFileError, match=r"doc_model\.json"):
        doc_model.load()


@pytest.mark.parametrize(
    "buckets",
    [
        [{"below_words": 30, "threshold": 0.9}, {"below_words": 15, "threshold": 0.95}],  # words must rise
        [{"below_words": 15, "threshold": 0.7}, {"below_words": 30, "threshold": 0.9}],  # shorter, lower
        [{"below_words": 15, "threshold": 0.01}],  # under the stored threshold
        [{"below_words": 15, "threshold": 1.5}],
        [{"below_words": 15}],
        [{"below_words": "fifteen", "threshold": 0.9}],
        "not a list of buckets",
    ],
)
def test_length_thresholds_that_do_not_fall_to_the_stored_one_are_refused(data_copy: Path, buckets: object) -> None:
    _edit_manifest(data_copy, lambda m: m["heads"]["mt"].update(length_thresholds={"buckets": buckets}))
    with pytest.raises(doc_model.ModelFileError, match=r"doc_model\.json.*'mt'"):
        doc_model.load()


def test_a_head_without_length_thresholds_keeps_its_threshold_at_every_length(data_copy: Path) -> None:
    _edit_manifest(data_copy, lambda m: m["heads"]["mt"].pop("length_thresholds", None))
    head = doc_model.load().heads["mt"]
    assert head.threshold_for(3) == head.threshold_for(3000) == head.threshold


@pytest.mark.parametrize("content", ["{", "", "not json at all", '{"features": [}'])
def test_a_manifest_that_is_not_json_is_refused(data_copy: Path, content: str) -> None:
    (data_copy / doc_model.MANIFEST_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(doc_model.ModelFileError, match=r"doc_model\.json"):
        doc_model.load()


def test_a_failed_load_is_not_cached(data_copy: Path) -> None:
    manifest = data_copy / doc_model.MANIFEST_FILE
    saved = manifest.read_bytes()
    manifest.unlink()
    with pytest.raises(doc_model.ModelFileError):
        doc_model.load()
    manifest.write_bytes(saved)
    assert set(doc_model.load().heads) == set(doc_model.HEADS)
