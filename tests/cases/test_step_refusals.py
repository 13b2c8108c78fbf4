"""Every refusal of a meeting, justering or dispatch step is a page or an API
answer that says why, never a 500: also a ValidationError that a service
raises where the page has no form to show it in (ssr_portal/lib/refusals.py:
STEP_REFUSALS for the pages, `api_exception_handler` for the API)."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import ChangeProposal, Dispatch
from tests.helpers import login_verified

pytestmark = pytest.mark.django_db

MESSAGE = "Uppgifterna stämmer inte med varandra."


@pytest.fixture
def objects(decided, meeting, item, secretary, make_case):
    proposal = ChangeProposal.objects.create(
        meeting=meeting, item=item, proposed_by=secretary, text="Ändra."
    )
    dispatch = Dispatch.objects.create(
        case=decided,
        recipient_name="Länsstyrelsen Stockholm",
        method=Dispatch.Method.MANUAL,
    )
    return {
        "meeting": meeting,
        "item": item,
        "case": decided,
        "proposal": proposal,
        "dispatch": dispatch,
        "approved": make_case(),
    }


def _step(objects, name):
    """The URL, POST data and service of a step of the pages."""
    meeting, item, case = objects["meeting"], objects["item"], objects["case"]
    steps = {
        "agenda-add": (
            reverse("cases:agenda-add", args=[meeting.pk]),
            {"case": objects["approved"].pk},
            "cases.services.meetings.agenda_add",
        ),
        "agenda-move": (
            reverse("cases:agenda-move", args=[meeting.pk, item.pk]),
            {"direction": "up"},
            "cases.services.meetings.agenda_move",
        ),
        "agenda-remove": (
            reverse("cases:agenda-remove", args=[meeting.pk, item.pk]),
            {},
            "cases.services.meetings.agenda_remove",
        ),
        "justering-send": (
            reverse("cases:justering-send", args=[meeting.pk]),
            {},
            "cases.services.justering.minutes_send_for_justering",
        ),
        "justering-confirm": (
            reverse("cases:justering-confirm", args=[meeting.pk]),
            {},
            "cases.services.justering.justering_confirm",
        ),
        "justering-propose": (
            reverse("cases:justering-propose", args=[meeting.pk, item.pk]),
            {"text": "Ändra."},
            "cases.services.justering.justering_propose_change",
        ),
        "justering-decide": (
            reverse(
                "cases:justering-decide", args=[meeting.pk, objects["proposal"].pk]
            ),
            {"answer": "accept"},
            "cases.services.justering.justering_decide_proposal",
        ),
        "dispatch": (
            reverse("cases:dispatch", args=[case.pk]),
            {},
            "cases.services.dispatch.decision_dispatch",
        ),
        "dispatch-done": (
            reverse("cases:dispatch-done", args=[case.pk, objects["dispatch"].pk]),
            {"note": "Med post"},
            "cases.services.dispatch.dispatch_mark_done",
        ),
        "close": (
            reverse("cases:close", args=[case.pk]),
            {},
            "cases.services.dispatch.case_close",
        ),
    }
    return steps[name]


STEPS = [
    "agenda-add",
    "agenda-move",
    "agenda-remove",
    "justering-send",
    "justering-confirm",
    "justering-propose",
    "justering-decide",
    "dispatch",
    "dispatch-done",
    "close",
]


@pytest.mark.parametrize("name", STEPS)
@pytest.mark.parametrize(
    "error", [ValidationError(MESSAGE), ValidationError({"status": MESSAGE})]
)
def test_a_validation_error_of_a_step_is_the_refused_page(
    client, secretary, objects, name, error
):
    url, data, service = _step(objects, name)
    login_verified(client, secretary)
    with mock.patch(service, side_effect=error) as step:
        response = client.post(url, data)
    assert step.called
    assert response.status_code == 409
    content = response.content.decode()
    assert "The step was refused" in content
    assert MESSAGE in content


@pytest.mark.parametrize(
    ("url", "service"),
    [
        ("/api/cases/{case}/dispatch/", "cases.services.dispatch.decision_dispatch"),
        ("/api/cases/{case}/close/", "cases.services.dispatch.case_close"),
        ("/api/cases/{case}/submit/", "cases.services.workflow.case_submit"),
        (
            "/api/dispatches/{dispatch}/done/",
            "cases.services.dispatch.dispatch_mark_done",
        ),
    ],
)
def test_a_validation_error_of_an_api_step_is_a_400_with_its_message(
    client, secretary, objects, url, service
):
    login_verified(client, secretary)
    path = url.format(case=objects["case"].pk, dispatch=objects["dispatch"].pk)
    with mock.patch(service, side_effect=ValidationError(MESSAGE)) as step:
        response = client.post(path, {}, content_type="application/json")
    assert step.called
    assert response.status_code == 400
    assert response.json() == {"detail": MESSAGE}


def test_the_api_keeps_field_errors_of_a_step(client, secretary, objects):
    login_verified(client, secretary)
    with mock.patch(
        "cases.services.dispatch.case_close",
        side_effect=ValidationError({"status": MESSAGE}),
    ):
        response = client.post(f"/api/cases/{objects['case'].pk}/close/")
    assert response.status_code == 400
    assert response.json() == {"status": [MESSAGE]}
