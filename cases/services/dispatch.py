"""Dispatch of a decision (expediering) and closing the case.

After justering the board secretary dispatches the protokollsutdrag to every
recipient of the case ("Beslutet skickas till"):

1. `decision_dispatch` writes one Dispatch row per recipient, as to_do: an
   e-mail row for a recipient with an address, a manual row for the rest; and
   for each e-mail row a background task (cases/tasks.py), in the same
   transaction: no row without its task, no task without its row. The request
   waits on no SMTP server and renders no PDF.
2. The worker sends each e-mail with the protokollsutdrag attached
   (`dispatch_email_send`) and its row becomes sent, or failed with the error,
   and the task is tried again after a backoff (ssr_portal/lib/tasks.py).
3. `dispatch_retry_failed` queues the failed ones again (also the management
   command `dispatch_retry`); `dispatch_mark_done` records a manual dispatch.
4. When every row is sent or done, the case moves adjusted → dispatched;
   `case_close` then closes it (dispatched → closed).

Refusals as in cases/services/workflow.py: PermissionDenied for the wrong
person, StepRefused for a step the state does not allow.
"""

import datetime
import logging
from collections.abc import Iterable
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import User
from ssr_portal.lib.refusals import StepRefused
from ssr_portal.lib.text import clean_text

from ..exceptions import DispatchSendFailed
from ..locks import lock_case, lock_rows
from ..models import AgendaItem, Case, Decision, Dispatch
from ..models.consultations import current_step
from ..permissions import user_may_close, user_may_dispatch
from .notices import notify_dispatched
from .transitions import case_transition

logger = logging.getLogger(__name__)

__all__ = [
    "case_close",
    "decision_dispatch",
    "dispatch_email_send_now",
    "dispatch_mark_done",
    "dispatch_retry_failed",
]


def _check_dispatcher(user: User, case: Case) -> None:
    if not user_may_dispatch(user=user, case=case):
        raise PermissionDenied(
            _("Only a board secretary of %(organisation)s may dispatch its decisions.")
            % {"organisation": case.board.organisation.name}
        )


def _decided_item(case: Case) -> AgendaItem | None:
    """The agenda item of the case's decision in adjusted minutes (the latest)."""
    return (
        AgendaItem.objects.filter(
            case=case, decision__isnull=False, meeting__adjusted_at__isnull=False
        )
        # A bordläggning is no decision in the matter: it is not appealed or sent.
        .exclude(decision__kind=Decision.Kind.POSTPONE)
        .select_related("meeting__board__organisation", "decision")
        .order_by("-meeting__meeting_date", "-pk")
        .first()
    )


def check_deciding_body_decided(case: Case) -> None:
    """Refuse (StepRefused) to dispatch or close a case whose beredningsgång has
    a step left: only the deciding body's decision is sent and ends the case,
    not a preparing body's proposal."""
    step = current_step(case)
    if step is not None:
        raise StepRefused(
            _(
                "%(number)s can be dispatched and closed only after the decision of "
                "the deciding body; %(board)s has not handled it yet."
            )
            % {"number": case.number, "board": step.board.name}
        )


def _complete_if_all_sent(case: Case, user: User | None) -> None:
    """Adjusted → dispatched once every row is sent or done (case locked)."""
    if case.status != Case.Status.ADJUSTED:
        return
    rows = list(case.dispatches.all())
    if any(not row.is_complete for row in rows):
        return
    if not case.can_change_status(Case.Status.DISPATCHED):  # pragma: no cover
        return
    case_transition(case=case, to=Case.Status.DISPATCHED, user=user)
    notify_dispatched(case=case)


def decision_dispatch(*, case: Case, user: User) -> list[Dispatch]:
    """The secretary dispatches the decision to every recipient of the case.

    Refused unless the case's minutes are adjusted and it is in status adjusted,
    and when it was dispatched already. Returns the rows written; the e-mails go
    out after commit.
    """
    _check_dispatcher(user, case)
    with transaction.atomic():
        locked = lock_case(case)
        check_deciding_body_decided(locked)
        if locked.status != Case.Status.ADJUSTED or _decided_item(locked) is None:
            raise StepRefused(
                _(
                    "%(number)s can be dispatched only once its decision's minutes "
                    "are adjusted."
                )
                % {"number": locked.number}
            )
        if locked.dispatches.exists():
            raise StepRefused(
                _("The decision of %(number)s has been dispatched already.")
                % {"number": locked.number}
            )
        rows = []
        for recipient in locked.recipients.all():
            email = recipient.email.strip()
            row = Dispatch(
                case=locked,
                recipient=recipient,
                recipient_name=recipient.name,
                email=email,
                method=Dispatch.Method.EMAIL if email else Dispatch.Method.MANUAL,
                by=user,
            )
            row.full_clean()
            row.save()
            rows.append(row)
        _complete_if_all_sent(locked, user)
        _enqueue_sends(row for row in rows if row.method == Dispatch.Method.EMAIL)
    case.refresh_from_db()
    # The user's id, not their name: log lines carry no personal data.
    logger.info(
        "User %s dispatched %s to %s recipients", user.pk, locked.number, len(rows)
    )
    return rows


def _enqueue_sends(rows: Iterable[Dispatch]) -> None:
    """One background task per e-mail row, in the caller's transaction."""
    from ..tasks import dispatch_email_send

    for row in rows:
        dispatch_email_send.enqueue(dispatch_id=row.pk)


def dispatch_email_send_now(*, dispatch_id: int) -> str:
    """Send one e-mail row and record the outcome (the worker's task); returns
    the row's status, or "" when there was nothing to send.

    1. Claim the row under a row lock (`of=self`: only the row) that is held
       while the message is handed to the SMTP server and until the row says
       sent: a second task for the same row (a retry queued by hand while the
       worker's backoff retry is due) skips it or finds it sent, and a worker
       killed while sending leaves the row to_do (its transaction is rolled
       back) for the task to be run again. The message carries a Message-ID
       made from the row, the same on every attempt.
    2. Sent: the row is sent. Failed: the row is failed with the error, committed,
       and DispatchSendFailed is raised so the task is tried again later.
    3. When every row of the case is sent or done, the case is dispatched.
    """
    error_text = ""
    with transaction.atomic():
        row = (
            lock_rows(Dispatch.objects.all(), skip_locked=True)
            .select_related("case__board__organisation", "by")
            .filter(
                pk=dispatch_id,
                method=Dispatch.Method.EMAIL,
                status__in=(Dispatch.Status.TO_DO, Dispatch.Status.FAILED),
            )
            .first()
        )
        if row is None:  # sent already, or being sent by another worker
            return ""
        row.attempts += 1
        try:
            _decision_email(row).send()
        except Exception as error:  # any backend error: recorded, retried
            logger.warning(
                "Dispatch %s of %s failed: %s", row.pk, row.case.number, error
            )
            row.status = Dispatch.Status.FAILED
            row.error = str(error)[:1000] or error.__class__.__name__
            row.save(update_fields=["status", "error", "attempts", "updated_at"])
            error_text = row.error
        else:
            row.status = Dispatch.Status.SENT
            row.sent_at = timezone.now()
            row.error = ""
            row.save(
                update_fields=["status", "sent_at", "error", "attempts", "updated_at"]
            )
    if error_text:
        raise DispatchSendFailed(error_text)
    with transaction.atomic():
        _complete_if_all_sent(lock_case(row.case), row.by)
    return row.status


def dispatch_message_id(row: Dispatch) -> str:
    """The Message-ID of a dispatch row's e-mail: the same on every attempt."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "ssr-portal.local"
    return f"<dispatch-{row.pk}-{row.case_id}@{domain}>"


def _decision_email(row: Dispatch) -> EmailMessage:
    case = row.case
    item = _decided_item(case)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "case": case,
            "item": item,
            "meeting": item.meeting if item else None,
            "decision": item.decision if item else None,
            "recipient_name": row.recipient_name,
            "url": settings.SITE_URL + case.get_absolute_url(),
        }
        subject = _("Extract from the minutes: %(number)s %(title)s") % {
            "number": case.number,
            "title": case.title,
        }
        body = render_to_string("cases/email/decision.txt", context)
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[row.email],
        headers={"Message-ID": dispatch_message_id(row)},
    )
    if item is not None and row.by is not None:
        _attach_extract(message, item, row.by)
    return message


def _attach_extract(message: EmailMessage, item: AgendaItem, user: User) -> None:
    """Attach the protokollsutdrag of the item's § as PDF. If it cannot be made,
    the mail still goes with the link to the case, and the failure is logged."""
    from .minutes import minutes_extract_pdf  # justering imports the meetings

    try:
        # A decided item has its § (decision_record numbers it first).
        pdf = minutes_extract_pdf(item.meeting, user, cast(int, item.paragraph))
    except Exception:
        logger.exception("No protokollsutdrag PDF for %s", item.case.number)
        return
    if pdf:
        name = f"protokollsutdrag-{item.meeting.meeting_date:%Y-%m-%d}-{item.paragraph}.pdf"
        message.attach(name, pdf, "application/pdf")


def dispatch_retry_failed(*, user: User, case: Case | None = None) -> list[Dispatch]:
    """Queue the failed e-mails to be sent again now (of one case, or all);
    `user` None is the system (the management command), which also queues the
    e-mail rows left to_do for more than an hour (a task that gave up). Returns
    the rows queued. Nothing is locked: the worker claims each row when it sends
    it, so a row being sent right now is not sent twice."""
    if user is None:
        raise TypeError("dispatch_retry_failed needs a user, or the system account")
    if not user.is_system:
        if case is None:  # every organisation's e-mails: the system's job only
            raise PermissionDenied(_("Choose the case whose e-mails to send again."))
        _check_dispatcher(user, case)
    stuck = Q(status=Dispatch.Status.FAILED)
    if user.is_system:
        stuck |= Q(
            status=Dispatch.Status.TO_DO,
            method=Dispatch.Method.EMAIL,
            created_at__lt=timezone.now() - datetime.timedelta(hours=1),
        )
    rows = Dispatch.objects.filter(stuck, method=Dispatch.Method.EMAIL)
    if case is not None:
        rows = rows.filter(case=case)
    with transaction.atomic():
        queued = list(rows)
        _enqueue_sends(queued)
    return queued


def dispatch_mark_done(*, dispatch: Dispatch, user: User, note: str = "") -> Dispatch:
    """The secretary records that a manual dispatch was made (post, by hand)."""
    _check_dispatcher(user, dispatch.case)
    with transaction.atomic():
        locked_case = lock_case(dispatch.case)
        row = lock_rows(Dispatch.objects.all()).get(pk=dispatch.pk)
        if not row.can_be_marked_done:
            raise StepRefused(
                _("This dispatch to %(name)s is not waiting to be sent by hand.")
                % {"name": row.recipient_name}
            )
        row.status = Dispatch.Status.DONE
        row.sent_at = timezone.now()
        row.by = user
        row.note = clean_text(note)
        row.full_clean()
        row.save()
        _complete_if_all_sent(locked_case, user)
    return row


def case_close(*, case: Case, user: User) -> Case:
    """A registrar or secretary closes a dispatched case: dispatched → closed."""
    if not user_may_close(user=user, case=case):
        raise PermissionDenied(
            _("Only a registrar or board secretary of %(organisation)s may close it.")
            % {"organisation": case.board.organisation.name}
        )
    with transaction.atomic():
        locked = lock_case(case)
        check_deciding_body_decided(locked)
        if locked.status != Case.Status.DISPATCHED:
            raise StepRefused(
                _("%(number)s can be closed only once its decision is dispatched.")
                % {"number": locked.number}
            )
        case_transition(case=locked, to=Case.Status.CLOSED, user=user)
    case.refresh_from_db()
    return locked
