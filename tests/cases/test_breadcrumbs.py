"""Where a page is: Start › Cases › KS 2023/1 › Official report (partials/breadcrumbs.html)."""

import pytest
from django.urls import reverse

from tests.helpers import breadcrumbs_of as _crumbs
from tests.helpers import use_language

pytestmark = pytest.mark.django_db


def test_the_case_page_shows_the_way_from_the_start_page(client, alice, case):
    client.force_login(alice)
    response = client.get(case.get_absolute_url())
    assert _crumbs(response) == [
        ("Start", reverse("home")),
        ("Cases", reverse("cases:list")),
        ("KS 2023/1", None),
    ]


def test_the_official_report_page_leads_back_through_its_case(client, alice, case):
    client.force_login(alice)
    response = client.get(reverse("cases:document", args=[case.pk]))
    assert _crumbs(response) == [
        ("Start", reverse("home")),
        ("Cases", reverse("cases:list")),
        ("KS 2023/1", case.get_absolute_url()),
        ("Official report", None),
    ]


def test_the_meeting_page_leads_back_to_the_meetings(client, secretary, meeting):
    client.force_login(secretary)
    response = client.get(meeting.get_absolute_url())
    assert _crumbs(response) == [
        ("Start", reverse("home")),
        ("Meetings", reverse("cases:meetings")),
        ("Kommunstyrelsen 2023-04-12", None),
    ]


def test_the_breadcrumbs_are_named_in_swedish(client, alice, case):
    use_language(client, "sv")
    client.force_login(alice)
    page = client.get(case.get_absolute_url()).content.decode()
    assert '<nav aria-label="Brödsmulor" class="breadcrumbs">' in page
    assert '<a class="ds-link" href="/cases/">Ärenden</a>' in page
