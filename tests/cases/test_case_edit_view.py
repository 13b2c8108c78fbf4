"""/cases/<pk>/edit/ (cases:edit): changing a case's registration details."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def form_url(case) -> str:
    return reverse("cases:edit", args=[case.pk])


def form_data(case, **fields) -> dict:
    return {
        "title": case.title,
        "kind": case.kind,
        "handler": case.handler_id or "",
        "secrecy": case.secrecy,
        "secrecy_reference": case.secrecy_reference,
        "follow_up_date": "",
        "description": case.description,
    } | fields


def test_the_form_starts_from_the_cases_details(client, alice, case):
    client.force_login(alice)
    page = client.get(form_url(case)).content.decode()
    assert 'value="Målbild Samverkan Stockholmsregionen 2023-2026"' in page


def test_an_official_changes_the_details_and_the_history_shows_it(client, alice, case):
    client.force_login(alice)
    response = client.post(
        form_url(case), form_data(case, title="Målbild SSR 2023–2026"), follow=True
    )
    assert response.redirect_chain == [(case.get_absolute_url(), 302)]
    case.refresh_from_db()
    assert case.title == "Målbild SSR 2023–2026"
    page = response.content.decode()
    assert "Case KS 2023/1 was updated." in page
    assert "Målbild SSR 2023–2026" in page
    assert case.history.first().history_user == alice


def test_saving_without_changes_says_so_and_writes_no_history(client, alice, case):
    client.force_login(alice)
    response = client.post(form_url(case), form_data(case), follow=True)
    assert "Nothing was changed." in response.content.decode()
    assert case.history.count() == 1


def test_invalid_input_keeps_what_was_typed(client, alice, case):
    client.force_login(alice)
    response = client.post(
        form_url(case),
        form_data(case, secrecy="public", secrecy_reference="OSL 18 kap. 13 §"),
    )
    assert response.status_code == 200
    assert "secrecy_reference" in response.context["form"].errors
    assert 'value="OSL 18 kap. 13 §"' in response.content.decode()
    case.refresh_from_db()
    assert case.secrecy_reference == ""


def test_a_colleague_without_a_writing_role_is_refused(client, bob, case):
    client.force_login(bob)
    assert client.get(form_url(case)).status_code == 403
    response = client.post(form_url(case), form_data(case, title="Ändrad"))
    assert response.status_code == 403
    assert "You may not change this case." in response.content.decode()
    case.refresh_from_db()
    assert case.title != "Ändrad"


def test_an_outsider_cannot_change_a_public_case(client, charlie, case):
    client.force_login(charlie)
    response = client.post(form_url(case), form_data(case, title="Ändrad"))
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.title != "Ändrad"


def test_an_outsider_does_not_learn_that_a_secret_case_exists(
    client, charlie, secret_case
):
    client.force_login(charlie)
    assert client.get(form_url(secret_case)).status_code == 404
    assert client.post(form_url(secret_case), form_data(secret_case)).status_code == 404


def test_the_form_refuses_other_methods(client, alice, case):
    client.force_login(alice)
    assert client.patch(form_url(case)).status_code == 405


def test_a_case_whose_officer_has_left_can_still_be_edited(
    client, alice, registrar, case
):
    alice.is_active = False
    alice.save()
    client.force_login(registrar)
    response = client.post(form_url(case), form_data(case, title="Målbild, reviderad"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.title, case.handler) == ("Målbild, reviderad", alice)
