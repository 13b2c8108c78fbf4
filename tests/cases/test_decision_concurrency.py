"""Paragraphs under load on PostgreSQL (row locks): parallel decisions take no §
(the sending of the minutes numbers them), and a sending racing a decision
recorded after an earlier sending takes every § of the board's year once,
without duplicates or gaps."""

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


def test_parallel_decisions_take_no_paragraph(
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
    # Numbered at the sending, in agenda order (tests/cases/test_paragraph_numbering.py).
    assert set(AgendaItem.objects.values_list("paragraph", flat=True)) == {None}


def test_a_sending_and_a_late_decision_share_the_series_without_gaps(
    make_meeting, make_case, secretary, chair
):
    from cases.services import justering
    from tests.helpers import race

    first = make_meeting(chair=chair)
    done = services.agenda_add(meeting=first, case=make_case(), user=secretary)
    services.decision_record(item=done, user=secretary, kind="approve", text="Bifall.")
    justering.minutes_send_for_justering(meeting=first, user=secretary)  # § 1
    late = services.agenda_add(meeting=first, case=make_case(), user=secretary)
    import datetime

    second = make_meeting(day=datetime.date(2023, 5, 10), chair=chair)
    for _ in range(3):
        item = services.agenda_add(meeting=second, case=make_case(), user=secretary)
        services.decision_record(item=item, user=secretary, kind="approve", text="Ja.")
    outcomes = race(
        lambda: services.decision_record(
            item=late, user=secretary, kind="approve", text="Bifall."
        ),
        lambda: justering.minutes_send_for_justering(meeting=second, user=secretary),
    )
    assert not [o for o in outcomes if isinstance(o, BaseException)]
    paragraphs = sorted(AgendaItem.objects.values_list("paragraph", flat=True))
    assert paragraphs == [1, 2, 3, 4, 5]
