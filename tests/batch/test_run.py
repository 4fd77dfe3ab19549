"""Tests for detector.batch.run: one result per record, in order, failures kept."""

from __future__ import annotations

import pytest

from detector import api
from detector.batch import run as batch
from detector.batch.records import Record

SPUN = "The Unfamiliar Clergyman spoke at the Unified Countries about the Virus War."


def _records() -> list[Record]:
    return [
        Record("a.txt", None, None, SPUN),
        Record("b.jsonl", 2, "x", None, error="malformed JSON"),
        Record("c.txt", None, None, None, error="empty file, nothing to score", skipped=True),
        Record("d.txt", None, None, "A quiet morning in the village.", note="3 lines were not UTF-8"),
    ]


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_one_result_per_record_in_order(n_jobs: int) -> None:
    results = list(batch.score_records(_records(), n_jobs=n_jobs, chunk_size=1))
    assert [r.record.source for r in results] == ["a.txt", "b.jsonl", "c.txt", "d.txt"]
    assert [r.status for r in results] == ["ok", "error", "skipped", "ok"]
    assert results[0].report.label == "spun"
    assert results[1].error == "malformed JSON"
    assert results[3].report.notes[0] == "3 lines were not UTF-8"


def test_a_failing_record_does_not_end_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    real = api.score

    def flaky(text: str, **options):  # type: ignore[no-untyped-def]
        if "Clergyman" in text:
            raise RuntimeError("boom")
        return real(text, **options)

    monkeypatch.setattr(api, "score", flaky)
    results = list(batch.score_records(_records()))
    assert results[0].status == "error" and "internal error: RuntimeError: boom" in results[0].error
    assert results[3].status == "ok"


def test_options_reach_the_scorer() -> None:
    [result] = batch.score_records([Record("a.txt", None, None, SPUN)], allow=["Virus War"], threshold=1.0)
    assert "Virus War" not in {s.text for s in result.report.spans}
    assert result.report.label != "spun"
