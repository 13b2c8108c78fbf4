import datetime

import pytest
from django.core import mail

from cases.models import Case, Dispatch
from cases.services.anslag import notice_publish
from cases.services.dispatch import decision_dispatch
from tests.helpers import run_tasks, system

pytestmark = pytest.mark.django_db


def test_the_notices_api_is_public_and_lists_current_notices_only(
    client, meeting, decided, adjust, time_machine
):
    adjust(meeting, datetime.date(2023, 6, 1))
    notice_publish(meeting, published=datetime.date(2023, 6, 2), user=system())
    time_machine.move_to(datetime.datetime(2023, 6, 26, 12, 0))
    body = client.get("/api/notices/").json()
    assert body["count"] == 1
    notice = body["results"][0]
    assert notice["board"] == "Kommunstyrelsen"
    assert notice["last_appeal_date"] == "2023-06-26"
    assert notice["appeal_moved_from"] == "2023-06-23"
    assert notice["takedown_date"] == "2023-06-27"
    time_machine.move_to(datetime.datetime(2023, 6, 27, 12, 0))
    assert client.get("/api/notices/").json()["count"] == 0


def test_the_secretary_dispatches_marks_done_and_closes_through_the_api(
    client, secretary, adjusted_case
):
    client.force_login(secretary)
    response = client.post(f"/api/cases/{adjusted_case.pk}/dispatch/")
    assert response.status_code == 200
    assert response.json()["status"] == Case.Status.ADJUSTED
    assert mail.outbox == []  # sent by the worker, not the request
    assert run_tasks() == 1
    assert len(mail.outbox) == 1
    manual = adjusted_case.dispatches.get(method=Dispatch.Method.MANUAL)
    response = client.post(
        f"/api/dispatches/{manual.pk}/done/",
        {"note": "Med post"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == Case.Status.DISPATCHED
    response = client.post(f"/api/dispatches/{manual.pk}/done/")
    assert response.status_code == 409
    response = client.post(f"/api/cases/{adjusted_case.pk}/close/")
    assert response.status_code == 200
    assert response.json()["status"] == Case.Status.CLOSED


def test_an_official_is_refused_with_403_and_nothing_changes(
    client, alice, adjusted_case
):
    client.force_login(alice)
    response = client.post(f"/api/cases/{adjusted_case.pk}/dispatch/")
    assert response.status_code == 403
    assert "board secretary" in response.json()["detail"]
    assert not Dispatch.objects.exists()


def test_dispatch_before_justering_is_409(client, secretary, decided):
    client.force_login(secretary)
    response = client.post(f"/api/cases/{decided.pk}/dispatch/")
    assert response.status_code == 409


def test_close_before_dispatch_is_409(client, secretary, adjusted_case):
    client.force_login(secretary)
    assert client.post(f"/api/cases/{adjusted_case.pk}/close/").status_code == 409


def test_another_organisations_dispatch_is_404(
    client, charlie, secretary, adjusted_case
):
    adjusted_case.secrecy = "secret"
    adjusted_case.secrecy_reference = "OSL 15 kap. 2 §"
    adjusted_case.save()
    decision_dispatch(case=adjusted_case, user=secretary)
    manual = adjusted_case.dispatches.get(method=Dispatch.Method.MANUAL)
    client.force_login(charlie)
    assert client.post(f"/api/dispatches/{manual.pk}/done/").status_code == 404


def test_anonymous_dispatch_is_refused(client, adjusted_case):
    response = client.post(f"/api/cases/{adjusted_case.pk}/dispatch/")
    assert response.status_code == 403
