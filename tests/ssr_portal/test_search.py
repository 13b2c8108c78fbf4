"""/sok/ and /diarium/sok/: the full-text search of the portal and of the public
diarium (ssr_portal/search.py over cases.CaseSearchEntry), on both databases:
stemmed Swedish words, ranking, snippets, attachment text, facets, and only what
the searcher may read."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse

from cases.models import (
    Attachment,
    Case,
    CaseSearchEntry,
    Decision,
    Document,
    JournalEntry,
    Secrecy,
    Section,
)
from cases.services import meetings as meeting_services
from cases.services.attachments import attachment_text_extract_now
from cases.services.search_index import search_index_rebuild
from members.roles import Role
from ssr_portal.lib.text_extraction import DOCX
from ssr_portal.search import PER_PAGE, SearchFilters, search
from tests.cases.test_attachment_text import docx_paragraphs
from tests.factories import BoardFactory, CaseFactory, UserFactory
from tests.helpers import use_language

pytestmark = pytest.mark.django_db

URL = reverse("search")
PUBLIC_URL = reverse("public-search")
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="trigram similarity is PostgreSQL's (pg_trgm); SQLite matches stems only",
)


def _report(case: Case, *texts: str, title: str = "Tjänsteskrivelse") -> Document:
    document = Document.objects.create(
        case=case, title=title, document_date=datetime.date(2023, 4, 1)
    )
    for position, text in enumerate(texts):
        Section.objects.create(
            document=document, position=position, title="Ärendet", text=text
        )
    return document


def _numbers(response) -> list[str]:
    return [hit.case.number for hit in response.context["results"].hits]


@pytest.fixture
def beredskap(ks):
    """Three public, approved cases of Huddinge that speak of beredskap: in the
    title, in the description, in the tjänsteskrivelse."""
    in_title = CaseFactory(
        board=ks, title="Beredskap för värmebölja", status="approved"
    )
    in_description = CaseFactory(
        board=ks,
        title="Regional samverkan",
        description="Ärendet gäller kommunens beredskap vid kris.",
        status="approved",
    )
    in_report = CaseFactory(
        board=ks, title="Avtal om räddningstjänst", status="approved"
    )
    _report(
        in_report,
        "Avtalet stärker **beredskapen** i hela länet och ger en gemensam ledning.",
    )
    CaseFactory(board=ks, title="Skolskjuts i Flemingsberg", status="approved")
    search_index_rebuild()
    return in_title, in_description, in_report


def test_beredskapen_finds_beredskap_in_the_public_diarium_ranked_with_snippets(
    client, beredskap
):
    in_title, in_description, in_report = beredskap
    page = client.get(PUBLIC_URL, {"q": "beredskapen"})
    assert page.status_code == 200
    # The title weighs most, then the description, then the rest.
    assert _numbers(page) == [in_title.number, in_description.number, in_report.number]
    html = page.content.decode()
    assert f'href="{reverse("diarium:detail", args=[in_report.pk])}"' in html
    hit = page.context["results"].hits[2]
    assert "<mark>beredskapen</mark>" in hit.snippet
    assert "gemensam ledning" in hit.snippet
    assert "**" not in hit.snippet  # the markup's markers are not text
    assert (
        "<mark>Beredskap</mark> för värmebölja" in page.context["results"].hits[0].title
    )


def test_the_public_finds_no_secret_case_no_draft_and_no_secret_entry(
    client, ks, alice
):
    secret = CaseFactory(
        board=ks,
        title="Beredskap i skyddade anläggningar",
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
        status="approved",
    )
    draft = CaseFactory(board=ks, title="Utkast", status="drafting")
    _report(draft, "Ett utkast om beredskap som ännu inte är allmän handling.")
    public = CaseFactory(board=ks, title="Vattenförsörjning", status="approved")
    JournalEntry.objects.create(
        case=public,
        serial=1,
        direction="incoming",
        document_date=datetime.date(2023, 3, 1),
        subject="Beredskap: hemlig skyddsplan",
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 18 kap. 13 §",
    )
    search_index_rebuild()
    assert _numbers(client.get(PUBLIC_URL, {"q": "beredskap"})) == []
    entry = CaseSearchEntry.objects.get(case=secret)
    assert entry.public_text == "" and not entry.is_public
    # Her own organisation's people find all three.
    client.force_login(alice)
    assert set(_numbers(client.get(URL, {"q": "beredskap"}))) == {
        secret.number,
        draft.number,
        public.number,
    }


def test_another_organisation_reads_only_what_the_public_may_read(
    client, ks, charlie, botkyrka
):
    secret = CaseFactory(
        board=ks,
        title="Hemlig Målbild",
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
    )
    public = CaseFactory(board=ks, title="Målbild för samverkan", status="approved")
    own_board = BoardFactory(
        organisation=botkyrka, name="Kommunstyrelsen", prefix="BKS"
    )
    own_secret = CaseFactory(
        board=own_board,
        title="Botkyrkas hemliga Målbild",
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
    )
    search_index_rebuild()
    client.force_login(charlie)
    found = _numbers(client.get(URL, {"q": "målbild"}))
    assert set(found) == {public.number, own_secret.number}
    assert secret.number not in found


def test_a_write_reaches_the_index_when_its_transaction_commits(
    ks, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = CaseFactory(board=ks, title="Trafiksäkerhet", status="approved")
        _report(case, "Hastighetsdämpande åtgärder vid skolor.")
    assert [hit.case for hit in search(alice, "skolorna").hits] == [case]
    with django_capture_on_commit_callbacks(execute=True):
        Section.objects.filter(document__case=case).delete()
        Section.objects.create(
            document=case.document,
            title="Ärendet",
            text="Cykelbanor längs Huddingevägen.",
        )
    assert search(alice, "skolor").hits == []
    assert [hit.case for hit in search(alice, "cykelbanorna").hits] == [case]


def test_the_text_of_an_attachment_is_found_once_the_worker_has_read_it(
    client, ks, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = CaseFactory(board=ks, title="Samverkansavtal", status="approved")
        document = _report(case, "Se bilagan.")
        attachment = Attachment.objects.create(
            document=document,
            title="Bilaga 1",
            file=ContentFile(
                docx_paragraphs("Utrymning av äldreboenden vid översvämningar"),
                name="bilaga.docx",
            ),
            original_name="bilaga.docx",
            content_type=DOCX,
        )
    client.force_login(alice)
    assert _numbers(client.get(URL, {"q": "översvämning"})) == []
    # The worker's task reads the file (PDF, DOCX, ODT, …); the index follows
    # when its transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        attachment_text_extract_now(attachment_id=attachment.pk)
    page = client.get(URL, {"q": "översvämning"})
    assert _numbers(page) == [case.number]
    assert "<mark>översvämningar</mark>" in page.context["results"].hits[0].snippet
    # The public reads the attachment of an approved public case's report too.
    client.logout()
    assert _numbers(client.get(PUBLIC_URL, {"q": "översvämningen"})) == [case.number]


def test_a_decision_is_public_once_the_minutes_are_adjusted(
    client, alice, meeting, secretary, ks
):
    case = CaseFactory(board=ks, title="Delårsrapport", status="approved")
    item = meeting_services.agenda_add(meeting=meeting, case=case, user=secretary)
    meeting_services.decision_record(
        item=item,
        user=secretary,
        kind=Decision.Kind.NOTE,
        text="Kommunstyrelsen noterar till protokollet att rapporten om översvämningar har lämnats.",
    )
    search_index_rebuild()
    assert _numbers(client.get(PUBLIC_URL, {"q": "översvämningar"})) == []
    client.force_login(alice)
    assert _numbers(client.get(URL, {"q": "översvämningar"})) == [case.number]
    meeting.adjusted_at = datetime.datetime(2023, 4, 20, tzinfo=datetime.UTC)
    meeting.save()
    search_index_rebuild()
    client.logout()
    assert _numbers(client.get(PUBLIC_URL, {"q": "översvämningar"})) == [case.number]


def test_facets_count_the_matches_and_a_filter_narrows_them(
    client, ks, huddinge, alice
):
    other = BoardFactory(
        organisation=huddinge, name="Barn- och utbildningsnämnden", prefix="BUN"
    )
    for year in (2022, 2023, 2023):
        CaseFactory(board=ks, title="Beredskap", year=year, status="approved")
    CaseFactory(board=other, title="Beredskap i skolan", year=2023, kind="information")
    search_index_rebuild()
    client.force_login(alice)
    page = client.get(URL, {"q": "beredskap"})
    facets = {facet.name: facet for facet in page.context["results"].facets}
    assert [(v.label, v.count) for v in facets["year"].values] == [
        ("2023", 3),
        ("2022", 1),
    ]
    assert {v.label: v.count for v in facets["board"].values} == {
        "Kommunstyrelsen, Huddinge kommun": 3,
        "Barn- och utbildningsnämnden, Huddinge kommun": 1,
    }
    narrowed = client.get(URL, {"q": "beredskap", "board": other.pk})
    assert _numbers(narrowed) == [Case.objects.get(board=other).number]
    assert (
        len(client.get(URL, {"q": "beredskap", "year": 2022}).context["results"].hits)
        == 1
    )
    assert (
        len(
            client.get(URL, {"q": "beredskap", "kind": "information"})
            .context["results"]
            .hits
        )
        == 1
    )


def test_a_bad_filter_is_named_in_swedish_and_the_search_goes_on(client, beredskap):
    use_language(client, "sv")
    page = client.get(PUBLIC_URL, {"q": "beredskap", "year": "tjugotjugo", "page": "x"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kunde inte läsa året, sidnumret; sökningen gjordes utan det." in html
    assert len(page.context["results"].hits) == 3


def test_pages_of_hits_and_a_count(client, ks, alice):
    for n in range(PER_PAGE + 3):
        CaseFactory(board=ks, title=f"Vägunderhåll etapp {n}", status="approved")
    search_index_rebuild()
    client.force_login(alice)
    first = client.get(URL, {"q": "vägunderhåll"})
    results = first.context["results"]
    assert (results.total, len(results.hits), results.has_next) == (
        PER_PAGE + 3,
        PER_PAGE,
        True,
    )
    second = client.get(URL, {"q": "vägunderhåll", "page": 2})
    assert len(second.context["results"].hits) == 3
    seen = {hit.case.pk for hit in results.hits} | {
        hit.case.pk for hit in second.context["results"].hits
    }
    assert len(seen) == PER_PAGE + 3


def test_a_case_is_found_by_a_fragment_of_its_number(client, ks, alice):
    case = CaseFactory(board=ks, title="Budget", status="approved")
    search_index_rebuild()
    client.force_login(alice)
    assert _numbers(client.get(URL, {"q": case.number})) == [case.number]
    if connection.vendor == "postgresql":
        fragment = case.number.split(" ")[1][:-1]  # "2023/1" of "KS 2023/12"
        assert case.number in _numbers(client.get(URL, {"q": fragment}))


@on_postgres
def test_a_misspelled_word_finds_titles_with_a_word_like_it(client, beredskap, alice):
    client.force_login(alice)
    page = client.get(URL, {"q": "beredksap"})
    results = page.context["results"]
    assert results.similar
    assert [hit.case for hit in results.hits][0] == beredskap[0]


def test_decisions_and_meetings_are_found(client, alice, decided, meeting):
    search_index_rebuild()
    client.force_login(alice)
    page = client.get(URL, {"q": "noterar till protokollet"})
    assert _numbers(page) == [decided.number]
    meetings = client.get(URL, {"q": "Kommunstyrelsesalen"}).context["results"].meetings
    assert [hit.title for hit in meetings] == ["Kommunstyrelsen 2023-04-12"]
    meetings = client.get(URL, {"q": "2023-04-12"}).context["results"].meetings
    assert [hit.title for hit in meetings] == ["Kommunstyrelsen 2023-04-12"]


def test_nothing_found_says_so_in_swedish(client, alice):
    use_language(client, "sv")
    client.force_login(alice)
    page = client.get(URL, {"q": "zzzz"}).content.decode()
    assert "Inga träffar för ”zzzz”." in page


def test_the_portal_search_needs_a_login_and_the_public_one_none(client):
    response = client.get(URL, {"q": "Målbild"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert client.get(PUBLIC_URL, {"q": "Målbild"}).status_code == 200


def test_the_header_has_a_search_box_for_a_logged_in_user(client, alice):
    use_language(client, "sv")
    assert 'role="search"' not in client.get(reverse("home")).content.decode()
    client.force_login(alice)
    page = client.get(reverse("home")).content.decode()
    assert (
        f'<form class="site-search" method="get" action="{URL}" role="search"' in page
    )
    assert '<label class="ds-sr-only" for="site-search-q">' in page


@pytest.mark.parametrize("count", [1, 12])
def test_the_search_makes_the_same_number_of_queries_however_much_it_finds(
    huddinge, ks, count, django_assert_num_queries
):
    other = BoardFactory(organisation=huddinge, name="Socialnämnden", prefix="SN")
    for n in range(count):
        CaseFactory(
            board=ks if n % 2 else other, title=f"Sökord ärende {n}", year=2020 + n % 4
        )
    search_index_rebuild()
    user = UserFactory(organisation=huddinge, roles=[Role.OFFICIAL])
    # The count with the facets' values, the page, the boards' names (no class
    # here: no query for its labels) and the meetings.
    with django_assert_num_queries(4):
        results = search(user, "sökord", filters=SearchFilters())
        assert len(results.hits) == min(count, PER_PAGE)
        [str(hit.case.board.organisation) for hit in results.hits]


def test_what_was_typed_shows_as_text(client, alice):
    client.force_login(alice)
    page = client.get(URL, {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_stored_tag_in_a_document_is_text_in_the_snippet(client, ks):
    case = CaseFactory(board=ks, title="Kultur", status="approved")
    _report(case, "Om a<b och <img src=x onerror=alert(1)> i biblioteket.")
    search_index_rebuild()
    page = client.get(PUBLIC_URL, {"q": "biblioteket"})
    snippet = page.context["results"].hits[0].snippet
    assert "<img" not in snippet and "&lt;img" in snippet
