"""The klassificeringsstruktur from CSV (manage.py import_classification and the
classes' import page in the admin)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cases.models import CaseClass
from cases.services.classification import case_classes_import_csv, parent_code
from members.models import User
from tests.factories import UserFactory
from tests.helpers import use_language

pytestmark = pytest.mark.django_db

PLAN = "kod;namn\n0;Ledning och styrning\n04;Yttranden\n042;Yttranden över remisser\n"


def _import(organisation, text, **kwargs):
    return case_classes_import_csv(
        organisation=organisation,
        data=text.encode(),
        user=User.objects.system(),
        **kwargs,
    )


def test_the_hierarchy_is_read_from_the_codes(huddinge):
    report = _import(huddinge, PLAN)

    assert report.ok and report.created == ["0", "04", "042"]
    remisser = CaseClass.objects.get(code="042")
    assert remisser.name == "Yttranden över remisser"
    assert remisser.parent.code == "04"
    assert remisser.parent.parent.code == "0"


@pytest.mark.parametrize(
    ("code", "parent"),
    [
        ("1.1.2", "1.1"),
        ("1.1", "1"),
        ("1", ""),
        ("042", "04"),
        ("2.3", "2"),
        ("3.1", ""),
    ],
)
def test_the_parent_of_a_code(code, parent):
    assert parent_code(code, {"1", "1.1", "0", "04", "2"}) == parent


def test_a_parent_column_is_followed_and_a_second_import_updates(huddinge):
    _import(huddinge, PLAN)

    report = _import(
        huddinge,
        "Kod,Namn,Överordnad\n042,Remissvar,0\n0,Ledning och styrning,\n",
    )

    assert report.ok and report.updated == ["042"] and report.unchanged == ["0"]
    remisser = CaseClass.objects.get(code="042")
    assert (remisser.name, remisser.parent.code) == ("Remissvar", "0")
    # Classes not in the file stay: cases point at them.
    assert CaseClass.objects.filter(code="04").exists()


def test_refused_rows_are_named_and_nothing_is_saved(huddinge):
    report = _import(
        huddinge, "kod;namn;överordnad\n1;Styrning;\n1;Igen;\n2;;\n3;X;9\n"
    )

    assert report.errors == [
        "Rad 3: koden 1 står redan på rad 2.",
        "Rad 4: namnet saknas.",
        "Rad 5: den överordnade klassen 9 finns varken i filen eller i"
        " klassificeringsstrukturen.",
    ]
    assert not CaseClass.objects.exists()


def test_a_dry_run_saves_nothing(huddinge):
    report = _import(huddinge, PLAN, dry_run=True)

    assert report.created == ["0", "04", "042"]
    assert "Inget sparades" in report.lines()[0]
    assert not CaseClass.objects.exists()


def test_the_command(huddinge, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    out = io.StringIO()

    call_command("import_classification", str(path), organisation="0126", stdout=out)

    assert "3 klasser lades till i Huddinge kommun" in out.getvalue()


def test_the_admin_page_imports_a_plan(client, huddinge):
    client = use_language(client, "sv")
    client.force_login(
        UserFactory(
            username="it", organisation=huddinge, is_staff=True, is_superuser=True
        )
    )
    changelist = client.get(reverse("admin:cases_caseclass_changelist"))
    url = reverse("admin:cases_caseclass_import")
    assert url in changelist.content.decode()

    response = client.post(
        url,
        {
            "organisation": huddinge.pk,
            "file": SimpleUploadedFile("plan.csv", PLAN.encode("cp1252")),
        },
    )

    assert response.status_code == 200
    assert "3 klasser lades till" in response.content.decode()
    assert CaseClass.objects.filter(organisation=huddinge).count() == 3


def test_the_admin_page_refuses_an_official(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:cases_caseclass_import"))
    assert response.status_code == 302  # to the admin's login
    assert not CaseClass.objects.exists()
