"""Scale-out on a Dask cluster (optional extra: `pip install "detector[dask]"`).

Two ways, both scoring with the public `score` and loading the detector's resources once per
worker process:

- `score_bag(bag, **options)`: a Dask bag of texts -> a bag of `Report.to_dict()` results,
  partition by partition (read a corpus with `dask.bag.read_text`, write with `to_textfiles`);
- `score_many(texts, n_jobs=-1)` inside `joblib.parallel_config(backend="dask")` on a
  `dask.distributed.Client`: the chunks of the ordinary batch API run on the cluster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import dask.bag


def _score_texts(texts: list[str], options: dict[str, Any]) -> list[dict[str, Any]]:
    from detector.api import score_stream

    return [report.to_dict() for report in score_stream(texts, **options)]


def score_bag(bag: dask.bag.Bag, **options: Any) -> dask.bag.Bag:
    """A bag of `Report.to_dict()` results, one per text, in order; `options` are `score`'s."""
    try:
        import dask.bag  # noqa: F401
    except ImportError:
        raise ImportError('detector.batch.dask needs Dask: pip install "detector[dask]"') from None
    from detector.api import SCORE_OPTIONS

    if options.keys() - SCORE_OPTIONS:
        raise TypeError(f"unknown option(s) {sorted(options.keys() - SCORE_OPTIONS)}")
    return bag.map_partitions(_score_texts, options)
