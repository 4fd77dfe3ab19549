"""Ordered, streaming, chunked map over joblib workers: the one place batch scoring fans out.

Batch users hand over millions of records from a file or a generator; reading them all first
would make memory grow with the input. Items are pulled in chunks only as workers free up
(joblib's `pre_dispatch`), results come back in input order as a generator, and each worker
process keeps its loaded resources between chunks. Under `joblib.parallel_config(backend=
"dask")` the same code runs on a Dask cluster.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter), pulled lazily."""
    if size < 1:
        raise ValueError(f"chunk size must be >= 1, got {size}")
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def ordered_map(
    func: Callable[[list[T], Any], list[R]],
    items: Iterable[T],
    context: Any,
    *,
    n_jobs: int = 1,
    chunk_size: int = 64,
) -> Iterator[R]:
    """`func(chunk, context)` over chunks of `items`, results flattened in input order.

    n_jobs == 1 runs in this process (no worker start-up); otherwise joblib processes (or the
    active `parallel_config` backend), at most two chunks in flight per worker.
    """
    if n_jobs == 0:
        raise ValueError("n_jobs must not be 0 (use 1, a positive count, or -1 for every core)")
    if n_jobs == 1:
        for chunk in chunks(items, chunk_size):
            yield from func(chunk, context)
        return
    from joblib import Parallel, delayed

    parallel = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2 * n_jobs")
    for result in parallel(delayed(func)(chunk, context) for chunk in chunks(items, chunk_size)):
        yield from result
