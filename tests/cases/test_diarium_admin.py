"""The diarium in the admin: its number format with a live example, the series
by year with a chosen next serial, the classification structure."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseClass, DiariumSeries
from members.models import Diarium
from tests.factories import CaseFactory, DiariumFactory, UserFactory
from tests.helpers import use_language

pytestmark = pytest.mark.django_db

EXAMPLE_URL = reverse("admin:members_diarium_example")


@pytest.fixture
def it_admin(client, huddinge):
    user = UserFactory(
        username="it", organisation=huddinge, is_staff=True, is_superuser=True
    )
    client.force_login(user)
    use_language(client, "sv")
    return user


def diarium_form(huddinge, **fields) -> dict:
    return {
        "organisation": huddinge.pk,
        "name": "Kommunstyrelsens diarium",
        "prefix": "KS",
        "number_format": "{prefix} {year}/{serial}",
        "first_serial": "1",
        "series-TOTAL_FORMS": "0",
        "series-INITIAL_FORMS": "0",
    } | fields


def test_the_example_view_writes_today_s_first_number(client, it_admin):
    response = client.get(
        EXAMPLE_URL,
        {"number_format": "{year}/{prefix} {serial:4} {class}", "prefix": "KS"},
    )
    year = timezone.localdate().year
    assert response.json() == {"example": f"{year}/KS 0001 042", "error": ""}


def test_the_example_starts_at_the_first_serial(client, it_admin):
    response = client.get(
        EXAMPLE_URL,
        {
            "number_format": "{prefix} {year}.{serial}",
            "prefix": "KS",
            "first_serial": "87",
        },
    )
    assert response.json()["example"].endswith(".87")


def test_the_example_view_says_what_is_wrong_in_swedish(client, it_admin):
    response = client.get(
        EXAMPLE_URL, {"number_format": "{prefix} {year}/{nummer}", "prefix": "KS"}
    )
    assert response.json() == {
        "example": "",
        "error": "Okänd platshållare {nummer}. Använd {prefix}, {year}, {yy},"
        " {month}, {class}, {serial} eller {serial:N}.",
    }


def test_the_example_view_is_for_the_admin_only(client, alice):
    client.force_login(alice)
    response = client.get(EXAMPLE_URL, {"number_format": "{year} {serial}"})
    assert response.status_code == 302  # to the admin's login


def test_the_example_view_answers_only_get(client, it_admin):
    assert client.post(EXAMPLE_URL).status_code == 405


def test_the_change_form_shows_the_example_and_loads_its_script(
    client, it_admin, huddinge
):
    diarium = DiariumFactory(
        organisation=huddinge,
        prefix="LS",
        number_format="{prefix} {yy}{month}-{serial:4}",
    )
    page = client.get(reverse("admin:members_diarium_change", args=[diarium.pk]))
    content = page.content.decode()
    assert f'data-url="{EXAMPLE_URL}"' in content
    assert "cases/admin/diarium_example" in content
    assert page.context["adminform"].form.instance == diarium
    example = diarium.example_number()
    assert f'<strong class="diarium-example-number">{example}</strong>' in content


def test_a_diarium_is_added_in_the_admin(client, it_admin, huddinge):
    response = client.post(
        reverse("admin:members_diarium_add"),
        diarium_form(huddinge, number_format="{prefix} {yy}{month}-{serial:4}"),
    )
    assert response.status_code == 302
    assert Diarium.objects.get().number_format == "{prefix} {yy}{month}-{serial:4}"


def test_an_invalid_format_is_refused_with_the_message_on_the_field(
    client, it_admin, huddinge
):
    response = client.post(
        reverse("admin:members_diarium_add"),
        diarium_form(huddinge, number_format="{prefix} {year}/{serial"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["number_format"] == [
        "En klammerparentes är inte stängd eller inte öppnad: skriv varje"
        " platshållare inom klammerparenteser, t.ex. {serial}."
    ]
    assert not Diarium.objects.exists()


def test_a_year_s_next_serial_is_set_in_the_admin(client, it_admin, huddinge):
    diarium = DiariumFactory(organisation=huddinge)
    response = client.post(
        reverse("admin:members_diarium_change", args=[diarium.pk]),
        diarium_form(
            huddinge,
            name=diarium.name,
            **{
                "series-TOTAL_FORMS": "1",
                "series-0-year": "2024",
                "series-0-next_serial": "311",
            },
        ),
    )
    assert response.status_code == 302
    assert DiariumSeries.objects.get(diarium=diarium, year=2024).last_serial == 310


def test_the_next_serial_cannot_go_back_below_a_number_given(
    client, it_admin, huddinge, ks
):
    case = CaseFactory(board=ks, year=2024, serial=45)
    # The factory made the year's series, as the registration would; it gave 45.
    series = DiariumSeries.objects.get(diarium=case.diarium, year=2024)
    series.last_serial = 45
    series.save()
    response = client.post(
        reverse("admin:members_diarium_change", args=[case.diarium.pk]),
        diarium_form(
            huddinge,
            name=case.diarium.name,
            **{
                "series-TOTAL_FORMS": "1",
                "series-INITIAL_FORMS": "1",
                "series-0-id": str(series.pk),
                "series-0-diarium": str(case.diarium.pk),
                "series-0-year": "2024",
                "series-0-next_serial": "45",
            },
        ),
    )
    assert response.status_code == 200
    assert "2024 har redan löpnummer till och med 45: nästa måste vara högre." in (
        response.content.decode()
    )
    series.refresh_from_db()
    assert series.last_serial == 45


def test_the_class_list_is_searchable(client, it_admin, huddinge):
    CaseClass.objects.create(organisation=huddinge, code="042", name="Krisberedskap")
    CaseClass.objects.create(organisation=huddinge, code="043", name="Trafik")
    response = client.get(reverse("admin:cases_caseclass_changelist"), {"q": "kris"})
    assert [c.code for c in response.context["cl"].result_list] == ["042"]


@pytest.mark.parametrize(
    "name",
    [
        "admin:members_diarium_changelist",
        "admin:members_diarium_add",
        "admin:cases_caseclass_changelist",
        "admin:cases_caseclass_add",
        "admin:members_board_changelist",
        "admin:members_board_add",
        "admin:members_organisation_add",
    ],
)
def test_the_pages_open(client, it_admin, name):
    assert client.get(reverse(name)).status_code == 200
