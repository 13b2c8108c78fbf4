"""The agenda of a meeting and the decisions on its items (DESIGN.md "Workflow
of a case", STYLE.md §4); cases/services/meetings.py tells the whole story.

Every service here locks in the order of cases/locks.py: the meeting (and a
bordläggning's later meeting), then the item, then the case.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from members.models import Board, User
from ssr_portal.lib.history import set_history_user
from ssr_portal.lib.refusals import StepRefused

from .. import hooks
from ..locks import (
    lock_case,
    lock_item,
    lock_meeting,
    lock_meetings,
    lock_paragraph_series,
)
from ..models import (
    AgendaItem,
    Case,
    Consultation,
    Decision,
    DecisionStatement,
    Justering,
    Meeting,
    MemberVote,
    ParagraphSeries,
    Vote,
)
from ..models.consultations import case_path, next_step, previous_step, step_of_item
from ..models.documents import Section
from ..permissions import check_secretary
from .meeting_rules import (
    check_meeting_held,
    check_not_adjusted,
    check_people,
    minutes_confirmations_clear,
)
from .transitions import case_transition

# Checks of a decision ---------------------------------------------------------


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


# The agenda -----------------------------------------------------------------


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


def _check_step_board(case: Case, meeting: Meeting) -> Consultation | None:
    """The body that takes the case up must be the board of its current step (the
    first undecided step of its path), or `case.board` for a case without a path.
    Returns the step the meeting's item will handle (None without a path)."""
    path = case_path(case)
    if not path:
        if case.board_id != meeting.board_id:
            raise StepRefused(
                _("%(number)s belongs to another board than this meeting.")
                % {"number": case.number}
            )
        return None
    step = next((step for step in path if not step.is_done), None)
    if step is None:
        raise StepRefused(
            _("Every body of the preparation path of %(number)s has handled it.")
            % {"number": case.number}
        )
    if step.board_id != meeting.board_id:
        raise StepRefused(
            _(
                "%(number)s is to be handled next by %(board)s, not by the body of "
                "this meeting."
            )
            % {"number": case.number, "board": step.board.name}
        )
    return step


def _may_be_placed(case: Case, step: Consultation | None) -> bool:
    """An approved case; or, on its path, a case whose earlier step is decided in
    adjusted minutes (status adjusted) and that waits for the next body."""
    if case.status == Case.Status.APPROVED:
        return True
    return step is not None and case.status == Case.Status.ADJUSTED


def agenda_add(*, meeting: Meeting, case: Case, user: User) -> AgendaItem:
    """The secretary places a case on the meeting's agenda (föredragningslista),
    last: approved → on_agenda. The meeting's board must be the body of the
    case's current step of its beredningsgång (cases/models/consultations.py), or
    the case's board when it has no path; the next body takes the case up once
    the previous step's minutes are adjusted: adjusted → on_agenda. The item
    then handles the step.

    Locks the meeting, then the case (cases/locks.py)."""
    check_secretary(user, meeting.board)
    with transaction.atomic():
        locked_meeting = lock_meeting(meeting)
        check_not_adjusted(locked_meeting)
        locked = lock_case(case)
        step = _check_step_board(locked, locked_meeting)
        pending = AgendaItem.objects.filter(case=locked, decision__isnull=True)
        if pending.exists():
            raise StepRefused(
                _(
                    "%(number)s is already on the agenda of a meeting where it has "
                    "not been decided."
                )
                % {"number": locked.number}
            )
        if not _may_be_placed(locked, step) or not locked.can_change_status(
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
        _step_handled_by(step, item, user)
        case_transition(case=locked, to=Case.Status.ON_AGENDA, user=user)
        minutes_confirmations_clear(locked_meeting, user)
        from .notices import notify_placed_on_agenda  # kept apart for the merge

        notify_placed_on_agenda(item=item, user=user)
    case.status = locked.status
    return item


def _step_handled_by(
    step: Consultation | None, item: AgendaItem | None, user: User
) -> None:
    """The step (of the locked case) is now handled by `item` (None: by none)."""
    if step is None:
        return
    step.item = item
    step.full_clean()
    set_history_user(step, user)
    step.save()


def _renumber(meeting: Meeting) -> None:
    """Keep the positions of the meeting's items dense: 1, 2, 3, …"""
    for position, item in enumerate(meeting.items.order_by("position", "pk"), 1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])


def agenda_remove(*, item: AgendaItem, user: User) -> None:
    """The secretary takes an undecided case off the agenda: on_agenda → approved,
    or → adjusted for a case that waits after a decided step of its path (the
    undoing of agenda_add, steps of the table too). The case must be on the
    agenda and the item undecided.

    Locks the meeting, the item, then the case (cases/locks.py); an item never
    moves to another meeting or case, so the ids read before the locks hold."""
    check_secretary(user, item.meeting.board)
    with transaction.atomic():
        meeting = lock_meeting(item.meeting_id)
        locked_item = lock_item(item)
        check_not_adjusted(meeting)
        if hasattr(locked_item, "decision"):
            raise StepRefused(
                _("The item has a decision and cannot be taken off the agenda.")
            )
        case = lock_case(locked_item.case_id)
        if case.status != Case.Status.ON_AGENDA:  # pragma: no cover - defensive
            raise StepRefused(_("The case is not on the agenda."))
        step = step_of_item(locked_item)
        _step_handled_by(step, None, user)
        locked_item.delete()
        _renumber(meeting)
        # Back to where agenda_add took it from: approved, or, for the next body
        # of a path, adjusted (the previous step's minutes).
        before = previous_step(step) if step is not None else None
        waits_after_step = (
            before is not None
            and before.is_done
            and case.can_change_status(Case.Status.ADJUSTED)
        )
        case_transition(
            case=case,
            to=Case.Status.ADJUSTED if waits_after_step else Case.Status.APPROVED,
            user=user,
        )
        minutes_confirmations_clear(meeting, user)


def agenda_move(*, item: AgendaItem, offset: int, user: User) -> AgendaItem:
    """The secretary moves an item up (offset -1) or down (+1) the agenda.
    Locks the meeting, then the item (cases/locks.py)."""
    check_secretary(user, item.meeting.board)
    with transaction.atomic():
        meeting = lock_meeting(item.meeting_id)
        locked = lock_item(item)
        check_not_adjusted(meeting)
        minutes_confirmations_clear(meeting, user)
        items = list(meeting.items.order_by("position", "pk"))
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
# The default wording per kind (in Swedish: the language of the minutes).
FILE_TEXT = "{board} beslutar att lägga informationen till handlingarna."
PROPOSAL_HEADING = "{board} föreslår {to} besluta att"
OPINION_TEXT = "{board} antar förvaltningens förslag till yttrande"
OPINION_TO_TEXT = " och överlämnar det till {to}"

# The heading PROPOSAL_HEADING writes, as the first line of a proposal's text.
_PROPOSAL_HEADING = re.compile(r"^[^\n]* föreslår [^\n]* besluta(?: att)?:?[ \t]*\n")


def proposal_body(text: str) -> str:
    """The förslag of a proposal's decision text, without its heading "X föreslår
    Y besluta att": what the next body is asked to decide."""
    return _PROPOSAL_HEADING.sub("", text.strip() + "\n", count=1).strip()


def _official_proposal(case: Case) -> str:
    """The tjänsteskrivelse's first section (Förslag till beslut) without its
    subheadings."""
    section = (
        Section.objects.filter(document__case=case).order_by("position", "pk").first()
    )
    if section is None:
        return ""
    lines = [line for line in section.text.splitlines() if not line.startswith("#")]
    return "\n".join(lines).strip()


def item_proposal(item: AgendaItem) -> str:
    """The förslag till beslut of the item: the previous body's proposal when the
    previous step of the path ended in one ("föreslå <board> besluta"), else
    the tjänsteskrivelse's."""
    step = step_of_item(item)
    before = previous_step(step) if step is not None else None
    decision = before.decision if before is not None else None
    if decision is not None and decision.kind == Decision.Kind.PROPOSE:
        return proposal_body(decision.text)
    return _official_proposal(item.case)


def default_proposed_to(item: AgendaItem) -> Board | None:
    """The body a proposal goes to by default: the next step's."""
    step = step_of_item(item)
    after = next_step(step) if step is not None else None
    return after.board if after is not None else None


def decision_default_text(
    item: AgendaItem, kind: str | None = None, proposed_to: Board | None = None
) -> str:
    """The decision text the form starts from, per kind (the kallelse prints it,
    without a kind, as the item's förslag till beslut).

    - "noterar till protokollet" (and, without a kind, an information case):
      the standard wording with the board's name and the case's title;
    - "lägga till handlingarna": FILE_TEXT;
    - "föreslå <board> besluta": the heading with the body proposed to
      (`proposed_to`, by default the next step's) followed by the förslag;
    - yttrande: the board adopts the förvaltning's draft opinion and hands it
      to the next step's body (or the case's board);
    - otherwise the förslag: the previous body's proposal on the path, or the
      tjänsteskrivelse's first section (Förslag till beslut)."""
    case = item.case
    board = item.meeting.board
    if kind == Decision.Kind.NOTE or (
        kind is None and case.kind == Case.Kind.INFORMATION
    ):
        return INFORMATION_TEXT.format(board=board.name, title=case.title)
    if kind == Decision.Kind.FILE:
        return FILE_TEXT.format(board=board.name)
    if kind == Decision.Kind.PROPOSE:
        to = proposed_to or default_proposed_to(item)
        heading = PROPOSAL_HEADING.format(
            board=board.name, to=to.name if to is not None else "…"
        )
        return f"{heading}\n{item_proposal(item)}".strip()
    if kind == Decision.Kind.OPINION:
        to = default_proposed_to(item) or (
            case.board if case.board_id != board.pk else None
        )
        text = OPINION_TEXT.format(board=board.name)
        if to is not None:
            text += OPINION_TO_TEXT.format(to=to.name)
        return text + "."
    return item_proposal(item)


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


def _checked_proposed_to(
    board: Board, kind: str, proposed_to: Board | None
) -> Board | None:
    """The body a proposal goes to: required for a proposal, none otherwise."""
    if kind != Decision.Kind.PROPOSE:
        return None
    if proposed_to is None:
        raise ValidationError(
            {"proposed_to": _("Choose the body the proposal goes to.")}
        )
    if proposed_to.organisation_id != board.organisation_id or (
        proposed_to.pk == board.pk
    ):
        raise ValidationError(
            {
                "proposed_to": _(
                    "Choose another body of the organisation for the proposal."
                )
            }
        )
    return proposed_to


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


def paragraphs_take(*, board: Board, year: int, count: int) -> int:
    """Lock the board's series for the year (created on first use) and take
    `count` §§ in a row; return the first. A refused step rolls it back, so the
    §§ have no gaps. The series starts at its `first_paragraph`."""
    ParagraphSeries.objects.bulk_create(
        [ParagraphSeries(board=board, year=year)], ignore_conflicts=True
    )
    series = lock_paragraph_series(board=board, year=year)
    first = series.next_paragraph
    series.last_paragraph = first + count - 1
    series.save(update_fields=["last_paragraph"])
    return first


def decision_record(
    *,
    item: AgendaItem,
    user: User,
    kind: str,
    text: str,
    motions: str = "",
    procedure: str = "",
    later_meeting: Meeting | None = None,
    proposed_to: Board | None = None,
    votes: Sequence[VoteInput] = (),
    member_votes: Sequence[tuple[User, str]] = (),
    statements: Sequence[StatementInput] = (),
    not_participating: Sequence[User] = (),
) -> Decision:
    """The secretary records the decision on an agenda item.

    1. Lock the meeting (and a bordläggning's later meeting), the item and the
       case, in the order of cases/locks.py; refuse the wrong person, an adjusted
       meeting, an item already decided and a case not on the agenda. An item
       never moves to another meeting or case, so the ids read before the locks
       hold under them.
    2. No § yet: the §§ are given in agenda order when the minutes are sent for
       justering (`minutes_send_for_justering`); an item decided after the
       sending (placed on the agenda meanwhile) takes the next § at once.
    3. Write the decision with its votes (named votes only for an option with
       a count, and no more of them than its count), reservations, protocol
       notes and jäv.
    4. Move the case: decided; återremiss on to drafting; bordläggning keeps it
       on the agenda, now of `later_meeting` (required: same board, later date).
       A proposal to another body ("föreslå <board> besluta") names it in
       `proposed_to` (required for that kind only: a body of the organisation
       other than the meeting's); the case is decided like any other, and the
       next step of its path starts from the proposal (decision_default_text).

    Fires the hook `cases.hooks.on_decision_recorded` once the decision is written.
    """
    meeting = item.meeting
    board = meeting.board
    check_secretary(user, board)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the decision.")})
    if kind not in Decision.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of decision.")})
    proposed_to = _checked_proposed_to(board, kind, proposed_to)
    check_people(board, not_participating, "not_participating")
    check_people(board, [member for member, _option in member_votes], "votes")
    check_people(
        board, [s.member for s in statements if s.member is not None], "statements"
    )
    _check_member_votes(votes, member_votes)
    _check_no_vote_with_jav(member_votes, not_participating)
    with transaction.atomic():
        postponed_to = later_meeting if kind == Decision.Kind.POSTPONE else None
        meetings = lock_meetings(
            [item.meeting_id] + ([postponed_to.pk] if postponed_to else [])
        )
        meeting = meetings[item.meeting_id]
        locked = lock_item(item)
        case = lock_case(locked.case_id)
        check_not_adjusted(meeting)
        check_meeting_held(meeting, step=_("the decision"))
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
            # The later meeting as it is now, under its lock.
            later_meeting = meetings.get(postponed_to.pk) if postponed_to else None
            _check_later_meeting(meeting, later_meeting, case)
        else:
            later_meeting = None
        minutes_confirmations_clear(meeting, user)

        if Justering.objects.filter(meeting=meeting).exists():
            locked.paragraph = paragraphs_take(
                board=board, year=meeting.meeting_date.year, count=1
            )
            locked.full_clean()
            set_history_user(locked, user)
            locked.save()

        decision = Decision(
            item=locked,
            kind=kind,
            text=text,
            motions=motions.strip(),
            procedure=procedure.strip(),
            later_meeting=later_meeting,
            proposed_to=proposed_to,
            decided_by=user,
        )
        decision.full_clean()
        set_history_user(decision, user)
        decision.save()
        hooks.on_decision_recorded.fire(decision=decision)
        decision.not_participating.set(not_participating)
        for position, vote in enumerate(votes, 1):
            row: Vote | MemberVote | DecisionStatement = Vote(
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
            assert later_meeting is not None  # _check_later_meeting refused none
            later_item = _place_on_agenda(later_meeting, case)
            # The step is now handled by the later meeting's item.
            _step_handled_by(step_of_item(locked), later_item, user)
            # on_agenda → on_agenda (of the later meeting): recorded in the history.
            case_transition(case=case, to=Case.Status.ON_AGENDA, user=user)
        else:
            case_transition(case=case, to=Case.Status.DECIDED, user=user)
            if kind == Decision.Kind.REFER_BACK:
                case_transition(
                    case=case,
                    to=Case.Status.DRAFTING,
                    user=user,
                    refusal=_("The case cannot go back to drafting."),
                )
    item.paragraph = locked.paragraph
    item.case.status = case.status
    return decision
