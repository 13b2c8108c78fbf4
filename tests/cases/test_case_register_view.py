"""/cases/register/ (cases:register): the diarium's registration form."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Case, DiariumSeries

pytestmark = pytest.mark.django_db

URL = reverse("cases:register")


def form_data(board, **fields) -> dict:
    return {
        "board": board.pk,
        "title": "Styrdokument för krisberedskap",
        "kind": "decision",
        "handler": "",
        "secrecy": "public",
        "secrecy_reference": "",
        "follow_up_date": "",
        "description": "",
    } | fields


def test_an_official_registers_a_case_and_lands_on_its_page(client, alice, ks):
    client.force_login(alice)
    response = client.post(
        URL, form_data(ks, handler=alice.pk, follow_up_date="2099-06-01"), follow=True
    )
    case = Case.objects.get()
    assert response.redirect_chain == [(case.get_absolute_url(), 302)]
    assert case.number == f"KS {case.year}/1"
    assert (case.handler, case.registered_by) == (alice, alice)
    assert case.follow_up_date == datetime.date(2099, 6, 1)
    assert f"The case was registered as {case.number}." in response.content.decode()


def test_the_form_offers_the_boards_and_people_of_the_users_organisation(
    client, alice, bob, ks, botkyrka_ks, charlie
):
    client.force_login(alice)
    form = client.get(URL).context["form"]
    assert list(form.fields["board"].queryset) == [ks]
    assert set(form.fields["handler"].queryset) == {alice, bob}


def test_a_board_of_another_organisation_is_refused(client, alice, ks, botkyrka_ks):
    client.force_login(alice)
    response = client.post(URL, form_data(botkyrka_ks))
    assert response.status_code == 200
    assert "board" in response.context["form"].errors
    assert not Case.objects.exists()


def test_invalid_input_keeps_what_was_typed_and_says_what_is_wrong(client, alice, ks):
    client.force_login(alice)
    response = client.post(
        URL,
        form_data(ks, title="", secrecy="secret", description="Bakgrund till ärendet"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "secrecy_reference"}
    assert 'class="ds-error-summary"' in page
    assert 'href="#id_title"' in page
    assert "Name the OSL paragraph that applies." in page
    assert 'aria-invalid="true"' in page
    assert "Bakgrund till ärendet" in page  # the description is kept
    assert 'id="id_secrecy_2" required checked' in page  # the choice is kept
    assert not DiariumSeries.objects.filter(last_serial__gt=0).exists()


def test_a_follow_up_date_in_the_past_is_refused(client, alice, ks):
    client.force_login(alice)
    response = client.post(URL, form_data(ks, follow_up_date="2001-01-01"))
    assert "follow_up_date" in response.context["form"].errors


def test_a_malformed_date_is_a_message_not_an_error(client, alice, ks):
    client.force_login(alice)
    response = client.post(URL, form_data(ks, follow_up_date="den femte maj"))
    assert response.status_code == 200
    assert "follow_up_date" in response.context["form"].errors


def test_a_colleague_without_a_writing_role_is_refused_with_a_message(client, bob, ks):
    client.force_login(bob)
    for response in (client.get(URL), client.post(URL, form_data(ks))):
        assert response.status_code == 403
        assert "case-writing role" in response.content.decode()
    assert not Case.objects.exists()


def test_an_official_of_another_organisation_cannot_register_on_our_board(
    client, charlie, ks, botkyrka_ks
):
    client.force_login(charlie)
    response = client.post(URL, form_data(ks))
    assert "board" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_form_needs_a_login(client, ks):
    response = client.post(URL, form_data(ks))
    assert response.status_code == 302
    assert not Case.objects.exists()


def test_the_form_refuses_other_methods(client, alice):
    client.force_login(alice)
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405
