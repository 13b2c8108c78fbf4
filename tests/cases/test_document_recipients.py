"""Who the decision is sent to: recipient_add/remove/move and their views."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.models import Recipient
from cases.services.documents import (
    document_html,
    document_start,
    recipient_add,
    recipient_move,
    recipient_remove,
)
from tests.factories import AgencyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(alice, case):
    return document_start(case=case, user=alice)


@pytest.fixture
def ssr(db):
    return OrganisationFactory(
        name="Samverkan Stockholmsregionen", kind="natverk", municipality_code=""
    )


def _names(case) -> list[str]:
    return list(case.recipients.order_by("position").values_list("name", flat=True))


def test_a_member_organisation_is_added_by_its_name(alice, ssr, document):
    recipient = recipient_add(case=document.case, user=alice, organisation=ssr)
    assert (recipient.name, recipient.organisation) == (
        "Samverkan Stockholmsregionen",
        ssr,
    )


def test_a_typed_recipient_with_an_email(alice, document):
    recipient = recipient_add(
        case=document.case,
        user=alice,
        name="Länsstyrelsen Stockholm",
        email="stockholm@lansstyrelsen.se",
    )
    assert recipient.organisation is None
    assert recipient.email == "stockholm@lansstyrelsen.se"


def test_a_recipient_needs_a_name_a_valid_email_and_comes_once(alice, ssr, document):
    case = document.case
    with pytest.raises(ValidationError):
        recipient_add(case=case, user=alice)
    with pytest.raises(ValidationError):
        recipient_add(case=case, user=alice, name="X", email="not an address")
    recipient_add(case=case, user=alice, organisation=ssr)
    with pytest.raises(ValidationError):
        recipient_add(case=case, user=alice, organisation=ssr)
    with pytest.raises(ValidationError):
        recipient_add(case=case, user=alice, name="samverkan stockholmsregionen")


def test_recipients_show_in_the_pdf_and_renew_it(alice, ssr, document):
    revision = document.revision
    recipient_add(case=document.case, user=alice, organisation=ssr)
    recipient_add(case=document.case, user=alice, name="Länsstyrelsen Stockholm")
    document.refresh_from_db()
    assert document.revision == revision + 2
    assert "Samverkan Stockholmsregionen, Länsstyrelsen Stockholm" in document_html(
        document
    )


def test_recipients_move_and_keep_their_order_when_one_leaves(alice, document):
    case = document.case
    a, b, c = (recipient_add(case=case, user=alice, name=n) for n in "ABC")
    assert recipient_move(recipient=a, user=alice, offset=1)
    assert _names(case) == ["B", "A", "C"]
    assert not recipient_move(recipient=c, user=alice, offset=1)
    recipient_remove(recipient=b, user=alice)
    assert _names(case) == ["A", "C"]
    document.refresh_from_db()
    assert document.revision == 1 + 3 + 1 + 1


def test_only_those_who_may_write_change_the_recipients(alice, bob, document):
    with pytest.raises(PermissionDenied):
        recipient_add(case=document.case, user=bob, name="X")
    recipient = recipient_add(case=document.case, user=alice, name="X")
    with pytest.raises(PermissionDenied):
        recipient_remove(recipient=recipient, user=bob)
    with pytest.raises(PermissionDenied):
        recipient_move(recipient=recipient, user=bob, offset=-1)


# Views ------------------------------------------------------------------------


def test_adding_a_member_organisation_through_the_page(client, alice, ssr, document):
    AgencyFactory(name="Trafikverket")
    client.force_login(alice)
    page = client.get(reverse("cases:document", args=[document.case.pk])).content
    assert b"Trafikverket" in page
    url = reverse("cases:document-recipient-add", args=[document.case.pk])
    response = client.post(url, {"organisation": ssr.pk, "name": "", "email": ""})
    assert response.status_code == 302
    assert response["Location"].endswith("#recipients")
    assert _names(document.case) == ["Samverkan Stockholmsregionen"]


def test_a_recipient_without_a_name_shows_the_error(client, alice, document):
    client.force_login(alice)
    url = reverse("cases:document-recipient-add", args=[document.case.pk])
    response = client.post(url, {"organisation": "", "name": "", "email": "a@b.se"})
    assert response.status_code == 200
    assert "Choose an organisation or write a name." in response.content.decode()
    assert not Recipient.objects.exists()


def test_moving_and_removing_through_the_page(client, alice, document):
    case = document.case
    first = recipient_add(case=case, user=alice, name="A")
    recipient_add(case=case, user=alice, name="B")
    client.force_login(alice)
    move = reverse("cases:document-recipient-move", args=[case.pk, first.pk])
    assert client.post(move, {"direction": "down"}).status_code == 302
    assert _names(case) == ["B", "A"]
    remove = reverse("cases:document-recipient-remove", args=[case.pk, first.pk])
    assert client.post(remove).status_code == 302
    assert _names(case) == ["B"]


def test_a_colleague_without_a_writing_role_is_refused(client, alice, bob, document):
    recipient = recipient_add(case=document.case, user=alice, name="A")
    client.force_login(bob)
    case_pk = document.case.pk
    add = reverse("cases:document-recipient-add", args=[case_pk])
    assert client.post(add, {"name": "B"}).status_code == 403
    move = reverse("cases:document-recipient-move", args=[case_pk, recipient.pk])
    assert client.post(move, {"direction": "up"}).status_code == 403
    assert _names(document.case) == ["A"]


def test_an_outsider_does_not_learn_that_a_secret_case_exists(
    client, alice, charlie, secret_case
):
    document_start(case=secret_case, user=alice)
    client.force_login(charlie)
    url = reverse("cases:document-recipient-add", args=[secret_case.pk])
    assert client.post(url, {"name": "X"}).status_code == 404


def test_the_recipient_views_refuse_get(client, alice, document):
    client.force_login(alice)
    url = reverse("cases:document-recipient-add", args=[document.case.pk])
    assert client.get(url).status_code == 405
