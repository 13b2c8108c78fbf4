"""Signatories of a tjänsteskrivelse: signatory_add/remove/move and their views."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.models import Signatory
from cases.services.documents import (
    document_start,
    signatory_add,
    signatory_move,
    signatory_remove,
)
from members.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(alice, case):
    return document_start(case=case, user=alice)


@pytest.fixture
def director(huddinge):
    return UserFactory(
        username="camilla",
        first_name="Camilla",
        last_name="Broo",
        title="Kommundirektör",
        organisation=huddinge,
        roles=[Role.DIRECTOR],
    )


def _names(document) -> list[str]:
    return list(
        document.signatories.order_by("position").values_list("name", flat=True)
    )


def test_a_director_is_added_with_their_name_and_title(alice, director, document):
    signatory = signatory_add(document=document, user=alice, person=director)
    assert (signatory.name, signatory.title, signatory.user) == (
        "Camilla Broo",
        "Kommundirektör",
        director,
    )


def test_a_typed_signatory_needs_name_and_title(alice, document):
    with pytest.raises(ValidationError) as error:
        signatory_add(document=document, user=alice, name="Anna Tengelin Skoog")
    assert "title" in error.value.error_dict
    signatory = signatory_add(
        document=document,
        user=alice,
        name=" Anna Tengelin Skoog ",
        title="Biträdande kommundirektör",
    )
    assert signatory.name == "Anna Tengelin Skoog"


def test_nobody_signs_twice(alice, director, document):
    signatory_add(document=document, user=alice, person=director)
    with pytest.raises(ValidationError):
        signatory_add(document=document, user=alice, person=director)
    with pytest.raises(ValidationError):
        signatory_add(
            document=document, user=alice, name="camilla broo", title="Direktör"
        )


def test_a_person_of_another_organisation_cannot_sign(alice, charlie, document):
    with pytest.raises(ValidationError) as error:
        signatory_add(document=document, user=alice, person=charlie)
    assert "person" in error.value.error_dict


def test_each_change_renews_the_pdf(alice, document):
    revision = document.revision
    first = signatory_add(document=document, user=alice, name="A", title="T")
    second = signatory_add(document=document, user=alice, name="B", title="T")
    assert document.revision == revision + 2
    signatory_move(signatory=second, user=alice, offset=-1)
    document.refresh_from_db()
    assert document.revision == revision + 3
    signatory_remove(signatory=first, user=alice)
    document.refresh_from_db()
    assert document.revision == revision + 4


def test_signatories_move_and_keep_their_order_when_one_leaves(alice, document):
    a, b, c = (
        signatory_add(document=document, user=alice, name=name, title="T")
        for name in "ABC"
    )
    assert signatory_move(signatory=c, user=alice, offset=-1)
    assert _names(document) == ["A", "C", "B"]
    assert not signatory_move(signatory=a, user=alice, offset=-1)
    signatory_remove(signatory=a, user=alice)
    assert _names(document) == ["C", "B"]
    assert list(document.signatories.values_list("position", flat=True)) == [0, 1]


def test_only_those_who_may_write_change_the_signatories(alice, bob, document):
    with pytest.raises(PermissionDenied):
        signatory_add(document=document, user=bob, name="A", title="T")
    signatory = signatory_add(document=document, user=alice, name="A", title="T")
    with pytest.raises(PermissionDenied):
        signatory_remove(signatory=signatory, user=bob)
    with pytest.raises(PermissionDenied):
        signatory_move(signatory=signatory, user=bob, offset=1)


# Views ------------------------------------------------------------------------


def test_the_form_offers_the_organisations_directors(client, alice, director, document):
    client.force_login(alice)
    page = client.get(reverse("cases:document", args=[document.case.pk])).content
    assert "Camilla Broo, Kommundirektör" in page.decode()


def test_adding_a_signatory_through_the_page(client, alice, director, document):
    client.force_login(alice)
    url = reverse("cases:document-signatory-add", args=[document.case.pk])
    response = client.post(url, {"person": director.pk, "name": "", "title": ""})
    assert response.status_code == 302
    assert response["Location"].endswith("#signatories")
    assert _names(document) == ["Camilla Broo"]
    page = client.get(response["Location"]).content.decode()
    assert "Camilla Broo was added as signatory." in page


def test_a_signatory_without_a_name_shows_the_error_on_the_page(
    client, alice, document
):
    client.force_login(alice)
    url = reverse("cases:document-signatory-add", args=[document.case.pk])
    response = client.post(url, {"person": "", "name": "", "title": "Direktör"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a person or write a name." in page
    assert 'value="Direktör"' in page
    assert not Signatory.objects.exists()


def test_moving_and_removing_through_the_page(client, alice, document):
    first = signatory_add(document=document, user=alice, name="A", title="T")
    signatory_add(document=document, user=alice, name="B", title="T")
    client.force_login(alice)
    case_pk = document.case.pk
    move = reverse("cases:document-signatory-move", args=[case_pk, first.pk])
    assert client.post(move, {"direction": "down"}).status_code == 302
    assert _names(document) == ["B", "A"]
    assert client.post(move, {"direction": "sideways"}).status_code == 400
    remove = reverse("cases:document-signatory-remove", args=[case_pk, first.pk])
    assert client.post(remove).status_code == 302
    assert _names(document) == ["B"]


def test_a_signatory_of_another_case_is_404(client, alice, ks, document):
    from cases.services import case_register

    other = document_start(
        case=case_register(board=ks, title="Annat ärende", registered_by=alice),
        user=alice,
    )
    signatory = signatory_add(document=other, user=alice, name="A", title="T")
    client.force_login(alice)
    url = reverse(
        "cases:document-signatory-remove", args=[document.case.pk, signatory.pk]
    )
    assert client.post(url).status_code == 404
    assert Signatory.objects.filter(pk=signatory.pk).exists()


def test_a_colleague_without_a_writing_role_is_refused(client, alice, bob, document):
    signatory = signatory_add(document=document, user=alice, name="A", title="T")
    client.force_login(bob)
    case_pk = document.case.pk
    add = reverse("cases:document-signatory-add", args=[case_pk])
    assert client.post(add, {"name": "B", "title": "T"}).status_code == 403
    remove = reverse("cases:document-signatory-remove", args=[case_pk, signatory.pk])
    assert client.post(remove).status_code == 403
    assert _names(document) == ["A"]


def test_the_signatory_views_refuse_get(client, alice, document):
    signatory = signatory_add(document=document, user=alice, name="A", title="T")
    client.force_login(alice)
    case_pk = document.case.pk
    for url in (
        reverse("cases:document-signatory-add", args=[case_pk]),
        reverse("cases:document-signatory-move", args=[case_pk, signatory.pk]),
        reverse("cases:document-signatory-remove", args=[case_pk, signatory.pk]),
    ):
        assert client.get(url).status_code == 405
