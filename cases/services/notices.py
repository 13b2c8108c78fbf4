"""Who is told of each step of a case and a meeting, and what they read: one
function per step, called by the step's service inside its transaction, which
hands the notice to `members.services.notification_send` (the portal's
"Notiser", and the e-mail at once, in the daily digest or not at all, as each
recipient prefers). A step that rolls back tells no one.

The texts are in the portal's language (Swedish), as the e-mails of the steps
are (cases/services/dispatch.py).
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Board, NotificationKind, User
from members.roles import Role
from members.services import notification_send

from ..models import AgendaItem, ApprovalEvent, Case, ChangeProposal, Meeting

__all__ = [
    "notify_adjusted",
    "notify_approval_step",
    "notify_change_proposed",
    "notify_dispatched",
    "notify_follow_up_due",
    "notify_placed_on_agenda",
    "notify_sent_for_justering",
]


def _people_with_role(board: Board, role: str) -> list[User]:
    return list(
        User.objects.filter(
            organisation_id=board.organisation_id,
            is_active=True,
            groups__name=role,
        ).distinct()
    )


def _secretaries(board: Board, meeting: Meeting | None = None) -> list[User]:
    """The meeting's secretary, or, when it names none, every board secretary
    of the organisation."""
    if meeting is not None and meeting.secretary is not None:
        return [meeting.secretary]
    return _people_with_role(board, Role.SECRETARY)


def _handler(case: Case) -> list[User]:
    """The case's handläggare: its handler, or else who submitted it last."""
    if case.handler is not None:
        return [case.handler]
    submitter = (
        ApprovalEvent.objects.filter(case=case, kind=ApprovalEvent.Kind.SUBMITTED)
        .select_related("user")
        .order_by("-created_at", "-pk")
        .first()
    )
    return [submitter.user] if submitter is not None and submitter.user else []


def _name(user: User | None) -> str:
    if user is None or user.is_system:
        return "SSR-portalen"
    return user.get_full_name() or user.username


def _case_words(case: Case) -> dict[str, str]:
    return {"number": case.number, "title": case.title}


def _meeting_words(meeting: Meeting) -> dict[str, str]:
    return {"board": meeting.board.name, "date": f"{meeting.meeting_date:%Y-%m-%d}"}


def _send(
    recipients: Iterable[User | None],
    kind: str,
    title: str,
    body: str,
    url: str,
    *,
    not_to: User | None = None,
) -> None:
    """Send, leaving out the one who took the step (they know)."""
    people = [
        person
        for person in recipients
        if person is not None and (not_to is None or person.pk != not_to.pk)
    ]
    notification_send(recipients=people, kind=kind, title=title, body=body, url=url)


def notify_approval_step(*, event: ApprovalEvent) -> None:
    """Submitted: the organisation's chief executives (not a handler the
    four-eyes rule keeps from approving it). Returned: the handläggare, with the
    comment. Approved: the handläggare and the board secretaries."""
    case = event.case
    user = event.user
    url = case.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        words = {**_case_words(case), "name": _name(user)}
        if event.kind == ApprovalEvent.Kind.SUBMITTED:
            approvers = _people_with_role(case.board, Role.DIRECTOR)
            if case.board.organisation.four_eyes_approval:
                approvers = [p for p in approvers if p.pk != case.handler_id]
            _send(
                approvers,
                NotificationKind.SUBMITTED,
                _("%(number)s %(title)s waits for your approval") % words,
                _("%(name)s submitted the official report for approval.") % words,
                url,
                not_to=user,
            )
        elif event.kind == ApprovalEvent.Kind.RETURNED:
            _send(
                _handler(case),
                NotificationKind.RETURNED,
                _("%(number)s %(title)s was returned for changes") % words,
                _("%(name)s returned the official report with this comment:") % words
                + "\n\n"
                + event.comment,
                url,
                not_to=user,
            )
        elif event.kind == ApprovalEvent.Kind.APPROVED:
            _send(
                [*_handler(case), *_secretaries(case.board)],
                NotificationKind.APPROVED,
                _("%(number)s %(title)s is approved") % words,
                _(
                    "%(name)s approved the official report. The case can be placed "
                    "on the agenda of a meeting."
                )
                % words,
                url,
                not_to=user,
            )


def notify_placed_on_agenda(*, item: AgendaItem, user: User) -> None:
    """The handläggare: their case is on the agenda of a meeting."""
    case, meeting = item.case, item.meeting
    with translation.override(settings.LANGUAGE_CODE):
        words = {**_case_words(case), **_meeting_words(meeting)}
        _send(
            _handler(case),
            NotificationKind.PLACED_ON_AGENDA,
            _("%(number)s is on the agenda of %(board)s on %(date)s") % words,
            _(
                "%(number)s %(title)s will be handled at the meeting of %(board)s on %(date)s."
            )
            % words,
            case.get_absolute_url(),
            not_to=user,
        )


def notify_sent_for_justering(*, meeting: Meeting, user: User) -> None:
    """The chair and the justerare: the minutes wait for their adjustment."""
    with translation.override(settings.LANGUAGE_CODE):
        words = _meeting_words(meeting)
        _send(
            [meeting.chair, *meeting.adjusters.all()],
            NotificationKind.SENT_FOR_JUSTERING,
            _("The minutes of %(board)s on %(date)s wait for your adjustment") % words,
            _(
                "Read the minutes and confirm them, or propose a change to a "
                "paragraph (§)."
            ),
            meeting.get_absolute_url(),
            not_to=user,
        )


def notify_change_proposed(*, proposal: ChangeProposal, user: User) -> None:
    """The secretary of the meeting: a signer proposes a change to a §."""
    meeting = proposal.meeting
    with translation.override(settings.LANGUAGE_CODE):
        words = {
            **_meeting_words(meeting),
            "name": _name(user),
            "paragraph": proposal.item.label,
        }
        _send(
            _secretaries(meeting.board, meeting),
            NotificationKind.CHANGE_PROPOSED,
            _(
                "%(name)s proposes a change to %(paragraph)s of the minutes of "
                "%(board)s on %(date)s"
            )
            % words,
            proposal.text,
            meeting.get_absolute_url(),
            not_to=user,
        )


def notify_adjusted(*, meeting: Meeting, user: User) -> None:
    """The secretary: the minutes are adjusted; each handläggare of a case on
    the agenda: its decision is adjusted and can be dispatched."""
    with translation.override(settings.LANGUAGE_CODE):
        words = _meeting_words(meeting)
        _send(
            _secretaries(meeting.board, meeting),
            NotificationKind.ADJUSTED,
            _("The minutes of %(board)s on %(date)s are adjusted") % words,
            _("The decisions can now be dispatched."),
            meeting.get_absolute_url(),
        )
        items = AgendaItem.objects.filter(meeting=meeting).select_related(
            "case__handler"
        )
        for item in items:
            case = item.case
            case_words = {**_case_words(case), **words}
            _send(
                _handler(case),
                NotificationKind.ADJUSTED,
                _("The decision on %(number)s is adjusted") % case_words,
                _(
                    "The minutes of %(board)s on %(date)s with the decision on "
                    "%(number)s %(title)s are adjusted."
                )
                % case_words,
                case.get_absolute_url(),
            )


def notify_dispatched(*, case: Case) -> None:
    """The handläggare: the decision has gone to every recipient."""
    with translation.override(settings.LANGUAGE_CODE):
        words = _case_words(case)
        _send(
            _handler(case),
            NotificationKind.DISPATCHED,
            _("The decision on %(number)s has been dispatched") % words,
            _("The decision on %(number)s %(title)s has been sent to every recipient.")
            % words,
            case.get_absolute_url(),
        )


def notify_follow_up_due(*, case: Case) -> None:
    """The case's handler: its follow-up date has come."""
    with translation.override(settings.LANGUAGE_CODE):
        words = {
            **_case_words(case),
            "date": date_format(case.follow_up_date, "j F Y")
            if case.follow_up_date
            else "",
        }
        _send(
            [case.handler],
            NotificationKind.FOLLOW_UP_DUE,
            _("Follow-up: %(number)s %(title)s") % words,
            _('The follow-up date %(date)s of case %(number)s "%(title)s" has come.')
            % words,
            case.get_absolute_url(),
        )
