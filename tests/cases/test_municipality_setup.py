"""Issue 12's "done when": an administrator sets up a municipality whose numbers
look like 2024/KS 0045 042 (or LS 2405-0311, or KS 2024.87) through the admin,
imports its 2024 diarium so far and its klassificeringsstruktur, registers the next
case in the page, and takes it from the arbetsutskott's proposal to the
fullmäktige decision, with a protokollsutdrag at each step that lists its
beslutsunderlag."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Case, CaseClass, Consultation, Decision, Document
from cases.services import SectionInput, document_save, document_start
from cases.services import consultations as path_services
from cases.services import meetings as services
from cases.services.workflow import case_approve, case_submit
from members.models import Diarium
from tests.factories import UserFactory
from tests.helpers import use_language

pytestmark = pytest.mark.django_db

PLAN = "kod;namn\n0;Ledning och styrning\n04;Styrdokument\n042;Beredskap\n"
PROPOSAL = "1. Kommunfullmäktige antar styrdokumentet för krisberedskap."

FORMATS = [
    pytest.param(
        "KS",
        "{year}/{prefix} {serial:4} {class}",
        ["2024/KS 0044 042", "2024/KS 0045 042"],
        "2024/KS 0046 042",
        id="year-prefix-padded-class",
    ),
    pytest.param(
        "LS",
        "{prefix} {yy}{month}-{serial:4}",
        ["LS 2405-0310", "LS 2405-0311"],
        "LS 2406-0312",
        id="two-digit-year-month",
    ),
    pytest.param(
        "KS",
        "{prefix} {year}.{serial}",
        ["KS 2024.86", "KS 2024.87"],
        "KS 2024.88",
        id="dotted",
    ),
]


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    ("prefix", "number_format", "imported", "next_number"), FORMATS
)
def test_a_municipality_set_up_in_the_admin_takes_a_case_through_three_bodies(
    client,
    huddinge,
    ks,
    ksau,
    kf,
    alice,
    director,
    secretary,
    signed_meeting,
    justera,
    prefix,
    number_format,
    imported,
    next_number,
):
    client = use_language(client, "sv")
    admin = UserFactory(
        username="it", organisation=huddinge, is_staff=True, is_superuser=True
    )
    client.force_login(admin)

    # 1. The diarium, with a live example of its format in the admin.
    example = client.get(
        reverse("admin:members_diarium_example"),
        {"number_format": number_format, "prefix": prefix, "first_serial": "1"},
    ).json()
    assert example["example"] and not example["error"]
    diarium = Diarium.objects.create(
        organisation=huddinge,
        name="Kommunstyrelsens förvaltnings diarium",
        prefix=prefix,
        number_format=number_format,
    )
    for board in (ks, ksau, kf):
        board.diarium = diarium
        board.save()

    # 2. The klassificeringsstruktur and the diarium of 2024 so far, by the
    # admin's import pages.
    response = client.post(
        reverse("admin:cases_caseclass_import"),
        {
            "organisation": huddinge.pk,
            "file": SimpleUploadedFile("plan.csv", PLAN.encode()),
        },
    )
    assert "3 klasser lades till" in response.content.decode()
    rows = "".join(
        f"{number};2024-05-0{index + 2};Ärende {index};alice;öppet;042\n"
        for index, number in enumerate(imported)
    )
    response = client.post(
        reverse("admin:members_diarium_import", args=[diarium.pk]),
        {
            "file": SimpleUploadedFile(
                "diarium-2024.csv",
                (
                    "Diarienummer;Registreringsdatum;Ärendemening;Handläggare;Status;Klass\n"
                    + rows
                ).encode("cp1252"),
            ),
            "board": ks.pk,
        },
    )
    page = response.content.decode()
    assert "2 ärenden importerades" in page, page
    assert sorted(Case.objects.values_list("number", flat=True)) == sorted(imported)

    # 3. The next case, registered in the page on a date of 2024, continues the
    # imported numbers.
    client.force_login(alice)
    client.post(
        reverse("cases:register"),
        {
            "board": ks.pk,
            "title": "Styrdokument för krisberedskap",
            "kind": "decision",
            "handler": alice.pk,
            "secrecy": "public",
            "secrecy_reference": "",
            "follow_up_date": "",
            "description": "Kommunens styrdokument för krisberedskap 2024–2027.",
            "registered_date": "2024-06-03",
            "case_class": CaseClass.objects.get(code="042").pk,
        },
    )
    case = Case.objects.get(title="Styrdokument för krisberedskap")
    assert case.number == next_number

    # 4. Its tjänsteskrivelse, approved, and its beredningsgång.
    document = document_start(case=case, user=alice)
    document_save(
        document=document,
        user=alice,
        base_version=document.version,
        title=case.title,
        document_date=datetime.date(2024, 6, 4),
        sections=[SectionInput(title="Förslag till beslut", text=PROPOSAL)],
    )
    case_submit(case=case, user=alice)
    case_approve(case=case, user=director)
    Role = Consultation.Role
    for board, role in (
        (ksau, Role.PREPARATION),
        (ks, Role.PREPARATION),
        (kf, Role.DECISION),
    ):
        path_services.consultation_add(
            case=case, board=board, role=role, user=secretary
        )

    # 5. Arbetsutskott → styrelse → fullmäktige, each adjusted, each with an
    # extract that lists the beslutsunderlag.
    steps = [
        (ksau, datetime.date(2024, 8, 19), Decision.Kind.PROPOSE, ks),
        (ks, datetime.date(2024, 9, 2), Decision.Kind.PROPOSE, kf),
        (kf, datetime.date(2024, 9, 23), Decision.Kind.APPROVE, None),
    ]
    client.force_login(alice)
    for board, day, kind, proposed_to in steps:
        meeting = signed_meeting(board, day)
        item = services.agenda_add(meeting=meeting, case=case, user=secretary)
        text = services.decision_default_text(item, kind, proposed_to=proposed_to)
        services.decision_record(
            item=item, user=secretary, kind=kind, text=text, proposed_to=proposed_to
        )
        justera(meeting)
        item.refresh_from_db()
        assert item.paragraph == 1
        response = client.get(
            reverse("cases:extract-pdf", args=[meeting.pk, item.paragraph])
        )
        assert response.status_code == 200
        extract = _text(response.content)
        assert "Beslutsunderlag" in extract
        assert re.search(
            r"Tjänsteskrivelse.*Styrdokument för krisberedskap", extract, re.S
        )
        assert next_number in extract
        assert board.name in extract
        # The bodies before it are in its beslutsunderlag with their extracts.
        for earlier, _day, _kind, _to in steps[
            : steps.index((board, day, kind, proposed_to))
        ]:
            assert f"Protokollsutdrag {earlier.name}, § 1" in extract
    case.refresh_from_db()
    assert case.status == Case.Status.ADJUSTED
    assert all(step.is_done for step in case.consultations.all())
    assert Document.objects.get(case=case).title == case.title
