"""Word links learned from aligned training pairs (word-level statistics only)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from detector.training.learned_links import _align, is_training_record, learn, pps_split


def test_align_links_changed_words_only() -> None:
    links: Counter[tuple[str, str]] = Counter()
    _align(links, "Virus War", "Cold War")
    _align(links, "majority rules systems", "democracies")  # length differs: ignored
    assert links == Counter({("virus", "cold"): 1})


def test_learn_reads_only_the_training_part(tmp_path: Path) -> None:
    names = [a + b for a in "abcdef" for b in "xyzuv"]  # 30 alphabetic words
    records = [
        {"id": f"x-{i}", "spun": "a", "clean": "b", "pairs": [{"spun": f"odd{n} word", "original": f"even{n} word"}]}
        for i, n in enumerate(names)
    ]
    (tmp_path / "spun_dev_test.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    links = learn(tmp_path, tmp_path / "absent.csv")
    expected = {(f"odd{n}", f"even{n}") for i, n in enumerate(names) if is_training_record(f"x-{i}")}
    assert set(links) == expected
    assert 0 < len(expected) < 30


def test_pps_split_is_stable_and_mostly_train() -> None:
    phrases = [f"phrase number {i}" for i in range(500)]
    assert [pps_split(p) for p in phrases] == [pps_split(p) for p in phrases]
    assert 0.7 < sum(pps_split(p) == "train" for p in phrases) / 500 < 0.9
