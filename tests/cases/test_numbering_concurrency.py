"""Numbers under load: parallel registrations on PostgreSQL (row locks) take every
serial once, without duplicates or gaps. SQLite serialises writes itself and has no
row locks to test, so these run on PostgreSQL only (the Makefile runs the suite on
both)."""

import datetime
import threading

import pytest
from django.db import connection

from cases.models import Case, JournalEntry
from cases.services import case_register, journal_entry_register

THREADS = 8
PER_THREAD = 5

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks under concurrency need PostgreSQL (set DATABASE_URL)",
    ),
]


def _run_in_threads(work) -> list[BaseException]:
    """Start THREADS threads at the same moment; each closes its own connection."""
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            for _ in range(PER_THREAD):
                work()
        except BaseException as error:  # reported by the test, not lost in a thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_parallel_case_registrations_take_serials_one_to_n(ks, alice):
    errors = _run_in_threads(
        lambda: case_register(
            board=ks,
            title="Parallellt ärende",
            registered_by=alice,
            registered_date=datetime.date(2023, 5, 4),
        )
    )
    assert errors == []
    serials = sorted(Case.objects.filter(board=ks).values_list("serial", flat=True))
    assert serials == list(range(1, THREADS * PER_THREAD + 1))


def test_parallel_document_registrations_in_one_case_take_one_to_n(case, alice):
    errors = _run_in_threads(
        lambda: journal_entry_register(
            case=case,
            direction="internal",
            subject="Parallell handling",
            document_date=datetime.date(2023, 5, 4),
            registered_by=alice,
        )
    )
    assert errors == []
    serials = sorted(case.entries.values_list("serial", flat=True))
    assert serials == list(range(1, THREADS * PER_THREAD + 1))
    assert JournalEntry.objects.count() == THREADS * PER_THREAD
