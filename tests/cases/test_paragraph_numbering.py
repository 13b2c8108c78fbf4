"""The §§ of the minutes: given in agenda order when the minutes are sent for
justering, gap-free per board and year, from a chosen first § (ParagraphSeries),
and in the order of the meetings (cases/services/justering.py)."""

import datetime

import pytest
from django.utils import translation

from cases.models import AgendaItem, Decision, ParagraphSeries
from cases.services import justering as justering_services
from cases.services import meetings as services
from ssr_portal.lib.refusals import StepRefused


def _decide(item, secretary, kind=Decision.Kind.APPROVE, **more):
    return services.decision_record(
        item=item, user=secretary, kind=kind, text="Bifall.", **more
    )


def _send(meeting, secretary):
    return justering_services.minutes_send_for_justering(
        meeting=meeting, user=secretary
    )


@pytest.fixture
def three_items(make_meeting, make_case, chair, adjuster, secretary):
    meeting = make_meeting(chair=chair, secretary=secretary, adjusters=[adjuster])
    items = [
        services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
        for _ in range(3)
    ]
    return meeting, items


def _paragraphs(items):
    return [AgendaItem.objects.get(pk=item.pk).paragraph for item in items]


def test_recording_a_decision_gives_no_paragraph_yet(three_items, secretary):
    _meeting, items = three_items
    _decide(items[1], secretary)
    assert _paragraphs(items) == [None, None, None]


def test_paragraphs_follow_the_agenda_whatever_the_recording_order(
    three_items, secretary
):
    meeting, items = three_items
    for item in (items[2], items[0], items[1]):
        _decide(item, secretary)
    _send(meeting, secretary)
    assert _paragraphs(items) == [1, 2, 3]


def test_a_moved_item_is_numbered_where_it_stands_on_the_agenda(three_items, secretary):
    meeting, items = three_items
    services.agenda_move(item=items[2], offset=-1, user=secretary)
    for item in items:
        _decide(item, secretary)
    _send(meeting, secretary)
    assert _paragraphs(items) == [1, 3, 2]


def test_postponed_and_referred_back_items_keep_their_paragraph(
    three_items, later_meeting, secretary
):
    meeting, items = three_items
    _decide(
        items[0], secretary, kind=Decision.Kind.POSTPONE, later_meeting=later_meeting
    )
    _decide(items[1], secretary, kind=Decision.Kind.REFER_BACK)
    _decide(items[2], secretary)
    _send(meeting, secretary)
    assert _paragraphs(items) == [1, 2, 3]
    # The postponed case's item on the later meeting has no § until then.
    assert later_meeting.items.get().paragraph is None


def test_a_removed_item_leaves_no_gap(three_items, secretary):
    meeting, items = three_items
    services.agenda_remove(item=items[1], user=secretary)
    _decide(items[0], secretary)
    _decide(items[2], secretary)
    _send(meeting, secretary)
    assert [AgendaItem.objects.get(pk=items[i].pk).paragraph for i in (0, 2)] == [1, 2]


def test_a_series_starts_at_its_first_paragraph(three_items, ks, secretary):
    meeting, items = three_items
    ParagraphSeries.objects.create(board=ks, year=2023, first_paragraph=45)
    for item in items:
        _decide(item, secretary)
    _send(meeting, secretary)
    assert _paragraphs(items) == [45, 46, 47]
    assert ParagraphSeries.objects.get(board=ks, year=2023).last_paragraph == 47


def test_paragraphs_run_on_across_meetings_without_gaps(
    three_items, make_meeting, make_case, chair, adjuster, secretary
):
    meeting, items = three_items
    for item in items:
        _decide(item, secretary)
    _send(meeting, secretary)
    second = make_meeting(
        day=datetime.date(2023, 5, 10),
        chair=chair,
        secretary=secretary,
        adjusters=[adjuster],
    )
    later = [
        services.agenda_add(meeting=second, case=make_case(), user=secretary)
        for _ in range(2)
    ]
    for item in reversed(later):
        _decide(item, secretary)
    _send(second, secretary)
    assert _paragraphs(later) == [4, 5]


def test_a_new_year_starts_again_at_one(
    three_items, make_meeting, make_case, chair, secretary
):
    meeting, items = three_items
    for item in items:
        _decide(item, secretary)
    _send(meeting, secretary)
    next_year = make_meeting(day=datetime.date(2024, 1, 20), chair=chair)
    item = services.agenda_add(meeting=next_year, case=make_case(), user=secretary)
    _decide(item, secretary)
    _send(next_year, secretary)
    assert _paragraphs([item]) == [1]


def test_a_later_meeting_is_not_sent_before_an_earlier_one_with_decisions(
    three_items, make_meeting, make_case, chair, secretary
):
    meeting, items = three_items
    _decide(items[0], secretary)
    second = make_meeting(day=datetime.date(2023, 5, 10), chair=chair)
    item = services.agenda_add(meeting=second, case=make_case(), user=secretary)
    _decide(item, secretary)
    with translation.override("sv"), pytest.raises(StepRefused) as refused:
        _send(second, secretary)
    assert "2023-04-12" in str(refused.value)
    assert "skicka först det protokollet för justering" in str(refused.value)
    assert _paragraphs([item]) == [None]
    assert not ParagraphSeries.objects.filter(last_paragraph__gt=0).exists()
    # Once the earlier meeting is sent, the later one follows it.
    for other in items[1:]:
        _decide(other, secretary)
    _send(meeting, secretary)
    _send(second, secretary)
    assert _paragraphs([item]) == [4]


def test_an_earlier_meeting_without_decisions_does_not_hold_up_a_later_one(
    three_items, make_meeting, make_case, chair, secretary
):
    _meeting, _items = three_items  # on the agenda, nothing decided yet
    second = make_meeting(day=datetime.date(2023, 5, 10), chair=chair)
    item = services.agenda_add(meeting=second, case=make_case(), user=secretary)
    _decide(item, secretary)
    _send(second, secretary)
    assert _paragraphs([item]) == [1]


def test_a_refused_sending_gives_no_paragraph(three_items, secretary):
    meeting, items = three_items
    _decide(items[0], secretary)
    with pytest.raises(StepRefused):
        _send(meeting, secretary)  # two items have no decision
    assert _paragraphs(items) == [None, None, None]
    assert not ParagraphSeries.objects.filter(last_paragraph__gt=0).exists()


def test_an_item_decided_after_the_sending_takes_the_next_paragraph(
    three_items, make_case, secretary
):
    meeting, items = three_items
    for item in items:
        _decide(item, secretary)
    _send(meeting, secretary)
    late = services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
    _decide(late, secretary)
    assert _paragraphs([late]) == [4]


def test_the_admin_sets_where_a_series_starts_and_names_the_documents(
    client, ks, huddinge
):
    from cases.models import DocumentTitle
    from tests.factories import UserFactory

    client.force_login(
        UserFactory(
            username="it", organisation=huddinge, is_staff=True, is_superuser=True
        )
    )
    response = client.post(
        "/admin/cases/paragraphseries/add/",
        {"board": ks.pk, "year": 2024, "first_paragraph": 112},
    )
    assert response.status_code == 302
    assert ParagraphSeries.objects.get(board=ks, year=2024).next_paragraph == 112
    response = client.post(
        "/admin/cases/documenttitle/add/",
        {
            "organisation": huddinge.pk,
            "kind": "minutes",
            "title": "Sammanträdesprotokoll",
            "page_mark": "Sida",
        },
    )
    assert response.status_code == 302
    assert DocumentTitle.of(huddinge.pk, "minutes").title == "Sammanträdesprotokoll"
