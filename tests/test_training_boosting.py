"""One set of LightGBM settings for every binary model: deterministic and two-threaded."""

from __future__ import annotations

from detector.training.boosting import binary_params
from detector.training.doc_model import PARAMS as DOC_PARAMS
from detector.training.mt_model import PARAMS as MT_PARAMS


def test_params_are_deterministic_and_name_what_each_trainer_tunes() -> None:
    params = binary_params(3, learning_rate=0.1, leaves=7, min_data=9, feature_fraction=0.5, lambda_l2=2.0)
    assert params["objective"] == "binary" and params["deterministic"] and params["seed"] == 3
    assert (params["learning_rate"], params["num_leaves"], params["min_data_in_leaf"]) == (0.1, 7, 9)
    assert (params["feature_fraction"], params["lambda_l2"], params["num_threads"]) == (0.5, 2.0, 2)


def test_the_trainers_keep_their_own_settings() -> None:
    assert (DOC_PARAMS["num_leaves"], DOC_PARAMS["min_data_in_leaf"], DOC_PARAMS["feature_fraction"]) == (15, 20, 0.8)
    assert (MT_PARAMS["learning_rate"], MT_PARAMS["min_data_in_leaf"], MT_PARAMS["lambda_l2"]) == (0.15, 100, 0.0)
