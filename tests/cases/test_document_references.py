"""References to earlier cases: reference_add/remove, their views, and the links
that every mention of a referenced case's number becomes on the portal's pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.safestring import mark_safe

from cases.models import CaseReference, Secrecy
from cases.services import case_import
from cases.services.documents import document_start, reference_add, reference_remove
from cases.templatetags.cases_documents import link_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(alice, case):
    return document_start(case=case, user=alice)


@pytest.fixture
def earlier(ks):
    return case_import(
        board=ks,
        year=2014,
        serial=195,
        title="Avsiktsförklaring Samverkan Stockholmsregionen",
        registered_date=datetime.date(2014, 3, 24),
    )


def test_a_reference_is_added_with_its_note_and_renews_the_pdf(
    alice, document, earlier
):
    reference = reference_add(
        case=document.case, user=alice, referenced_case=earlier, note=" Antagen 2014 "
    )
    assert (reference.referenced_case, reference.note) == (earlier, "Antagen 2014")
    document.refresh_from_db()
    assert document.revision == 2
    reference_remove(reference=reference, user=alice)
    assert not CaseReference.objects.exists()
    document.refresh_from_db()
    assert document.revision == 3


def test_a_case_refers_to_another_once_and_never_to_itself(alice, document, earlier):
    reference_add(case=document.case, user=alice, referenced_case=earlier)
    with pytest.raises(ValidationError):
        reference_add(case=document.case, user=alice, referenced_case=earlier)
    with pytest.raises(ValidationError):
        reference_add(case=document.case, user=alice, referenced_case=document.case)


def test_a_case_the_user_may_not_see_cannot_be_referred_to(
    alice, botkyrka_ks, document
):
    hidden = case_import(
        board=botkyrka_ks,
        year=2023,
        serial=412,
        title="Risk- och sårbarhetsanalys",
        registered_date=datetime.date(2023, 9, 4),
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 18 kap. 13 §",
    )
    with pytest.raises(PermissionDenied):
        reference_add(case=document.case, user=alice, referenced_case=hidden)


def test_only_those_who_may_write_add_or_remove_references(
    alice, bob, document, earlier
):
    with pytest.raises(PermissionDenied):
        reference_add(case=document.case, user=bob, referenced_case=earlier)
    reference = reference_add(case=document.case, user=alice, referenced_case=earlier)
    with pytest.raises(PermissionDenied):
        reference_remove(reference=reference, user=bob)


# The links --------------------------------------------------------------------


def test_every_mention_of_a_referenced_number_becomes_a_link():
    html = mark_safe(
        "<p>KS 2014/195 och (KS 2014/195). Inte KS 2014/1950 eller XKS 2014/195.</p>"
    )
    linked = link_cases(html, {"KS 2014/195": "/cases/7/"})
    assert (
        linked.count('<a class="doc-case-link" href="/cases/7/">KS 2014/195</a>') == 2
    )
    assert "KS 2014/1950" in linked


def test_numbers_inside_tags_and_links_are_left_alone():
    html = mark_safe(
        '<p title="KS 2014/195">Se <a href="https://example.se">KS 2014/195</a>'
        " och KS 2014/195.</p>"
    )
    linked = link_cases(html, {"KS 2014/195": "/cases/7/"})
    assert '<p title="KS 2014/195">' in linked
    assert '<a href="https://example.se">KS 2014/195</a>' in linked
    assert linked.count("doc-case-link") == 1


def test_text_that_is_not_safe_is_escaped_first():
    linked = link_cases("<script>KS 2014/195</script>", {"KS 2014/195": "/cases/7/"})
    assert "<script>" not in linked
    assert "&lt;script&gt;" in linked


def test_no_references_leave_the_html_as_it_is():
    assert link_cases("<p>KS 2014/195</p>", {}) == "&lt;p&gt;KS 2014/195&lt;/p&gt;"


# Views ------------------------------------------------------------------------


def _add_url(case) -> str:
    return reverse("cases:document-reference-add", args=[case.pk])


def test_referring_by_case_number_through_the_page(client, alice, document, earlier):
    client.force_login(alice)
    page = client.get(reverse("cases:document", args=[document.case.pk])).content
    assert b'<option value="KS 2014/195">' in page  # suggested numbers
    response = client.post(
        _add_url(document.case),
        {"referenced_case": " ks  2014/195 ", "note": "Avsiktsförklaringen"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#references")
    reference = CaseReference.objects.get()
    assert (reference.referenced_case, reference.note) == (
        earlier,
        "Avsiktsförklaringen",
    )
    page = client.get(response["Location"]).content.decode()
    assert "The reference to KS 2014/195 was added." in page
    assert f'href="/cases/{earlier.pk}/"' in page


def test_an_unknown_or_repeated_number_is_explained(client, alice, document, earlier):
    client.force_login(alice)
    response = client.post(_add_url(document.case), {"referenced_case": "KS 1999/1"})
    assert response.status_code == 200
    assert "No case numbered KS 1999/1 that you may see." in response.content.decode()
    client.post(_add_url(document.case), {"referenced_case": "KS 2014/195"})
    response = client.post(_add_url(document.case), {"referenced_case": "KS 2014/195"})
    assert "The case already refers to KS 2014/195." in response.content.decode()
    response = client.post(
        _add_url(document.case), {"referenced_case": document.case.number}
    )
    assert response.status_code == 200
    assert CaseReference.objects.count() == 1


def test_a_secret_case_of_another_organisation_is_unknown(
    client, alice, botkyrka_ks, document
):
    case_import(
        board=botkyrka_ks,
        year=2014,
        serial=195,
        title="Hemlig",
        registered_date=datetime.date(2014, 3, 24),
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 18 kap. 13 §",
    )
    client.force_login(alice)
    response = client.post(_add_url(document.case), {"referenced_case": "KS/2014:195"})
    assert "No case numbered KS/2014:195 that you may see." in response.content.decode()
    assert not CaseReference.objects.exists()


def test_the_own_organisations_case_wins_when_two_share_a_number(
    client, alice, botkyrka_ks, ks, document, earlier
):
    botkyrka_ks.diarium.number_format = "{prefix} {year}/{serial}"
    botkyrka_ks.diarium.save()
    case_import(
        board=botkyrka_ks,
        year=2014,
        serial=195,
        title="Botkyrkas ärende",
        registered_date=datetime.date(2014, 3, 24),
    )
    client.force_login(alice)
    client.post(_add_url(document.case), {"referenced_case": "KS 2014/195"})
    assert CaseReference.objects.get().referenced_case == earlier


def test_removing_a_reference_through_the_page(client, alice, document, earlier):
    reference = reference_add(case=document.case, user=alice, referenced_case=earlier)
    client.force_login(alice)
    url = reverse(
        "cases:document-reference-remove", args=[document.case.pk, reference.pk]
    )
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not CaseReference.objects.exists()


def test_a_colleague_without_a_writing_role_is_refused(
    client, alice, bob, document, earlier
):
    reference = reference_add(case=document.case, user=alice, referenced_case=earlier)
    client.force_login(bob)
    assert (
        client.post(
            _add_url(document.case), {"referenced_case": "KS 2014/195"}
        ).status_code
        == 403
    )
    url = reverse(
        "cases:document-reference-remove", args=[document.case.pk, reference.pk]
    )
    assert client.post(url).status_code == 403
    assert CaseReference.objects.count() == 1
