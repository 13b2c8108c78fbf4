"""/cases/register/ with a diarium apart from the board (issue 12): the
registration date, the class, the diarium; /cases/<pk>/edit/ with the class."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseClass
from tests.factories import DiariumFactory
from tests.helpers import use_language

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


@pytest.fixture
def swedish(client):
    return use_language(client, "sv")


@pytest.fixture
def classes(huddinge, botkyrka):
    CaseClass.objects.create(organisation=botkyrka, code="999", name="Botkyrkas")
    return [
        CaseClass.objects.create(organisation=huddinge, code="042", name="Kris"),
        CaseClass.objects.create(organisation=huddinge, code="043", name="Trafik"),
    ]


def test_the_registration_date_is_today_unless_the_registrator_gives_one(
    client, alice, ks
):
    client.force_login(alice)
    form = client.get(URL).context["form"]
    assert form.fields["registered_date"].initial == timezone.localdate()
    client.post(URL, form_data(ks, registered_date="2025-11-28"))
    case = Case.objects.get()
    assert (case.registered_date, case.year) == (datetime.date(2025, 11, 28), 2025)
    assert case.history.get().registered_date == datetime.date(2025, 11, 28)


def test_an_empty_registration_date_is_today(client, alice, ks):
    client.force_login(alice)
    client.post(URL, form_data(ks, registered_date=""))
    assert Case.objects.get().registered_date == timezone.localdate()


def test_a_registration_date_in_the_future_is_refused_in_the_page(
    client, swedish, alice, ks
):
    client.force_login(alice)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(URL, form_data(ks, registered_date=tomorrow.isoformat()))
    assert response.status_code == 200
    assert "Registreringsdatumet kan inte ligga i framtiden." in (
        response.content.decode()
    )
    assert not Case.objects.exists()


def test_the_form_offers_the_classes_of_the_user_s_organisation(
    client, alice, ks, classes
):
    client.force_login(alice)
    form = client.get(URL).context["form"]
    assert list(form.fields["case_class"].queryset) == classes


def test_no_class_field_without_a_classification_structure(client, alice, ks):
    client.force_login(alice)
    assert "case_class" not in client.get(URL).context["form"].fields


def test_a_case_is_registered_with_its_class_in_the_number(
    client, alice, ks, huddinge, classes
):
    ks.diarium = DiariumFactory(
        organisation=huddinge, number_format="{year}/{prefix} {serial:4} {class}"
    )
    ks.save()
    client.force_login(alice)
    client.post(URL, form_data(ks, case_class=classes[0].pk))
    case = Case.objects.get()
    assert case.number == f"{case.year}/KS 0001 042"


def test_a_class_format_without_a_class_is_refused_in_the_page(
    client, swedish, alice, ks, huddinge, classes
):
    ks.diarium = DiariumFactory(
        organisation=huddinge,
        name="Kommunstyrelsens diarium",
        number_format="{year}/{prefix} {serial:4} {class}",
    )
    ks.save()
    client.force_login(alice)
    response = client.post(URL, form_data(ks, case_class=""))
    assert response.status_code == 200
    assert response.context["form"].errors["case_class"] == [
        "Numren i Kommunstyrelsens diarium innehåller klassens kod: välj ärendets"
        " klass."
    ]
    assert not Case.objects.exists()


def test_another_organisation_s_class_is_not_offered(client, alice, ks, classes):
    client.force_login(alice)
    theirs = CaseClass.objects.get(code="999")
    response = client.post(URL, form_data(ks, case_class=theirs.pk))
    assert "case_class" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_diarium_is_offered_where_the_organisation_keeps_several(
    client, alice, ks, huddinge
):
    client.force_login(alice)
    assert "diarium" not in client.get(URL).context["form"].fields
    DiariumFactory(organisation=huddinge, name="A", prefix="KS")
    sbf = DiariumFactory(organisation=huddinge, name="B", prefix="SBF")
    assert list(client.get(URL).context["form"].fields["diarium"].queryset) == [
        *huddinge.diaria.order_by("name")
    ]
    client.post(URL, form_data(ks, diarium=sbf.pk))
    assert Case.objects.get().number.startswith("SBF ")


def test_the_class_is_changed_in_the_edit_form(client, alice, case, classes):
    client.force_login(alice)
    url = reverse("cases:edit", args=[case.pk])
    assert list(client.get(url).context["form"].fields["case_class"].queryset) == (
        classes
    )
    data = form_data(case.board, title=case.title, case_class=classes[1].pk)
    del data["board"]
    client.post(url, data)
    case.refresh_from_db()
    assert case.case_class == classes[1]


def test_the_case_page_shows_the_class(client, alice, case, classes):
    case.case_class = classes[0]
    case.save()
    client.force_login(alice)
    assert "042 Kris" in client.get(case.get_absolute_url()).content.decode()


def test_a_handlaggare_registers_her_own_case_by_default(client, alice, ks, huddinge):
    """The officer field starts at the handläggare who registers (issue 13: the
    case was nobody's, so it never showed under "Mina öppna ärenden")."""
    from members.roles import Role
    from tests.factories import UserFactory

    client.force_login(alice)
    page = client.get(URL).content.decode()
    assert re.search(rf'<option value="{alice.pk}" selected>', page)

    registrator = UserFactory(
        username="rita", organisation=huddinge, roles=[Role.REGISTRAR]
    )
    client.force_login(registrator)
    page = client.get(URL).content.decode()
    assert not re.search(
        r'<option value="\d+" selected>',
        page.split('name="handler"')[1].split("</select>")[0],
    )
