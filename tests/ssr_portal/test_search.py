"""/sok/?q=: the portal's search over cases, documents, decisions and meetings,
as far as the user may see them (ssr_portal/search.py)."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Decision, Document, JournalEntry, Secrecy
from cases.services import meetings as meeting_services
from members.roles import Role
from ssr_portal.search import search
from tests.factories import BoardFactory, CaseFactory, UserFactory
from tests.helpers import use_language

pytestmark = pytest.mark.django_db

URL = reverse("search")


@pytest.fixture
def secret(make_case):
    return make_case(
        title="Säkerhetsskyddsanalys Målbild",
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
    )


@pytest.fixture
def botkyrka_secret(botkyrka):
    board = BoardFactory(organisation=botkyrka, name="Kommunstyrelsen", prefix="BKS")
    return CaseFactory(
        board=board,
        title="Hemlig Målbild i Botkyrka",
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
    )


def _titles(response, kind: str) -> list[str]:
    groups = {group.kind: group for group in response.context["results"].groups}
    return [hit.title for hit in groups[kind].hits]


def test_the_search_finds_a_case_by_number_and_title(client, alice, make_case):
    case = make_case(title="Regional risk- och sårbarhetsanalys")
    client.force_login(alice)
    by_title = client.get(URL, {"q": "sårbarhet"})
    assert by_title.status_code == 200
    assert _titles(by_title, "cases") == [f"{case.number} {case.title}"]
    assert f'href="{case.get_absolute_url()}"' in by_title.content.decode()
    assert _titles(client.get(URL, {"q": case.number}), "cases") == [
        f"{case.number} {case.title}"
    ]


def test_a_secret_case_is_found_only_by_its_own_organisation(
    client, alice, charlie, secret, botkyrka_secret
):
    client.force_login(charlie)
    assert _titles(client.get(URL, {"q": "Målbild"}), "cases") == [
        f"{botkyrka_secret.number} {botkyrka_secret.title}"
    ]
    client.force_login(alice)
    page = client.get(URL, {"q": "Målbild"})
    assert _titles(page, "cases") == [f"{secret.number} {secret.title}"]
    assert "Botkyrka" not in page.content.decode()


def test_documents_are_found_and_a_secret_entry_only_by_its_organisation(
    client, alice, charlie, make_case
):
    case = make_case(title="Samverkansavtal")
    Document.objects.create(
        case=case,
        title="Avtal om krisberedskap",
        document_date=datetime.date(2023, 4, 1),
    )
    JournalEntry.objects.create(
        case=case,
        serial=1,
        direction="incoming",
        document_date=datetime.date(2023, 3, 1),
        received_date=datetime.date(2023, 3, 2),
        subject="Krisberedskap: hemlig bilaga",
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
    )
    client.force_login(alice)
    assert _titles(client.get(URL, {"q": "krisberedskap"}), "documents") == [
        f"{case.number} Avtal om krisberedskap",
        f"{case.number}-1 Krisberedskap: hemlig bilaga",
    ]
    client.force_login(charlie)
    assert _titles(client.get(URL, {"q": "krisberedskap"}), "documents") == [
        f"{case.number} Avtal om krisberedskap"
    ]


def test_decisions_and_meetings_are_found(client, alice, decided, meeting):
    client.force_login(alice)
    page = client.get(URL, {"q": "noterar till protokollet"})
    assert _titles(page, "decisions") == [f"{decided.number} {decided.title}"]
    assert _titles(client.get(URL, {"q": "Kommunstyrelsesalen"}), "meetings") == [
        "Kommunstyrelsen 2023-04-12"
    ]
    assert _titles(client.get(URL, {"q": "2023-04-12"}), "meetings") == [
        "Kommunstyrelsen 2023-04-12"
    ]


def test_the_decision_of_a_secret_case_is_not_found_by_another_organisation(
    client, charlie, secret, meeting, secretary
):
    item = meeting_services.agenda_add(meeting=meeting, case=secret, user=secretary)
    meeting_services.decision_record(
        item=item, user=secretary, kind=Decision.Kind.NOTE, text="Hemligt beslut"
    )
    client.force_login(charlie)
    assert _titles(client.get(URL, {"q": "Hemligt beslut"}), "decisions") == []


def test_nothing_found_says_so_in_swedish(client, alice):
    use_language(client, "sv")
    client.force_login(alice)
    page = client.get(URL, {"q": "zzzz"}).content.decode()
    assert "Inga träffar för ”zzzz”." in page


def test_the_search_needs_a_login(client):
    response = client.get(URL, {"q": "Målbild"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_header_has_a_search_box_for_a_logged_in_user(client, alice):
    use_language(client, "sv")
    assert 'role="search"' not in client.get(reverse("home")).content.decode()
    client.force_login(alice)
    page = client.get(reverse("home")).content.decode()
    assert (
        f'<form class="site-search" method="get" action="{URL}" role="search"' in page
    )
    assert '<label class="ds-sr-only" for="site-search-q">' in page


def _make_world(huddinge, ks, secretary, count: int) -> None:
    from cases.services import meetings as services

    for n in range(count):
        case = CaseFactory(board=ks, title=f"Sökord ärende {n}", status="approved")
        Document.objects.create(
            case=case,
            title=f"Sökord skrivelse {n}",
            document_date=datetime.date(2023, 4, 1),
        )
        meeting = services.meeting_create(
            board=ks,
            user=secretary,
            meeting_date=datetime.date(2023, 5, 1) + datetime.timedelta(days=n),
            start_time=datetime.time(13, 0),
            place=f"Sökordssalen {n}",
        )
        item = services.agenda_add(meeting=meeting, case=case, user=secretary)
        services.decision_record(
            item=item,
            user=secretary,
            kind=Decision.Kind.NOTE,
            text=f"Sökord beslut {n}",
        )


@pytest.mark.parametrize("count", [1, 4])
def test_the_search_makes_the_same_number_of_queries_however_much_it_finds(
    huddinge, ks, secretary, count, django_assert_num_queries
):
    _make_world(huddinge, ks, secretary, count)
    user = UserFactory(organisation=huddinge, roles=[Role.OFFICIAL])
    with django_assert_num_queries(5):
        results = search(user, "Sökord", limit=3)
    hits = {group.kind: len(group.hits) for group in results.groups}
    assert hits == {
        "cases": min(count, 3),
        "documents": min(count, 3),
        "decisions": min(count, 3),
        "meetings": min(count, 3),
    }


def test_what_was_typed_shows_as_text(client, alice):
    client.force_login(alice)
    page = client.get(URL, {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
