"""Benchmarks, not tests: `make bench` runs them (pytest -o addopts="" tests/bench);
`make test` leaves them out (pyproject's addopts has --ignore=tests/bench)."""

import statistics
import time
from collections.abc import Callable

import pytest

from tests.cases.test_document_pdf import demo_loaded

ROUNDS = 7


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data set on the test database, rolled back at the end."""
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("media")) as document:
        yield document


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def median_seconds(
    run: Callable[[], object],
    *,
    before: Callable[[], object] | None = None,
    rounds: int = ROUNDS,
) -> float:
    """The median wall time of `run` over `rounds` calls after one warm-up call;
    `before` runs untimed before each call (to make the next call do full work)."""
    times = []
    for _round in range(rounds + 1):
        if before:
            before()
        times.append(timed(run))
    return statistics.median(times[1:])
