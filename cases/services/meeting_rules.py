"""What every service of a meeting checks first (STYLE.md §4): who may prepare
the board's meetings, that the minutes are not adjusted, that the people named
belong to the board's organisation; and the clearing of the confirmations given
so far, which every change to the meeting, its agenda or its decisions does.

Used by cases/services/meetings.py, agenda.py, justering.py, anslag.py and
dispatch.py.
"""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Board, User
from ssr_portal.lib.history import set_history_user
from ssr_portal.lib.refusals import StepRefused

from ..models import (
    JusteringConfirmation,
    Meeting,
)

# Who may --------------------------------------------------------------------


def minutes_confirmations_clear(meeting: Meeting, user: User | None) -> int:
    """Clear the confirmations given so far of the meeting's minutes: they are
    about to change, so the chair and the justerare confirm them again. In the
    transaction of the change (a refused change rolls the clearing back), under
    the meeting's lock, which every writer of its confirmations holds: the rows
    need no lock of their own.

    Every change to the meeting, its agenda or its decisions calls it: a § added
    after the chair confirmed must not slip into adjusted minutes."""
    now = timezone.now()
    cleared = 0
    for confirmation in JusteringConfirmation.objects.filter(
        meeting=meeting, cleared_at__isnull=True
    ):
        confirmation.cleared_at = now
        set_history_user(confirmation, user)
        confirmation.save()
        cleared += 1
    return cleared


def check_not_adjusted(meeting: Meeting) -> None:
    """Refuse (StepRefused) a change to a meeting whose minutes are adjusted.
    Only checks: the change clears the confirmations itself
    (`minutes_confirmations_clear`)."""
    if meeting.is_adjusted:
        raise StepRefused(
            _("The minutes of this meeting are adjusted and can no longer be changed.")
        )


def check_meeting_held(meeting: Meeting, *, step: str) -> None:
    """Refuse (StepRefused) a step that records what happened at the meeting
    (a decision, the sending for justering, a confirmation) before the
    meeting's date: minutes of a meeting that has not taken place would show
    a justering, an anslag and an appeal period before it."""
    if meeting.meeting_date > timezone.localdate():
        raise StepRefused(
            _(
                "The meeting is on %(date)s: %(step)s can be done on that day at "
                "the earliest."
            )
            % {"date": f"{meeting.meeting_date:%Y-%m-%d}", "step": step}
        )


def check_people(board: Board, people: Iterable[User], field: str) -> None:
    for person in people:
        if person.organisation_id != board.organisation_id:
            raise ValidationError(
                {field: _("Choose people of the board's organisation.")}
            )


def check_secretary_is_no_signer(
    secretary: User | None, chair: User | None, adjusters: Sequence[User]
) -> None:
    """The secretary who keeps the minutes does not adjust them: the chair and
    the justerare are the board's members (kommunallagen 5 kap. 69 §), the four
    eyes on what the secretary wrote. The law's rule: no setting turns it off."""
    if secretary is None:
        return
    if chair is not None and chair.pk == secretary.pk:
        raise ValidationError(
            {
                "chair": _(
                    "The secretary who keeps the minutes cannot chair the meeting."
                )
            }
        )
    if any(person.pk == secretary.pk for person in adjusters):
        raise ValidationError(
            {
                "adjusters": _(
                    "The secretary who keeps the minutes cannot adjust them: choose "
                    "members of the board as adjusters."
                )
            }
        )
