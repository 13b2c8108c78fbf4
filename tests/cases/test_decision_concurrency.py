"""Paragraphs under load: parallel decisions on PostgreSQL (row locks) take every
§ of the board's year once, without duplicates or gaps, across meetings."""

import queue
import threading

import pytest
from django.db import connection

from cases.models import AgendaItem
from cases.services import meetings as services

THREADS = 6
ITEMS = 24

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks under concurrency need PostgreSQL (set DATABASE_URL)",
    ),
]


def test_parallel_decisions_take_paragraphs_one_to_n(
    meeting, later_meeting, make_case, secretary
):
    work: queue.Queue = queue.Queue()
    for number in range(ITEMS):
        target = meeting if number % 2 else later_meeting
        work.put(services.agenda_add(meeting=target, case=make_case(), user=secretary))
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            while True:
                try:
                    item = work.get_nowait()
                except queue.Empty:
                    return
                services.decision_record(
                    item=item, user=secretary, kind="approve", text="Bifall."
                )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    paragraphs = sorted(AgendaItem.objects.values_list("paragraph", flat=True))
    assert paragraphs == list(range(1, ITEMS + 1))
