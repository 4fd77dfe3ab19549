"""Shared test setup: the `slow` marker.

Tests marked `slow` (minutes of run time, many GB of memory) are skipped unless pytest is
run with `--runslow` or the environment sets DETECTOR_SLOW_TESTS=1, so the default suite
stays within a few minutes.
"""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False, help="also run tests marked slow")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than a minute; run with --runslow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow") or os.environ.get("DETECTOR_SLOW_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="slow test: run with --runslow or DETECTOR_SLOW_TESTS=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
