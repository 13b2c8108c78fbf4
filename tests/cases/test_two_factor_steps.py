"""The steps that approve, adjust or mark secrecy refuse a session without
two-factor login (members/two_factor.py), on the pages and in the API, whoever
takes them: the refusal says why, links to the code and changes nothing."""

import pytest
from django.urls import reverse

from cases.models import Case, JournalEntry, JusteringConfirmation
from cases.services import SectionInput, document_save, document_start
from cases.services import justering as justering_services
from cases.services.workflow import case_submit
from members.roles import Role
from tests.cases import test_case_edit_view as edit_view
from tests.cases import test_case_register_view as register_view
from tests.cases import test_journal_entry_register_view as entry_view
from tests.factories import UserFactory
from tests.helpers import login_verified

pytestmark = pytest.mark.django_db

TWO_FACTOR = reverse("account:two-factor")


def _assert_refused(response):
    assert response.status_code == 403
    page = response.content.decode()
    assert "Two-factor login is needed" in page
    assert "Nothing was changed." in page
    assert f'href="{TWO_FACTOR}?next=' in page


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def director(huddinge):
    return UserFactory(username="camilla", organisation=huddinge, roles=[Role.DIRECTOR])


@pytest.fixture
def submitted(case, alice):
    document = document_start(case=case, user=alice)
    sections = [
        SectionInput(id=s.pk, title=s.title, text="Text.")
        for s in document.sections.all()
    ]
    document_save(
        document=document,
        user=alice,
        base_version=document.version,
        title=document.title,
        document_date=document.document_date,
        sections=sections,
    )
    case_submit(case=case, user=alice)
    return case


def test_an_approval_without_the_code_is_refused(client, submitted, director):
    client.force_login(director)
    url = reverse("cases:document-approve", args=[submitted.pk])

    response = client.post(url, headers={"Referer": "http://testserver/cases/"})

    _assert_refused(response)
    assert f"{TWO_FACTOR}?next=%2Fcases%2F" in response.content.decode()
    assert Case.objects.get(pk=submitted.pk).status == Case.Status.SUBMITTED
    login_verified(client, director)
    client.post(url)
    assert Case.objects.get(pk=submitted.pk).status == Case.Status.APPROVED


def test_an_htmx_step_without_the_code_leads_to_the_code(client, submitted, director):
    client.force_login(director)

    response = client.post(
        reverse("cases:document-approve", args=[submitted.pk]),
        headers={"HX-Request": "true", "Referer": "http://testserver/cases/"},
    )

    assert response["HX-Redirect"] == f"{TWO_FACTOR}?next=%2Fcases%2F"


def test_the_api_refuses_an_approval_without_the_code(client, submitted, director):
    client.force_login(director)

    response = client.post(f"/api/cases/{submitted.pk}/approve/")

    assert response.status_code == 403
    assert "two-factor login" in response.json()["detail"]
    assert Case.objects.get(pk=submitted.pk).status == Case.Status.SUBMITTED


@pytest.fixture
def sent(jmeeting, decided_item, secretary):
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    return jmeeting


def test_a_justerare_confirms_only_with_the_code(client, sent, chair):
    # The chair is an official: no code at login, but one at the justering.
    client.force_login(chair)
    url = reverse("cases:justering-confirm", args=[sent.pk])

    _assert_refused(client.post(url))
    assert not JusteringConfirmation.objects.exists()
    assert client.post(f"/api/meetings/{sent.pk}/confirm/").status_code == 403
    assert not JusteringConfirmation.objects.exists()

    login_verified(client, chair)
    client.post(url)
    assert JusteringConfirmation.objects.filter(user=chair).count() == 1


def test_a_proposed_change_needs_the_code(client, sent, adjuster, decided_item):
    client.force_login(adjuster)

    response = client.post(
        reverse("cases:justering-propose", args=[sent.pk, decided_item.pk]),
        {"text": "Stavfel i beslutet."},
    )

    _assert_refused(response)


def test_registering_a_secret_case_needs_the_code(client, alice, ks):
    client.force_login(alice)
    data = register_view.form_data(ks, secrecy="secret", secrecy_reference="OSL 18:13")

    _assert_refused(client.post(register_view.URL, data))
    assert not Case.objects.exists()
    # A public case needs no code.
    client.post(register_view.URL, register_view.form_data(ks))
    assert Case.objects.count() == 1

    login_verified(client, alice)
    client.post(register_view.URL, data)
    assert Case.objects.filter(secrecy="secret").count() == 1


def test_changing_a_cases_secrecy_needs_the_code(client, alice, case):
    client.force_login(alice)
    data = edit_view.form_data(case, secrecy="secret", secrecy_reference="OSL 18:13")

    _assert_refused(client.post(edit_view.form_url(case), data))
    case.refresh_from_db()
    assert case.secrecy == "public"
    # Other changes need none.
    client.post(edit_view.form_url(case), edit_view.form_data(case, title="Ny titel"))
    case.refresh_from_db()
    assert case.title == "Ny titel"


def test_registering_a_secret_document_needs_the_code(client, alice, case):
    client.force_login(alice)
    data = entry_view.form_data(secrecy="secret", secrecy_reference="OSL 18:13")

    _assert_refused(client.post(entry_view.form_url(case), data))
    assert not JournalEntry.objects.exists()
