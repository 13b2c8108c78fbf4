"""The approval workflow on the pages: the actions panel, the four POST steps,
refusals (403 for a forbidden step, 409 for one the status does not allow),
the returned comment, the frozen editor, the trail and the approval in the PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.models import ApprovalEvent, Case, Document
from cases.services import SectionInput, document_pdf, document_save, document_start
from cases.services.documents import signatory_add
from cases.services.workflow import case_approve, case_return, case_submit
from members.roles import Role
from tests.factories import UserFactory
from tests.helpers import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


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


@pytest.fixture
def deputy(huddinge):
    return UserFactory(
        username="anna",
        first_name="Anna",
        last_name="Tengelin Skoog",
        title="Biträdande kommundirektör",
        organisation=huddinge,
        roles=[Role.DIRECTOR],
    )


@pytest.fixture
def document(case, alice):
    document = document_start(case=case, user=alice)
    sections = [
        SectionInput(id=s.pk, title=s.title, text="Text." if i == 0 else s.text)
        for i, s in enumerate(document.sections.all())
    ]
    return document_save(
        document=document,
        user=alice,
        base_version=document.version,
        title=document.title,
        document_date=document.document_date,
        sections=sections,
    )


def url(name, case):
    return reverse(f"cases:document-{name}", args=[case.pk])


def status(case):
    return Case.objects.get(pk=case.pk).status


def test_the_official_sees_only_submit(client, alice, case, document):
    login_verified(client, alice)
    page = client.get(reverse("cases:document", args=[case.pk])).content.decode()
    assert "Submit for approval" in page
    assert "Approve" not in page.replace("approval", "")
    assert "Return with comment" not in page
    case_page = client.get(case.get_absolute_url()).content.decode()
    assert url("submit", case) in case_page


def test_submit_redirects_with_a_message(client, alice, case, document):
    login_verified(client, alice)
    response = client.post(url("submit", case), {"next": "case"}, follow=True)
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert "submitted for approval" in response.content.decode()
    assert status(case) == Case.Status.SUBMITTED


def test_a_crafted_approval_by_the_official_is_403_and_changes_nothing(
    client, alice, case, document
):
    case_submit(case=case, user=alice)
    login_verified(client, alice)
    response = client.post(url("approve", case))
    assert response.status_code == 403
    assert "Only a chief executive" in response.content.decode()
    assert status(case) == Case.Status.SUBMITTED
    assert not ApprovalEvent.objects.filter(kind="approved").exists()


def test_an_outsider_may_not_submit(client, charlie, case, document):
    login_verified(client, charlie)
    assert client.post(url("submit", case)).status_code == 403
    assert status(case) == Case.Status.DRAFTING


def test_a_step_the_status_does_not_allow_is_409(client, director, case, document):
    login_verified(client, director)
    response = client.post(url("approve", case))
    assert response.status_code == 409
    assert "Only a case submitted for approval" in response.content.decode()
    assert status(case) == Case.Status.DRAFTING


def test_a_return_without_comment_shows_the_form_again(
    client, alice, director, case, document
):
    case_submit(case=case, user=alice)
    login_verified(client, director)
    response = client.post(url("return", case), {"comment": " "})
    assert response.status_code == 400
    assert "Write what should be changed" in response.content.decode()
    assert status(case) == Case.Status.SUBMITTED


def test_the_returned_comment_is_shown_until_resubmitted(
    client, alice, deputy, case, document
):
    case_submit(case=case, user=alice)
    login_verified(client, deputy)
    response = client.post(
        url("return", case), {"comment": "Beskriv kostnaden.", "next": "case"}
    )
    assert response.status_code == 302
    assert status(case) == Case.Status.DRAFTING
    login_verified(client, alice)
    for page in (case.get_absolute_url(), reverse("cases:document", args=[case.pk])):
        content = client.get(page).content.decode()
        assert "Beskriv kostnaden." in content
        assert "Anna Tengelin Skoog" in content
    case_submit(case=case, user=alice)
    content = client.get(case.get_absolute_url()).content.decode()
    assert 'id="returned-comment"' not in content
    # ... but the history and the trail keep it.
    assert "Comment: Beskriv kostnaden." in content
    content = client.get(reverse("cases:document", args=[case.pk])).content.decode()
    assert "Beskriv kostnaden." in content


def test_approve_then_reopen(client, alice, director, case, document):
    case_submit(case=case, user=alice)
    login_verified(client, director)
    assert client.post(url("approve", case)).status_code == 302
    page = client.get(reverse("cases:document", args=[case.pk])).content.decode()
    assert "Approved by Camilla Broo" in page
    login_verified(client, alice)
    editor = client.get(url("edit", case))
    assert editor.status_code == 200
    content = editor.content.decode()
    assert "is approved and cannot be changed" in content
    assert "Reopen for changes" in content
    assert 'name="base_version"' not in content
    # A save sent anyway changes nothing.
    version = Document.objects.get(pk=document.pk).version
    assert client.post(url("edit", case), {"action": "save"}).status_code == 409
    assert Document.objects.get(pk=document.pk).version == version
    response = client.post(url("reopen", case), {"reason": "Ny siffra."})
    assert response.status_code == 302
    assert response["Location"] == url("edit", case)
    assert status(case) == Case.Status.DRAFTING
    assert list(
        ApprovalEvent.objects.order_by("created_at", "pk").values_list(
            "kind", flat=True
        )
    ) == ["submitted", "approved", "reopened"]


def test_a_frozen_report_refuses_a_signatory_post(
    client, alice, director, case, document
):
    case_submit(case=case, user=alice)
    login_verified(client, alice)
    response = client.post(
        url("signatory-add", case), {"name": "Någon", "title": "Chef"}
    )
    assert response.status_code == 403
    assert "submitted for approval and cannot be changed" in response.content.decode()
    assert not document.signatories.exists()


def test_the_pdf_shows_the_approval_on_the_approvers_signature(
    alice, director, case, document
):
    signatory_add(document=document, user=alice, person=director)
    case_submit(case=case, user=alice)
    event = case_approve(case=case, user=director)
    text = _pdf_text(document)
    assert f"Godkänd {event.created_at.astimezone().date():%Y-%m-%d}" in text
    assert "Camilla Broo" in text


def test_the_pdf_names_an_approver_who_does_not_sign(
    alice, director, deputy, case, document
):
    signatory_add(document=document, user=alice, person=director)
    case_submit(case=case, user=alice)
    case_approve(case=case, user=deputy)
    text = " ".join(_pdf_text(document).split())
    assert "av Anna Tengelin Skoog, Biträdande kommundirektör" in text


def test_a_returned_case_has_no_approval_in_the_pdf(alice, director, case, document):
    case_submit(case=case, user=alice)
    case_return(case=case, user=director, comment="Nej.")
    assert "Godkänd" not in _pdf_text(document)


def _pdf_text(document) -> str:
    document = Document.objects.get(pk=document.pk)
    reader = PdfReader(io.BytesIO(document_pdf(document)))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_admin_shows_the_trail_read_only(client, alice, director, case, document):
    case_submit(case=case, user=alice)
    case_return(case=case, user=director, comment="Mer om kostnaden.")
    admin = UserFactory(username="it", is_staff=True, is_superuser=True)
    login_verified(client, admin)
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200
    assert "Mer om kostnaden." in page.content.decode()
    assert 'name="status"' not in page.content.decode()
    listing = client.get(reverse("admin:cases_approvalevent_changelist"))
    assert listing.status_code == 200
    assert client.get(reverse("admin:cases_approvalevent_add")).status_code == 403
