import datetime

import pytest
from django.urls import reverse

from cases.models import AgendaItem, Case, Decision, Meeting
from cases.services import meetings as services


@pytest.fixture
def decided(item, secretary):
    services.decision_record(item=item, user=secretary, kind="approve", text="Bifall.")
    return item


def test_the_secretary_creates_a_meeting(client, secretary, ks, director):
    client.force_login(secretary)
    assert client.get(reverse("cases:meeting-create")).status_code == 200
    response = client.post(
        reverse("cases:meeting-create"),
        {
            "board": ks.pk,
            "meeting_date": "2023-04-12",
            "start_time": "13:00",
            "place": "Kommunstyrelsesalen",
            "chair": director.pk,
            "adjusters": [director.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.chair == director


def test_an_official_may_not_create_meetings(client, alice):
    client.force_login(alice)
    response = client.get(reverse("cases:meeting-create"))
    assert response.status_code == 403
    assert b"board secretary" in response.content


def test_an_invalid_meeting_form_shows_its_errors(client, secretary, ks):
    client.force_login(secretary)
    response = client.post(reverse("cases:meeting-create"), {"board": ks.pk})
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert b"ds-error-summary" in response.content


def test_the_secretary_changes_a_meeting(client, secretary, meeting):
    client.force_login(secretary)
    url = reverse("cases:meeting-edit", args=[meeting.pk])
    assert b"Kommunstyrelsesalen" in client.get(url).content
    response = client.post(
        url, {"meeting_date": "2023-04-13", "start_time": "09:30", "place": "Sal B"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Sal B"


def test_the_meeting_list_shows_upcoming_and_held_meetings(
    client, alice, make_meeting, django_assert_num_queries
):
    make_meeting(day=datetime.date(2023, 4, 12))
    make_meeting(day=datetime.date(2099, 4, 12))
    client.force_login(alice)
    response = client.get(reverse("cases:meetings"))
    assert response.status_code == 200
    assert [m.meeting_date.year for m in response.context["upcoming"]] == [2099]
    assert [m.meeting_date.year for m in response.context["held"]] == [2023]


@pytest.mark.parametrize("meetings", [1, 6])
def test_the_meeting_list_takes_a_fixed_number_of_queries(
    client, secretary, make_meeting, make_case, meetings, django_assert_num_queries
):
    for number in range(meetings):
        meeting = make_meeting(
            day=datetime.date(2023, 1, 1) + datetime.timedelta(days=number * 14)
        )
        services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
    client.force_login(secretary)
    # user, roles, organisation (header), upcoming, held, the inbox count (menu)
    with django_assert_num_queries(6):
        assert client.get(reverse("cases:meetings")).status_code == 200


def test_the_meeting_list_needs_a_login(client):
    response = client.get(reverse("cases:meetings"))
    assert response.status_code == 302


def test_a_board_member_sees_the_agenda_with_links_to_the_reports(
    client, alice, decided, secretary, chair
):
    from cases.models import Meeting
    from cases.services import justering

    client.force_login(alice)
    response = client.get(decided.meeting.get_absolute_url())
    assert response.status_code == 200
    assert "§ 1" not in response.content.decode()  # numbered when sent
    Meeting.objects.filter(pk=decided.meeting_id).update(chair=chair)
    justering.minutes_send_for_justering(
        meeting=Meeting.objects.get(pk=decided.meeting_id), user=secretary
    )
    response = client.get(decided.meeting.get_absolute_url())
    content = response.content.decode()
    assert decided.case.number in content
    assert "§ 1" in content
    assert reverse("cases:document", args=[decided.case_id]) in content
    assert "Approved as proposed" in content
    assert (
        reverse("cases:agenda-remove", args=[decided.meeting_id, decided.pk])
        not in content
    )


@pytest.mark.parametrize("items", [1, 5])
def test_the_meeting_page_takes_a_fixed_number_of_queries(
    client, secretary, meeting, make_case, items, django_assert_num_queries
):
    for _number in range(items):
        item = services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
        services.decision_record(
            item=item, user=secretary, kind="approve", text="Bifall."
        )
    make_case()  # one approved case to add
    client.force_login(secretary)
    # user, roles, organisation (header), meeting, items, the cases on a path
    # that may come next here, addable exists,
    # addable cases (twice: the select renders its options from a fresh queryset),
    # decisions' votes and named votes, adjusters, members present; the justering
    # panel: its justering, its items; the main menu's inbox count
    with django_assert_num_queries(16):
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_another_organisation_sees_only_public_items(
    client, charlie, item, make_case, secretary
):
    from cases.models import Secrecy

    secret = make_case(
        secrecy=Secrecy.SECRET, secrecy_reference="OSL 18 kap. 13 §", title="Hemligt"
    )
    services.agenda_add(meeting=item.meeting, case=secret, user=secretary)
    client.force_login(charlie)
    content = client.get(item.meeting.get_absolute_url()).content.decode()
    assert item.case.number in content
    assert "Hemligt" not in content


def test_the_secretary_places_a_case_on_the_agenda(
    client, secretary, meeting, approved_case
):
    client.force_login(secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert approved_case.number in page  # in the select
    response = client.post(
        reverse("cases:agenda-add", args=[meeting.pk]), {"case": approved_case.pk}
    )
    assert response.status_code == 302
    approved_case.refresh_from_db()
    assert approved_case.status == Case.Status.ON_AGENDA


def test_a_case_in_drafting_is_refused_with_409(client, secretary, meeting, make_case):
    case = make_case(status=Case.Status.DRAFTING)
    client.force_login(secretary)
    response = client.post(
        reverse("cases:agenda-add", args=[meeting.pk]), {"case": case.pk}
    )
    assert response.status_code == 409
    assert b"Only an approved case" in response.content
    assert not AgendaItem.objects.exists()


def test_an_official_may_not_add_to_the_agenda(client, alice, meeting, approved_case):
    client.force_login(alice)
    response = client.post(
        reverse("cases:agenda-add", args=[meeting.pk]), {"case": approved_case.pk}
    )
    assert response.status_code == 403
    assert not AgendaItem.objects.exists()


def test_moving_and_removing_items_by_post(client, secretary, item, make_case):
    second = services.agenda_add(meeting=item.meeting, case=make_case(), user=secretary)
    client.force_login(secretary)
    url = reverse("cases:agenda-move", args=[item.meeting_id, second.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"direction": "up"}).status_code == 302
    second.refresh_from_db()
    assert second.position == 1
    response = client.post(
        reverse("cases:agenda-remove", args=[item.meeting_id, item.pk])
    )
    assert response.status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_decision_form_is_prefilled_for_an_information_case(
    client, secretary, meeting, make_case
):
    case = make_case(kind=Case.Kind.INFORMATION)
    item = services.agenda_add(meeting=meeting, case=case, user=secretary)
    client.force_login(secretary)
    response = client.get(reverse("cases:decision-record", args=[meeting.pk, item.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial["kind"] == "note"
    assert (
        "Kommunstyrelsen noterar till protokollet att man tagit del av information om "
        "Målbild Samverkan Stockholmsregionen 2023-2026." in response.content.decode()
    )


def test_the_secretary_records_a_decision_with_votes(client, secretary, item):
    client.force_login(secretary)
    response = client.post(
        reverse("cases:decision-record", args=[item.meeting_id, item.pk]),
        {
            "kind": "approve",
            "text": "Kommunstyrelsen godkänner målbilden.",
            "vote_option_1": "Ja",
            "vote_count_1": "9",
            "vote_option_2": "Nej",
            "vote_count_2": "4",
            "reservations": "Greta Gäst (S): Vi reserverar oss.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert [(v.option, v.count) for v in decision.votes.all()] == [
        ("Ja", 9),
        ("Nej", 4),
    ]
    assert decision.statements.get().member_name == "Greta Gäst (S)"
    item.refresh_from_db()
    assert item.paragraph is None  # given when the minutes are sent


@pytest.fixture
def roll_call(item, secretary, director, alice):
    """The item's meeting with Dan and Alice present."""
    item.meeting.members_present.set([director, alice])
    return item


def test_the_decision_form_lists_the_members_present_for_named_votes(
    client, secretary, roll_call, director, alice
):
    client.force_login(secretary)
    response = client.get(
        reverse("cases:decision-record", args=[roll_call.meeting_id, roll_call.pk])
    )
    content = response.content.decode()
    assert f'name="member_vote_{director.pk}"' in content
    assert f'name="member_vote_{alice.pk}"' in content
    assert f'name="member_vote_{secretary.pk}"' not in content


def test_the_secretary_records_named_votes(
    client, secretary, roll_call, director, alice
):
    client.force_login(secretary)
    response = client.post(
        reverse("cases:decision-record", args=[roll_call.meeting_id, roll_call.pk]),
        {
            "kind": "approve",
            "text": "Kommunstyrelsen godkänner målbilden.",
            "vote_option_1": "Ja",
            "vote_count_1": "9",
            "vote_option_2": "Nej",
            "vote_count_2": "4",
            f"member_vote_{director.pk}": "1",
            f"member_vote_{alice.pk}": "2",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert {(v.member, v.option) for v in decision.member_votes.all()} == {
        (director, "Ja"),
        (alice, "Nej"),
    }
    page = client.get(roll_call.meeting.get_absolute_url()).content.decode()
    assert f"{alice}: Nej; {director}: Ja" in page  # in the order of the form


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        # Alice is named for option 3, which has no name and no count.
        ({"member_vote_alice": "3"}, "Option 3 has no name and number of votes."),
        # Both are named for Nej, which got one vote.
        (
            {"member_vote_alice": "2", "member_vote_director": "2"},
            "More members are named as voting for “Nej” (2) than the option got "
            "votes (1).",
        ),
    ],
)
def test_named_votes_that_do_not_fit_the_counts_show_a_message(
    client, secretary, roll_call, director, alice, votes, message
):
    people = {"alice": alice, "director": director}
    data = {
        "kind": "approve",
        "text": "Kommunstyrelsen godkänner målbilden.",
        "vote_option_1": "Ja",
        "vote_count_1": "9",
        "vote_option_2": "Nej",
        "vote_count_2": "1",
    }
    for name, row in votes.items():
        data[f"member_vote_{people[name.removeprefix('member_vote_')].pk}"] = row
    client.force_login(secretary)
    response = client.post(
        reverse("cases:decision-record", args=[roll_call.meeting_id, roll_call.pk]),
        data,
    )
    assert response.status_code == 400
    assert "ds-error-summary" in response.content.decode()
    assert message in response.content.decode()
    assert not Decision.objects.exists()
    roll_call.refresh_from_db()
    assert roll_call.paragraph is None
    assert roll_call.case.status == Case.Status.ON_AGENDA


def test_a_postponement_without_a_later_meeting_shows_the_error(
    client, secretary, item
):
    client.force_login(secretary)
    response = client.post(
        reverse("cases:decision-record", args=[item.meeting_id, item.pk]),
        {"kind": "postpone", "text": "Ärendet bordläggs."},
    )
    assert response.status_code == 400
    assert b"later meeting" in response.content
    assert not Decision.objects.exists()


def test_a_second_decision_is_refused_with_409(client, secretary, decided):
    client.force_login(secretary)
    url = reverse("cases:decision-record", args=[decided.meeting_id, decided.pk])
    response = client.post(url, {"kind": "approve", "text": "Igen."})
    assert response.status_code == 409
    assert Decision.objects.count() == 1


def test_an_official_may_not_record_a_decision(client, alice, item):
    client.force_login(alice)
    url = reverse("cases:decision-record", args=[item.meeting_id, item.pk])
    assert client.post(url, {"kind": "approve", "text": "Bifall."}).status_code == 403
    assert not Decision.objects.exists()


def test_the_case_page_shows_the_referral_back_and_its_reason(
    client, alice, item, secretary
):
    services.decision_record(
        item=item,
        user=secretary,
        kind="refer_back",
        text="Återremitteras för komplettering.",
    )
    client.force_login(alice)
    content = client.get(item.case.get_absolute_url()).content.decode()
    assert "Referred back" in content
    assert "Återremitteras för komplettering." in content
    assert item.get_absolute_url() in content


def test_the_menu_link_to_the_meetings_marks_the_current_page(db):
    from django.template.loader import render_to_string

    html = render_to_string(
        "cases/meetings/partials/nav_link.html", {"view_name": "cases:meetings"}
    )
    assert reverse("cases:meetings") in html
    assert 'aria-current="page"' in html
    other = render_to_string(
        "cases/meetings/partials/nav_link.html", {"view_name": "cases:list"}
    )
    assert "aria-current" not in other
