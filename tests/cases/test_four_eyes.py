"""The four-eyes rule (issue 10): nobody approves a case they handle or an official
report they wrote, unless the organisation's internal control turns it off; no
secretary adjusts the minutes they kept (the law's rule, always on). Refused in
the service and the API, and told in the page, not just refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from cases.models import ApprovalEvent, Case
from cases.services import SectionInput, document_save, document_start
from cases.services.justering import justering_confirm, minutes_send_for_justering
from cases.services.meetings import meeting_create, meeting_update
from cases.services.workflow import case_actions_for, case_approve, case_submit
from members.roles import Role
from tests.factories import UserFactory
from tests.helpers import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The refusals in English (the msgids), as the pages of tests/cases are."""
    with translation.override("en"):
        yield


@pytest.fixture
def director(huddinge):
    return UserFactory(username="camilla", organisation=huddinge, roles=[Role.DIRECTOR])


@pytest.fixture
def deputy(huddinge):
    return UserFactory(username="bitr", organisation=huddinge, roles=[Role.DIRECTOR])


def _write(case, user, text="Kommunstyrelsen noterar."):
    document = document_start(case=case, user=user)
    return document_save(
        document=document,
        user=user,
        base_version=document.version,
        title=document.title,
        document_date=datetime.date(2023, 3, 20),
        sections=[SectionInput(title="Förslag till beslut", text=text)],
    )


def test_a_director_who_handles_the_case_may_not_approve_it(ks, director, deputy):
    from cases.services import case_register

    case = case_register(
        board=ks, title="Egen sak", handler=director, registered_by=director
    )
    _write(case, director)
    case_submit(case=case, user=director)
    with pytest.raises(PermissionDenied, match="You handle this case"):
        case_approve(case=case, user=director)
    assert "approve" not in case_actions_for(case=case, user=director)
    assert not ApprovalEvent.objects.filter(kind="approved").exists()
    case_approve(case=case, user=deputy)  # another chief executive may
    assert Case.objects.get(pk=case.pk).status == Case.Status.APPROVED


def test_a_director_who_wrote_part_of_the_report_may_not_approve_it(
    case, alice, director, deputy
):
    document = _write(case, alice)
    document_save(
        document=document,
        user=director,
        base_version=document.version,
        title=document.title,
        document_date=document.document_date,
        sections=[SectionInput(title="Förslag till beslut", text="Bättre text.")],
    )
    case_submit(case=case, user=alice)
    with pytest.raises(PermissionDenied, match="You wrote parts"):
        case_approve(case=case, user=director)
    case_approve(case=case, user=deputy)


def test_an_organisation_may_turn_the_rule_off_for_its_approvals(
    ks, huddinge, director
):
    from cases.services import case_register

    huddinge.four_eyes_approval = False
    huddinge.save()
    case = case_register(
        board=ks, title="Egen", handler=director, registered_by=director
    )
    _write(case, director)
    case_submit(case=case, user=director)
    case_approve(case=case, user=director)
    assert Case.objects.get(pk=case.pk).status == Case.Status.APPROVED


def test_the_page_tells_the_director_why_and_offers_no_approve_button(
    client, case, alice, director
):
    _write(case, director)
    case_submit(case=case, user=alice)
    login_verified(client, director)
    page = client.get(reverse("cases:document", args=[case.pk])).content.decode()
    assert 'id="four-eyes"' in page
    assert "another chief executive must approve it" in page
    assert reverse("cases:document-approve", args=[case.pk]) not in page
    # A crafted POST is refused with the same words, nothing approved.
    response = client.post(reverse("cases:document-approve", args=[case.pk]))
    assert response.status_code == 403
    assert "four-eyes rule" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Case.Status.SUBMITTED


def test_the_api_refuses_self_approval_with_a_json_error(client, case, alice, director):
    _write(case, director)
    case_submit(case=case, user=alice)
    login_verified(client, director)
    response = client.post(f"/api/cases/{case.pk}/approve/")
    assert response.status_code == 403
    assert "four-eyes" in response.json()["detail"]


def _meeting(ks, secretary, **people):
    return meeting_create(
        board=ks,
        user=secretary,
        meeting_date=datetime.date(2023, 4, 12),
        start_time=datetime.time(13),
        place="Kommunhuset",
        secretary=secretary,
        **people,
    )


def test_the_secretary_cannot_be_named_an_adjuster_or_the_chair(ks, huddinge):
    secretary = UserFactory(organisation=huddinge, roles=[Role.SECRETARY])
    with pytest.raises(ValidationError) as refused:
        _meeting(ks, secretary, adjusters=[secretary])
    assert "cannot adjust them" in str(refused.value.message_dict["adjusters"])
    with pytest.raises(ValidationError) as refused:
        _meeting(ks, secretary, chair=secretary)
    assert "chair" in refused.value.message_dict
    meeting = _meeting(ks, secretary)
    with pytest.raises(ValidationError):
        meeting_update(
            meeting=meeting,
            user=secretary,
            meeting_date=meeting.meeting_date,
            start_time=meeting.start_time,
            place=meeting.place,
            secretary=secretary,
            adjusters=[secretary],
        )


def test_a_secretary_listed_as_adjuster_before_the_rule_still_cannot_confirm(
    ks, huddinge, case, alice, deputy
):
    from cases.models import Decision
    from cases.services.meetings import agenda_add, decision_record

    secretary = UserFactory(organisation=huddinge, roles=[Role.SECRETARY])
    chair = UserFactory(organisation=huddinge)
    meeting = _meeting(ks, secretary, chair=chair)
    meeting.adjusters.set([secretary])  # as an older meeting may have it
    _write(case, alice)
    case_submit(case=case, user=alice)
    case_approve(case=case, user=deputy)
    item = agenda_add(meeting=meeting, case=case, user=secretary)
    decision_record(item=item, user=secretary, kind=Decision.Kind.NOTE, text="Noteras.")
    minutes_send_for_justering(meeting=meeting, user=secretary)
    with pytest.raises(PermissionDenied, match="You kept these minutes"):
        justering_confirm(meeting=meeting, user=secretary)
