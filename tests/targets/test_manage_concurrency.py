"""Parts of the vision added at the same moment by several coordinators, on
PostgreSQL (row locks): every add succeeds with its own next number (versions)
and its own next position (goals), never an IntegrityError and a 500. SQLite
serialises writes itself and has no row locks to test, so these run on PostgreSQL
only (the Makefile runs the suite on both)."""

from functools import partial

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from targets.models import Goal, VisionVersion
from tests.helpers import race

THREADS = 4
PER_THREAD = 3

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks under concurrency need PostgreSQL (set DATABASE_URL)",
    ),
]


@pytest.fixture
def clients(coordinator) -> list[Client]:
    """One logged-in client per thread (each thread has its own connection)."""
    result = []
    for _ in range(THREADS):
        client = Client(raise_request_exception=False)
        client.force_login(coordinator)
        result.append(client)
    return result


def _post_in_threads(clients: list[Client], url: str, data) -> list[int]:
    """POST from every client at the same moment, PER_THREAD times each; the
    status codes (an exception in a thread is reported, not lost)."""

    def posts(client: Client) -> list[int]:
        return [client.post(url, data(n)).status_code for n in range(PER_THREAD)]

    outcomes = race(*[partial(posts, client) for client in clients])
    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    return [status for statuses in outcomes for status in statuses]


def test_versions_added_at_once_take_the_next_numbers(clients, vision):
    before = vision.versions.count()
    statuses = _post_in_threads(
        clients,
        reverse("targets:part_add", args=[vision.pk, "version"]),
        lambda number: {
            "version-new-kind": "revised",
            "version-new-date": "2025-02-01",
            "version-new-decided_by": "Regionala chefsgruppen",
            "version-new-note": f"Parallell version {number}",
        },
    )
    assert statuses == [302] * (THREADS * PER_THREAD)
    numbers = list(
        VisionVersion.objects.filter(vision=vision)
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert numbers == list(range(1, before + THREADS * PER_THREAD + 1))


def test_goals_added_at_once_take_the_next_positions(clients, vision):
    before = list(Goal.objects.filter(vision=vision).values_list("position", flat=True))
    statuses = _post_in_threads(
        clients,
        reverse("targets:part_add", args=[vision.pk, "goal"]),
        lambda number: {
            "goal-new-title": f"Parallellt mål {number}",
            "goal-new-ambition": "",
            "goal-new-position": "",
        },
    )
    assert statuses == [302] * (THREADS * PER_THREAD)
    positions = sorted(
        Goal.objects.filter(vision=vision)
        .exclude(position__in=before)
        .values_list("position", flat=True)
    )
    last = max(before) if before else -1
    assert positions == list(range(last + 1, last + 1 + THREADS * PER_THREAD))


def test_a_goals_first_follow_up_of_a_year_recorded_at_once_is_one_row(
    coordinator, vision
):
    """The goal's lock orders the first records of a year: one row, the last
    writer's status, never a duplicate row or an error."""
    from targets import services
    from targets.models import GoalFollowUp

    goal = vision.goals.first()
    record = partial(
        services.follow_up_set,
        goal=goal,
        year=2024,
        status="under_way",
        user=coordinator,
    )

    outcomes = race(*[record] * THREADS)

    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert errors == []
    assert GoalFollowUp.objects.filter(goal=goal, year=2024).count() == 1
