"""The admin pages the IT department uses open without errors."""

import pytest
from django.urls import reverse

from cases.models import DocumentTemplate
from tests.factories import UserFactory


@pytest.fixture
def it_admin(huddinge):
    return UserFactory(
        username="it", organisation=huddinge, is_staff=True, is_superuser=True
    )


@pytest.mark.parametrize(
    "name",
    [
        "admin:cases_case_changelist",
        "admin:cases_document_changelist",
        "admin:cases_documenttemplate_changelist",
        "admin:cases_documenttemplate_add",
        "admin:members_organisation_changelist",
        "admin:members_user_changelist",
        "admin:cases_meeting_changelist",
        "admin:cases_decision_changelist",
        "admin:cases_notice_changelist",
        "admin:cases_dispatch_changelist",
        "admin:cases_justeringconfirmation_changelist",
        "admin:cases_changeproposal_changelist",
    ],
)
def test_admin_pages_open(client, it_admin, name):
    client.force_login(it_admin)
    assert client.get(reverse(name)).status_code == 200


def test_a_template_with_its_default_sections_is_kept_in_the_admin(
    client, it_admin, huddinge
):
    client.force_login(it_admin)
    response = client.post(
        reverse("admin:cases_documenttemplate_add"),
        {
            "organisation": huddinge.pk,
            "name": "Tjänsteskrivelse",
            "is_default": "on",
            "department": "Kommunstyrelsens förvaltning",
            "footer_lines": "141 85 Huddinge",
            "section_templates-TOTAL_FORMS": "1",
            "section_templates-INITIAL_FORMS": "0",
            "section_templates-0-position": "0",
            "section_templates-0-title": "Barnperspektiv",
            "section_templates-0-case_kind": "",
            "section_templates-0-text": "",
        },
    )
    assert response.status_code == 302
    template = DocumentTemplate.objects.get(organisation=huddinge)
    assert [s.title for s in template.section_templates.all()] == ["Barnperspektiv"]


def test_a_report_is_shown_but_not_changed_or_deleted_in_the_admin(
    client, it_admin, ks, alice
):
    """The admin would bypass the editor: no version, no lock, a stale PDF."""
    from cases.services import case_register, document_start

    case = case_register(board=ks, title="Målbild", handler=alice, registered_by=alice)
    document = document_start(case=case, user=alice)
    client.force_login(it_admin)
    url = reverse("admin:cases_document_change", args=[document.pk])
    page = client.get(url).content.decode()
    assert 'name="title"' not in page  # shown as text, not as a field
    client.post(url, {"title": "Ändrad i admin", "document_date": "2023-01-01"})
    document.refresh_from_db()
    assert document.title == "Målbild" and document.version == 1
    delete = reverse("admin:cases_document_delete", args=[document.pk])
    assert client.get(delete).status_code == 403
