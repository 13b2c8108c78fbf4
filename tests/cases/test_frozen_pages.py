"""A submitted report's pages show it as frozen instead of offering changes
(in Swedish: tests/cases/conftest.py makes English the default here)."""

import pytest
from django.urls import reverse

from cases.models import Attachment
from cases.services import SectionInput, document_save, document_start
from cases.services.workflow import case_submit
from tests.factories import CaseFactory
from tests.helpers import use_language


@pytest.fixture
def submitted_case(ks, alice):
    case = CaseFactory(board=ks, handler=alice)
    document = document_start(case=case, user=alice)
    document_save(
        document=document,
        user=alice,
        base_version=document.version,
        title="Rapport",
        document_date=case.registered_date,
        sections=[SectionInput(title="Förslag till beslut", text="Text.")],
    )
    Attachment.objects.create(
        document=document, title="Bilaga", source_case=CaseFactory(board=ks)
    )
    case.refresh_from_db()
    case_submit(case=case, user=alice)
    case.refresh_from_db()
    return case


def test_the_attachments_page_of_a_submitted_report_offers_no_changes(
    client, alice, submitted_case
):
    use_language(client, "sv").force_login(alice)
    page = client.get(
        reverse("cases:attachments", args=[submitted_case.pk])
    ).content.decode()
    assert "Bilaga" in page
    assert 'name="upload-file"' not in page
    assert "godkännande" in page  # the frozen message says why


def test_a_refused_change_to_a_frozen_report_does_not_blame_the_users_role(
    client, alice, submitted_case
):
    use_language(client, "sv").force_login(alice)
    attachment = Attachment.objects.get(document__case=submitted_case)
    response = client.post(
        reverse("cases:attachment-remove", args=[submitted_case.pk, attachment.pk])
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "godkännande" in page
    assert "registrator" not in page
    assert Attachment.objects.filter(pk=attachment.pk).exists()
