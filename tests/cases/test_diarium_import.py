"""Importing an existing diarium from CSV (manage.py import_diarium and the admin's
import page): numbers and dates kept, a dry run, conflicts named by row."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case, CaseClass, DiariumSeries
from cases.services import case_register
from cases.services.diarium_import import diarium_import_csv
from members.models import Diarium, User

pytestmark = pytest.mark.django_db

HEADER = "Diarienummer;Registreringsdatum;Ärendemening;Handläggare;Status\n"


@pytest.fixture
def diarium(huddinge, ks):
    diarium = Diarium.objects.create(
        organisation=huddinge,
        name="Kommunstyrelsens diarium",
        prefix="KS",
        number_format="{year}/{prefix} {serial:4} {class}",
    )
    ks.diarium = diarium
    ks.save()
    for code, name in [("04", "Styrning"), ("042", "Yttranden")]:
        CaseClass.objects.create(organisation=huddinge, code=code, name=name)
    return diarium


def _import(diarium, text, **kwargs):
    return diarium_import_csv(
        diarium=diarium,
        data=text.encode("utf-8-sig"),
        user=User.objects.system(),
        **kwargs,
    )


def test_numbers_dates_and_classes_are_kept(diarium, alice):
    report = _import(
        diarium,
        HEADER
        + "2024/KS 0045 042;2024-03-12;Yttrande över regional plan;alice;öppet\n"
        + "2024/KS 0046 04;2024-03-13;Budget 2025;;avslutat\n",
    )

    assert report.ok, report.errors
    first = Case.objects.get(number="2024/KS 0045 042")
    assert (first.year, first.serial, first.registered_date) == (
        2024,
        45,
        datetime.date(2024, 3, 12),
    )
    assert first.case_class.code == "042"
    assert first.handler == alice
    assert Case.objects.get(number="2024/KS 0046 04").status == Case.Status.CLOSED
    assert report.next_serials == {2024: 47}


def test_the_next_registration_continues_after_the_imported_numbers(diarium, ks, alice):
    _import(diarium, HEADER + "2024/KS 0045 042;2024-03-12;Plan;;\n")

    case = case_register(
        board=ks,
        title="Ny",
        registered_by=alice,
        registered_date=datetime.date(2024, 4, 2),
        case_class=CaseClass.objects.get(code="042"),
    )

    assert case.number == "2024/KS 0046 042"


def test_a_dry_run_saves_nothing_and_reports(diarium):
    report = _import(
        diarium, HEADER + "2024/KS 0045 042;2024-03-12;Plan;;\n", dry_run=True
    )

    assert report.ok
    assert report.created == ["2024/KS 0045 042"]
    assert "Inget sparades" in report.lines()[0]
    assert not Case.objects.exists()
    assert not DiariumSeries.objects.filter(last_serial__gt=0).exists()


def test_conflicts_are_refused_naming_the_row(diarium, ks, alice):
    case_register(
        board=ks,
        title="Redan här",
        registered_by=alice,
        registered_date=datetime.date(2024, 1, 10),
        case_class=CaseClass.objects.get(code="042"),
    )
    report = _import(
        diarium,
        HEADER
        + "2024/KS 0001 042;2024-01-11;Något annat;;\n"
        + "2024/KS 0002 042;2024-01-12;Plan;;\n"
        + "2024/KS 0002 042;2024-01-12;Plan igen;;\n"
        + "KS 2024/3;2024-01-12;Fel format;;\n"
        + "2024/KS 0004 099;2024-01-12;Okänd klass;nobody;\n",
    )

    assert not report.ok
    text = "\n".join(report.errors)
    assert "Rad 4: 2024/KS 0002 042 står redan på rad 3." in text
    assert "Rad 5: ”KS 2024/3” följer inte diariets format" in text
    assert "Rad 6: Klassen 099 finns inte" in text and "nobody" in text
    # The number already in the diarium is named only after the rows pass their
    # own checks, as the file is refused as a whole.
    assert Case.objects.count() == 1


def test_a_row_already_in_the_diarium_with_other_content_is_refused(diarium, ks, alice):
    case_register(
        board=ks,
        title="Redan här",
        registered_by=alice,
        registered_date=datetime.date(2024, 1, 10),
        case_class=CaseClass.objects.get(code="042"),
    )

    report = _import(diarium, HEADER + "2024/KS 0001 042;2024-01-11;Annat;;\n")

    assert report.errors == [
        "Rad 2: 2024/KS 0001 042 finns redan i diariet: Redan här (2024-01-10)."
    ]
    assert Case.objects.get().title == "Redan här"


def test_the_same_file_imported_again_changes_nothing(diarium):
    text = HEADER + "2024/KS 0045 042;2024-03-12;Plan;;\n"
    _import(diarium, text)

    again = _import(diarium, text)

    assert again.ok and again.created == [] and again.unchanged == ["2024/KS 0045 042"]


def test_a_future_date_and_a_missing_column_are_refused(diarium):
    report = _import(diarium, HEADER + "2099/KS 0001 042;2099-01-01;Sen;;\n")
    assert "Registreringsdatumet ligger i framtiden" in report.errors[0]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="saknar kolumnen registreringsdatum"):
        _import(diarium, "Diarienummer;Ärendemening\nKS 1;x\n")


def test_excel_files_in_windows_1252_with_semicolons_are_read(diarium):
    data = (HEADER + "2024/KS 0045 042;2024-03-12;Åtgärder för äldre;;\n").encode(
        "cp1252"
    )
    report = diarium_import_csv(diarium=diarium, data=data, user=User.objects.system())
    assert report.ok
    assert Case.objects.get().title == "Åtgärder för äldre"


def test_the_command_imports_and_reports(diarium, tmp_path):
    path = tmp_path / "diarium.csv"
    path.write_text(HEADER + "2024/KS 0045 042;2024-03-12;Plan;;\n", encoding="utf-8")
    out = io.StringIO()

    call_command(
        "import_diarium",
        str(path),
        organisation="huddinge",
        diarium="KS",
        dry_run=True,
        stdout=out,
    )
    assert "skulle importeras" in out.getvalue() and not Case.objects.exists()

    call_command(
        "import_diarium", str(path), organisation="huddinge", diarium="KS", stdout=out
    )
    assert Case.objects.get().number == "2024/KS 0045 042"


def test_the_command_fails_on_a_refused_file(diarium, tmp_path):
    path = tmp_path / "diarium.csv"
    path.write_text(HEADER + "fel;2024-03-12;Plan;;\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command(
            "import_diarium",
            str(path),
            organisation="huddinge",
            diarium="KS",
            stdout=io.StringIO(),
        )


def test_the_admin_page_dry_runs_then_imports(client, diarium, huddinge):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.factories import UserFactory
    from tests.helpers import use_language

    client = use_language(client, "sv")
    client.force_login(
        UserFactory(
            username="it", organisation=huddinge, is_staff=True, is_superuser=True
        )
    )
    change = client.get(reverse("admin:members_diarium_change", args=[diarium.pk]))
    url = reverse("admin:members_diarium_import", args=[diarium.pk])
    assert url in change.content.decode()
    data = (HEADER + "2024/KS 0045 042;2024-03-12;Plan;;\n").encode()

    dry = client.post(url, {"file": SimpleUploadedFile("d.csv", data), "dry_run": "on"})
    assert "Provkörning: 1 ärenden skulle importeras" in dry.content.decode()
    assert not Case.objects.exists()

    done = client.post(url, {"file": SimpleUploadedFile("d.csv", data)})
    page = done.content.decode()
    assert "1 ärenden importerades till Kommunstyrelsens diarium" in page
    assert "Nästa ärende 2024 får löpnummer 46." in page
    assert Case.objects.get().number == "2024/KS 0045 042"


def test_the_admin_page_shows_refused_rows(client, diarium, huddinge):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.factories import UserFactory
    from tests.helpers import use_language

    client = use_language(client, "sv")
    client.force_login(
        UserFactory(
            username="it", organisation=huddinge, is_staff=True, is_superuser=True
        )
    )
    response = client.post(
        reverse("admin:members_diarium_import", args=[diarium.pk]),
        {
            "file": SimpleUploadedFile(
                "d.csv", (HEADER + "fel;2024-03-12;Plan;;\n").encode()
            )
        },
    )
    assert response.status_code == 200
    assert "Rad 2: ”fel” följer inte diariets format" in response.content.decode()


def test_where_several_boards_use_the_diarium_the_one_of_its_prefix_is_the_default(
    diarium, ks, huddinge
):
    from tests.factories import BoardFactory

    BoardFactory(
        organisation=huddinge,
        name="Kommunstyrelsens arbetsutskott",
        prefix="KSAU",
        diarium=diarium,
    )

    report = _import(diarium, HEADER + "2024/KS 0045 042;2024-03-12;Plan;;\n")

    assert report.ok, report.errors
    assert Case.objects.get().board == ks
