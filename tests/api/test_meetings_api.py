"""GET /api/meetings/ and /api/meetings/<id>/: meetings with their agendas and
decisions, the items filtered like /api/cases/."""

import pytest

from cases.models import Secrecy
from cases.services import meetings as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(meeting, make_case, secretary, later_meeting):
    """A public case decided with a vote, a secret one postponed."""
    public = services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
    services.decision_record(
        item=public,
        user=secretary,
        kind="approve",
        text="Kommunstyrelsen godkänner målbilden.",
        votes=[services.VoteInput("Ja", 9), services.VoteInput("Nej", 4)],
        statements=[
            services.StatementInput(
                kind="reservation", member_name="Greta Gäst (S)", text="Emot."
            )
        ],
    )
    secret = make_case(
        secrecy=Secrecy.SECRET, secrecy_reference="OSL 18 kap. 13 §", title="Hemligt"
    )
    secret_item = services.agenda_add(meeting=meeting, case=secret, user=secretary)
    services.decision_record(
        item=secret_item,
        user=secretary,
        kind="postpone",
        text="Ärendet bordläggs.",
        later_meeting=later_meeting,
    )
    return meeting


def test_the_organisation_reads_the_whole_agenda_with_decisions(
    client, alice, agenda, later_meeting
):
    client.force_login(alice)
    data = client.get(f"/api/meetings/{agenda.pk}/").json()
    assert data["board"]["name"] == "Kommunstyrelsen"
    assert data["meeting_date"] == "2023-04-12"
    assert data["is_adjusted"] is False
    # No §§ until the minutes are sent for justering.
    assert [(i["paragraph"], i["decision"]["kind"]) for i in data["items"]] == [
        (None, "approve"),
        (None, "postpone"),
    ]
    first = data["items"][0]["decision"]
    assert first["votes"] == [
        {"option": "Ja", "count": 9},
        {"option": "Nej", "count": 4},
    ]
    assert first["statements"] == [
        {"kind": "reservation", "member": "Greta Gäst (S)", "text": "Emot."}
    ]
    assert data["items"][1]["decision"]["later_meeting"] == later_meeting.pk


def test_anonymous_users_see_only_the_public_items(client, agenda, later_meeting):
    data = client.get("/api/meetings/").json()
    meetings = (
        {m["id"]: m for m in data["results"]}
        if "results" in data
        else {m["id"]: m for m in data}
    )
    assert [i["case"]["title"] for i in meetings[agenda.pk]["items"]] == [
        "Målbild Samverkan Stockholmsregionen 2023-2026"
    ]
    assert meetings[later_meeting.pk]["items"] == []
    assert "Hemligt" not in str(data)


def test_another_organisation_sees_only_the_public_items(client, charlie, agenda):
    client.force_login(charlie)
    data = client.get(f"/api/meetings/{agenda.pk}/").json()
    assert len(data["items"]) == 1


def test_an_undecided_item_has_no_decision(client, alice, item):
    client.force_login(alice)
    data = client.get(f"/api/meetings/{item.meeting_id}/").json()
    assert data["items"][0]["decision"] is None
    assert data["items"][0]["paragraph"] is None


def test_meetings_filter_by_year(client, agenda, make_meeting):
    import datetime

    make_meeting(day=datetime.date(2024, 1, 17))
    data = client.get("/api/meetings/", {"year": 2024}).json()
    results = data.get("results", data)
    assert [m["meeting_date"] for m in results] == ["2024-01-17"]


def test_the_list_takes_a_fixed_number_of_queries(
    client, agenda, make_meeting, django_assert_max_num_queries
):
    import datetime

    for week in range(4):
        make_meeting(day=datetime.date(2023, 9, 1) + datetime.timedelta(weeks=week))
    with django_assert_max_num_queries(14):
        assert client.get("/api/meetings/").status_code == 200


def test_the_schema_documents_the_meetings(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert set(schema["paths"]["/api/meetings/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/meetings/{id}/"]) == {"get", "patch"}
    assert "visible_to" in schema["paths"]["/api/meetings/"]["get"]["description"]


@pytest.mark.parametrize("year", ["-1", "0", "10000", "99999999999999999999", "1e400"])
def test_a_year_without_dates_is_a_400_with_the_reason_not_a_500(client, year):
    response = client.get("/api/meetings/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()
