"""POST /api/cases/<id>/submit/, /return/, /approve/, /reopen/: the approval
workflow through the API, with the same rules as the pages."""

import json

import pytest

from cases.models import ApprovalEvent, Case
from cases.services import SectionInput, document_save, document_start
from members.roles import Role
from tests.factories import UserFactory
from tests.helpers import login_verified, system

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(huddinge):
    return UserFactory(
        username="camilla",
        first_name="Camilla",
        last_name="Broo",
        organisation=huddinge,
        roles=[Role.DIRECTOR],
    )


@pytest.fixture
def document(public_case, alice):
    document = document_start(case=public_case, user=alice)
    return document_save(
        document=document,
        user=alice,
        base_version=document.version,
        title=document.title,
        document_date=document.document_date,
        sections=[SectionInput(title="Förslag till beslut", text="Noteras.")],
    )


def post(client, case, step, data=None):
    return client.post(
        f"/api/cases/{case.pk}/{step}/",
        data=json.dumps(data or {}),
        content_type="application/json",
    )


def status(case):
    return Case.objects.get(pk=case.pk).status


def test_the_whole_round(client, alice, director, public_case, document):
    login_verified(client, alice)
    response = post(client, public_case, "submit")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert response.json()["event"]["kind"] == "submitted"
    login_verified(client, director)
    response = post(client, public_case, "return", {"comment": "Mer text."})
    assert response.status_code == 200
    assert response.json()["event"]["comment"] == "Mer text."
    login_verified(client, alice)
    assert post(client, public_case, "submit").status_code == 200
    login_verified(client, director)
    response = post(client, public_case, "approve")
    assert response.json()["status"] == "approved"
    login_verified(client, alice)
    response = post(client, public_case, "reopen", {"reason": "Ny siffra."})
    assert response.json()["status"] == "drafting"
    assert list(
        ApprovalEvent.objects.order_by("created_at", "pk").values_list(
            "kind", flat=True
        )
    ) == ["submitted", "returned", "submitted", "approved", "reopened"]


def test_a_forbidden_step_is_403_with_the_reason(client, alice, public_case, document):
    login_verified(client, alice)
    post(client, public_case, "submit")
    response = post(client, public_case, "approve")
    assert response.status_code == 403
    assert "kommundirektör" in response.json()["detail"]
    assert status(public_case) == Case.Status.SUBMITTED


def test_another_organisation_is_refused(client, charlie, public_case, document):
    login_verified(client, charlie)
    assert post(client, public_case, "submit").status_code == 403
    assert status(public_case) == Case.Status.DRAFTING


def test_anonymous_is_refused(client, public_case, document):
    assert post(client, public_case, "submit").status_code == 403
    assert status(public_case) == Case.Status.DRAFTING


def test_a_wrong_state_is_409(client, director, public_case, document):
    login_verified(client, director)
    response = post(client, public_case, "approve")
    assert response.status_code == 409
    assert "skickats för godkännande" in response.json()["detail"]
    assert status(public_case) == Case.Status.DRAFTING


def test_a_return_needs_a_comment(client, alice, director, public_case, document):
    login_verified(client, alice)
    post(client, public_case, "submit")
    login_verified(client, director)
    response = post(client, public_case, "return", {"comment": ""})
    assert response.status_code == 400
    assert "comment" in response.json()
    assert status(public_case) == Case.Status.SUBMITTED


def test_an_invisible_case_is_404(client, charlie, secret_case):
    document_start(case=secret_case, user=system())
    login_verified(client, charlie)
    for step in ("submit", "approve", "return", "reopen"):
        assert post(client, secret_case, step).status_code == 404


def test_the_schema_documents_the_steps(client):
    schema = client.get("/api/schema/?format=json").json()
    for step in ("submit", "return", "approve", "reopen"):
        responses = schema["paths"][f"/api/cases/{{id}}/{step}/"]["post"]["responses"]
        assert {"200", "403", "404", "409"} <= set(responses)
