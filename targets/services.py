"""Services of the målbild (STYLE.md §4): each checks who may act, changes
everything in one transaction and leaves the history to simple-history.

- `vision_create` and `vision_update` keep the period rules (four whole calendar
  years following the mandate period, no overlap) and give every member a row.
- `vision_matrix` is the members × status matrix with counts, in a fixed number of
  queries.
- `member_approve` records a member's approval: only that member's kommundirektör
  (role DIRECTOR of the organisation), with their own login.
- `member_case_create` registers a member's case about the vision in one step:
  pre-filled tjänsteskrivelse, the vision's documents as bilagor, SSR and
  Länsstyrelsen Stockholm as recipients, linked both ways.
- A linked case's approval and board decision reach the row by themselves
  (`approval_from_case_approval`, `approval_from_decision`, wired in signals.py).
- `follow_up_set` records a goal's status for a year; `follow_up_chart` gives the
  data of the progress chart.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cases.models import (
    ApprovalEvent,
    Attachment,
    Case,
    Decision,
)
from cases.services import SectionInput, case_register, document_save, document_start
from cases.services.diarium import user_may_write
from cases.services.documents import board_genitive, recipient_add, signatory_add
from cases.uploads import ATTACHMENT_TYPES, check_upload
from members.models import Board, Organisation, User
from members.roles import Role
from ssr_portal.lib.collation import swedish
from ssr_portal.lib.refusals import StepRefused
from ssr_portal.tasks import email_send

from .exceptions import ApprovalConflict, FollowUpConflict
from .models import (
    Activation,
    Evidence,
    Goal,
    GoalFollowUp,
    MemberApproval,
    Vision,
)

logger = logging.getLogger(__name__)

# The recipients of a member's decision on the vision (the seed's "Beslutet ska
# skickas till").
DECISION_RECIPIENTS = ["Samverkan Stockholmsregionen", "Länsstyrelsen Stockholm"]

# The status a board decision of each kind gives the member's row; återremiss and
# bordläggning are not the board's last word and leave the row as it was.
BOARD_DECISIONS = {
    Decision.Kind.NOTE: MemberApproval.BoardDecision.NOTED,
    Decision.Kind.APPROVE: MemberApproval.BoardDecision.ADOPTED,
    Decision.Kind.OTHER: MemberApproval.BoardDecision.ADOPTED,
    Decision.Kind.REJECT: MemberApproval.BoardDecision.DECLINED,
}


# --- who may do what ---------------------------------------------------------


def user_may_manage_visions(user: User) -> bool:
    """The SSR-samordnare keeps the målbild (and a superuser)."""
    return user.is_authenticated and (
        user.is_superuser or user.has_role(Role.COORDINATOR)
    )


def user_may_approve_for(user: User, organisation: Organisation) -> bool:
    """Only the member's own kommundirektör (or biträdande) approves for it."""
    return (
        user.is_authenticated
        and user.is_active
        and user.organisation_id == organisation.pk
        and user.has_role(Role.DIRECTOR)
    )


def member_uses_portal(organisation: Organisation) -> bool:
    """Whether someone of the member works in this portal: then its approval is
    made by its kommundirektör here, never typed in by someone else."""
    return User.objects.filter(organisation=organisation, is_active=True).exists()


def _check_manager(user: User) -> None:
    if not user_may_manage_visions(user):
        raise PermissionDenied(_("Only an SSR coordinator may change the vision."))


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
        _check_manager(user)
    with transaction.atomic():
        vision = Vision(
            title=title.strip(),
            start_year=start_year,
            end_year=start_year + 3 if start_year else None,
            aim=aim.strip(),
            description=description.strip(),
        )
        vision.full_clean()
        vision._history_user = user
        vision.save()
        approvals_ensure(vision)
    return vision


def vision_update(*, vision: Vision, user: User, **fields) -> Vision:
    _check_manager(user)
    with transaction.atomic():
        vision = Vision.objects.select_for_update().get(pk=vision.pk)
        for name, value in fields.items():
            setattr(vision, name, value.strip() if isinstance(value, str) else value)
        if "start_year" in fields and "end_year" not in fields:
            vision.end_year = vision.start_year + 3
        vision.full_clean()
        vision._history_user = user
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


def vision_mark_sent(
    *, vision: Vision, user: User, date: datetime.date | None = None
) -> int:
    """Record that the vision was sent to every member that has no date yet."""
    _check_manager(user)
    date = date or timezone.localdate()
    approvals_ensure(vision)
    count = 0
    reached = []
    with transaction.atomic():
        for row in vision.approvals.select_for_update().filter(
            received_on__isnull=True
        ):
            row.received_on = date
            row._history_user = user
            row.save(update_fields=["received_on", "updated_at"])
            reached.append(row.organisation_id)
            count += 1
        _tell_the_directors(vision, reached)
    return count


def _tell_the_directors(vision: Vision, organisation_ids: list[int]) -> None:
    """E-mail the kommundirektör (role DIRECTOR) of each member the vision has
    just reached, where the member works in the portal, with the vision's link:
    one background task per e-mail (ssr_portal/tasks.py), queued in the caller's
    transaction. A failing address is tried again by the worker and never holds
    up the request or the other members."""
    directors = (
        User.objects.filter(
            organisation_id__in=organisation_ids,
            is_active=True,
            groups__name=Role.DIRECTOR,
        )
        .exclude(email="")
        .select_related("organisation")
        .distinct()
    )
    url = settings.SITE_URL + vision.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        for director in directors:
            context = {
                "vision": vision,
                "organisation": director.organisation,
                "url": url,
            }
            email_send.enqueue(
                subject=_("%(title)s: to approve for %(organisation)s")
                % {"title": vision.title, "organisation": director.organisation},
                body=render_to_string("targets/email/vision_sent.txt", context),
                to=[director.email],
            )


# --- the matrix ------------------------------------------------------------------


@dataclass
class MatrixRow:
    organisation: Organisation
    approval: MemberApproval

    @property
    def status(self) -> str:
        return self.approval.status


@dataclass
class Matrix:
    vision: Vision
    rows: list[MatrixRow]
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for every status, in order."""
        return [
            (value, label, self.counts.get(value, 0))
            for value, label in MemberApproval.Status.choices
        ]


def approvals_queryset(vision: Vision) -> QuerySet[MemberApproval]:
    return (
        MemberApproval.objects.filter(vision=vision)
        .select_related("organisation", "case", "approved_by", "decision")
        .order_by(swedish("organisation__name"))
    )


def vision_matrix(
    vision: Vision, *, kind: str = "", status: str = "", query: str = ""
) -> Matrix:
    """Every member's row for the vision, filtered by kind and status (and a name
    search); the counts are those of the rows the kind filter leaves, so that they
    add up to the members of that kind. Two queries, whatever the size."""
    approvals = approvals_queryset(vision)
    if kind:
        approvals = approvals.filter(organisation__kind=kind)
    if query:
        approvals = approvals.filter(organisation__name__icontains=query.strip())
    rows = [MatrixRow(organisation=a.organisation, approval=a) for a in approvals]
    counts = Counter(row.status for row in rows)
    if status:
        rows = [row for row in rows if row.status == status]
    return Matrix(
        vision=vision, rows=rows, counts=dict(counts), total=sum(counts.values())
    )


def member_timeline(approval: MemberApproval) -> list[dict]:
    """The member's steps for the vision in their order: reached, case
    registered, approved, board decision, each with its date where known."""
    events: list[dict] = []
    if approval.received_on:
        events.append(
            {"date": approval.received_on, "label": _("The vision reached the member")}
        )
    if approval.case_id:
        case = approval.case
        events.append(
            {
                "date": case.registered_date,
                "label": _("Case %(number)s registered") % {"number": case.number},
                "url": case.get_absolute_url(),
            }
        )
    elif approval.case_number:
        events.append(
            {
                "date": None,
                "label": _("Case %(number)s (the member's own diarium)")
                % {"number": approval.case_number},
            }
        )
    if approval.approved_on:
        events.append(
            {
                "date": approval.approved_on,
                "label": _("Approved by %(name)s") % {"name": approval.approver},
            }
        )
    if approval.decision_kind:
        label = _("%(decision)s by %(board)s") % {
            "decision": approval.get_decision_kind_display(),
            "board": approval.board_name or _("the board"),
        }
        if approval.decision_paragraph:
            label += f", § {approval.decision_paragraph}"
        events.append({"date": approval.decision_date, "label": label})
    # In the order of the steps: a typed case number has no date, and a member
    # outside the portal may report its dates in any order.
    return events


# --- approval --------------------------------------------------------------------


def _lock_row(vision: Vision, organisation: Organisation) -> MemberApproval:
    row = (
        MemberApproval.objects.select_for_update()
        .filter(vision=vision, organisation=organisation)
        .first()
    )
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
        row._history_user = user
        row.save()
    return row


def member_record_check(*, user: User, organisation: Organisation) -> None:
    """Refuse (PermissionDenied, with the message) anyone but the SSR-samordnare,
    and any member that uses the portal, before a form is even read."""
    _check_manager(user)
    if member_uses_portal(organisation):
        raise PermissionDenied(
            _(
                "%(organisation)s uses the portal: its chief executive approves and "
                "its board's decision is recorded there."
            )
            % {"organisation": organisation.name}
        )


def member_record(
    *,
    approval: MemberApproval,
    user: User,
    base_updated_at: datetime.datetime | None = None,
    **fields,
) -> MemberApproval:
    """The SSR-samordnare types in what a member that does not use the portal
    reports (its case number, who approved and when, the board's decision).
    Refused for a member that uses the portal: there the people of the member
    record it themselves. With `base_updated_at` (the row's `updated_at` when
    the form was opened), a row changed since then raises ApprovalConflict with
    the current row, and nothing is saved."""
    member_record_check(user=user, organisation=approval.organisation)
    allowed = {
        "received_on",
        "case_number",
        "approved_on",
        "approver_name",
        "board_name",
        "decision_kind",
        "decision_date",
        "decision_paragraph",
        "note",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        row = MemberApproval.objects.select_for_update().get(pk=approval.pk)
        if base_updated_at is not None and row.updated_at != base_updated_at:
            raise ApprovalConflict(row)
        for name, value in fields.items():
            setattr(row, name, value.strip() if isinstance(value, str) else value)
        errors = {}
        if row.approved_on and not row.approver_name:
            errors["approver_name"] = _("Write who approved the vision.")
        if row.decision_kind and not row.decision_date:
            errors["decision_date"] = _("Give the date of the board's decision.")
        if row.decision_date and not row.decision_kind:
            errors["decision_kind"] = _("Choose what the board decided.")
        if errors:
            raise ValidationError(errors)
        row.full_clean()
        row._history_user = user
        row.save()
    return row


# --- from the vision to the member's case -------------------------------------------


def _default_board(user: User) -> Board | None:
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
            text=f"### {board_genitive(board.name)} beslut\n\n{proposal}",
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
        row._history_user = user
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
    row._history_user = event.user
    row.save()


def approval_from_decision(decision: Decision) -> None:
    """When the member's board decides on the linked case, the row takes the
    decision, its date and §; återremiss and bordläggning change nothing."""
    item = decision.item
    row = MemberApproval.objects.filter(case_id=item.case_id).first()
    if row is None or decision.kind not in BOARD_DECISIONS:
        return
    meeting = item.meeting
    row.decision = decision
    row.decision_kind = BOARD_DECISIONS[decision.kind]
    row.decision_date = meeting.meeting_date
    row.decision_paragraph = item.paragraph
    row.board_name = meeting.board.name
    row._history_user = decision.decided_by
    row.save()


# --- follow-up ---------------------------------------------------------------------


def follow_up_set(
    *,
    goal: Goal,
    year: int,
    status: str,
    comment: str = "",
    user: User,
    check_base: bool = False,
    base_updated_at: datetime.datetime | None = None,
) -> GoalFollowUp:
    """Record (or change) the goal's status for one year of the period.

    With `check_base`, the row must still be the one the form was made from:
    updated at `base_updated_at`, or not there at all when that is None; else
    FollowUpConflict and nothing changes (two coordinators never silently
    overwrite each other)."""
    _check_manager(user)
    with transaction.atomic():
        row = (
            GoalFollowUp.objects.select_for_update()
            .filter(goal=goal, year=year)
            .first()
        )
        if check_base and (row.updated_at if row else None) != base_updated_at:
            raise FollowUpConflict(row)
        if row is None:
            row = GoalFollowUp(goal=goal, year=year)
        row.status = status
        row.comment = comment.strip()
        row.recorded_by = user
        row.full_clean()
        row._history_user = user
        row.save()
    return row


def evidence_add(
    *,
    follow_up: GoalFollowUp,
    user: User,
    kind: str,
    title: str,
    url: str = "",
    case: Case | None = None,
    file=None,
) -> Evidence:
    _check_manager(user)
    evidence = Evidence(
        follow_up=follow_up, kind=kind, title=title.strip(), url=url.strip(), case=case
    )
    errors = {}
    if not evidence.title:
        errors["title"] = _("Give the evidence a title.")
    if kind == Evidence.Kind.CASE and case is None:
        errors["case"] = _("Choose the case.")
    if kind == Evidence.Kind.FILE and file is None:
        errors["file"] = _("Choose the file.")
    needs_source = kind in (
        Evidence.Kind.LINK,
        Evidence.Kind.EXERCISE,
        Evidence.Kind.EVALUATION,
    )
    if needs_source and not evidence.url and file is None and case is None:
        errors["url"] = _("Give a link, a file or a case.")
    if file is not None and "file" not in errors:
        try:
            checked = check_upload(file, allowed=ATTACHMENT_TYPES)
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    if file is not None:
        checked.file.seek(0)
        evidence.file.save(checked.name, checked.file, save=False)
    evidence.full_clean()
    evidence._history_user = user
    evidence.save()
    return evidence


@dataclass
class ChartYear:
    year: int
    counts: dict[str, int]


def follow_up_chart(vision: Vision) -> dict:
    """The data of the progress chart: for every goal, its status per year of the
    period (None where nothing is recorded), and per year the count of goals in
    each status. Two queries."""
    goals = list(vision.goals.prefetch_related("follow_ups"))
    years = vision.years
    per_goal = []
    per_year = {year: Counter() for year in years}
    for goal in goals:
        by_year = {f.year: f for f in goal.follow_ups.all()}
        statuses = []
        for year in years:
            row = by_year.get(year)
            statuses.append(row.status if row else None)
            if row:
                per_year[year][row.status] += 1
        per_goal.append({"goal": goal, "statuses": statuses})
    return {
        "years": years,
        "goals": per_goal,
        "per_year": [ChartYear(year=y, counts=dict(per_year[y])) for y in years],
    }
