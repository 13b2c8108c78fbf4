"""The matrix's services (targets/services/matrix.py): the rows and their counts,
what the coordinator types in for a member outside the portal, the sending."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from targets import services
from targets.models import MemberApproval
from tests.factories import AgencyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_every_member_gets_a_row_and_the_matrix_counts_them(vision, botkyrka):
    matrix = services.vision_matrix(vision)
    names = [row.organisation.name for row in matrix.rows]
    assert "Huddinge kommun" in names and "Botkyrka kommun" in names
    assert "Samverkan Stockholmsregionen" not in names  # the network itself
    assert matrix.counts == {MemberApproval.Status.NOT_STARTED: matrix.total}
    municipalities = services.vision_matrix(vision, kind="kommun")
    assert {r.organisation.kind for r in municipalities.rows} == {"kommun"}
    assert municipalities.total == 2


def test_the_coordinator_may_not_type_in_a_portal_members_approval(
    vision, director, coordinator, huddinge
):
    row = MemberApproval.objects.get(vision=vision, organisation=huddinge)
    with pytest.raises(PermissionDenied):
        services.member_record(
            approval=row,
            user=coordinator,
            approved_on=datetime.date(2023, 4, 1),
            approver_name="Någon",
        )


def test_the_coordinator_types_in_what_an_outside_member_reports(
    vision, coordinator, lansstyrelsen
):
    row = MemberApproval.objects.get(vision=vision, organisation=lansstyrelsen)
    with pytest.raises(ValidationError):
        services.member_record(approval=row, user=coordinator, decision_kind="noted")
    row = services.member_record(
        approval=row,
        user=coordinator,
        case_number="LS 2023-0001",
        approved_on=datetime.date(2023, 4, 1),
        approver_name="Länsöverdirektören",
    )
    assert row.status == MemberApproval.Status.APPROVED
    assert row.number == "LS 2023-0001"


def test_marking_the_vision_as_sent_tells_the_members_directors(
    vision, coordinator, director, botkyrka_director, alice, mailoutbox
):
    from tests.helpers import run_tasks

    director.email, botkyrka_director.email = "camilla@huddinge.se", "dag@botkyrka.se"
    director.save()
    botkyrka_director.save()
    count = services.vision_mark_sent(
        vision=vision, user=coordinator, date=datetime.date(2023, 3, 13)
    )
    assert count == MemberApproval.objects.filter(vision=vision).count()
    assert mailoutbox == []  # the worker sends them
    assert run_tasks() == 2
    assert sorted(m.to[0] for m in mailoutbox) == [
        "camilla@huddinge.se",
        "dag@botkyrka.se",
    ]
    mail = next(m for m in mailoutbox if m.to == ["dag@botkyrka.se"])
    assert "Botkyrka kommun" in mail.subject
    assert vision.get_absolute_url() in mail.body
    # Marked once: a second time reaches nobody new and sends nothing.
    assert services.vision_mark_sent(vision=vision, user=coordinator) == 0
    assert run_tasks() == 0
    assert len(mailoutbox) == 2


def test_a_failed_e_mail_leaves_the_vision_marked_as_sent_and_is_tried_again(
    vision, coordinator, director, mailoutbox
):
    from unittest import mock

    from django.utils import timezone

    from tests.helpers import run_tasks

    director.email = "camilla@huddinge.se"
    director.save()
    count = services.vision_mark_sent(vision=vision, user=coordinator)
    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=OSError("no server")
    ):
        assert run_tasks() == 1
    assert count > 0
    assert not MemberApproval.objects.filter(vision=vision, received_on=None).exists()
    assert mailoutbox == []
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        assert run_tasks() == 1
    assert [m.to for m in mailoutbox] == [["camilla@huddinge.se"]]


def test_the_rows_are_in_swedish_order_whatever_the_case(vision):
    AgencyFactory(name="SOS Alarm")
    OrganisationFactory(name="Salems kommun")
    AgencyFactory(name="Åklagarmyndigheten")
    names = [row.organisation.name for row in services.vision_matrix(vision).rows]
    assert names.index("Salems kommun") < names.index("SOS Alarm")
    assert names[-1] == "Åklagarmyndigheten"
