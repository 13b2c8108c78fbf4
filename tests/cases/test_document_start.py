"""Starting a case's tjänsteskrivelse: document_start and POST /cases/<pk>/document/start/."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases.models import Document, DocumentTemplate, DocumentVersion
from cases.services.documents import DEFAULT_SECTIONS, document_start

pytestmark = pytest.mark.django_db


def _url(case) -> str:
    return reverse("cases:document-start", args=[case.pk])


def test_a_report_starts_with_the_default_sections_when_there_is_no_template(
    alice, case
):
    document = document_start(case=case, user=alice)
    sections = list(document.sections.all())
    assert [s.title for s in sections] == [title for title, _text in DEFAULT_SECTIONS]
    assert sections[0].title == "Förslag till beslut"
    assert document.title == case.title
    assert document.versions.get().number == 1


def test_a_report_starts_from_the_organisations_template_for_the_cases_kind(
    alice, huddinge, case
):
    template = DocumentTemplate.objects.create(
        organisation=huddinge, name="Tjänsteskrivelse", is_default=True
    )
    template.section_templates.create(position=0, title="Förslag till beslut")
    template.section_templates.create(
        position=1, title="Information", case_kind="information", text="Om {title}."
    )
    template.section_templates.create(position=2, title="Motionen", case_kind="motion")
    document = document_start(case=case, user=alice)
    assert document.template == template
    assert [(s.title, s.text) for s in document.sections.all()] == [
        ("Förslag till beslut", ""),
        ("Information", f"Om {case.title}."),
    ]


def test_no_section_of_a_new_report_starts_with_a_raw_subheading(alice, case):
    """The section has its heading; "### Kommunstyrelsens beslut" on the first
    line of "Förslag till beslut" showed the official raw signs (issue 13)."""
    document = document_start(case=case, user=alice)
    for section in document.sections.all():
        assert section.title
        assert not section.text.lstrip().startswith("#"), section.text
        assert "<h3>" not in section.html


def test_starting_twice_gives_back_the_same_report_unchanged(alice, case):
    first = document_start(case=case, user=alice)
    second = document_start(case=case, user=alice)
    assert first.pk == second.pk
    assert Document.objects.count() == 1
    assert DocumentVersion.objects.count() == 1
    assert first.sections.count() == len(DEFAULT_SECTIONS)


def test_someone_without_a_writing_role_cannot_start_a_report(bob, case):
    with pytest.raises(PermissionDenied):
        document_start(case=case, user=bob)
    assert not Document.objects.exists()


def test_the_start_button_starts_the_report_and_opens_the_editor(client, alice, case):
    client.force_login(alice)
    response = client.post(_url(case))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:document-edit", args=[case.pk])
    assert case.document.sections.count() == len(DEFAULT_SECTIONS)


def test_pressing_start_again_opens_the_same_report(client, alice, case):
    client.force_login(alice)
    client.post(_url(case))
    response = client.post(_url(case))
    assert response.status_code == 302
    assert Document.objects.count() == 1
    assert DocumentVersion.objects.count() == 1


def test_a_colleague_without_a_writing_role_is_refused(client, bob, case):
    client.force_login(bob)
    response = client.post(_url(case))
    assert response.status_code == 403
    assert "You may not change this case." in response.content.decode()
    assert not Document.objects.exists()


def test_an_outsider_does_not_learn_that_a_secret_case_exists(
    client, charlie, secret_case
):
    client.force_login(charlie)
    assert client.post(_url(secret_case)).status_code == 404


def test_start_refuses_get(client, alice, case):
    client.force_login(alice)
    assert client.get(_url(case)).status_code == 405
    assert not Document.objects.exists()


def test_the_case_page_offers_the_start_button_to_those_who_may_write(
    client, alice, bob, case
):
    client.force_login(alice)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f'action="{_url(case)}"' in page
    assert "Start the official report" in page
    client.force_login(bob)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f'action="{_url(case)}"' not in page
    assert "No official report has been started for this case yet." in page


def test_the_case_page_links_to_a_started_report(client, alice, case):
    document_start(case=case, user=alice)
    client.force_login(alice)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f'href="{reverse("cases:document", args=[case.pk])}"' in page
    assert f'action="{_url(case)}"' not in page
