"""The vision and each member's own steps on it (STYLE.md §4).

- `vision_create` and `vision_update` keep the period rules (four whole calendar
  years following the mandate period, no overlap) and give every member a row.
- `member_approve` records a member's approval: only that member's kommundirektör
  (role DIRECTOR of the organisation), with their own login.
- `member_case_create` registers a member's case about the vision in one step:
  pre-filled tjänsteskrivelse, the vision's documents as bilagor, SSR and
  Länsstyrelsen Stockholm as recipients, linked both ways.
- A linked case's approval and board decision reach the row by themselves
  (`approval_from_case_approval`, `approval_from_decision`): registered with the
  cases app's hooks (cases/hooks.py) in TargetsConfig.ready().
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cases.models import (
    ApprovalEvent,
    Attachment,
    Case,
    Decision,
)
from cases.models.consultations import is_deciding_decision
from cases.permissions import user_may_write
from cases.services import SectionInput, case_register, document_save, document_start
from cases.services.documents import recipient_add, signatory_add
from members.models import Board, Organisation, User
from members.roles import Role
from ssr_portal.lib.history import set_history_user
from ssr_portal.lib.refusals import StepRefused

from ..exceptions import VisionConflict
from ..models import (
    Activation,
    MemberApproval,
    Vision,
)
from ..permissions import check_manager, user_may_approve_for

# The recipients of a member's decision on the vision (the seed's "Beslutet ska
# skickas till").
DECISION_RECIPIENTS = ["Samverkan Stockholmsregionen", "Länsstyrelsen Stockholm"]

# The status a board decision of each kind gives the member's row; återremiss and
# bordläggning are not the board's last word and leave the row as it was.
BOARD_DECISIONS: dict[str, MemberApproval.BoardDecision] = {
    Decision.Kind.NOTE: MemberApproval.BoardDecision.NOTED,
    Decision.Kind.FILE: MemberApproval.BoardDecision.NOTED,
    Decision.Kind.APPROVE: MemberApproval.BoardDecision.ADOPTED,
    Decision.Kind.OTHER: MemberApproval.BoardDecision.ADOPTED,
    Decision.Kind.REJECT: MemberApproval.BoardDecision.DECLINED,
}


# --- the vision ----------------------------------------------------------------


def approvals_ensure(vision: Vision) -> int:
    """Give every member organisation its row for the vision (not started);
    returns how many were added."""
    existing = set(vision.approvals.values_list("organisation_id", flat=True))
    rows = [
        MemberApproval(vision=vision, organisation=organisation)
        for organisation in Organisation.objects.members().exclude(pk__in=existing)
    ]
    bulk_create_with_history(rows, MemberApproval)
    return len(rows)


def member_rows_for_new_member(
    organisation: Organisation, today: datetime.date | None = None
) -> None:
    """Give a member that joins its row in every vision whose period is not over."""
    year = (today or timezone.localdate()).year
    for vision in Vision.objects.filter(end_year__gte=year):
        approvals_ensure(vision)


def vision_create(
    *,
    user: User,
    title: str,
    start_year: int,
    aim: str,
    description: str = "",
) -> Vision:
    """Create a vision for a mandate period; refused with a message when the
    period is not four whole calendar years of a mandate period or overlaps
    another vision."""
    if not user.is_system:
        check_manager(user)
    with transaction.atomic():
        # Without a start year, end_year is None: full_clean refuses both as missing.
        vision = Vision(  # type: ignore[misc]
            title=title.strip(),
            start_year=start_year,
            end_year=start_year + 3 if start_year else None,
            aim=aim.strip(),
            description=description.strip(),
        )
        vision.full_clean()
        set_history_user(vision, user)
        vision.save()
        approvals_ensure(vision)
    return vision


def vision_update(
    *,
    vision: Vision,
    user: User,
    base_updated_at: datetime.datetime | None = None,
    **fields,
) -> Vision:
    """Change a vision's fields under its lock, with the period rules of
    vision_create. With `base_updated_at` (the vision's `updated_at` when the form
    was opened), a vision changed since then raises VisionConflict with the
    current vision, and nothing is saved."""
    check_manager(user)
    with transaction.atomic():
        vision = Vision.objects.select_for_update(of=("self",)).get(pk=vision.pk)
        if base_updated_at is not None and vision.updated_at != base_updated_at:
            raise VisionConflict(vision)
        for name, value in fields.items():
            setattr(vision, name, value.strip() if isinstance(value, str) else value)
        if "start_year" in fields and "end_year" not in fields:
            vision.end_year = vision.start_year + 3
        vision.full_clean()
        set_history_user(vision, user)
        vision.save()
    return vision


def vision_current(today: datetime.date | None = None) -> Vision | None:
    """The vision whose period holds today, else the newest."""
    year = (today or timezone.localdate()).year
    return (
        Vision.objects.filter(start_year__lte=year, end_year__gte=year).first()
        or Vision.objects.first()
    )


def activations_for(vision: Vision) -> QuerySet[Activation]:
    """The periods of aktiverat läge that overlap the vision's period."""
    return Activation.objects.filter(started_on__lte=vision.ends_on).exclude(
        ended_on__lt=vision.starts_on
    )


# --- approval --------------------------------------------------------------------


def _lock_row(vision: Vision, organisation: Organisation) -> MemberApproval:
    """Lock the member's row for the vision, made (under the vision's lock, so
    that two steps at once make it once) where the member has none yet."""
    rows = MemberApproval.objects.select_for_update(of=("self",)).filter(
        vision=vision, organisation=organisation
    )
    row = rows.first()
    if row is None:
        Vision.objects.select_for_update(of=("self",)).get(pk=vision.pk)
        row = rows.first()
    if row is None:  # a member that joined after the vision was made
        if not Organisation.objects.members().filter(pk=organisation.pk).exists():
            # The network itself (SSR) adopts the vision; it is no member of it.
            raise PermissionDenied(
                _("%(organisation)s is not a member that approves the vision.")
                % {"organisation": organisation.name}
            )
        row = MemberApproval.objects.create(vision=vision, organisation=organisation)
    return row


def member_approve(
    *, vision: Vision, user: User, organisation: Organisation | None = None
) -> MemberApproval:
    """The kommundirektör approves the vision for their own organisation: who and
    when are recorded; anyone else is refused with a message and nothing changes."""
    organisation = organisation or user.organisation
    if organisation is None or not user_may_approve_for(user, organisation):
        raise PermissionDenied(
            _(
                "Only the chief executive of %(organisation)s may approve the vision "
                "for it, with their own login."
            )
            % {
                "organisation": organisation.name
                if organisation
                else _("the organisation")
            }
        )
    with transaction.atomic():
        row = _lock_row(vision, organisation)
        if row.approved_on:
            raise StepRefused(
                _("%(organisation)s approved the vision on %(date)s (%(name)s).")
                % {
                    "organisation": organisation.name,
                    "date": date_format(row.approved_on, "j F Y"),
                    "name": row.approver,
                }
            )
        now = timezone.now()
        row.approved_at = now
        row.approved_on = timezone.localdate(now)
        row.approved_by = user
        row.approver_name = ""
        if row.received_on is None:
            row.received_on = row.approved_on
        set_history_user(row, user)
        row.save()
    return row


# --- from the vision to the member's case -------------------------------------------


def _default_board(user: User) -> Board | None:
    assert user.organisation_id is not None  # asked for a member's official only
    boards = Board.objects.filter(organisation_id=user.organisation_id).order_by("pk")
    return boards.filter(prefix__iexact="KS").first() or boards.first()


def case_sections(vision: Vision, board: Board) -> list[SectionInput]:
    """The pre-filled tjänsteskrivelse of a member's case about the vision."""
    adopted = vision.versions.filter(kind="adopted").order_by("-date").first()
    adopted_text = (
        f" Målbilden antogs av {adopted.decided_by or 'regionala chefsgruppen'} "
        f"den {date_format(adopted.date, 'j F Y')}."
        if adopted
        else ""
    )
    proposal = (
        f"{board.name} noterar till protokollet att man tagit del av information om "
        f"{vision.title}."
    )
    summary = (
        "Samverkan Stockholmsregionen (SSR) har tagit fram en gemensam målbild för "
        f"perioden {vision.start_year}-{vision.end_year}.{adopted_text} "
        "Målbilden ska godkännas av varje medlems kommundirektör eller motsvarande "
        "och anmälas till styrelsen."
    )
    aim = "> " + " ".join(vision.aim.split())
    parts = ["Den övergripande målsättningen för samverkan är:", aim]
    foundations = list(vision.foundations.all())
    if foundations:
        parts.append("Grundförutsättningar:")
        parts.append("\n".join(f"- {f.title}" for f in foundations))
    goals = list(vision.goals.all())
    if goals:
        parts.append("Målsättningar:")
        parts.append("\n".join(f"- {g.title}" for g in goals))
    return [
        SectionInput(
            title="Förslag till beslut",
            text=proposal,
        ),
        SectionInput(title="Sammanfattning", text=summary),
        SectionInput(title="Beskrivning av ärendet", text="\n\n".join(parts)),
        SectionInput(title="Förvaltningens synpunkter", text=""),
        SectionInput(title="Ekonomiska och juridiska konsekvenser", text=""),
    ]


def member_case_create(
    *, vision: Vision, user: User, board: Board | None = None
) -> Case:
    """An official of a member registers the member's case about the vision in
    one step: registered on the member's board, its tjänsteskrivelse pre-filled,
    the vision's documents as bilagor, SSR and Länsstyrelsen Stockholm as
    recipients, and linked to the vision (the member's row) both ways."""
    organisation = user.organisation
    board = board or (_default_board(user) if organisation else None)
    if (
        organisation is None
        or board is None
        or not user_may_write(user=user, board=board)
    ):
        raise PermissionDenied(
            _(
                "Only an official of a member with a board in the portal may create its case."
            )
        )
    if board.organisation_id != organisation.pk:
        raise PermissionDenied(_("Choose a board of your own organisation."))
    title = (
        f"Målbild Samverkan Stockholmsregionen {vision.start_year}-{vision.end_year}"
    )
    with transaction.atomic():
        row = _lock_row(vision, organisation)
        if row.case_id:
            assert row.case is not None  # case_id is set
            raise StepRefused(
                _("%(organisation)s already has its case about the vision: %(number)s.")
                % {"organisation": organisation.name, "number": row.case.number}
            )
        case = case_register(
            board=board,
            title=title,
            kind=Case.Kind.INFORMATION,
            handler=user,
            registered_by=user,
            description=_("The member's handling of %(title)s.")
            % {"title": vision.title},
        )
        document = document_start(case=case, user=user)
        document = document_save(
            document=document,
            user=user,
            base_version=document.version,
            title=title,
            document_date=document.document_date,
            sections=case_sections(vision, board),
        )
        for position, source in enumerate(vision.documents.all()):
            attachment = Attachment(
                document=document,
                position=position,
                title=source.title,
                original_name=source.original_name,
                content_type=source.content_type,
                size=source.size,
            )
            if source.file:
                with source.file.open("rb") as handle:
                    data = handle.read()
                attachment.size = len(data)
                attachment.file.save(
                    source.original_name or f"bilaga-{position + 1}.pdf",
                    ContentFile(data),
                    save=False,
                )
            attachment.save()
        members = {
            o.name: o for o in Organisation.objects.filter(name__in=DECISION_RECIPIENTS)
        }
        for name in DECISION_RECIPIENTS:
            recipient_add(
                case=case, user=user, organisation=members.get(name), name=name
            )
        # The report is signed by the member's kommundirektör (or biträdande),
        # whose approval then shows in its signature block.
        directors = (
            User.objects.filter(
                organisation=organisation, is_active=True, groups__name=Role.DIRECTOR
            )
            .exclude(title="")
            .order_by("pk")
        )
        for director in directors:
            signatory_add(document=document, user=user, person=director)
        row.case = case
        row.case_number = ""
        if row.received_on is None:
            row.received_on = case.registered_date
        set_history_user(row, user)
        row.save()
    return case


# --- a linked case's approval and board decision reach the row by themselves ------------


def approval_from_case_approval(event: ApprovalEvent) -> None:
    """When the kommundirektör approves the member's case about the vision, the
    member's approval is recorded with the same person and time."""
    if event.kind != ApprovalEvent.Kind.APPROVED:
        return
    row = MemberApproval.objects.filter(case_id=event.case_id).first()
    if row is None or row.approved_on or event.user is None:
        return
    if not user_may_approve_for(event.user, row.organisation):
        return
    row.approved_at = event.created_at
    row.approved_on = timezone.localdate(event.created_at)
    row.approved_by = event.user
    set_history_user(row, event.user)
    row.save()


def approval_from_decision(decision: Decision) -> None:
    """When the member's board decides on the linked case, the row takes the
    decision, its date and §; återremiss and bordläggning change nothing."""
    item = decision.item
    row = MemberApproval.objects.filter(case_id=item.case_id).first()
    if row is None or decision.kind not in BOARD_DECISIONS:
        return
    # Only the deciding body's decision: not a preparing body's on the path.
    if not is_deciding_decision(decision):
        return
    meeting = item.meeting
    row.decision = decision
    row.decision_kind = BOARD_DECISIONS[decision.kind]
    row.decision_date = meeting.meeting_date
    row.decision_paragraph = item.paragraph
    row.board_name = meeting.board.name
    set_history_user(row, decision.decided_by)
    row.save()
