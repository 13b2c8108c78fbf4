"""/cases/<pk>/document/edit/ (cases:document-edit): the editor of a tjänsteskrivelse."""

import re

import pytest
from django.urls import reverse

from cases.models import Document, DocumentVersion, Section
from cases.services.documents import document_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(alice, case):
    return document_start(case=case, user=alice)


def _url(case) -> str:
    return reverse("cases:document-edit", args=[case.pk])


def _data(document, *, sections=None, action="save", **fields) -> dict:
    """The editor form as the browser posts it; `sections` as (id, title, text)."""
    if sections is None:
        sections = [(s.pk, s.title, s.text) for s in document.sections.all()]
    data = {
        "title": document.title,
        "document_date": document.document_date.isoformat(),
        "base_version": document.version,
        "sections-TOTAL_FORMS": len(sections),
        "sections-INITIAL_FORMS": len(sections),
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 40,
        "action": action,
    }
    for index, (pk, title, text) in enumerate(sections):
        data[f"sections-{index}-id"] = pk or ""
        data[f"sections-{index}-title"] = title
        data[f"sections-{index}-text"] = text
    return data | fields


def _sections(document):
    return [(s.pk, s.title, s.text) for s in document.sections.all()]


def test_the_editor_shows_title_date_and_every_section_in_one_form(
    client, alice, document
):
    client.force_login(alice)
    response = client.get(_url(document.case))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<form") >= 1
    assert f'name="base_version" value="{document.version}"' in page
    for section in document.sections.all():
        assert f'value="{section.title}"' in page
    assert 'name="sections-TOTAL_FORMS" value="5"' in page
    # the live preview and its formatting buttons
    assert (
        f'hx-post="{reverse("cases:document-preview", args=[document.case.pk])}"'
        in page
    )
    assert 'hx-trigger="input changed delay:600ms"' in page
    assert 'data-markup="footnote"' in page
    assert '<button type="button"' in page


def test_saving_stores_a_new_version_and_renders_the_text(client, alice, document):
    client.force_login(alice)
    sections = _sections(document)
    sections[1] = (
        sections[1][0],
        "Sammanfattning",
        "Två saker:\n\n- den ena\n- den andra",
    )
    response = client.post(
        _url(document.case),
        _data(document, sections=sections, title="Målbild SSR 2023–2026"),
        follow=True,
    )
    assert response.redirect_chain == [
        (reverse("cases:document", args=[document.case.pk]), 302)
    ]
    assert "The official report was saved." in response.content.decode()
    document.refresh_from_db()
    assert (document.version, document.revision, document.title) == (
        2,
        2,
        "Målbild SSR 2023–2026",
    )
    section = document.sections.get(title="Sammanfattning")
    assert (
        section.html
        == "<p>Två saker:</p>\n<ul>\n<li>den ena</li>\n<li>den andra</li>\n</ul>"
    )
    version = document.versions.get(number=2)
    assert version.saved_by == alice
    assert (
        version.content["sections"][1]["text"] == "Två saker:\n\n- den ena\n- den andra"
    )


def test_scripts_styles_event_handlers_and_javascript_links_stay_text(
    client, alice, document
):
    """What an official types is kept as typed (issue 10: the editor dropped
    everything between angle brackets); markup in it is shown as text, never run."""
    client.force_login(alice)
    text = (
        "Före<script>alert('x')</script> efter.\n\n"
        "<style>body{display:none}</style>"
        '<img src="x" onerror="alert(1)">Bild.\n\n'
        '<a href="javascript:alert(2)">Klicka</a> och '
        "[länk](javascript:alert(3)) och *kursiv*"
    )
    sections = _sections(document)
    sections[0] = (sections[0][0], "Förslag till beslut", text)
    response = client.post(_url(document.case), _data(document, sections=sections))
    assert response.status_code == 302
    section = Section.objects.get(pk=sections[0][0])
    assert section.text == text
    for tag in ("<script", "<style", "<img", '<a href="javascript'):
        assert tag not in section.html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in section.html
    assert "&lt;img src=" in section.html
    assert "<a " not in section.html  # neither the typed tag nor the javascript: link
    assert "<em>kursiv</em>" in section.html
    page = client.get(reverse("cases:document", args=[document.case.pk])).content
    page = page.decode()
    assert "<script>alert('x')" not in page
    assert '<img src="x" onerror' not in page
    assert '<a href="javascript' not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page or (
        "&lt;script&gt;alert('x')&lt;/script&gt;" in page
    )


def test_a_missing_heading_is_shown_and_every_text_is_kept(client, alice, document):
    client.force_login(alice)
    sections = _sections(document)
    sections[2] = (sections[2][0], "", "Min viktiga text som inte får försvinna.")
    response = client.post(_url(document.case), _data(document, sections=sections))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="ds-error-summary"' in page
    assert "Section 3, Heading: Give the section a heading." in page
    assert 'href="#id_sections-2-title"' in page
    assert "Min viktiga text som inte får försvinna." in page
    document.refresh_from_db()
    assert document.version == 1
    assert DocumentVersion.objects.count() == 1


def test_a_missing_title_is_shown_and_nothing_is_saved(client, alice, document):
    client.force_login(alice)
    response = client.post(_url(document.case), _data(document, title=""))
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    document.refresh_from_db()
    assert document.version == 1


def test_a_save_from_an_old_version_is_refused_and_shows_both_texts(
    client, alice, registrar, document
):
    """Two people open the same version; the second save is refused with both
    texts shown, nothing of the first is lost, and saving again overwrites."""
    sections = _sections(document)
    first_id = sections[1][0]
    theirs = list(sections)
    theirs[1] = (first_id, "Sammanfattning", "Registratorns text om målbilden.")
    client.force_login(registrar)
    assert (
        client.post(_url(document.case), _data(document, sections=theirs)).status_code
        == 302
    )

    mine = list(sections)
    mine[1] = (first_id, "Sammanfattning", "Alices text som hon skrev samtidigt.")
    client.force_login(alice)
    response = client.post(_url(document.case), _data(document, sections=mine))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved the report while you were writing" in page
    assert "Registratorns text om målbilden." in page
    assert "Alices text som hon skrev samtidigt." in page
    # The form keeps Alice's text and now names the version saved meanwhile.
    assert 'name="base_version" value="2"' in page
    assert re.search(
        r'<textarea name="sections-1-text"[^>]*>\s*Alices text som hon skrev samtidigt.',
        page,
    )
    document.refresh_from_db()
    assert document.version == 2
    assert Section.objects.get(pk=first_id).text == "Registratorns text om målbilden."

    # Saving again, from the version now named, replaces theirs knowingly.
    response = client.post(
        _url(document.case), _data(document, sections=mine, base_version=2)
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.version == 3
    assert (
        Section.objects.get(pk=first_id).text == "Alices text som hon skrev samtidigt."
    )
    # The refused text is in version 2's history all the same.
    assert (
        document.versions.get(number=2).content["sections"][1]["text"]
        == "Registratorns text om målbilden."
    )


def test_adding_a_section_shows_an_empty_one_without_saving(client, alice, document):
    client.force_login(alice)
    response = client.post(_url(document.case), _data(document, action="add"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="sections-TOTAL_FORMS" value="6"' in page
    assert re.search(r'<input type="text" name="sections-5-title"[^>]*autofocus', page)
    assert document.sections.count() == 5
    document.refresh_from_db()
    assert document.version == 1


def test_a_new_section_is_saved_with_the_others(client, alice, document):
    client.force_login(alice)
    sections = _sections(document) + [(None, "Bakgrund", "Om bakgrunden.")]
    assert (
        client.post(_url(document.case), _data(document, sections=sections)).status_code
        == 302
    )
    assert [s.title for s in document.sections.all()][-1] == "Bakgrund"
    assert document.sections.get(title="Bakgrund").html == "<p>Om bakgrunden.</p>"


def test_removing_a_section_takes_it_out_of_the_form_until_saved(
    client, alice, document
):
    client.force_login(alice)
    response = client.post(_url(document.case), _data(document, action="remove:3"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="sections-TOTAL_FORMS" value="4"' in page
    assert 'value="Förvaltningens synpunkter"' not in page
    assert "The section “Förvaltningens synpunkter” was removed." in page
    assert re.search(r'<input type="text" name="sections-3-title"[^>]*autofocus', page)
    assert document.sections.count() == 5
    sections = _sections(document)
    del sections[3]
    client.post(_url(document.case), _data(document, sections=sections))
    assert not document.sections.filter(title="Förvaltningens synpunkter").exists()


def test_moving_a_section_reorders_the_form_and_keeps_the_focus_on_it(
    client, alice, document
):
    client.force_login(alice)
    sections = _sections(document)
    sections[1] = (sections[1][0], "Sammanfattning", "Osparad text flyttas med.")
    response = client.post(
        _url(document.case), _data(document, sections=sections, action="down:1")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="sections-2-title" value="Sammanfattning"' in page
    assert 'name="sections-1-title" value="Beskrivning av ärendet"' in page
    assert re.search(r'id="section-2-down"[^>]*autofocus', page)
    assert "Moved down to place 3." in page
    assert "Osparad text flyttas med." in page
    # Nothing is saved by moving.
    assert [s.title for s in document.sections.all()][1] == "Sammanfattning"

    moved = [sections[0], sections[2], sections[1], *sections[3:]]
    client.post(_url(document.case), _data(document, sections=moved))
    assert [s.title for s in document.sections.all()][:3] == [
        "Förslag till beslut",
        "Beskrivning av ärendet",
        "Sammanfattning",
    ]


def test_moving_the_first_section_up_changes_nothing(client, alice, document):
    client.force_login(alice)
    response = client.post(_url(document.case), _data(document, action="up:0"))
    page = response.content.decode()
    assert 'name="sections-0-title" value="Förslag till beslut"' in page
    assert re.search(r'id="section-0-down"[^>]*autofocus', page)


def test_a_colleague_without_a_writing_role_cannot_edit(client, bob, document):
    client.force_login(bob)
    assert client.get(_url(document.case)).status_code == 403
    response = client.post(_url(document.case), _data(document, title="Ändrad"))
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.title != "Ändrad"


def test_an_outsider_cannot_edit_a_public_case(client, charlie, document):
    client.force_login(charlie)
    assert client.get(_url(document.case)).status_code == 403
    assert client.post(_url(document.case), _data(document)).status_code == 403


def test_an_outsider_does_not_learn_that_a_secret_cases_report_exists(
    client, alice, charlie, secret_case
):
    document = document_start(case=secret_case, user=alice)
    client.force_login(charlie)
    assert client.get(_url(secret_case)).status_code == 404
    assert client.post(_url(secret_case), _data(document)).status_code == 404


def test_the_editor_of_a_case_without_a_report_is_404(client, alice, case):
    client.force_login(alice)
    assert client.get(_url(case)).status_code == 404
    assert not Document.objects.exists()


def test_the_editor_refuses_other_methods(client, alice, document):
    client.force_login(alice)
    assert client.put(_url(document.case)).status_code == 405
    assert client.delete(_url(document.case)).status_code == 405


def test_the_editor_asks_anonymous_people_to_log_in(client, document):
    response = client.get(_url(document.case))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_conflict_calls_sections_the_same_whatever_the_line_ends(
    client, alice, registrar, document
):
    """Browsers send line ends as CRLF; the stored text has LF."""
    sections = _sections(document)
    sections[1] = (sections[1][0], "Sammanfattning", "Rad ett.\n\nRad två.")
    client.force_login(registrar)
    client.post(_url(document.case), _data(document, sections=sections))
    sections[1] = (sections[1][0], "Sammanfattning", "Rad ett.\r\n\r\nRad två.")
    sections[2] = (sections[2][0], "Beskrivning av ärendet", "Alices ändring.")
    client.force_login(alice)
    response = client.post(_url(document.case), _data(document, sections=sections))
    conflict = response.context["conflict"]
    same = {row["title"]: row["same"] for row in conflict["rows"]}
    assert same["Sammanfattning"] is True
    assert same["Beskrivning av ärendet"] is False
