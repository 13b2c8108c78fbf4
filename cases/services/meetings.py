"""Meetings, agendas and decisions (DESIGN.md "Workflow of a case", STYLE.md §4).

The board secretary (nämndsekreterare) of the board's organisation takes every
step here: creates and changes meetings, places approved cases on the agenda
(approved → on_agenda), orders and removes items, and records each item's
decision, which numbers the paragraph (§) and moves the case on:

- bifall, noterar till protokollet, avslag, annat: on_agenda → decided;
- återremiss: on_agenda → decided → drafting, the reason kept as the decision text;
- bordläggning: the case stays on_agenda and goes onto a later meeting's agenda;
  the decision still has its § in this meeting's minutes.

Refusals follow cases/services/workflow.py: PermissionDenied for the wrong
person, StepRefused for a step the state does not allow, ValidationError for
bad input; nothing is changed. Once a meeting's minutes are adjusted
(`Meeting.is_adjusted`) nothing of it changes any more.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Board, User
from members.roles import Role
from ssr_portal.lib.refusals import StepRefused

from ..models import (
    AgendaItem,
    Case,
    Decision,
    DecisionStatement,
    JusteringConfirmation,
    Meeting,
    MemberVote,
    ParagraphSeries,
    Vote,
)
from ..models.documents import Section

__all__ = [
    "VoteInput",
    "StatementInput",
    "agenda_add",
    "agenda_move",
    "agenda_remove",
    "decision_default_text",
    "decision_record",
    "meeting_create",
    "meeting_update",
    "user_may_manage_meetings",
]


# Who may --------------------------------------------------------------------


def user_may_manage_meetings(*, user: User, board: Board) -> bool:
    """Whether the user is a board secretary of the board's organisation."""
    return (
        user.is_authenticated
        and user.is_active
        and user.organisation_id is not None
        and user.organisation_id == board.organisation_id
        and user.has_role(Role.SECRETARY)
    )


def _check_secretary(user: User, board: Board) -> None:
    if not user_may_manage_meetings(user=user, board=board):
        raise PermissionDenied(
            _(
                "Only a board secretary of %(organisation)s may prepare the "
                "meetings of %(board)s and record their decisions."
            )
            % {"organisation": board.organisation.name, "board": board.name}
        )


def minutes_confirmations_clear(meeting: Meeting, user: User | None) -> int:
    """Clear the confirmations given so far of the meeting's minutes: they are
    about to change, so the chair and the justerare confirm them again. In the
    transaction of the change (a refused change rolls the clearing back)."""
    now = timezone.now()
    cleared = 0
    for confirmation in JusteringConfirmation.objects.select_for_update().filter(
        meeting=meeting, cleared_at__isnull=True
    ):
        confirmation.cleared_at = now
        confirmation._history_user = user
        confirmation.save()
        cleared += 1
    return cleared


def _check_not_adjusted(meeting: Meeting, user: User) -> None:
    """Refuse a change to adjusted minutes; before that, any change to the
    meeting, its agenda or its decisions clears the confirmations given so far
    (a § added after the chair confirmed must not slip into adjusted minutes)."""
    if meeting.is_adjusted:
        raise StepRefused(
            _("The minutes of this meeting are adjusted and can no longer be changed.")
        )
    minutes_confirmations_clear(meeting, user)


def _check_people(board: Board, people: Iterable[User], field: str) -> None:
    for person in people:
        if person.organisation_id != board.organisation_id:
            raise ValidationError(
                {field: _("Choose people of the board's organisation.")}
            )


def _check_secretary_is_no_signer(
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


def _check_no_vote_with_jav(
    member_votes: Sequence[tuple[User, str]], not_participating: Iterable[User]
) -> None:
    """A member who takes no part in the decision (jäv) cannot be named as voting."""
    absent = {person.pk for person in not_participating}
    for member, _option in member_votes:
        if member.pk in absent:
            raise ValidationError(
                {
                    "votes": _(
                        "%(name)s takes no part in the decision (jäv) and cannot be "
                        "named as voting."
                    )
                    % {"name": member.get_full_name() or member.username}
                }
            )


def _check_voters_present(
    meeting: Meeting, member_votes: Sequence[tuple[User, str]]
) -> None:
    """Where the meeting's members present are recorded, a named vote is one of
    theirs (the decision form offers only them; this holds for the API too)."""
    if not member_votes:
        return
    present = set(meeting.members_present.values_list("pk", flat=True))
    if not present:
        return
    for member, _option in member_votes:
        if member.pk not in present:
            raise ValidationError(
                {
                    "votes": _(
                        "%(name)s is not recorded as present at the meeting and "
                        "cannot be named as voting."
                    )
                    % {"name": member.get_full_name() or member.username}
                }
            )


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
) -> Meeting:
    """The secretary creates a meeting (sammanträde) of the board."""
    _check_secretary(user, board)
    _check_people(board, adjusters, "adjusters")
    _check_people(board, members_present, "members_present")
    _check_secretary_is_no_signer(secretary, chair, adjusters)
    with transaction.atomic():
        meeting = Meeting(
            board=board,
            meeting_date=meeting_date,
            start_time=start_time,
            place=place.strip(),
            chair=chair,
            secretary=secretary,
            other_members_present=other_members_present.strip(),
        )
        meeting.full_clean()
        meeting._history_user = user
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
) -> Meeting:
    """The secretary changes a meeting's details, until its minutes are adjusted.
    A meeting with decided items keeps its year (the §§ are numbered by it)."""
    _check_secretary(user, meeting.board)
    _check_people(meeting.board, adjusters, "adjusters")
    _check_people(meeting.board, members_present, "members_present")
    _check_secretary_is_no_signer(secretary, chair, adjusters)
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update()
            .select_related("board__organisation")
            .get(pk=meeting.pk)
        )
        _check_not_adjusted(locked, user)
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
        locked.meeting_date = meeting_date
        locked.start_time = start_time
        locked.place = place.strip()
        locked.chair = chair
        locked.secretary = secretary
        locked.other_members_present = other_members_present.strip()
        locked.full_clean()
        locked._history_user = user
        locked.save()
        locked.adjusters.set(adjusters)
        locked.members_present.set(members_present)
    return locked


# The agenda -----------------------------------------------------------------


def _lock_case(case: Case) -> Case:
    return (
        Case.objects.select_for_update()
        .select_related("board__organisation")
        .get(pk=case.pk)
    )


def _set_status(case: Case, status: str, user: User) -> None:
    case.status = status
    case.full_clean()
    case._history_user = user
    case.save()


def _place_on_agenda(meeting: Meeting, case: Case) -> AgendaItem:
    """Put the (locked) case last on the meeting's agenda."""
    if AgendaItem.objects.filter(meeting=meeting, case=case).exists():
        raise StepRefused(
            _("%(number)s is already on the agenda of this meeting.")
            % {"number": case.number}
        )
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(meeting=meeting, case=case, position=last + 1)
    item.full_clean()
    item.save()
    return item


def agenda_add(*, meeting: Meeting, case: Case, user: User) -> AgendaItem:
    """The secretary places an approved case of the board on the meeting's agenda
    (föredragningslista), last: approved → on_agenda."""
    _check_secretary(user, meeting.board)
    with transaction.atomic():
        locked_meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_not_adjusted(locked_meeting, user)
        locked = _lock_case(case)
        if locked.board_id != locked_meeting.board_id:
            raise StepRefused(
                _("%(number)s belongs to another board than this meeting.")
                % {"number": locked.number}
            )
        pending = AgendaItem.objects.filter(case=locked, decision__isnull=True)
        if pending.exists():
            raise StepRefused(
                _(
                    "%(number)s is already on the agenda of a meeting where it has "
                    "not been decided."
                )
                % {"number": locked.number}
            )
        if locked.status != Case.Status.APPROVED or not locked.can_change_status(
            Case.Status.ON_AGENDA
        ):
            raise StepRefused(
                _(
                    "Only an approved case can be placed on the agenda; %(number)s "
                    "is %(status)s."
                )
                % {
                    "number": locked.number,
                    "status": locked.get_status_display().lower(),
                }
            )
        item = _place_on_agenda(locked_meeting, locked)
        _set_status(locked, Case.Status.ON_AGENDA, user)
    case.status = locked.status
    return item


def _renumber(meeting: Meeting) -> None:
    """Keep the positions of the meeting's items dense: 1, 2, 3, …"""
    for position, item in enumerate(meeting.items.order_by("position", "pk"), 1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])


def _lock_item(item: AgendaItem) -> AgendaItem:
    return (
        AgendaItem.objects.select_for_update()
        .select_related("meeting__board__organisation", "case")
        .get(pk=item.pk)
    )


def agenda_remove(*, item: AgendaItem, user: User) -> None:
    """The secretary takes an undecided case off the agenda: on_agenda → approved.

    STATUS_TRANSITIONS has no on_agenda → approved step (it is no step of the
    case's own workflow, only the undoing of agenda_add), so the state check is
    explicit here: the case must be on the agenda and the item undecided."""
    _check_secretary(user, item.meeting.board)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=item.meeting_id)
        locked_item = _lock_item(item)
        _check_not_adjusted(locked_item.meeting, user)
        if hasattr(locked_item, "decision"):
            raise StepRefused(
                _("The item has a decision and cannot be taken off the agenda.")
            )
        case = _lock_case(locked_item.case)
        if case.status != Case.Status.ON_AGENDA:  # pragma: no cover - defensive
            raise StepRefused(_("The case is not on the agenda."))
        locked_item.delete()
        _renumber(locked_item.meeting)
        _set_status(case, Case.Status.APPROVED, user)


def agenda_move(*, item: AgendaItem, offset: int, user: User) -> AgendaItem:
    """The secretary moves an item up (offset -1) or down (+1) the agenda."""
    _check_secretary(user, item.meeting.board)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=item.meeting_id)
        locked = _lock_item(item)
        _check_not_adjusted(locked.meeting, user)
        items = list(locked.meeting.items.order_by("position", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == locked.pk)
        target = max(0, min(len(items) - 1, index + offset))
        items.insert(target, items.pop(index))
        for position, other in enumerate(items, 1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position", "updated_at"])
    return AgendaItem.objects.get(pk=item.pk)


# Decisions ------------------------------------------------------------------


INFORMATION_TEXT = (
    "{board} noterar till protokollet att man tagit del av information om {title}."
)


def decision_default_text(item: AgendaItem, kind: str | None = None) -> str:
    """The decision text the form starts from.

    For an information case, or a decision "noterar till protokollet", the
    standard wording with the board's name and the case's title (in Swedish:
    the language of the minutes). Otherwise the text of the tjänsteskrivelse's
    first section (Förslag till beslut) without its subheadings."""
    case = item.case
    if kind == Decision.Kind.NOTE or (
        kind is None and case.kind == Case.Kind.INFORMATION
    ):
        return INFORMATION_TEXT.format(board=item.meeting.board.name, title=case.title)
    section = (
        Section.objects.filter(document__case=case).order_by("position", "pk").first()
    )
    if section is None:
        return ""
    lines = [line for line in section.text.splitlines() if not line.startswith("#")]
    return "\n".join(lines).strip()


@dataclass(frozen=True)
class VoteInput:
    option: str
    count: int


@dataclass(frozen=True)
class StatementInput:
    kind: str
    text: str
    member: User | None = None
    member_name: str = ""


def _check_later_meeting(meeting: Meeting, later: Meeting | None, case: Case) -> None:
    if later is None:
        raise ValidationError(
            {"later_meeting": _("Choose the later meeting the case is postponed to.")}
        )
    if later.board_id != meeting.board_id or later.meeting_date <= (
        meeting.meeting_date
    ):
        raise ValidationError(
            {
                "later_meeting": _(
                    "Choose a later meeting of the same board to postpone the case to."
                )
            }
        )
    if later.is_adjusted:
        raise ValidationError(
            {"later_meeting": _("The minutes of that meeting are already adjusted.")}
        )


def _check_member_votes(
    votes: Sequence[VoteInput], member_votes: Sequence[tuple[User, str]]
) -> None:
    """A named vote must name an option of the omröstning, and no option may have
    more named votes than it got votes."""
    counts = {vote.option.strip(): vote.count for vote in votes}
    named: dict[str, int] = {}
    for _member, option in member_votes:
        option = option.strip()
        if option not in counts:
            raise ValidationError(
                {
                    "member_votes": _(
                        "A named vote must be for one of the options with a number "
                        "of votes; “%(option)s” is not one of them."
                    )
                    % {"option": option}
                }
            )
        named[option] = named.get(option, 0) + 1
    for option, number in named.items():
        if number > counts[option]:
            raise ValidationError(
                {
                    "member_votes": _(
                        "More members are named as voting for “%(option)s” "
                        "(%(named)s) than the option got votes (%(votes)s)."
                    )
                    % {"option": option, "named": number, "votes": counts[option]}
                }
            )


def _next_paragraph(board: Board, year: int) -> int:
    """Lock the board's series for the year (created on first use) and take the
    next §: a refused decision rolls it back, so the §§ have no gaps."""
    ParagraphSeries.objects.bulk_create(
        [ParagraphSeries(board=board, year=year)], ignore_conflicts=True
    )
    series = ParagraphSeries.objects.select_for_update().get(board=board, year=year)
    series.last_paragraph += 1
    series.save(update_fields=["last_paragraph"])
    return series.last_paragraph


def decision_record(
    *,
    item: AgendaItem,
    user: User,
    kind: str,
    text: str,
    motions: str = "",
    procedure: str = "",
    later_meeting: Meeting | None = None,
    votes: Sequence[VoteInput] = (),
    member_votes: Sequence[tuple[User, str]] = (),
    statements: Sequence[StatementInput] = (),
    not_participating: Sequence[User] = (),
) -> Decision:
    """The secretary records the decision on an agenda item.

    1. Lock the case and the item; refuse the wrong person, an adjusted meeting,
       an item already decided and a case not on the agenda.
    2. Number the § from the board's ParagraphSeries of the meeting's year.
    3. Write the decision with its votes (named votes only for an option with
       a count, and no more of them than its count), reservations, protocol
       notes and jäv.
    4. Move the case: decided; återremiss on to drafting; bordläggning keeps it
       on the agenda, now of `later_meeting` (required: same board, later date).
    """
    meeting = item.meeting
    board = meeting.board
    _check_secretary(user, board)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the decision.")})
    if kind not in Decision.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of decision.")})
    _check_people(board, not_participating, "not_participating")
    _check_people(board, [member for member, _option in member_votes], "votes")
    _check_people(
        board, [s.member for s in statements if s.member is not None], "statements"
    )
    _check_member_votes(votes, member_votes)
    _check_no_vote_with_jav(member_votes, not_participating)
    with transaction.atomic():
        case = _lock_case(item.case)
        locked = _lock_item(item)
        meeting = locked.meeting
        _check_not_adjusted(meeting, user)
        _check_voters_present(meeting, member_votes)
        if Decision.objects.filter(item=locked).exists():
            raise StepRefused(
                _(
                    "A decision has already been recorded for %(number)s at this meeting."
                )
                % {"number": case.number}
            )
        if case.status != Case.Status.ON_AGENDA or not case.can_change_status(
            Case.Status.DECIDED
        ):
            raise StepRefused(
                _(
                    "A decision can only be recorded for a case on the agenda; "
                    "%(number)s is %(status)s."
                )
                % {"number": case.number, "status": case.get_status_display().lower()}
            )
        if kind == Decision.Kind.POSTPONE:
            _check_later_meeting(meeting, later_meeting, case)
        else:
            later_meeting = None

        locked.paragraph = _next_paragraph(board, meeting.meeting_date.year)
        locked.full_clean()
        locked._history_user = user
        locked.save()

        decision = Decision(
            item=locked,
            kind=kind,
            text=text,
            motions=motions.strip(),
            procedure=procedure.strip(),
            later_meeting=later_meeting,
            decided_by=user,
        )
        decision.full_clean()
        decision._history_user = user
        decision.save()
        decision.not_participating.set(not_participating)
        for position, vote in enumerate(votes, 1):
            row = Vote(
                decision=decision,
                position=position,
                option=vote.option.strip(),
                count=vote.count,
            )
            row.full_clean()
            row.save()
        for member, option in member_votes:
            row = MemberVote(decision=decision, member=member, option=option.strip())
            row.full_clean()
            row.save()
        for statement in statements:
            row = DecisionStatement(
                decision=decision,
                kind=statement.kind,
                member=statement.member,
                member_name=statement.member_name.strip(),
                text=statement.text.strip(),
            )
            row.full_clean()
            row.save()

        if kind == Decision.Kind.POSTPONE:
            later = Meeting.objects.select_for_update().get(pk=later_meeting.pk)
            _place_on_agenda(later, case)
            # on_agenda → on_agenda (of the later meeting): recorded in the history.
            _set_status(case, Case.Status.ON_AGENDA, user)
        else:
            _set_status(case, Case.Status.DECIDED, user)
            if kind == Decision.Kind.REFER_BACK:
                if not case.can_change_status(Case.Status.DRAFTING):  # pragma: no cover
                    raise StepRefused(_("The case cannot go back to drafting."))
                _set_status(case, Case.Status.DRAFTING, user)
    item.paragraph = locked.paragraph
    item.case.status = case.status
    return decision
