"""/cases/<pk>/document/versions/ (cases:document-versions) and
/versions/compare/?from=N&to=M (cases:document-compare)."""

import datetime

import pytest
from django.urls import reverse

from cases.services.documents import SectionInput, document_save, document_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(alice, case):
    return document_start(case=case, user=alice)


def _save(document, user, texts: dict[str, str], title=None):
    sections = [
        SectionInput(title=s.title, text=texts.get(s.title, s.text), id=s.pk)
        for s in document.sections.all()
    ]
    return document_save(
        document=document,
        user=user,
        base_version=document.version,
        title=title or document.title,
        document_date=datetime.date(2023, 3, 20),
        sections=sections,
    )


def _versions_url(case) -> str:
    return reverse("cases:document-versions", args=[case.pk])


def _compare_url(case, old, new) -> str:
    return reverse("cases:document-compare", args=[case.pk]) + f"?from={old}&to={new}"


def test_the_list_shows_every_version_with_who_and_when(
    client, alice, registrar, document
):
    document = _save(document, registrar, {"Sammanfattning": "Första texten."})
    client.force_login(alice)
    page = client.get(_versions_url(document.case)).content.decode()
    assert str(registrar) in page
    assert "The system" not in page
    assert _compare_url(document.case, 1, 2).replace("&", "&amp;") in page
    assert '<option value="1" selected>' in page  # the compare form: 1 …
    assert '<option value="2" selected>' in page  # … with 2


@pytest.mark.parametrize("saves", [1, 8])
def test_the_list_takes_the_same_number_of_queries_however_many_versions(
    client, alice, document, saves, django_assert_num_queries
):
    for number in range(saves):
        document = _save(document, alice, {"Sammanfattning": f"Text {number}."})
    client.force_login(alice)
    url = _versions_url(document.case)
    # user, case, document, versions with their authors, organisation (header),
    # the main menu's inbox count
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200


def test_changing_one_word_shows_that_word_removed_and_added(client, alice, document):
    document = _save(
        document, alice, {"Sammanfattning": "Målbilden är bra för regionen."}
    )
    document = _save(
        document, alice, {"Sammanfattning": "Målbilden är utmärkt för regionen."}
    )
    client.force_login(alice)
    response = client.get(_compare_url(document.case, 2, 3))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        'Målbilden är <del class="diff-del"><span class="ds-sr-only">removed: </span>'
        'bra</del><ins class="diff-ins"><span class="ds-sr-only">added: </span>'
        "utmärkt</ins> för regionen."
    ) in page
    assert page.count('class="diff-del"') == 1 + 1  # the change, and the legend
    assert page.count('class="diff-ins"') == 1 + 1


def test_added_removed_and_renamed_sections_are_named(client, alice, document):
    sections = [
        SectionInput(title=s.title, text=s.text, id=s.pk)
        for s in document.sections.all()
    ]
    sections[1].title = "Sammanfattning av ärendet"
    del sections[4]
    sections.append(SectionInput(title="Bakgrund", text="Ny text."))
    document_save(
        document=document,
        user=alice,
        base_version=1,
        title=document.title,
        document_date=document.document_date,
        sections=sections,
    )
    client.force_login(alice)
    page = client.get(_compare_url(document.case, 1, 2)).content.decode()
    assert "Renamed" in page
    assert "Sammanfattning av ärendet" in page
    assert "Removed section" in page
    assert "Ekonomiska och juridiska konsekvenser" in page
    assert "New section" in page
    assert "Bakgrund" in page


def test_the_same_version_twice_is_explained(client, alice, document):
    document = _save(document, alice, {"Sammanfattning": "Text."})
    client.force_login(alice)
    response = client.get(_compare_url(document.case, 2, 2))
    assert response.status_code == 400
    assert "Choose two different versions." in response.content.decode()


def test_a_version_that_does_not_exist_is_explained(client, alice, document):
    client.force_login(alice)
    response = client.get(_compare_url(document.case, 1, 9))
    assert response.status_code == 400
    assert response.context["comparison"] is None


def test_the_compare_page_without_a_choice_shows_the_form(client, alice, document):
    client.force_login(alice)
    url = reverse("cases:document-compare", args=[document.case.pk])
    assert client.get(url).status_code == 200


def test_an_outsider_sees_no_versions_of_a_secret_case(
    client, alice, charlie, secret_case
):
    document_start(case=secret_case, user=alice)
    client.force_login(charlie)
    assert client.get(_versions_url(secret_case)).status_code == 404
    assert client.get(_compare_url(secret_case, 1, 1)).status_code == 404


def test_the_version_pages_refuse_post(client, alice, document):
    client.force_login(alice)
    assert client.post(_versions_url(document.case)).status_code == 405
    assert client.post(_compare_url(document.case, 1, 1)).status_code == 405
