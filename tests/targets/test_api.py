"""The målbild through the API: the public visions with every member's row, the
detail, the matrix filters, and the actions (approve, the member's case, the
coordinator's record of a member outside the portal, the follow-up) with the
services' rules and refusals."""

import datetime

import pytest

from cases.models import Case
from targets import services
from targets.models import (
    Activation,
    Goal,
    GoalFollowUp,
    MemberApproval,
    Milestone,
    Vision,
)
from tests.factories import AgencyFactory, BoardFactory, OrganisationFactory
from tests.helpers import login_verified, system, use_language

pytestmark = pytest.mark.django_db


def _row(vision, organisation) -> MemberApproval:
    return MemberApproval.objects.get(vision=vision, organisation=organisation)


def _members(data) -> dict:
    return {m["organisation"]["slug"]: m for m in data["members"]}


@pytest.fixture
def noted_by_botkyrka(botkyrka_decides) -> Case:
    """Botkyrka's case about the vision, approved by its director and noted by its
    board (§ 1 of 30 November 2026)."""
    return botkyrka_decides()


# The public list ----------------------------------------------------------------


def test_the_public_list_shows_every_members_status_and_board_decision(
    client, vision, noted_by_botkyrka, huddinge, lansstyrelsen
):
    response = client.get("/api/visions/")

    assert response.status_code == 200
    (data,) = response.json()["results"]
    assert data["title"] == vision.title
    assert (data["start_year"], data["end_year"]) == (2023, 2026)
    assert data["period"] == "2023–2026"
    assert data["aim"] == vision.aim
    assert data["adopted_on"] == "2023-03-10"
    members = _members(data)
    assert set(members) == {"huddinge", "botkyrka", lansstyrelsen.slug}
    botkyrka = members["botkyrka"]
    assert botkyrka["organisation"] == {
        "name": "Botkyrka kommun",
        "slug": "botkyrka",
        "kind": "kommun",
    }
    assert botkyrka["status"] == "noted"
    assert botkyrka["status_label"] == "Noterad av styrelsen"
    assert botkyrka["case_number"] == noted_by_botkyrka.number
    assert botkyrka["approved_on"] is not None
    assert botkyrka["approver"] == "Dag Direktör"
    assert botkyrka["decision_kind"] == "noted"
    assert botkyrka["decision_date"] == "2026-11-30"
    assert botkyrka["decision_paragraph"] == 1
    assert botkyrka["board_name"] == "Kommunstyrelsen"
    assert members["huddinge"]["status"] == "not_started"
    assert members["huddinge"]["decision_date"] is None
    # Swedish name order.
    assert [m["organisation"]["name"] for m in data["members"]] == sorted(
        m["organisation"]["name"] for m in data["members"]
    )


def test_a_typed_case_number_shows_for_a_member_outside_the_portal(
    client, vision, coordinator, lansstyrelsen
):
    services.member_record(
        approval=_row(vision, lansstyrelsen),
        user=coordinator,
        case_number="LS 2023-0001",
    )

    data = client.get("/api/visions/").json()["results"][0]

    row = _members(data)[lansstyrelsen.slug]
    assert row["case_number"] == "LS 2023-0001"
    assert row["status"] == "case_registered"


def test_the_status_labels_follow_the_language(client, vision):
    use_language(client, "en")

    data = client.get("/api/visions/").json()["results"][0]

    assert {m["status_label"] for m in data["members"]} == {"Not started"}


@pytest.mark.parametrize("size", [1, 4])
def test_the_list_takes_a_fixed_number_of_queries(
    client, vision, django_assert_num_queries, size
):
    for number in range(size):
        AgencyFactory(name=f"Myndighet {number}")
        services.vision_create(
            user=system(),
            title=f"Målbild {number}",
            start_year=2027 + 4 * number,
            aim="x",
        )

    with django_assert_num_queries(3):  # count, visions, members' rows
        response = client.get("/api/visions/")

    results = response.json()["results"]
    assert len(results) == 1 + size
    assert len(results[-1]["members"]) == 3 + size  # the oldest, 2023–2026


# The detail ----------------------------------------------------------------------


@pytest.fixture
def content(vision, coordinator):
    """Follow-ups, milestones and aktiverade lägen of the 2023–2026 vision."""
    stod, kommunikation = vision.goals.all()
    services.follow_up_set(goal=stod, year=2023, status="under_way", user=coordinator)
    services.follow_up_set(
        goal=stod, year=2024, status="reached", comment="Klart", user=coordinator
    )
    Milestone.objects.create(
        vision=vision,
        goal=stod,
        title="Exempel: Övning",
        due_date=datetime.date(2024, 6, 30),
    )
    Activation.objects.create(
        started_on=datetime.date(2023, 10, 1), reason="Våldet i länet"
    )
    Activation.objects.create(
        started_on=datetime.date(2018, 1, 1),
        ended_on=datetime.date(2018, 2, 1),
        reason="Före perioden",
    )
    return vision


def test_the_detail_has_the_visions_content(client, content, lansstyrelsen):
    vision = content

    response = client.get(f"/api/visions/{vision.pk}/")

    assert response.status_code == 200
    data = response.json()
    assert data["adopted_on"] == "2023-03-10"
    assert lansstyrelsen.slug in _members(data)
    assert [f["title"] for f in data["foundations"]] == ["Exempel: Lägesbild"]
    stod, kommunikation = data["goals"]
    assert stod["title"] == "Exempel: Stöd"
    assert [(f["year"], f["status"], f["comment"]) for f in stod["follow_ups"]] == [
        (2023, "under_way", ""),
        (2024, "reached", "Klart"),
    ]
    assert kommunikation["follow_ups"] == []
    (milestone,) = data["milestones"]
    assert milestone["title"] == "Exempel: Övning"
    assert milestone["status"] == "planned"
    (document,) = data["documents"]
    assert document["title"] == (
        "Gemensam målbild 2023-2026 Samverkan Stockholmsregionen"
    )
    document_pk = vision.documents.get().pk
    assert document["download_url"].endswith(
        f"/malbild/{vision.pk}/documents/{document_pk}/"
    )
    assert [a["reason"] for a in data["activations"]] == ["Våldet i länet"]
    assert data["activations"][0]["is_ongoing"] is True


@pytest.mark.parametrize("size", [1, 4])
def test_the_detail_takes_a_fixed_number_of_queries(
    client, content, coordinator, django_assert_num_queries, size
):
    vision = content
    for number in range(size):
        AgencyFactory(name=f"Myndighet {number}")
        goal = Goal.objects.create(vision=vision, position=5, title=f"Mål {number}")
        services.follow_up_set(goal=goal, year=2025, status="at_risk", user=coordinator)
        Milestone.objects.create(
            vision=vision, title=f"Steg {number}", due_date=datetime.date(2025, 1, 1)
        )
        Activation.objects.create(
            started_on=datetime.date(2024, 1, number + 1), reason=f"Läge {number}"
        )

    # vision, rows, foundations, goals, follow-ups, evidence, milestones,
    # documents, activations
    with django_assert_num_queries(9):
        response = client.get(f"/api/visions/{vision.pk}/")

    assert len(response.json()["goals"]) == 2 + size


def test_an_unknown_vision_is_a_404(client, db):
    assert client.get("/api/visions/99/").status_code == 404


# The members' matrix --------------------------------------------------------------


def test_the_members_list_filters_by_kind_and_status(client, vision, noted_by_botkyrka):
    response = client.get(
        f"/api/visions/{vision.pk}/members/", {"kind": "kommun", "status": "noted"}
    )

    assert response.status_code == 200
    data = response.json()
    assert [r["organisation"]["slug"] for r in data["results"]] == ["botkyrka"]
    assert data["total"] == 2  # the municipalities
    counts = {c["status"]: c["count"] for c in data["counts"]}
    assert counts["noted"] == 1 and counts["not_started"] == 1
    assert sum(counts.values()) == 2


def test_the_members_list_filters_by_kind_alone(client, vision, lansstyrelsen):
    data = client.get(
        f"/api/visions/{vision.pk}/members/", {"kind": "myndighet"}
    ).json()

    assert [r["organisation"]["slug"] for r in data["results"]] == [lansstyrelsen.slug]
    assert data["total"] == 1


def test_an_unknown_kind_or_status_is_a_400(client, vision):
    response = client.get(
        f"/api/visions/{vision.pk}/members/", {"kind": "planet", "status": "x"}
    )

    assert response.status_code == 400
    assert set(response.json()) == {"kind", "status"}


def test_one_members_row_by_slug(client, vision, huddinge):
    response = client.get(f"/api/visions/{vision.pk}/members/huddinge/")

    assert response.status_code == 200
    assert response.json()["organisation"]["name"] == "Huddinge kommun"
    assert client.get(f"/api/visions/{vision.pk}/members/nowhere/").status_code == 404


# Approve ------------------------------------------------------------------------


def test_the_director_approves_for_their_organisation(
    client, vision, director, huddinge
):
    login_verified(client, director)

    response = client.post(f"/api/visions/{vision.pk}/approve/")

    assert response.status_code == 200
    data = response.json()
    assert data["organisation"]["slug"] == "huddinge"
    assert data["status"] == "approved"
    assert data["approver"] == "Camilla Broo"
    row = _row(vision, huddinge)
    assert row.approved_by == director and row.approved_at is not None


@pytest.mark.parametrize("person", ["alice", "bob", "coordinator"])
def test_anyone_but_a_director_is_refused_with_a_403(
    client, vision, director, request, person
):
    user = request.getfixturevalue(person)
    login_verified(client, user)
    use_language(client, "en")

    response = client.post(f"/api/visions/{vision.pk}/approve/")

    assert response.status_code == 403
    assert "may approve the vision for it" in response.json()["detail"]
    assert not MemberApproval.objects.filter(approved_on__isnull=False).exists()


def test_an_anonymous_approval_is_refused(client, vision):
    response = client.post(f"/api/visions/{vision.pk}/approve/")

    assert response.status_code == 403
    assert "detail" in response.json()
    assert not MemberApproval.objects.filter(approved_on__isnull=False).exists()


def test_a_second_approval_is_a_409_with_the_message(
    client, vision, director, huddinge
):
    services.member_approve(vision=vision, user=director)
    before = _row(vision, huddinge).approved_at
    login_verified(client, director)
    use_language(client, "en")

    response = client.post(f"/api/visions/{vision.pk}/approve/")

    assert response.status_code == 409
    assert "Huddinge kommun approved the vision on" in response.json()["detail"]
    assert _row(vision, huddinge).approved_at == before


def test_approve_takes_no_get(client, vision, director):
    login_verified(client, director)

    assert client.get(f"/api/visions/{vision.pk}/approve/").status_code == 405


# The member's case ---------------------------------------------------------------


def test_an_official_creates_the_members_case(
    client, vision, charlie, botkyrka_ks, botkyrka
):
    login_verified(client, charlie)

    response = client.post(f"/api/visions/{vision.pk}/case/")

    assert response.status_code == 201
    case = Case.objects.get()
    data = response.json()
    assert data["id"] == case.pk
    assert data["number"] == case.number
    assert data["title"] == "Målbild Samverkan Stockholmsregionen 2023-2026"
    assert data["url"] == f"http://testserver{case.get_absolute_url()}"
    assert data["api_url"] == f"http://testserver/api/cases/{case.pk}/"
    assert case.board == botkyrka_ks
    assert _row(vision, botkyrka).case == case


def test_the_case_goes_to_the_board_asked_for(client, vision, charlie, botkyrka):
    BoardFactory(organisation=botkyrka, name="Kommunstyrelsen", prefix="KS")
    other = BoardFactory(
        organisation=botkyrka, name="Krisledningsnämnden", prefix="KLN"
    )
    login_verified(client, charlie)

    response = client.post(
        f"/api/visions/{vision.pk}/case/",
        {"board": other.pk},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert Case.objects.get().board == other


def test_a_second_case_is_a_409(client, vision, charlie, botkyrka_ks):
    case = services.member_case_create(vision=vision, user=charlie)
    login_verified(client, charlie)

    response = client.post(f"/api/visions/{vision.pk}/case/")

    assert response.status_code == 409
    assert case.number in response.json()["detail"]
    assert Case.objects.count() == 1


def test_someone_without_a_writing_role_gets_a_403(client, vision, bob, ks):
    login_verified(client, bob)
    use_language(client, "en")

    response = client.post(f"/api/visions/{vision.pk}/case/")

    assert response.status_code == 403
    assert "Only an official of a member" in response.json()["detail"]
    assert not Case.objects.exists()


def test_a_board_of_another_organisation_gets_a_403(
    client, vision, charlie, botkyrka_ks, ks
):
    login_verified(client, charlie)
    use_language(client, "en")

    response = client.post(
        f"/api/visions/{vision.pk}/case/",
        {"board": ks.pk},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert not Case.objects.exists()


def test_an_unknown_board_is_a_400(client, vision, charlie, botkyrka_ks):
    login_verified(client, charlie)

    response = client.post(
        f"/api/visions/{vision.pk}/case/",
        {"board": 9999},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "board" in response.json()
    assert not Case.objects.exists()


# The coordinator's record of a member outside the portal ----------------------------


def test_the_coordinator_records_what_an_outside_member_reports(
    client, vision, coordinator, lansstyrelsen
):
    login_verified(client, coordinator)

    response = client.patch(
        f"/api/visions/{vision.pk}/members/{lansstyrelsen.slug}/",
        {
            "case_number": "LS 2023-0001",
            "approved_on": "2023-04-01",
            "approver_name": "Länsöverdirektören",
            "board_name": "Länsledningen",
            "decision_kind": "noted",
            "decision_date": "2023-05-02",
            "decision_paragraph": 7,
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "noted"
    assert data["case_number"] == "LS 2023-0001"
    assert data["decision_date"] == "2023-05-02"
    assert data["decision_paragraph"] == 7
    row = _row(vision, lansstyrelsen)
    assert row.approver_name == "Länsöverdirektören"
    assert row.history.first().history_user == coordinator


def test_the_fields_left_out_keep_their_values(
    client, vision, coordinator, lansstyrelsen
):
    services.member_record(
        approval=_row(vision, lansstyrelsen), user=coordinator, case_number="LS 1"
    )
    login_verified(client, coordinator)

    response = client.patch(
        f"/api/visions/{vision.pk}/members/{lansstyrelsen.slug}/",
        {"note": "Per e-post"},
        content_type="application/json",
    )

    assert response.status_code == 200
    row = _row(vision, lansstyrelsen)
    assert (row.case_number, row.note) == ("LS 1", "Per e-post")


def test_a_decision_without_its_date_is_a_400_with_the_field(
    client, vision, coordinator, lansstyrelsen
):
    login_verified(client, coordinator)
    use_language(client, "en")

    response = client.patch(
        f"/api/visions/{vision.pk}/members/{lansstyrelsen.slug}/",
        {"decision_kind": "noted"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "decision_date": ["Give the date of the board's decision."]
    }
    assert _row(vision, lansstyrelsen).decision_kind == ""


def test_a_bad_date_is_a_400(client, vision, coordinator, lansstyrelsen):
    login_verified(client, coordinator)

    response = client.patch(
        f"/api/visions/{vision.pk}/members/{lansstyrelsen.slug}/",
        {"approved_on": "last spring"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "approved_on" in response.json()


def test_only_the_coordinator_records_a_members_row(
    client, vision, alice, lansstyrelsen
):
    login_verified(client, alice)
    use_language(client, "en")

    response = client.patch(
        f"/api/visions/{vision.pk}/members/{lansstyrelsen.slug}/",
        {"case_number": "LS 1"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only an SSR coordinator may change the vision."
    }
    assert _row(vision, lansstyrelsen).case_number == ""


def test_a_member_that_uses_the_portal_is_not_typed_in(
    client, vision, coordinator, alice, huddinge
):
    login_verified(client, coordinator)
    use_language(client, "en")

    response = client.patch(
        f"/api/visions/{vision.pk}/members/huddinge/",
        {"approved_on": "2023-04-01", "approver_name": "Någon"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "Huddinge kommun uses the portal" in response.json()["detail"]
    assert _row(vision, huddinge).approved_on is None


def test_an_anonymous_record_is_refused(client, vision, lansstyrelsen):
    response = client.patch(
        f"/api/visions/{vision.pk}/members/{lansstyrelsen.slug}/",
        {"case_number": "LS 1"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert _row(vision, lansstyrelsen).case_number == ""


# Follow-up -------------------------------------------------------------------------


def test_the_coordinator_records_a_goals_status_for_a_year(client, vision, coordinator):
    goal = vision.goals.first()
    login_verified(client, coordinator)
    use_language(client, "en")

    response = client.post(
        f"/api/visions/{vision.pk}/follow-ups/",
        {"goal": goal.pk, "year": 2024, "status": "at_risk", "comment": "Sen"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json() == {
        "goal": goal.pk,
        "year": 2024,
        "status": "at_risk",
        "status_label": "At risk",
        "comment": "Sen",
        "evidence": [],
    }
    row = GoalFollowUp.objects.get()
    assert (row.status, row.recorded_by) == ("at_risk", coordinator)

    response = client.post(
        f"/api/visions/{vision.pk}/follow-ups/",
        {"goal": goal.pk, "year": 2024, "status": "reached"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert GoalFollowUp.objects.get().status == "reached"


def test_a_year_outside_the_period_is_a_400_with_the_message(
    client, vision, coordinator
):
    login_verified(client, coordinator)
    use_language(client, "en")

    response = client.post(
        f"/api/visions/{vision.pk}/follow-ups/",
        {"goal": vision.goals.first().pk, "year": 2027, "status": "reached"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "year": ["The year must be within the period 2023–2026."]
    }
    assert not GoalFollowUp.objects.exists()


def test_a_goal_of_another_vision_or_a_bad_status_is_a_400(client, vision, coordinator):
    later = services.vision_create(
        user=system(), title="Nästa", start_year=2027, aim="x"
    )
    other_goal = Goal.objects.create(vision=later, title="Annat mål")
    login_verified(client, coordinator)

    response = client.post(
        f"/api/visions/{vision.pk}/follow-ups/",
        {"goal": other_goal.pk, "year": 2024, "status": "done"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"goal", "status"}
    assert not GoalFollowUp.objects.exists()


def test_only_the_coordinator_records_a_follow_up(client, vision, alice):
    login_verified(client, alice)

    response = client.post(
        f"/api/visions/{vision.pk}/follow-ups/",
        {"goal": vision.goals.first().pk, "year": 2024, "status": "reached"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["detail"]
    assert not GoalFollowUp.objects.exists()


# The schema ------------------------------------------------------------------------


def test_the_schema_documents_the_vision_paths(client, db):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    expected = {
        "/api/visions/": {"get"},
        "/api/visions/{id}/": {"get"},
        "/api/visions/{id}/members/": {"get"},
        "/api/visions/{id}/members/{slug}/": {"get", "patch"},
        "/api/visions/{id}/approve/": {"post"},
        "/api/visions/{id}/case/": {"post"},
        "/api/visions/{id}/follow-ups/": {"post"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
    approve = paths["/api/visions/{id}/approve/"]["post"]
    assert {"200", "403", "409"} <= set(approve["responses"])
    case = paths["/api/visions/{id}/case/"]["post"]
    assert "201" in case["responses"]
    assert "requestBody" in case
    record = paths["/api/visions/{id}/members/{slug}/"]["patch"]
    assert {"200", "400", "403"} <= set(record["responses"])


def test_the_api_root_lists_the_visions(client, db):
    response = client.get("/api/", HTTP_ACCEPT="application/json")

    assert response.json()["visions"].endswith("/api/visions/")


def test_a_vision_without_an_adoption_has_no_date(client, db):
    OrganisationFactory(name="Solna stad", slug="solna")
    Vision.objects.create(title="Utkast", start_year=2027, end_year=2030, aim="x")

    data = client.get("/api/visions/").json()["results"][0]

    assert data["adopted_on"] is None
    assert data["members"] == []  # rows come with vision_create


def test_an_outsider_with_bad_input_is_refused_before_the_input_is_read(
    client, vision, alice, lansstyrelsen
):
    login_verified(client, alice)

    response = client.patch(
        f"/api/visions/{vision.pk}/members/{lansstyrelsen.slug}/",
        {"approved_on": "last spring"},
        content_type="application/json",
    )

    assert response.status_code == 403
