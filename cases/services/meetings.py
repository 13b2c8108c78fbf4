"""Meetings, agendas and decisions (DESIGN.md "Workflow of a case", STYLE.md §4).

The board secretary (nämndsekreterare) of the board's organisation takes every
step here: creates and changes meetings, places approved cases on the agenda
(approved → on_agenda), orders and removes items, and records each item's
decision, which moves the case on (the §§ are given in agenda order when the
minutes are sent for justering, cases/services/justering.py):

- bifall, noterar till protokollet, avslag, annat: on_agenda → decided;
- återremiss: on_agenda → decided → drafting, the reason kept as the decision text;
- bordläggning: the case stays on_agenda and goes onto a later meeting's agenda;
  the decision still has its § in this meeting's minutes.

Refusals follow cases/services/workflow.py: PermissionDenied for the wrong
person, StepRefused for a step the state does not allow, ValidationError for
bad input; nothing is changed. Once a meeting's minutes are adjusted
(`Meeting.is_adjusted`) nothing of it changes any more.

This module holds the meetings themselves; the agenda and the decisions are in
cases/services/agenda.py, the checks every one of them makes in
cases/services/meeting_rules.py. Their public names are importable from here.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Board, User
from ssr_portal.lib.history import set_history_user

from ..locks import lock_meeting
from ..models import Meeting
from ..permissions import check_secretary
from .agenda import (
    StatementInput,
    VoteInput,
    agenda_add,
    agenda_move,
    agenda_remove,
    decision_default_text,
    decision_record,
    default_proposed_to,
    item_proposal,
)
from .meeting_rules import (
    check_not_adjusted,
    check_people,
    check_secretary_is_no_signer,
    minutes_confirmations_clear,
)

__all__ = [
    "VoteInput",
    "StatementInput",
    "agenda_add",
    "agenda_move",
    "agenda_remove",
    "check_not_adjusted",
    "decision_default_text",
    "default_proposed_to",
    "item_proposal",
    "decision_record",
    "meeting_create",
    "meeting_update",
    "minutes_confirmations_clear",
]


# Meetings -------------------------------------------------------------------


def meeting_create(
    *,
    board: Board,
    user: User,
    meeting_date: datetime.date,
    start_time: datetime.time,
    place: str,
    chair: User | None = None,
    secretary: User | None = None,
    adjusters: Sequence[User] = (),
    members_present: Sequence[User] = (),
    other_members_present: str = "",
    kallelse_shows_proposals: bool = False,
) -> Meeting:
    """The secretary creates a meeting (sammanträde) of the board;
    `kallelse_shows_proposals` prints each item's förslag till beslut in the
    kallelse."""
    check_secretary(user, board)
    check_people(board, adjusters, "adjusters")
    check_people(board, members_present, "members_present")
    check_secretary_is_no_signer(secretary, chair, adjusters)
    with transaction.atomic():
        meeting = Meeting(
            board=board,
            meeting_date=meeting_date,
            start_time=start_time,
            place=place.strip(),
            chair=chair,
            secretary=secretary,
            other_members_present=other_members_present.strip(),
            kallelse_shows_proposals=kallelse_shows_proposals,
        )
        meeting.full_clean()
        set_history_user(meeting, user)
        meeting.save()
        meeting.adjusters.set(adjusters)
        meeting.members_present.set(members_present)
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    user: User,
    meeting_date: datetime.date,
    start_time: datetime.time,
    place: str,
    chair: User | None = None,
    secretary: User | None = None,
    adjusters: Sequence[User] = (),
    members_present: Sequence[User] = (),
    other_members_present: str = "",
    kallelse_shows_proposals: bool | None = None,
) -> Meeting:
    """The secretary changes a meeting's details, until its minutes are adjusted.
    A meeting with numbered items keeps its year (the §§ are numbered by it).
    `kallelse_shows_proposals` None keeps the meeting's choice."""
    check_secretary(user, meeting.board)
    check_people(meeting.board, adjusters, "adjusters")
    check_people(meeting.board, members_present, "members_present")
    check_secretary_is_no_signer(secretary, chair, adjusters)
    with transaction.atomic():
        locked = lock_meeting(meeting)
        check_not_adjusted(locked)
        numbered = locked.items.filter(paragraph__isnull=False).exists()
        if numbered and meeting_date.year != locked.meeting_date.year:
            raise ValidationError(
                {
                    "meeting_date": _(
                        "Decisions of this meeting are numbered in %(year)s: the "
                        "meeting cannot move to another year."
                    )
                    % {"year": locked.meeting_date.year}
                }
            )
        if (
            meeting_date > timezone.localdate()
            and locked.items.filter(decision__isnull=False).exists()
        ):
            raise ValidationError(
                {
                    "meeting_date": _(
                        "Decisions of this meeting are already recorded: the meeting "
                        "cannot move to a day that has not come yet."
                    )
                }
            )
        locked.meeting_date = meeting_date
        locked.start_time = start_time
        locked.place = place.strip()
        locked.chair = chair
        locked.secretary = secretary
        locked.other_members_present = other_members_present.strip()
        if kallelse_shows_proposals is not None:
            locked.kallelse_shows_proposals = kallelse_shows_proposals
        locked.full_clean()
        set_history_user(locked, user)
        locked.save()
        minutes_confirmations_clear(locked, user)
        locked.adjusters.set(adjusters)
        locked.members_present.set(members_present)
    return locked
