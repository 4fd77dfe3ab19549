"""Tests for detector.parallel: ordered, lazy, chunked mapping."""

from __future__ import annotations

import itertools
import os

import pytest

from detector.parallel import chunks, ordered_map


def _square_with_pid(items: list[int], offset: int) -> list[tuple[int, int]]:
    return [(i * i + offset, os.getpid()) for i in items]


def test_chunks() -> None:
    assert list(chunks(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunks([], 3)) == []
    with pytest.raises(ValueError):
        list(chunks(range(3), 0))


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_order_is_kept(n_jobs: int) -> None:
    out = list(ordered_map(_square_with_pid, range(50), 1, n_jobs=n_jobs, chunk_size=4))
    assert [v for v, _ in out] == [i * i + 1 for i in range(50)]


def test_two_jobs_use_worker_processes() -> None:
    out = list(ordered_map(_square_with_pid, range(40), 0, n_jobs=2, chunk_size=2))
    assert os.getpid() not in {pid for _, pid in out}


def test_in_process_map_pulls_items_lazily() -> None:
    pulled = []

    def source():  # type: ignore[no-untyped-def]
        for i in itertools.count():
            pulled.append(i)
            yield i

    first = next(ordered_map(_square_with_pid, source(), 0, n_jobs=1, chunk_size=5))
    assert first[0] == 0
    assert len(pulled) == 5  # one chunk, not the endless input


def test_zero_jobs_is_an_error() -> None:
    with pytest.raises(ValueError):
        list(ordered_map(_square_with_pid, range(3), 0, n_jobs=0))
