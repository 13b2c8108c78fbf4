"""GET /api/cases/<id>/document/: a case's tjänsteskrivelse, whole."""

import pytest

from cases.models import Attachment, CaseReference, Recipient, Signatory
from cases.services import SectionInput, document_save, document_start
from tests.factories import CaseFactory
from tests.helpers import system


@pytest.fixture
def document(public_case, ks):
    document = document_start(case=public_case, user=system())
    document = document_save(
        document=document,
        user=system(),
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


def test_the_document_is_read_whole_by_anyone_logged_in_who_may_see_the_case(
    client, document, charlie
):
    client.force_login(charlie)  # another organisation: the case is public
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
    document_start(case=secret_case, user=system())
    client.force_login(charlie)
    assert client.get(url(secret_case)).status_code == 404


def test_anonymous_visitors_get_no_draft_text(client, document):
    """Issue 10: the API gave anonymous users the whole draft of a public case,
    which the page and the PDF keep behind the login."""
    response = client.get(url(document.case))
    assert response.status_code == 403
    assert "Kommunstyrelsen" not in response.content.decode()


def test_a_secret_case_referred_to_or_attached_is_left_out_for_others(
    client, document, charlie, ks, secret_case, alice
):
    """Issue 10: a public case's references and attachments named a secret case's
    number and title to everyone who could read the public one."""
    CaseReference.objects.create(case=document.case, referenced_case=secret_case)
    Attachment.objects.create(
        document=document, position=1, title="Analys", source_case=secret_case
    )
    client.force_login(charlie)
    data = client.get(url(document.case)).json()
    text = str(data)
    assert secret_case.number not in text and secret_case.title not in text
    assert [r["number"] for r in data["references"]] == ["KS 2014/195"]
    assert data["attachments"][1]["source_case"] is None
    client.force_login(alice)  # of Huddinge: she may see the secret case
    data = client.get(url(document.case)).json()
    assert secret_case.number in [r["number"] for r in data["references"]]
    assert data["attachments"][1]["source_case"] == secret_case.number


def test_a_case_without_a_document_is_404_with_a_json_error(client, public_case, alice):
    client.force_login(alice)
    response = client.get(url(public_case))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_the_document_cannot_be_written_through_the_api(client, alice, document):
    client.force_login(alice)
    assert client.post(url(document.case), {}).status_code in (403, 405)


def test_reading_the_document_takes_a_fixed_number_of_queries(
    client, document, ks, alice, django_assert_num_queries
):
    client.force_login(alice)
    address = url(document.case)
    with django_assert_num_queries(11):
        client.get(address)
    for serial in range(1, 6):
        CaseReference.objects.create(
            case=document.case,
            referenced_case=CaseFactory(board=ks, year=2015, serial=serial),
        )
        Recipient.objects.create(case=document.case, name=f"Mottagare {serial}")
        Signatory.objects.create(document=document, name=f"N {serial}", title="T")
    with django_assert_num_queries(11):
        response = client.get(address)
    assert len(response.json()["references"]) == 6
