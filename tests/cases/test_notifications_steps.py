"""Each step of a case and a meeting tells the people it waits for, or who
should know (cases/services/notices.py): a notification in "Notiser" and, by
default, an e-mail the worker sends."""

import pytest
from django.core import mail

from cases.models import Dispatch
from cases.services import justering as justering_services
from cases.services import meetings as meeting_services
from cases.services.dispatch import decision_dispatch, dispatch_mark_done
from cases.services.workflow import case_approve, case_return, case_submit
from members.models import Notification
from tests.cases.test_workflow import write
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db

K = Notification.Kind


def told(kind) -> dict[str, Notification]:
    """The notifications of `kind`, by recipient's username."""
    return {
        row.recipient.username: row
        for row in Notification.objects.filter(kind=kind).select_related("recipient")
    }


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def document(case, alice):
    from cases.services import document_start

    document = document_start(case=case, user=alice)
    return write(document, alice, "Kommunstyrelsen noterar informationen.")


def test_a_submitted_case_tells_the_chief_executive(document, case, alice, director):
    case_submit(case=case, user=alice)
    [row] = told(K.SUBMITTED).values()
    assert row.recipient == director
    assert row.title == f"KS 2023/1 {case.title} väntar på ditt godkännande"
    assert row.url == case.get_absolute_url()
    run_tasks()
    [message] = mail.outbox
    assert message.to == [director.email]
    assert "väntar på ditt godkännande" in message.subject


def test_a_returned_case_tells_the_handler_with_the_comment(
    document, case, alice, director
):
    case_submit(case=case, user=alice)
    case_return(case=case, user=director, comment="Förtydliga kostnaden i avsnitt 2.")
    [row] = told(K.RETURNED).values()
    assert row.recipient == alice
    assert "Förtydliga kostnaden i avsnitt 2." in row.body
    assert "har skickats tillbaka" in row.title
    run_tasks()
    [message] = [m for m in mail.outbox if m.to == [alice.email]]
    assert "Förtydliga kostnaden i avsnitt 2." in message.body


def test_an_approved_case_tells_the_handler_and_the_secretary(
    document, case, alice, director, secretary
):
    case_submit(case=case, user=alice)
    case_approve(case=case, user=director)
    assert set(told(K.APPROVED)) == {alice.username, secretary.username}
    assert "är godkänt" in told(K.APPROVED)[alice.username].title


def test_a_refused_step_tells_no_one(document, case, alice, secretary):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        case_submit(case=case, user=secretary)
    assert not Notification.objects.exists()


def test_a_case_placed_on_the_agenda_tells_its_handler(
    make_case, meeting, alice, secretary
):
    case = make_case(handler=alice)
    meeting_services.agenda_add(meeting=meeting, case=case, user=secretary)
    [row] = told(K.PLACED_ON_AGENDA).values()
    assert row.recipient == alice
    assert row.title == (
        f"{case.number} är uppfört på föredragningslistan för Kommunstyrelsen "
        "den 2023-04-12"
    )


@pytest.fixture
def handled(decided_item, alice):
    case = decided_item.case
    case.handler = alice
    case.save()
    return decided_item


def test_minutes_sent_for_justering_tell_the_chair_and_the_adjusters(
    jmeeting, handled, secretary, chair, adjuster
):
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    rows = told(K.SENT_FOR_JUSTERING)
    assert set(rows) == {chair.username, adjuster.username}
    assert rows[chair.username].url == jmeeting.get_absolute_url()
    assert "väntar på din justering" in rows[chair.username].title


def test_a_proposed_change_tells_the_secretary(jmeeting, handled, secretary, adjuster):
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    handled.refresh_from_db()
    justering_services.justering_propose_change(
        item=handled, user=adjuster, text="Stryk andra meningen."
    )
    [row] = told(K.CHANGE_PROPOSED).values()
    assert row.recipient == secretary
    assert row.body == "Stryk andra meningen."
    assert "§ 1" in row.title


def test_adjusted_minutes_tell_the_secretary_and_the_handler(
    jmeeting, handled, secretary, chair, adjuster, alice
):
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    justering_services.justering_confirm(meeting=jmeeting, user=chair)
    assert not told(K.ADJUSTED)
    justering_services.justering_confirm(meeting=jmeeting, user=adjuster)
    rows = told(K.ADJUSTED)
    assert set(rows) == {secretary.username, alice.username}
    assert rows[alice.username].url == handled.case.get_absolute_url()


def test_a_dispatched_decision_tells_the_handler(adjusted_case, secretary, alice):
    adjusted_case.handler = alice
    adjusted_case.save()
    decision_dispatch(case=adjusted_case, user=secretary)
    run_tasks()
    assert not told(K.DISPATCHED)  # one recipient is still to be sent by hand
    manual = adjusted_case.dispatches.get(method=Dispatch.Method.MANUAL)
    dispatch_mark_done(dispatch=manual, user=secretary)
    [row] = told(K.DISPATCHED).values()
    assert row.recipient == alice
    assert "har expedierats" in row.title
