"""/cases/<pk>/documents/register/ (cases:register-document)."""

import pytest
from django.urls import reverse

from cases.models import JournalEntry

pytestmark = pytest.mark.django_db


def form_url(case) -> str:
    return reverse("cases:register-document", args=[case.pk])


def form_data(**fields) -> dict:
    return {
        "direction": "incoming",
        "subject": "Yttrande över målbilden",
        "counterpart": "Botkyrka kommun",
        "document_date": "2023-04-02",
        "received_date": "2023-04-03",
        "secrecy": "public",
        "secrecy_reference": "",
    } | fields


def test_an_official_registers_a_document_and_sees_it_in_the_case(client, alice, case):
    client.force_login(alice)
    response = client.post(form_url(case), form_data(), follow=True)
    assert response.redirect_chain == [(case.get_absolute_url() + "#documents", 302)]
    entry = JournalEntry.objects.get()
    assert (entry.number, entry.registered_by) == ("KS 2023/1-1", alice)
    page = response.content.decode()
    assert "The document was registered as KS 2023/1-1." in page
    assert "Yttrande över målbilden" in page


def test_the_second_document_gets_the_next_number(client, alice, entry):
    client.force_login(alice)
    client.post(form_url(entry.case), form_data(direction="outgoing", received_date=""))
    assert entry.case.entries.last().number == "KS 2023/1-2"


def test_invalid_input_keeps_what_was_typed_and_takes_no_number(client, alice, case):
    client.force_login(alice)
    response = client.post(
        form_url(case),
        form_data(counterpart="", received_date="", subject="Brev från SSR"),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"counterpart", "received_date"}
    page = response.content.decode()
    assert 'value="Brev från SSR"' in page
    assert 'href="#id_counterpart"' in page
    assert not JournalEntry.objects.exists()


def test_a_date_received_in_the_future_is_refused(client, alice, case):
    client.force_login(alice)
    response = client.post(form_url(case), form_data(received_date="2999-01-01"))
    assert "received_date" in response.context["form"].errors


def test_a_missing_handling_points_the_summary_at_the_first_radio_button(
    client, alice, case
):
    client.force_login(alice)
    response = client.post(form_url(case), form_data(direction=""))
    assert 'href="#id_direction_0"' in response.content.decode()


def test_a_colleague_without_a_writing_role_is_refused(client, bob, case):
    client.force_login(bob)
    assert client.post(form_url(case), form_data()).status_code == 403
    assert not JournalEntry.objects.exists()


def test_an_outsider_cannot_register_in_a_public_case(client, charlie, case):
    client.force_login(charlie)
    assert client.get(form_url(case)).status_code == 403
    assert client.post(form_url(case), form_data()).status_code == 403
    assert not JournalEntry.objects.exists()


def test_an_outsider_gets_404_for_a_secret_case(client, charlie, secret_case):
    client.force_login(charlie)
    assert client.post(form_url(secret_case), form_data()).status_code == 404


def test_the_form_refuses_other_methods(client, alice, case):
    client.force_login(alice)
    assert client.put(form_url(case)).status_code == 405
