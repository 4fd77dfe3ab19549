"""The LightGBM settings every binary model of the project is trained with, in one place.

Deterministic, two threads, bagged rows and sampled features: a refit on the same data and
library versions gives the same model, byte for byte, and each trainer states only what it
tunes (learning rate, leaves, leaf size, feature share, L2).
"""

from __future__ import annotations

from typing import Any


def binary_params(
    seed: int,
    *,
    learning_rate: float = 0.05,
    leaves: int = 31,
    min_data: int = 40,
    feature_fraction: float = 0.9,
    lambda_l2: float = 1.0,
) -> dict[str, Any]:
    """LightGBM parameters for a binary objective."""
    return {
        "objective": "binary",
        "learning_rate": learning_rate,
        "num_leaves": leaves,
        "min_data_in_leaf": min_data,
        "feature_fraction": feature_fraction,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "lambda_l2": lambda_l2,
        "seed": seed,
        "deterministic": True,
        "num_threads": 2,
        "verbose": -1,
    }
