import pytest
from django.core import mail
from django.urls import reverse

from cases.models import Case, Dispatch
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db


def test_the_secretary_sees_the_dispatch_button(client, secretary, adjusted_case):
    client.force_login(secretary)
    response = client.get(adjusted_case.get_absolute_url())
    assert "Dispatch the decision" in response.content.decode()


def test_an_official_sees_no_dispatch_panel(client, alice, adjusted_case):
    client.force_login(alice)
    response = client.get(adjusted_case.get_absolute_url())
    assert "Dispatch the decision" not in response.content.decode()


def test_the_secretary_dispatches_and_marks_the_manual_row_sent(
    client, secretary, adjusted_case
):
    client.force_login(secretary)
    response = client.post(reverse("cases:dispatch", args=[adjusted_case.pk]))
    assert response.status_code == 302
    assert mail.outbox == []  # sent by the worker, not the request
    assert run_tasks() == 1
    assert len(mail.outbox) == 1
    page = client.get(adjusted_case.get_absolute_url()).content.decode()
    assert "Dispatch log" in page
    assert "Mark as sent" in page
    manual = adjusted_case.dispatches.get(method=Dispatch.Method.MANUAL)
    response = client.post(
        reverse("cases:dispatch-done", args=[adjusted_case.pk, manual.pk]),
        {"note": "Med post"},
    )
    assert response.status_code == 302
    adjusted_case.refresh_from_db()
    assert adjusted_case.status == Case.Status.DISPATCHED
    response = client.post(reverse("cases:close", args=[adjusted_case.pk]))
    assert response.status_code == 302
    adjusted_case.refresh_from_db()
    assert adjusted_case.status == Case.Status.CLOSED


def test_an_official_posting_dispatch_gets_403(client, alice, adjusted_case):
    client.force_login(alice)
    response = client.post(reverse("cases:dispatch", args=[adjusted_case.pk]))
    assert response.status_code == 403
    assert not Dispatch.objects.exists()


def test_dispatch_before_justering_gets_409(client, secretary, decided):
    client.force_login(secretary)
    response = client.post(reverse("cases:dispatch", args=[decided.pk]))
    assert response.status_code == 409
    assert "minutes are adjusted" in response.content.decode()


def test_dispatch_needs_post(client, secretary, adjusted_case):
    client.force_login(secretary)
    response = client.get(reverse("cases:dispatch", args=[adjusted_case.pk]))
    assert response.status_code == 405
