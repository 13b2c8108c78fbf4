"""GET /api/cases/<id>/document/: a case's tjänsteskrivelse, whole."""

import pytest

from cases.models import Attachment, CaseReference, Recipient, Signatory
from cases.services import SectionInput, document_save, document_start
from tests.factories import CaseFactory


@pytest.fixture
def document(public_case, ks):
    document = document_start(case=public_case)
    document = document_save(
        document=document,
        user=None,
        base_version=document.version,
        title="Målbild 2023–2026",
        document_date=public_case.registered_date,
        sections=[
            SectionInput(
                title="Förslag till beslut", text="Kommunstyrelsen *noterar*."
            ),
            SectionInput(title="Sammanfattning", text="- ett\n- två"),
        ],
    )
    Signatory.objects.create(
        document=document, name="Camilla Broo", title="Kommundirektör"
    )
    Recipient.objects.create(case=public_case, name="Länsstyrelsen Stockholm")
    earlier = CaseFactory(board=ks, year=2014, serial=195, title="Avsiktsförklaring")
    CaseReference.objects.create(case=public_case, referenced_case=earlier, note="2014")
    Attachment.objects.create(
        document=document, title="Avsiktsförklaring", source_case=earlier
    )
    return document


def url(case) -> str:
    return f"/api/cases/{case.pk}/document/"


def test_the_document_is_read_whole_by_anyone_who_may_see_the_case(client, document):
    response = client.get(url(document.case))
    assert response.status_code == 200
    data = response.json()
    assert data["case"] == "KS 2023/236"
    assert data["version"] == 2
    assert [s["title"] for s in data["sections"]] == [
        "Förslag till beslut",
        "Sammanfattning",
    ]
    assert data["sections"][0]["html"] == "<p>Kommunstyrelsen <em>noterar</em>.</p>"
    assert data["signatories"] == [{"name": "Camilla Broo", "title": "Kommundirektör"}]
    assert data["recipients"] == ["Länsstyrelsen Stockholm"]
    assert data["references"][0]["number"] == "KS 2014/195"
    assert data["attachments"] == [
        {
            "number": 1,
            "title": "Avsiktsförklaring",
            "content_type": "",
            "size": 0,
            "source_case": "KS 2014/195",
        }
    ]
    assert data["pdf_url"].endswith(f"/cases/{document.case_id}/document.pdf")


def test_a_secret_case_document_is_404_for_another_organisation(
    client, charlie, secret_case
):
    document_start(case=secret_case)
    client.force_login(charlie)
    assert client.get(url(secret_case)).status_code == 404


def test_a_case_without_a_document_is_404_with_a_json_error(client, public_case):
    response = client.get(url(public_case))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_the_document_cannot_be_written_through_the_api(client, alice, document):
    client.force_login(alice)
    assert client.post(url(document.case), {}).status_code in (403, 405)


def test_reading_the_document_takes_a_fixed_number_of_queries(
    client, document, ks, django_assert_num_queries
):
    address = url(document.case)
    with django_assert_num_queries(9):
        client.get(address)
    for serial in range(1, 6):
        CaseReference.objects.create(
            case=document.case,
            referenced_case=CaseFactory(board=ks, year=2015, serial=serial),
        )
        Recipient.objects.create(case=document.case, name=f"Mottagare {serial}")
        Signatory.objects.create(document=document, name=f"N {serial}", title="T")
    with django_assert_num_queries(9):
        response = client.get(address)
    assert len(response.json()["references"]) == 6
