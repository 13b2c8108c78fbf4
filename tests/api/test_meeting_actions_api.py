"""The meeting steps through the API: meetings, the agenda, decisions and the
justering, with the same services and refusals as the meeting pages."""

import datetime
import json

import pytest

from cases.models import (
    AgendaItem,
    Case,
    ChangeProposal,
    Decision,
    Meeting,
    Secrecy,
)
from cases.services import justering as justering_services
from cases.services import meetings as meeting_services
from tests.helpers import login_verified

pytestmark = pytest.mark.django_db


def send(client, url, data=None, method="post"):
    return getattr(client, method)(
        url, data=json.dumps(data or {}), content_type="application/json"
    )


def status_of(case):
    return Case.objects.get(pk=case.pk).status


def adjust(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        adjusted_at=datetime.datetime(2023, 4, 20, tzinfo=datetime.UTC)
    )


# Meetings -------------------------------------------------------------------


def meeting_data(ks, **fields):
    data = {
        "board": ks.pk,
        "meeting_date": "2023-06-14",
        "start_time": "13:00",
        "place": "Kommunstyrelsesalen",
    }
    data.update(fields)
    return data


def test_the_secretary_creates_a_meeting(client, ks, secretary, chair, adjuster):
    login_verified(client, secretary)
    response = send(
        client,
        "/api/meetings/",
        meeting_data(ks, chair=chair.pk, adjusters=[adjuster.pk]),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["meeting_date"] == "2023-06-14"
    assert body["chair"] == str(chair)
    assert body["adjusters"] == [str(adjuster)]
    assert Meeting.objects.get(pk=body["id"]).place == "Kommunstyrelsesalen"


def test_creating_a_meeting_is_refused(client, ks, alice, secretary, charlie):
    assert send(client, "/api/meetings/", meeting_data(ks)).status_code == 403
    login_verified(client, alice)
    response = send(client, "/api/meetings/", meeting_data(ks))
    assert response.status_code == 403
    assert "nämndsekreterare" in response.json()["detail"]
    login_verified(client, secretary)
    response = send(client, "/api/meetings/", meeting_data(ks, place=""))
    assert response.status_code == 400
    assert "place" in response.json()
    response = send(client, "/api/meetings/", meeting_data(ks, chair=charlie.pk))
    assert response.status_code == 400
    assert "chair" in response.json()
    response = send(client, "/api/meetings/", meeting_data(ks, adjusters=[charlie.pk]))
    assert response.status_code == 400
    assert "adjusters" in response.json()
    assert not Meeting.objects.exists()


def test_the_secretary_changes_a_meeting(client, meeting, secretary, alice):
    url = f"/api/meetings/{meeting.pk}/"
    login_verified(client, alice)
    assert send(client, url, {"place": "Nytt"}, "patch").status_code == 403
    login_verified(client, secretary)
    response = send(client, url, {"place": "Sessionssalen"}, "patch")
    assert response.status_code == 200
    assert response.json()["place"] == "Sessionssalen"
    assert response.json()["start_time"] == "13:00:00"
    assert send(client, url, {"start_time": "x"}, "patch").status_code == 400
    assert send(client, "/api/meetings/999999/", {}, "patch").status_code == 404
    assert send(client, url, {}, "put").status_code == 405
    adjust(meeting)
    response = send(client, url, {"place": "Annat"}, "patch")
    assert response.status_code == 409
    assert Meeting.objects.get(pk=meeting.pk).place == "Sessionssalen"


# The agenda -----------------------------------------------------------------


def test_the_secretary_places_a_case_on_the_agenda(
    client, meeting, approved_case, secretary
):
    login_verified(client, secretary)
    response = send(
        client, f"/api/meetings/{meeting.pk}/agenda/", {"case": approved_case.pk}
    )
    assert response.status_code == 201
    [item] = response.json()["items"]
    assert item["case"]["id"] == approved_case.pk
    assert item["id"] == AgendaItem.objects.get(case=approved_case).pk
    assert status_of(approved_case) == Case.Status.ON_AGENDA


def test_placing_on_the_agenda_is_refused(
    client, meeting, make_case, approved_case, secretary, alice, botkyrka_ks
):
    url = f"/api/meetings/{meeting.pk}/agenda/"
    login_verified(client, alice)
    assert send(client, url, {"case": approved_case.pk}).status_code == 403
    assert status_of(approved_case) == Case.Status.APPROVED
    login_verified(client, secretary)
    drafting = make_case(status=Case.Status.DRAFTING)
    response = send(client, url, {"case": drafting.pk})
    assert response.status_code == 409
    assert drafting.number in response.json()["detail"]
    other = make_case(
        board=botkyrka_ks, secrecy=Secrecy.SECRET, secrecy_reference="OSL 18 kap. 13 §"
    )
    response = send(client, url, {"case": other.pk})
    assert response.status_code == 400  # not visible: no such case
    assert "case" in response.json()
    assert send(client, url, {}).status_code == 400
    assert send(client, "/api/meetings/999999/agenda/", {}).status_code == 404
    assert not AgendaItem.objects.exists()


def test_the_secretary_takes_an_item_off_the_agenda(
    client, meeting, item, secretary, alice
):
    url = f"/api/meetings/{meeting.pk}/agenda/{item.pk}/remove/"
    login_verified(client, alice)
    assert send(client, url).status_code == 403
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    login_verified(client, secretary)
    response = send(client, url)
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert status_of(item.case) == Case.Status.APPROVED
    assert send(client, url).status_code == 404


def test_a_decided_or_invisible_item_stays_on_the_agenda(
    client, meeting, decided_item, jmeeting, make_case, secretary, charlie
):
    login_verified(client, secretary)
    url = f"/api/meetings/{jmeeting.pk}/agenda/{decided_item.pk}/remove/"
    assert send(client, url).status_code == 409
    secret = make_case(secrecy=Secrecy.SECRET, secrecy_reference="OSL 18 kap. 13 §")
    item = meeting_services.agenda_add(meeting=meeting, case=secret, user=secretary)
    login_verified(client, charlie)
    url = f"/api/meetings/{meeting.pk}/agenda/{item.pk}/remove/"
    assert send(client, url).status_code == 404
    # The item of another meeting is not this meeting's.
    login_verified(client, secretary)
    url = f"/api/meetings/{meeting.pk}/agenda/{decided_item.pk}/remove/"
    assert send(client, url).status_code == 404


def test_the_secretary_moves_an_item(client, meeting, make_case, secretary, alice):
    first, second = (
        meeting_services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
        for _ in range(2)
    )
    url = f"/api/meetings/{meeting.pk}/agenda/{second.pk}/move/"
    login_verified(client, alice)
    assert send(client, url, {"direction": "up"}).status_code == 403
    login_verified(client, secretary)
    assert send(client, url, {"direction": "sideways"}).status_code == 400
    response = send(client, url, {"direction": "up"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["items"]] == [second.pk, first.pk]
    adjust(meeting)
    assert send(client, url, {"direction": "down"}).status_code == 409
    assert AgendaItem.objects.get(pk=second.pk).position == 1


# Decisions ------------------------------------------------------------------


def test_the_secretary_records_a_decision(client, meeting, item, secretary, alice):
    url = f"/api/meetings/{meeting.pk}/agenda/{item.pk}/decision/"
    data = {
        "kind": "approve",
        "text": "Kommunstyrelsen godkänner målbilden.",
        "votes": [{"option": "Bifall", "count": 9}, {"option": "Avslag", "count": 4}],
        "statements": [{"kind": "reservation", "member_name": "Eva (V)"}],
    }
    login_verified(client, alice)
    assert send(client, url, data).status_code == 403
    assert not Decision.objects.exists()
    login_verified(client, secretary)
    response = send(client, url, data)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["paragraph"] is None  # given when the minutes are sent
    assert body["decision"]["kind"] == "approve"
    assert body["decision"]["votes"] == data["votes"]
    assert status_of(item.case) == Case.Status.DECIDED
    response = send(client, url, data)
    assert response.status_code == 409
    assert Decision.objects.count() == 1


def test_a_decision_needs_its_input(client, meeting, item, secretary):
    url = f"/api/meetings/{meeting.pk}/agenda/{item.pk}/decision/"
    login_verified(client, secretary)
    assert "text" in send(client, url, {"kind": "approve"}).json()
    response = send(client, url, {"kind": "postpone", "text": "Bordläggs."})
    assert response.status_code == 400
    assert "later_meeting" in response.json()
    assert send(client, url, {"kind": "bogus", "text": "x"}).status_code == 400
    assert not Decision.objects.exists()
    assert status_of(item.case) == Case.Status.ON_AGENDA


def test_a_postponed_case_joins_the_later_agenda(
    client, meeting, later_meeting, item, secretary
):
    login_verified(client, secretary)
    response = send(
        client,
        f"/api/meetings/{meeting.pk}/agenda/{item.pk}/decision/",
        {"kind": "postpone", "text": "Bordläggs.", "later_meeting": later_meeting.pk},
    )
    assert response.status_code == 201
    assert response.json()["decision"]["later_meeting"] == later_meeting.pk
    assert later_meeting.items.filter(case=item.case).exists()


# Justering ------------------------------------------------------------------


def test_sending_and_confirming_the_minutes(
    client, jmeeting, decided_item, secretary, chair, adjuster, alice
):
    send_url = f"/api/meetings/{jmeeting.pk}/send-for-justering/"
    confirm_url = f"/api/meetings/{jmeeting.pk}/confirm/"
    login_verified(client, chair)
    assert send(client, confirm_url).status_code == 409  # not sent yet
    login_verified(client, alice)
    assert send(client, send_url).status_code == 403
    login_verified(client, secretary)
    response = send(client, send_url)
    assert response.status_code == 200
    assert response.json()["state"] == "open"
    assert sorted(response.json()["waiting_for"]) == sorted([str(chair), str(adjuster)])
    assert send(client, send_url).status_code == 409
    assert send(client, confirm_url).status_code == 403  # nobody confirms for others
    login_verified(client, chair)
    response = send(client, confirm_url)
    assert response.status_code == 200
    assert response.json()["confirmations"][0]["role"] == "chair"
    assert send(client, confirm_url).status_code == 409  # once
    login_verified(client, adjuster)
    response = send(client, confirm_url)
    assert response.json()["state"] == "adjusted"
    assert response.json()["adjusted_at"]
    assert status_of(decided_item.case) == Case.Status.ADJUSTED
    assert send(client, "/api/meetings/999999/confirm/").status_code == 404


def test_minutes_with_an_undecided_item_are_not_sent(client, meeting, item, secretary):
    login_verified(client, secretary)
    response = send(client, f"/api/meetings/{meeting.pk}/send-for-justering/")
    assert response.status_code == 409
    assert response.json()["detail"]


def test_proposing_and_answering_a_change(
    client, jmeeting, decided_item, secretary, chair, adjuster, alice
):
    url = f"/api/meetings/{jmeeting.pk}/agenda/{decided_item.pk}/proposals/"
    login_verified(client, adjuster)
    assert send(client, url, {"text": "Rättelse."}).status_code == 409  # not sent
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    justering_services.justering_confirm(meeting=jmeeting, user=chair)
    assert send(client, url, {"text": " "}).status_code == 400
    login_verified(client, alice)
    assert send(client, url, {"text": "Rättelse."}).status_code == 403
    assert not ChangeProposal.objects.exists()
    login_verified(client, adjuster)
    response = send(client, url, {"text": "Stavfel i beslutet."})
    assert response.status_code == 201
    proposal = response.json()
    assert proposal["state"] == "proposed"
    assert proposal["paragraph"] == 1
    assert proposal["proposed_by"] == str(adjuster)
    answer_url = f"/api/proposals/{proposal['id']}/answer/"

    assert send(client, answer_url, {"accept": True}).status_code == 403
    login_verified(client, secretary)
    assert send(client, answer_url, {}).status_code == 400
    response = send(
        client,
        answer_url,
        {"accept": True, "note": "Rättat.", "new_text": "Ny beslutstext."},
    )
    assert response.status_code == 200
    assert response.json()["state"] == "accepted"
    assert response.json()["decided_by"] == str(secretary)
    assert Decision.objects.get(item=decided_item).text == "Ny beslutstext."
    state = justering_services.justering_state(meeting=jmeeting, user=secretary)
    assert state.confirmations == []  # the chair confirms again
    assert send(client, answer_url, {"accept": False}).status_code == 409
    assert send(client, "/api/proposals/999999/answer/", {}).status_code == 404


def test_a_proposal_on_an_invisible_item_is_404(
    client, jmeeting, make_case, secretary, adjuster, charlie
):
    secret = make_case(secrecy=Secrecy.SECRET, secrecy_reference="OSL 18 kap. 13 §")
    item = meeting_services.agenda_add(meeting=jmeeting, case=secret, user=secretary)
    meeting_services.decision_record(
        item=item, user=secretary, kind=Decision.Kind.APPROVE, text="Bifall."
    )
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    proposal = justering_services.justering_propose_change(
        item=item, user=adjuster, text="Rättelse."
    )
    login_verified(client, charlie)
    url = f"/api/meetings/{jmeeting.pk}/agenda/{item.pk}/proposals/"
    assert send(client, url, {"text": "x"}).status_code == 404
    answer_url = f"/api/proposals/{proposal.pk}/answer/"
    assert send(client, answer_url, {"accept": True}).status_code == 404


# The schema -----------------------------------------------------------------


def test_the_schema_lists_the_meeting_steps(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert set(paths["/api/meetings/"]) == {"get", "post"}
    assert set(paths["/api/meetings/{id}/"]) == {"get", "patch"}
    for path in (
        "/api/meetings/{id}/agenda/",
        "/api/meetings/{id}/agenda/{item_pk}/remove/",
        "/api/meetings/{id}/agenda/{item_pk}/move/",
        "/api/meetings/{id}/agenda/{item_pk}/decision/",
        "/api/meetings/{id}/agenda/{item_pk}/proposals/",
        "/api/meetings/{id}/send-for-justering/",
        "/api/meetings/{id}/confirm/",
        "/api/proposals/{id}/answer/",
    ):
        operation = paths[path]["post"]
        assert {"403", "404", "409"} <= set(operation["responses"]), path
        assert operation["summary"], path
