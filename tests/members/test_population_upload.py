"""The SSR coordinator imports SCB's population figures on the cost page: upload,
a preview row by row, then confirm; nothing is saved before the confirmation."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Organisation, Population
from members.services import cost_budget_years, population_import
from tests.helpers import use_language

UPLOAD = reverse("members:population-import")
CONFIRM = reverse("members:population-import-confirm")

# As SCB's Statistikdatabasen exports a table: a title, a blank line, the
# header with one column per year, "0126 Huddinge", spaces between thousands,
# semicolons, Windows-1252.
SCB_WIDE = (
    '"Folkmängd efter region och år"\r\n'
    "\r\n"
    '"region";"2022";"2023"\r\n'
    '"01 Stockholms län";"2 454 821";"2 462 000"\r\n'
    '"0126 Huddinge";"113 000";"114 000"\r\n'
    '"0127 Botkyrka";"95 000";"95 500"\r\n'
).encode("cp1252")


def _file(data: bytes, name: str = "folkmangd.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _upload(client, data: bytes, name: str = "folkmangd.csv"):
    return client.post(UPLOAD, {"file": _file(data, name)})


@pytest.fixture
def swedish(client):
    return use_language(client, "sv")


@pytest.fixture
def coordinator_client(swedish, bob):
    swedish.force_login(bob)
    return swedish


def test_the_preview_shows_every_row_and_saves_nothing(
    coordinator_client, huddinge, botkyrka
):
    response = _upload(coordinator_client, SCB_WIDE)
    assert response.status_code == 200
    page = response.content.decode().replace("\xa0", " ")
    assert "Granska siffrorna i folkmangd.csv" in page
    assert "Huddinge kommun" in page and "113 000" in page and "95 500" in page
    assert "En summa för länet eller riket: tas inte med." in page
    assert "Filen innehåller 4 värden: 4 nya och 0 ändrade" in page
    assert "Spara siffrorna" in page
    assert not Population.objects.exists()


def test_confirming_saves_the_figures_with_a_message(
    coordinator_client, bob, huddinge, botkyrka
):
    _upload(coordinator_client, SCB_WIDE)
    response = coordinator_client.post(
        CONFIRM,
        {"token": coordinator_client.session["members.population_upload"]["token"]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:costs")
    figures = {
        (p.organisation.municipality_code, p.year): p.population
        for p in Population.objects.all()
    }
    assert figures == {
        ("0126", 2022): 113000,
        ("0126", 2023): 114000,
        ("0127", 2022): 95000,
        ("0127", 2023): 95500,
    }
    population = Population.objects.get(organisation=huddinge, year=2022)
    assert population.source == "SCB, folkmängd 31 december 2022"
    assert population.history.first().history_user == bob
    page = (
        coordinator_client.get(response["Location"])
        .content.decode()
        .replace("\xa0", " ")
    )
    assert (
        "Folkmängden för 2022, 2023 är sparad: 4 värden har lagts till och 0 har ändrats."
        in page
    )
    # The budget years 2023 and 2024 can now be split.
    assert cost_budget_years() == [2023, 2024]


def test_bad_rows_are_refused_each_with_its_reason_in_swedish(
    coordinator_client, huddinge, botkyrka
):
    data = (
        "kommunkod;kommun;år;folkmängd\n"
        "0126;Huddinge;2023;114 000\n"
        "0126;Huddinge;2023;114 001\n"  # the same municipality and year again
        "0127;Botkyrka;2023;många\n"  # not a number
        "0999;Påhittad;2023;1 000\n"  # no such municipality
        "0127;Botkyrka;1900;95 000\n"  # too early
        ";Atlantis;2023;5\n"  # unknown by name
    ).encode("utf-8-sig")
    response = _upload(coordinator_client, data)
    page = response.content.decode().replace("\xa0", " ")
    assert "Ingenting kan sparas: 5 rader avvisas." in page
    assert "Huddinge kommun har redan ett värde för 2023 på rad 2." in page
    assert "Folkmängden många är inget heltal större än 0." in page
    assert "Kommunkod 0999 (Påhittad) är ingen kommun i SSR." in page
    assert "Året 1900 ligger utanför 1968–" in page
    assert "Atlantis är ingen kommun i SSR." in page
    assert "Spara siffrorna" not in page
    assert "members.population_upload" not in coordinator_client.session
    assert not Population.objects.exists()


def test_a_comma_file_with_a_byte_order_mark_and_names_only_is_read(
    coordinator_client, huddinge
):
    data = "\ufeffKommun,År,Folkmängd\nHuddinge kommun,2023,114000\n".encode()
    page = _upload(coordinator_client, data).content.decode().replace("\xa0", " ")
    assert "Filen innehåller 1 värden: 1 nya" in page
    assert "Huddinge kommun" in page


def test_a_figure_that_changes_shows_the_registers_number(coordinator_client, huddinge):
    Population.objects.create(
        organisation=huddinge, year=2023, population=113500, source="SCB"
    )
    page = (
        _upload(coordinator_client, b"region;2023\n0126 Huddinge;114 000\n")
        .content.decode()
        .replace("\xa0", " ")
    )
    assert "Ändrat (registret har 113 500)" in page
    assert "1 värden: 0 nya och 1 ändrade" in page


def test_a_file_without_a_municipality_column_is_explained(coordinator_client):
    page = (
        _upload(coordinator_client, b"a;b\n1;2\n").content.decode().replace("\xa0", " ")
    )
    assert "Filen har ingen kolumn kommun eller region (kommunen)." in page
    assert not Population.objects.exists()


def test_confirming_without_a_checked_file_asks_for_the_file_again(
    coordinator_client,
):
    response = coordinator_client.post(CONFIRM, {"token": "guess"}, follow=True)
    assert (
        "Det finns ingen granskad fil att spara"
        in response.content.decode().replace("\xa0", " ")
    )
    assert not Population.objects.exists()


def test_a_confirmed_file_cannot_be_saved_twice(coordinator_client, huddinge, botkyrka):
    _upload(coordinator_client, SCB_WIDE)
    token = coordinator_client.session["members.population_upload"]["token"]
    coordinator_client.post(CONFIRM, {"token": token})
    response = coordinator_client.post(CONFIRM, {"token": token}, follow=True)
    assert (
        "Det finns ingen granskad fil att spara"
        in response.content.decode().replace("\xa0", " ")
    )
    assert Population.objects.count() == 4


def test_only_the_coordinator_may_import(client, alice, huddinge):
    client.force_login(alice)
    assert client.get(UPLOAD).status_code == 403
    assert _upload(client, SCB_WIDE).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert not Population.objects.exists()


def test_the_import_needs_a_login(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_cost_page_offers_the_upload_to_the_coordinator_only(swedish, alice, bob):
    swedish.force_login(bob)
    page = swedish.get(reverse("members:costs")).content.decode().replace("\xa0", " ")
    assert 'enctype="multipart/form-data"' in page
    assert "Importera SCB:s folkmängd" in page
    swedish.force_login(alice)
    page = swedish.get(reverse("members:costs")).content.decode().replace("\xa0", " ")
    assert 'enctype="multipart/form-data"' not in page


def test_the_service_refuses_anyone_but_the_coordinator(alice):
    with pytest.raises(PermissionDenied):
        population_import(data=SCB_WIDE, user=alice)


def test_the_command_reads_scbs_export_with_the_same_parser(db, tmp_path, capsys):
    path = tmp_path / "scb.csv"
    path.write_bytes(SCB_WIDE)
    call_command("import_population", str(path))
    assert "4 figures added" in capsys.readouterr().out
    # The county's municipalities are made on their first import.
    assert Organisation.objects.get(municipality_code="0126").name == "Huddinge kommun"
    path.write_bytes(b"region;2023\n0126 Huddinge;many\n")
    with pytest.raises(CommandError, match="Rad 2: Folkmängden many"):
        call_command("import_population", str(path))


def test_a_new_municipality_from_scb_gets_its_names(coordinator_client, bob):
    _upload(coordinator_client, b"region;2023\n0128 Salem;17 000\n")
    token = coordinator_client.session["members.population_upload"]["token"]
    coordinator_client.post(CONFIRM, {"token": token})
    salem = Organisation.objects.get(municipality_code="0128")
    assert (salem.name, salem.short_name, salem.slug) == (
        "Salems kommun",
        "Salem",
        "salem",
    )


def test_the_preview_reads_the_register_in_a_fixed_number_of_queries(
    coordinator_client, huddinge, botkyrka
):
    def count(data):
        with CaptureQueriesContext(connection) as queries:
            assert _upload(coordinator_client, data).status_code == 200
        return len(queries)

    small = count(b"region;2023\n0126 Huddinge;114 000\n")
    large = count(SCB_WIDE)
    assert small == large


def test_a_refused_row_is_named_by_its_row_in_the_file_under_scbs_title(huddinge):
    data = '"Folkmängd efter region och år"\n\n"region";"2023"\n"0126 Huddinge";"x"\n'
    report = population_import(data=data, user=None, dry_run=True)
    assert report.errors == ["Rad 4: Folkmängden x är inget heltal större än 0."]
    assert [figure.line for figure in report.figures] == [4]


def test_the_upload_forms_carry_the_csrf_token(bob, huddinge):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    for url in (reverse("members:costs"), UPLOAD):
        page = client.get(url).content.decode()
        form = page[page.index(f'action="{UPLOAD}"') :]
        assert 'name="csrfmiddlewaretoken" value="' in form[: form.index("</form>")]
