"""The vision's pages: the list, the vision's page (public, a fixed number of
queries), its bilagor, and the actions of a member's people on it: create the
member's case, the kommundirektör's approval."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from members.models import Population
from members.roles import Role
from targets.models import (
    Activation,
    Goal,
    MemberApproval,
    Milestone,
    VisionDocument,
    VisionVersion,
)
from tests.factories import BoardFactory, OrganisationFactory, UserFactory
from tests.helpers import login_verified, system, use_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_en(client):
    return use_language(client, "en")


def _url(vision, name="targets:vision", **kwargs):
    return reverse(name, kwargs={"pk": vision.pk, **kwargs})


def _row(vision, organisation):
    return MemberApproval.objects.get(vision=vision, organisation=organisation)


# --- reading ------------------------------------------------------------------------


def test_the_list_shows_each_vision_with_its_period_and_adoption(client_en, vision):
    from targets import services

    older = services.vision_create(
        user=system(), title="Målbild 2019-2022", start_year=2019, aim="Tidigare mål"
    )
    response = client_en.get(reverse("targets:visions"))
    assert response.status_code == 200
    page = response.content.decode()
    assert vision.get_absolute_url() in page and older.get_absolute_url() in page
    assert "2023–2026" in page and "2019–2022" in page
    assert "10 March 2023" in page and "Regionala chefsgruppen" in page
    assert "Not adopted yet (draft)" in page  # the older one has no adoption
    items = response.context["items"]
    # The period that holds today (2026) is current, else the newest; first either way.
    assert items[0].vision == vision and items[0].is_current
    assert "Current vision" in page


def test_the_vision_page_is_public(client_en, vision, botkyrka):
    Activation.objects.create(
        started_on=datetime.date(2023, 10, 1), reason="Våldet i länet"
    )
    Milestone.objects.create(
        vision=vision,
        goal=vision.goals.first(),
        title="Exempel: Stödöverenskommelse",
        due_date=datetime.date(2024, 6, 30),
        status=Milestone.Status.DONE,
    )
    response = client_en.get(_url(vision))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<blockquote" in page and "Att tillsammans skapa trygghet" in page
    assert "Exempel: Lägesbild" in page  # a foundation
    assert "Exempel: Kommunikation" in page  # a goal
    assert "Exempel: Stödöverenskommelse" in page and "2024-06-30" in page
    assert "Goal 1" in page
    document = vision.documents.get()
    assert document.get_absolute_url() in page
    assert "Våldet i länet" in page and "ongoing" in page and "Not stated" in page
    assert "Version 1" in page and "Adopted" in page  # the versions
    assert "History" in page
    # The members' summary: counts per status and the link to the matrix.
    assert response.context["matrix"].total == MemberApproval.objects.count()
    assert "Not started" in page
    assert reverse("targets:matrix", args=[vision.pk]) in page
    # Nothing of a member's own, and the costs only after logging in.
    assert "Your organisation" not in page
    assert response.context["costs"] is None
    assert "Log in" in page


def test_the_vision_page_in_swedish(client, vision):
    response = client.get(_url(vision))
    assert response.status_code == 200
    assert "Målbild" in response.content.decode()


def test_an_unknown_vision_is_404(client):
    assert client.get(reverse("targets:vision", args=[999])).status_code == 404


def test_a_bilaga_downloads_as_an_attachment_under_its_name(client, vision):
    document = vision.documents.get()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="malbild.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n"


def test_a_bilaga_name_cannot_break_the_header(client, vision):
    document = VisionDocument(
        vision=vision, title="Farlig", original_name='a"b\r\nX-Evil: 1.pdf'
    )
    document.file.save("farlig.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    document.content_type = "application/pdf"
    document.save()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert "\n" not in response["Content-Disposition"]
    assert "X-Evil" not in response.headers or response.headers.get("X-Evil") is None


def test_a_bilaga_of_another_vision_or_without_file_is_404(client, vision):
    from targets import services

    other = services.vision_create(
        user=system(), title="Nästa", start_year=2027, aim="x"
    )
    document = vision.documents.get()
    url = reverse("targets:document", args=[other.pk, document.pk])
    assert client.get(url).status_code == 404
    empty = VisionDocument.objects.create(vision=vision, title="Ingen fil")
    assert client.get(empty.get_absolute_url()).status_code == 404


def _grow(vision, n):
    """More of everything the page lists."""
    for index in range(n):
        goal = Goal.objects.create(
            vision=vision, position=10 + index, title=f"Mål {index}"
        )
        Milestone.objects.create(
            vision=vision,
            goal=goal,
            title=f"Steg {index}",
            due_date=datetime.date(2025, 1, 1),
        )
        Activation.objects.create(
            started_on=datetime.date(2024, 1, 1 + index), reason=f"Läge {index}"
        )
        VisionVersion.objects.create(
            vision=vision,
            number=10 + index,
            kind=VisionVersion.Kind.REVISED,
            date=datetime.date(2024, 2, 1 + index),
        )
        VisionDocument.objects.create(vision=vision, title=f"Bilaga {index}")
        OrganisationFactory(name=f"Medlem {index}")
    from targets import services

    services.approvals_ensure(vision)
    vision.description = "Ändrad"
    vision.save()


def _count_queries(client, url):
    """The page's queries, as django_assert_num_queries counts them (without the
    session's, tests/conftest.py)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return sum('"django_session"' not in query["sql"] for query in queries)


def test_the_vision_page_uses_a_fixed_number_of_queries(
    client, vision, charlie, botkyrka_ks, django_assert_num_queries
):
    url = _url(vision)
    anonymous = _count_queries(client, url)
    client.force_login(charlie)
    logged_in = _count_queries(client, url)
    _grow(vision, 4)
    with django_assert_num_queries(logged_in):
        client.get(url)
    client.logout()
    with django_assert_num_queries(anonymous):
        client.get(url)
    # Pinned: the vision, versions, history (2), foundations, goals, milestones,
    # documents, activations and the members' rows; logged in, the user and
    # their organisation, their roles, their boards, and one query per budget
    # year for the costs, and the main menu's inbox count.
    assert (anonymous, logged_in) == (10, 19)


def test_the_list_uses_a_fixed_number_of_queries(
    client, vision, django_assert_num_queries
):
    from targets import services

    url = reverse("targets:visions")
    before = _count_queries(client, url)
    services.vision_create(user=system(), title="Äldre", start_year=2019, aim="x")
    services.vision_create(user=system(), title="Nästa", start_year=2027, aim="x")
    with django_assert_num_queries(before):
        client.get(url)


# --- the logged-in member's own row, and the costs ------------------------------------


def test_a_member_sees_its_own_row_and_the_cost_per_year(
    client_en, vision, charlie, botkyrka, huddinge, botkyrka_ks
):
    for organisation, population in ((huddinge, 113000), (botkyrka, 95000)):
        Population.objects.create(
            organisation=organisation, year=2022, population=population
        )
    login_verified(client_en, charlie)
    response = client_en.get(_url(vision))
    page = response.content.decode()
    assert "Your organisation: Botkyrka kommun" in page
    assert "No case yet" in page and "Not approved yet" in page
    assert "Create our case about the vision" in page
    assert "Approve the vision for" not in page  # an official, not the director
    costs = response.context["costs"]
    years = {year.budget_year: year for year in costs.years}
    assert list(years) == [2023, 2024, 2025, 2026]
    assert years[2023].population_year == 2022 and years[2023].part is not None
    assert str(years[2023].own_share) == "45.673"  # 95 000 of 208 000
    assert years[2024].part is None
    assert "31 December 2023" in years[2024].problem
    assert "Split among 2 municipalities by population" in page
    assert reverse("members:costs") in page


def test_a_year_some_populations_are_missing_for_names_them_in_swedish(
    client, vision, charlie, botkyrka, huddinge, botkyrka_ks
):
    Population.objects.create(organisation=huddinge, year=2022, population=113000)
    client = use_language(client, "sv")
    login_verified(client, charlie)
    page = client.get(_url(vision)).content.decode()
    # Not "Alla kommuner har ännu inte …", which reads as "none has".
    assert (
        "Några kommuner saknar ännu folkmängd den 31 december 2022: Botkyrka kommun."
        in page
    )
    assert "Alla kommuner har ännu inte" not in page


def test_the_coordinator_is_offered_the_import_for_the_missing_years(
    client, vision, coordinator, huddinge
):
    client = use_language(client, "sv")
    login_verified(client, coordinator)
    page = client.get(_url(vision)).content.decode()
    assert reverse("members:population-import") in page
    assert "Importera SCB:s folkmängd" in page


# --- creating the member's case ---------------------------------------------------------


def test_an_official_creates_the_members_case_from_the_vision(
    client_en, vision, charlie, botkyrka, botkyrka_ks, ssr, lansstyrelsen
):
    login_verified(client_en, charlie)
    response = client_en.post(_url(vision, "targets:create_case"))
    case = Case.objects.get(board=botkyrka_ks)
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.title == "Målbild Samverkan Stockholmsregionen 2023-2026"
    assert case.handler == charlie
    assert _row(vision, botkyrka).case == case
    page = client_en.get(response["Location"]).content.decode()
    assert f"The case {case.number} about" in page  # the success message
    # … and the case page links back to the vision, with the member's status.
    assert f'href="{vision.get_absolute_url()}"' in page
    assert "Botkyrka kommun: Case registered" in page
    page = client_en.get(_url(vision)).content.decode()
    assert "Create our case about the vision" not in page
    assert case.get_absolute_url() in page and case.number in page


def test_a_second_case_is_refused_with_a_message(
    client_en, vision, charlie, botkyrka, botkyrka_ks, ssr, lansstyrelsen
):
    login_verified(client_en, charlie)
    client_en.post(_url(vision, "targets:create_case"))
    response = client_en.post(_url(vision, "targets:create_case"))
    assert response.status_code == 409
    assert "already has its case about the vision" in response.content.decode()
    assert Case.objects.filter(board=botkyrka_ks).count() == 1


def test_with_two_boards_the_official_chooses_one(
    client_en, vision, charlie, botkyrka, botkyrka_ks, ssr, lansstyrelsen
):
    other = BoardFactory(
        organisation=botkyrka, name="Krisledningsnämnden", prefix="KLN"
    )
    login_verified(client_en, charlie)
    page = client_en.get(_url(vision)).content.decode()
    assert 'type="radio"' in page and "Krisledningsnämnden" in page
    response = client_en.post(_url(vision, "targets:create_case"))
    assert response.status_code == 400
    assert "Choose the board of the case." in response.content.decode()
    assert not Case.objects.exists()
    foreign = BoardFactory(name="Annan", prefix="AN")
    response = client_en.post(
        _url(vision, "targets:create_case"), {"board": foreign.pk}
    )
    assert response.status_code == 400
    assert not Case.objects.exists()
    response = client_en.post(_url(vision, "targets:create_case"), {"board": other.pk})
    assert response.status_code == 302
    assert Case.objects.get().board == other


def test_someone_who_may_not_write_cases_is_refused(client_en, vision, coordinator):
    login_verified(client_en, coordinator)
    page = client_en.get(_url(vision)).content.decode()
    assert "Create our case about the vision" not in page
    response = client_en.post(_url(vision, "targets:create_case"))
    assert response.status_code == 403
    assert "Only an official of a member" in response.content.decode()
    assert not Case.objects.exists()


def test_the_actions_need_a_login_and_a_post(client, vision):
    for name in ("targets:create_case", "targets:approve"):
        response = client.post(_url(vision, name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not Case.objects.exists()


def test_the_actions_refuse_get(client, vision, botkyrka_director):
    login_verified(client, botkyrka_director)
    for name in ("targets:create_case", "targets:approve"):
        assert client.get(_url(vision, name)).status_code == 405


# --- the director's approval ------------------------------------------------------------


def test_a_crafted_approval_by_anyone_but_the_director_is_refused(
    client_en, vision, charlie, director, botkyrka, huddinge
):
    for person in (charlie, director):
        login_verified(client_en, person)
        before = _row(vision, botkyrka).updated_at
        response = client_en.post(_url(vision, "targets:approve"))
        if person == director:  # Huddinge's director approves for Huddinge only
            assert response.status_code == 302
            continue
        assert response.status_code == 403
        page = response.content.decode()
        assert "Only the chief executive of Botkyrka kommun may approve" in page
        assert "Nothing was changed." in page
        row = _row(vision, botkyrka)
        assert row.approved_on is None and row.updated_at == before
    assert _row(vision, botkyrka).approved_on is None
    assert _row(vision, huddinge).approved_by == director


def test_the_director_approves_the_vision(
    client_en, vision, botkyrka_director, botkyrka, botkyrka_ks
):
    login_verified(client_en, botkyrka_director)
    page = client_en.get(_url(vision)).content.decode()
    assert "Approve the vision for Botkyrka kommun" in page
    response = client_en.post(_url(vision, "targets:approve"), follow=True)
    assert response.redirect_chain[-1][0] == _url(vision)
    row = _row(vision, botkyrka)
    assert row.approved_by == botkyrka_director and row.approved_on is not None
    page = response.content.decode()
    assert "You approved" in page
    assert "Approved by Dag Direktör on" in page
    assert "Approve the vision for Botkyrka kommun" not in page
    again = client_en.post(_url(vision, "targets:approve"))
    assert again.status_code == 409
    assert "approved the vision on" in again.content.decode()


def test_an_approval_without_two_factor_login_is_refused(
    client_en, vision, botkyrka_director, botkyrka, botkyrka_ks
):
    client_en.force_login(botkyrka_director)

    response = client_en.post(_url(vision, "targets:approve"))

    assert response.status_code == 403
    page = response.content.decode()
    assert "Two-factor login is needed" in page
    assert reverse("account:two-factor") in page
    assert _row(vision, botkyrka).approved_on is None


def test_a_director_also_may_create_the_case(
    client_en, vision, botkyrka_ks, botkyrka, ssr, lansstyrelsen
):
    director = UserFactory(organisation=botkyrka, roles=[Role.DIRECTOR])
    login_verified(client_en, director)
    response = client_en.post(_url(vision, "targets:create_case"))
    assert response.status_code == 302
    assert _row(vision, botkyrka).case.handler == director


def test_a_case_the_service_finds_invalid_is_shown_in_the_form(
    client_en, vision, charlie, botkyrka_ks, monkeypatch
):
    from django.core.exceptions import ValidationError

    from targets import services

    def invalid(**kwargs):
        raise ValidationError({"board": "The board is closed."})

    monkeypatch.setattr(services, "member_case_create", invalid)
    login_verified(client_en, charlie)
    response = client_en.post(_url(vision, "targets:create_case"))
    assert response.status_code == 400
    assert "The board is closed." in response.content.decode()
