"""Parts of the vision added at the same moment by several coordinators, on
PostgreSQL (row locks): every add succeeds with its own next number (versions)
and its own next position (goals), never an IntegrityError and a 500. SQLite
serialises writes itself and has no row locks to test, so these run on PostgreSQL
only (the Makefile runs the suite on both)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from targets.models import Goal, VisionVersion

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
    start = threading.Barrier(len(clients))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def run(client: Client) -> None:
        try:
            start.wait()
            for number in range(PER_THREAD):
                statuses.append(client.post(url, data(number)).status_code)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return statuses


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
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            services.follow_up_set(
                goal=goal, year=2024, status="under_way", user=coordinator
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert GoalFollowUp.objects.filter(goal=goal, year=2024).count() == 1
