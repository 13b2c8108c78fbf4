"""Fixtures of the anslag and dispatch tests (a pytest plugin of tests/conftest.py), on
top of meeting_fixtures.

decided: the Målbild case noted at Kommunstyrelsen's meeting of Wednesday
2023-04-12, with two recipients (one by e-mail, one by post); `adjust` numbers the
decided items in agenda order and sets Meeting.adjusted_at directly, as the
sending and the justering will.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from cases.models import AgendaItem, Case, Decision, Recipient
from cases.services import meetings as services
from cases.services.agenda import paragraphs_take


@pytest.fixture
def decided(item, secretary):
    services.decision_record(
        item=item,
        user=secretary,
        kind=Decision.Kind.NOTE,
        text="Kommunstyrelsen noterar till protokollet att man tagit del av "
        "information om Målbild Samverkan Stockholmsregionens 2023-2026.",
    )
    case = item.case
    Recipient.objects.create(
        case=case,
        position=1,
        name="Samverkan Stockholmsregionen",
        email="info@samverkan.example",
    )
    Recipient.objects.create(case=case, position=2, name="Länsstyrelsen Stockholm")
    case.refresh_from_db()
    return case


@pytest.fixture
def adjust():
    """adjust(meeting, day): the minutes adjusted on `day`, the cases with them."""

    def make(meeting, day=datetime.date(2023, 4, 14)):
        items = list(
            AgendaItem.objects.filter(
                meeting=meeting, paragraph__isnull=True, decision__isnull=False
            ).order_by("position", "pk")
        )
        if items:
            # As the sending does: the series is locked, so in a transaction
            # (a test on a live database has none around it).
            with transaction.atomic():
                first = paragraphs_take(
                    board=meeting.board,
                    year=meeting.meeting_date.year,
                    count=len(items),
                )
                for offset, item in enumerate(items):
                    AgendaItem.objects.filter(pk=item.pk).update(
                        paragraph=first + offset
                    )
        moment = datetime.datetime.combine(day, datetime.time(10, 0))
        meeting.adjusted_at = timezone.make_aware(moment)
        meeting.save()
        Case.objects.filter(
            agenda_items__meeting=meeting, status=Case.Status.DECIDED
        ).update(status=Case.Status.ADJUSTED)
        return meeting

    return make


@pytest.fixture
def adjusted_case(decided, meeting, adjust):
    adjust(meeting)
    decided.refresh_from_db()
    return decided
