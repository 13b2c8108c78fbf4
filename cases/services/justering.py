"""Justering of a meeting's minutes (DESIGN.md "Workflow of a case", STYLE.md §4).

1. The secretary sends the minutes for justering once every agenda item has a
   decision (`minutes_send_for_justering`). The sending numbers the §§: in
   agenda order, gap-free from the board's ParagraphSeries of the meeting's
   year. So that the §§ also follow the order of the meetings, it is refused
   while an earlier meeting of the board that year has decisions without §§
   (the secretary sends that one first). An earlier meeting that had no
   decision yet holds nothing up; decided later, its §§ follow those given
   (a § once given is never renumbered).
2. The chair and each justerare confirm them, each once, with their own login
   (`justering_confirm`); the time is recorded. Nobody confirms for someone else:
   a secretary who is neither chair nor justerare is refused.
3. While justering is open, the chair or a justerare may propose a change to a §
   (`justering_propose_change`); the secretary accepts or rejects it with a note
   (`justering_decide_proposal`). Accepting, the secretary may give the new
   decision text: it replaces the decision's text, and every confirmation made
   before the change is cleared (kept with `cleared_at`), so that the chair and
   the justerare confirm the changed minutes again. Rejecting changes nothing.
4. When the chair and every justerare have a valid confirmation, the meeting is
   adjusted in the same transaction: `Meeting.adjusted_at` is set, the cases of
   the decided items go decided → adjusted, and `on_minutes_adjusted(meeting)`
   runs after the commit. From then on every service of the meeting refuses.

Refusals: PermissionDenied for the wrong person, StepRefused for a step the
state does not allow, ValidationError for bad input; nothing is changed.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from ssr_portal.lib.history import set_history_user
from ssr_portal.lib.refusals import StepRefused
from ssr_portal.lib.text import clean_text

from .. import hooks
from ..locks import lock_cases, lock_meeting
from ..models import (
    AgendaItem,
    Case,
    ChangeProposal,
    Decision,
    Justering,
    JusteringConfirmation,
    Meeting,
)
from ..permissions import user_may_manage_meetings
from .agenda import paragraphs_take
from .meeting_rules import check_meeting_held, minutes_confirmations_clear
from .transitions import case_transition

__all__ = [
    "JusteringState",
    "justering_confirm",
    "justering_decide_proposal",
    "justering_propose_change",
    "justering_state",
    "minutes_send_for_justering",
    "on_minutes_adjusted",
]


def on_minutes_adjusted(meeting: Meeting) -> None:
    """Runs after the commit that adjusted the meeting's minutes: the notice goes
    up on the anslagstavla the same day (kommunallagen 8 kap. 12 §: no later
    than the second day after justering). Dispatch stays the secretary's step."""
    from .anslag import notice_publish

    notice_publish(meeting, user=User.objects.system())


# Who may --------------------------------------------------------------------


def _role_of(meeting: Meeting, user: User) -> str | None:
    """The user's role in the justering of the meeting: chair, adjuster or None."""
    if not (user.is_authenticated and user.is_active):
        return None
    if meeting.chair_id is not None and meeting.chair_id == user.pk:
        return JusteringConfirmation.Role.CHAIR
    if meeting.adjusters.filter(pk=user.pk).exists():
        return JusteringConfirmation.Role.ADJUSTER
    return None


def _signers(meeting: Meeting) -> set[int]:
    """The people who must confirm: the chair and every justerare."""
    people = set(meeting.adjusters.values_list("pk", flat=True))
    if meeting.chair_id is not None:
        people.add(meeting.chair_id)
    return people


def _valid_confirmations(meeting: Meeting):
    return JusteringConfirmation.objects.filter(
        meeting=meeting, cleared_at__isnull=True
    )


def _check_secretary(meeting: Meeting, user: User) -> None:
    if not user_may_manage_meetings(user=user, board=meeting.board):
        raise PermissionDenied(
            _("Only a board secretary of %(organisation)s may do this.")
            % {"organisation": meeting.board.organisation.name}
        )


def _check_signer(meeting: Meeting, user: User) -> str:
    if meeting.secretary_id is not None and meeting.secretary_id == user.pk:
        # Also for a meeting saved before the rule (meeting_create refuses it).
        raise PermissionDenied(
            _(
                "You kept these minutes as secretary: the chair and the adjusters "
                "adjust them, not the one who wrote them."
            )
        )
    role = _role_of(meeting, user)
    if role is None:
        raise PermissionDenied(
            _(
                "Only the chair and the adjusters of this meeting may adjust its "
                "minutes, each with their own login."
            )
        )
    return role


def _check_open(meeting: Meeting) -> None:
    if meeting.is_adjusted:
        raise StepRefused(
            _("The minutes of this meeting are adjusted and can no longer be changed.")
        )
    if not Justering.objects.filter(meeting=meeting).exists():
        raise StepRefused(_("The minutes have not been sent for adjustment yet."))


# Steps ----------------------------------------------------------------------


def _check_earlier_meetings_numbered(meeting: Meeting) -> None:
    """Refuse while an earlier meeting of the board in the same year has decided
    items without §§: its §§ would come after this meeting's."""
    date, time = meeting.meeting_date, meeting.start_time
    earlier = (
        Meeting.objects.filter(board_id=meeting.board_id, meeting_date__year=date.year)
        .filter(
            Q(meeting_date__lt=date)
            | Q(meeting_date=date, start_time__lt=time)
            | Q(meeting_date=date, start_time=time, pk__lt=meeting.pk)
        )
        .filter(items__decision__isnull=False, items__paragraph__isnull=True)
        .order_by("meeting_date", "start_time", "pk")
        .first()
    )
    if earlier is not None:
        raise StepRefused(
            _(
                "The meeting of %(board)s on %(date)s has decisions without "
                "paragraphs (§): send its minutes for adjustment first, so that "
                "the paragraphs follow the order of the meetings."
            )
            % {"board": earlier.board.name, "date": f"{earlier.meeting_date:%Y-%m-%d}"}
        )


def _number_paragraphs(meeting: Meeting, user: User) -> None:
    """Give the (locked) meeting's items their §§ in agenda order, from the
    board's series of the meeting's year. Fires `cases.hooks.on_decision_recorded`
    for each decision, now that it has its §."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting, paragraph__isnull=True)
        .select_related("decision")
        .order_by("position", "pk")
    )
    if not items:
        return
    first = paragraphs_take(
        board=meeting.board, year=meeting.meeting_date.year, count=len(items)
    )
    for offset, item in enumerate(items):
        item.paragraph = first + offset
        item.full_clean()
        set_history_user(item, user)
        item.save(update_fields=["paragraph", "updated_at"])
        decision = item.decision
        decision.item = item
        hooks.on_decision_recorded.fire(decision=decision)


def minutes_send_for_justering(*, meeting: Meeting, user: User) -> Justering:
    """The secretary sends the minutes for justering: every item decided.

    1. Lock the meeting; refuse an adjusted or already sent one, an empty
       agenda, an item without decision, a meeting without chair, and a meeting
       sent before an earlier one of the board that year.
    2. Number the §§ in agenda order (`_number_paragraphs`), firing the hook
       `cases.hooks.on_decision_recorded` for each decision with its §.
    3. Record the sending."""
    _check_secretary(meeting, user)
    with transaction.atomic():
        locked = lock_meeting(meeting)
        if locked.is_adjusted:
            raise StepRefused(
                _(
                    "The minutes of this meeting are adjusted and can no longer be "
                    "changed."
                )
            )
        if Justering.objects.filter(meeting=locked).exists():
            raise StepRefused(_("The minutes have already been sent for adjustment."))
        check_meeting_held(locked, step=_("sending the minutes for justering"))
        items = AgendaItem.objects.filter(meeting=locked)
        if not items.exists():
            raise StepRefused(_("There is nothing on the agenda to adjust."))
        if items.filter(decision__isnull=True).exists():
            raise StepRefused(
                _(
                    "Every item on the agenda needs a decision before the minutes "
                    "are sent for adjustment."
                )
            )
        if locked.chair_id is None:
            raise StepRefused(
                _("The meeting has no chair: name the chair before the adjustment.")
            )
        _check_earlier_meetings_numbered(locked)
        _number_paragraphs(locked, user)
        justering = Justering(meeting=locked, sent_by=user)
        justering.full_clean()
        set_history_user(justering, user)
        justering.save()
        from .notices import notify_sent_for_justering  # apart for the merge

        notify_sent_for_justering(meeting=locked, user=user)
    return justering


def _adjust(meeting: Meeting, user: User) -> None:
    """Adjust the (locked) meeting: adjusted_at, the decided cases → adjusted
    (locked after the meeting, cases/locks.py)."""
    meeting.adjusted_at = timezone.now()
    set_history_user(meeting, user)
    meeting.save(update_fields=["adjusted_at", "updated_at"])
    case_ids = AgendaItem.objects.filter(meeting=meeting).values("case")
    for case in lock_cases(case_ids):
        if case.status == Case.Status.DECIDED:
            case_transition(case=case, to=Case.Status.ADJUSTED, user=user)
    transaction.on_commit(lambda: on_minutes_adjusted(meeting))
    from .notices import notify_adjusted  # apart for the merge

    notify_adjusted(meeting=meeting, user=user)


def justering_confirm(*, meeting: Meeting, user: User) -> JusteringConfirmation:
    """The chair or a justerare confirms the minutes, once; the last confirmation
    adjusts the meeting."""
    with transaction.atomic():
        locked = lock_meeting(meeting)
        role = _check_signer(locked, user)
        _check_open(locked)
        if _valid_confirmations(locked).filter(user=user).exists():
            raise StepRefused(_("You have already confirmed these minutes."))
        check_meeting_held(locked, step=_("the justering"))
        if AgendaItem.objects.filter(meeting=locked, decision__isnull=True).exists():
            # A case placed on the agenda after the sending has no decision yet.
            raise StepRefused(
                _(
                    "An item on the agenda has no decision yet: the secretary "
                    "records it before the minutes can be confirmed."
                )
            )
        confirmation = JusteringConfirmation(meeting=locked, user=user, role=role)
        confirmation.full_clean()
        set_history_user(confirmation, user)
        confirmation.save()
        confirmed = set(_valid_confirmations(locked).values_list("user_id", flat=True))
        if _signers(locked) <= confirmed:
            _adjust(locked, user)
    meeting.adjusted_at = locked.adjusted_at
    return confirmation


def justering_propose_change(
    *, item: AgendaItem, user: User, text: str
) -> ChangeProposal:
    """The chair or a justerare proposes a change to a § while justering is open."""
    text = clean_text(text)
    with transaction.atomic():
        locked = lock_meeting(item.meeting)
        # Who asks first: someone who may not propose learns nothing more.
        _check_signer(locked, user)
        if not text:
            raise ValidationError({"text": _("Write the change you propose.")})
        _check_open(locked)
        numbered = AgendaItem.objects.filter(
            pk=item.pk, meeting=locked, paragraph__isnull=False
        ).exists()  # read under the meeting's lock: the sending numbers the §§
        if not numbered:
            # Only a decided § of these minutes can be changed (an item added
            # after the sending has no decision yet).
            raise StepRefused(
                _("A change can only be proposed to a decided § of these minutes.")
            )
        proposal = ChangeProposal(
            meeting=locked, item=item, proposed_by=user, text=text
        )
        proposal.full_clean()
        set_history_user(proposal, user)
        proposal.save()
        from .notices import notify_change_proposed  # apart for the merge

        notify_change_proposed(proposal=proposal, user=user)
    return proposal


def justering_decide_proposal(
    *,
    proposal: ChangeProposal,
    user: User,
    accept: bool,
    note: str = "",
    new_text: str = "",
) -> ChangeProposal:
    """The secretary accepts or rejects a proposed change, with a note.

    Accepting with `new_text` replaces the decision text of the §; accepting
    clears every confirmation made so far (they confirm again). Rejecting
    changes nothing but the proposal. A replaced text fires the hook
    `cases.hooks.on_decision_recorded`."""
    meeting = proposal.meeting
    _check_secretary(meeting, user)
    new_text = clean_text(new_text)
    with transaction.atomic():
        locked = lock_meeting(meeting)
        _check_open(locked)
        # Under the meeting's lock, which every writer of its proposals holds.
        locked_proposal = ChangeProposal.objects.get(pk=proposal.pk)
        if locked_proposal.status != ChangeProposal.Status.PROPOSED:
            raise StepRefused(_("The proposed change has already been answered."))
        now = timezone.now()
        locked_proposal.status = (
            ChangeProposal.Status.ACCEPTED if accept else ChangeProposal.Status.REJECTED
        )
        locked_proposal.note = clean_text(note)
        locked_proposal.decided_by = user
        locked_proposal.decided_at = now
        locked_proposal.full_clean()
        set_history_user(locked_proposal, user)
        locked_proposal.save()
        if accept:
            if new_text:
                # Under the meeting's lock, which every writer of its
                # decisions holds (decision_record locks it first).
                decision = Decision.objects.get(item_id=locked_proposal.item_id)
                decision.text = new_text
                decision.full_clean()
                set_history_user(decision, user)
                decision.save()
                hooks.on_decision_recorded.fire(decision=decision)
            minutes_confirmations_clear(locked, user)
    return locked_proposal


# What the meeting page shows -------------------------------------------------


@dataclass
class JusteringState:
    """The justering of a meeting as the panel shows it to one user."""

    meeting: Meeting
    status: str  # "not_sent", "open" or "adjusted"
    justering: Justering | None
    confirmations: list[JusteringConfirmation]
    waiting_for: list[User]
    proposals: list[ChangeProposal]
    may_send: bool = False
    may_confirm: bool = False
    may_propose: bool = False
    may_decide: bool = False
    items: list[AgendaItem] = field(default_factory=list)


def justering_state(*, meeting: Meeting, user: User) -> JusteringState:
    justering = Justering.objects.filter(meeting=meeting).first()
    if meeting.is_adjusted:
        status = "adjusted"
    elif justering is not None:
        status = "open"
    else:
        status = "not_sent"
    confirmations: list[JusteringConfirmation] = []
    waiting_for: list[User] = []
    role = None
    if status != "not_sent":
        confirmations = list(
            _valid_confirmations(meeting)
            .select_related("user")
            .order_by("confirmed_at")
        )
        confirmed = {c.user_id for c in confirmations}
        waiting_for = list(
            User.objects.filter(pk__in=_signers(meeting) - confirmed).order_by(
                "last_name", "first_name"
            )
        )
        role = _role_of(meeting, user) if status == "open" else None
    confirmed = {c.user_id for c in confirmations}
    is_secretary = user_may_manage_meetings(user=user, board=meeting.board)
    items = list(
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("case", "decision")
        .order_by("position", "pk")
    )
    visible = {item.pk for item in items}
    proposals = []
    if status != "not_sent":
        proposals = [
            proposal
            for proposal in ChangeProposal.objects.filter(meeting=meeting)
            .select_related("item__case", "item__decision", "proposed_by")
            .order_by("created_at", "pk")
            if proposal.item_id in visible
        ]
    return JusteringState(
        meeting=meeting,
        status=status,
        justering=justering,
        confirmations=confirmations,
        waiting_for=waiting_for,
        proposals=proposals,
        may_send=status == "not_sent" and is_secretary,
        may_confirm=status == "open" and role is not None and user.pk not in confirmed,
        may_propose=status == "open" and role is not None,
        may_decide=status == "open" and is_secretary,
        items=items,
    )
