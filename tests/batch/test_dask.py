"""Tests for detector.batch.dask: scoring on a dask.distributed LocalCluster (two worker processes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("distributed")

import dask.bag as db
import joblib
from distributed import Client, LocalCluster

from detector import score, score_many
from detector.batch.dask import score_bag

TEXTS = [
    "The Unfamiliar Clergyman spoke at the Unified Countries about the Virus War.",
    "The council met on Tuesday to discuss the new budget for schools.",
] * 4


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


def test_score_bag_matches_local_scores(client: Client) -> None:
    results = score_bag(db.from_sequence(TEXTS, npartitions=3)).compute()
    assert [r["label"] for r in results] == [score(t).label for t in TEXTS]
    assert results[0]["spans"][0]["suggestion"] == "Foreign Minister"


def test_score_bag_passes_options(client: Client) -> None:
    results = score_bag(db.from_sequence(TEXTS[:1], npartitions=1), allow=["Virus War"]).compute()
    assert "Virus War" not in {s["text"] for s in results[0]["spans"]}
    with pytest.raises(TypeError, match="unknown option"):
        score_bag(db.from_sequence(TEXTS[:1]), colour="red")


def test_score_many_on_the_joblib_dask_backend(client: Client) -> None:
    with joblib.parallel_config(backend="dask"):
        reports = score_many(TEXTS, n_jobs=-1, chunk_size=2)
    assert [r.label for r in reports] == [score(t).label for t in TEXTS]
