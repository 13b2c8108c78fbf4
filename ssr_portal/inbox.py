"""The start page's inbox (issue 13): what waits for the person who is logged in,
one section per step their roles take, each item linking to the page where the
step is taken.

Part of the composition root (docs/architecture.md): it reads the rows of
`cases`, `members` and `targets` and writes nothing. The rules are those of the
apps: who approves (cases/services/workflow.py, the four-eyes rule), who keeps
a board's meetings and dispatches (cases/permissions.py), who adjusts the
minutes (cases/services/justering.py), when a beredningsgång waits for its next
body or is done (cases/models/consultations.py), and which members have not
reported on the målbild (targets/models.py `MemberApproval`).

Fixed queries, whatever the size of the data: every count in one query
(`inbox_counts`, also what the main menu's badge shows), and each section that
has something one more query for its first items (`ITEMS` of them).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    ApprovalEvent,
    Case,
    ChangeProposal,
    Consultation,
    DocumentVersion,
    JusteringConfirmation,
    Meeting,
)
from cases.models.consultations import UNFINISHED_KINDS
from members.models import User
from members.roles import Role
from targets.models import MemberApproval

# How many items a section lists before its link to all of them.
ITEMS = 5
# How much of a return comment an item shows.
COMMENT_WORDS = 25


@dataclass(frozen=True)
class InboxItem:
    label: str
    url: str
    detail: str = ""
    date: datetime.date | None = None


@dataclass
class InboxSection:
    key: str
    title: str | Promise
    items: list[InboxItem] = field(default_factory=list)
    count: int = 0
    more_url: str = ""

    @property
    def has_more(self) -> bool:
        return self.count > len(self.items)


# --- the reads each section is made of ---------------------------------------------


def _has_role(user: User, *roles: str) -> Exists:
    """The user's roles as a condition of the query itself, so that the counts
    need no query of their own for the roles (`User.role_names`)."""
    return Exists(
        Group.objects.filter(user=user.pk, name__in=[str(role) for role in roles])
    )


def _latest_step(name: str) -> Subquery:
    """A field of the case's newest step of the approval trail."""
    return Subquery(
        ApprovalEvent.objects.filter(case=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values(name)[:1]
    )


def _open_steps() -> QuerySet[Consultation]:
    """The steps of the case's beredningsgång that no body has handled yet
    (`Consultation.is_done`, as SQL)."""
    return Consultation.objects.filter(case=OuterRef("pk")).filter(
        Q(item__isnull=True)
        | Q(item__decision__isnull=True)
        | Q(item__decision__kind__in=UNFINISHED_KINDS)
    )


def _of_organisation(user: User) -> QuerySet[Case]:
    return Case.objects.filter(board__organisation_id=user.organisation_id)


def _to_approve(user: User, today: datetime.date) -> QuerySet[Case]:
    """The submitted cases of the director's organisation that she may approve:
    not one she handles or wrote, where the four-eyes rule holds."""
    wrote = DocumentVersion.objects.filter(
        document__case=OuterRef("pk"), saved_by=user.pk
    )
    return (
        _of_organisation(user)
        .filter(status=Case.Status.SUBMITTED)
        .filter(
            Q(board__organisation__four_eyes_approval=False)
            | (~Q(handler=user.pk) & ~Exists(wrote))
        )
    )


def _vision_to_approve(user: User, today: datetime.date) -> QuerySet[MemberApproval]:
    """The målbild that reached the director's organisation and waits for her
    approval on the vision's page (without a case: a case is approved as one)."""
    return MemberApproval.objects.filter(
        organisation_id=user.organisation_id,
        vision__end_year__gte=today.year,
        received_on__isnull=False,
        approved_on__isnull=True,
        case__isnull=True,
        decision_kind="",
    )


def _returned(user: User, today: datetime.date) -> QuerySet[Case]:
    return (
        Case.objects.filter(handler=user.pk, status=Case.Status.DRAFTING)
        .annotate(last_step=_latest_step("kind"))
        .filter(last_step=ApprovalEvent.Kind.RETURNED)
    )


def _drafts(user: User, today: datetime.date) -> QuerySet[Case]:
    not_returned = [kind for kind in ApprovalEvent.Kind if kind != "returned"]
    return (
        Case.objects.filter(
            handler=user.pk,
            status__in=(Case.Status.REGISTERED, Case.Status.DRAFTING),
        )
        .annotate(last_step=_latest_step("kind"))
        .filter(Q(last_step__isnull=True) | Q(last_step__in=not_returned))
    )


def _to_adjust(user: User, today: datetime.date) -> QuerySet[Meeting]:
    """Meetings whose minutes are sent for justering, where the user is chair or
    justerare and has no valid confirmation (cases/services/justering.py)."""
    adjuster = Meeting.adjusters.through.objects.filter(
        meeting_id=OuterRef("pk"), user_id=user.pk
    )
    confirmed = JusteringConfirmation.objects.filter(
        meeting=OuterRef("pk"), user=user.pk, cleared_at__isnull=True
    )
    return (
        Meeting.objects.filter(justering__isnull=False, adjusted_at__isnull=True)
        .filter(Q(chair=user.pk) | Exists(adjuster))
        .filter(~Q(secretary=user.pk))
        .filter(~Exists(confirmed))
    )


def _proposals(user: User, today: datetime.date) -> QuerySet[ChangeProposal]:
    return ChangeProposal.objects.filter(
        status=ChangeProposal.Status.PROPOSED,
        meeting__board__organisation_id=user.organisation_id,
        meeting__adjusted_at__isnull=True,
    )


def _without_meeting(user: User, today: datetime.date) -> QuerySet[Case]:
    """Approved cases on no agenda, and cases whose beredningsgång waits for its
    next body's meeting."""
    return _of_organisation(user).filter(
        Q(status=Case.Status.APPROVED)
        | Q(status=Case.Status.ADJUSTED) & Exists(_open_steps())
    )


def _to_dispatch(user: User, today: datetime.date) -> QuerySet[Case]:
    """Adjusted cases whose deciding body has decided (no step of a path left)."""
    return _of_organisation(user).filter(
        Q(status=Case.Status.ADJUSTED) & ~Exists(_open_steps())
    )


def _to_close(user: User, today: datetime.date) -> QuerySet[Case]:
    return _of_organisation(user).filter(status=Case.Status.DISPATCHED)


def _follow_ups(user: User, today: datetime.date) -> QuerySet[Case]:
    return Case.objects.filter(handler=user.pk, follow_up_date__lte=today).exclude(
        status=Case.Status.CLOSED
    )


def _not_reported(user: User, today: datetime.date) -> QuerySet[MemberApproval]:
    """The members a målbild of this or a later period reached that have no board
    decision yet: their approval or their board's decision is missing."""
    return MemberApproval.objects.filter(
        vision__end_year__gte=today.year,
        received_on__isnull=False,
        decision_kind="",
    )


# --- the items of each section -------------------------------------------------------


def _case_label(case: Case) -> str:
    return f"{case.number} {case.title}"


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _approval_items(user: User, today: datetime.date) -> list[InboxItem]:
    cases = (
        _to_approve(user, today)
        .select_related("board", "handler")
        .annotate(submitted_at=_latest_step("created_at"))
        .order_by("submitted_at", "pk")[:ITEMS]
    )
    items = [
        InboxItem(
            label=_case_label(case),
            url=reverse("cases:document", args=[case.pk]) + "#approval",
            detail=_("%(board)s, case officer %(name)s")
            % {"board": case.board.name, "name": case.handler or "–"},
            date=_day(case.submitted_at),
        )
        for case in cases
    ]
    rows = (
        _vision_to_approve(user, today)
        .select_related("vision", "organisation")
        .order_by("vision__start_year")[:ITEMS]
    )
    items += [
        InboxItem(
            label=row.vision.title,
            url=row.vision.get_absolute_url(),
            detail=_("Approve the vision for %(name)s")
            % {"name": row.organisation.name},
            date=row.received_on,
        )
        for row in rows
    ]
    return items[:ITEMS]


def _returned_items(user: User, today: datetime.date) -> list[InboxItem]:
    cases = (
        _returned(user, today)
        .annotate(
            returned_at=_latest_step("created_at"), comment=_latest_step("comment")
        )
        .order_by("-returned_at", "pk")[:ITEMS]
    )
    return [
        InboxItem(
            label=_case_label(case),
            url=reverse("cases:document", args=[case.pk]) + "#returned-comment",
            detail=Truncator(case.comment).words(COMMENT_WORDS),
            date=_day(case.returned_at),
        )
        for case in cases
    ]


def _draft_items(user: User, today: datetime.date) -> list[InboxItem]:
    cases = _drafts(user, today).order_by("registered_date", "pk")[:ITEMS]
    return [
        InboxItem(
            label=_case_label(case),
            # A registered case has no official report yet: it is started on the
            # case's page.
            url=reverse("cases:document", args=[case.pk])
            if case.status == Case.Status.DRAFTING
            else case.get_absolute_url(),
            detail=case.get_status_display(),
            date=case.registered_date,
        )
        for case in cases
    ]


def _adjust_items(user: User, today: datetime.date) -> list[InboxItem]:
    meetings = (
        _to_adjust(user, today)
        .select_related("board", "justering")
        .order_by("meeting_date", "pk")[:ITEMS]
    )
    return [
        InboxItem(
            label=str(meeting),
            url=meeting.get_absolute_url() + "#justering",
            detail=_("Sent for adjustment"),
            date=_day(meeting.justering.sent_at),
        )
        for meeting in meetings
    ]


def _proposal_items(user: User, today: datetime.date) -> list[InboxItem]:
    proposals = (
        _proposals(user, today)
        .select_related("meeting__board", "item__case", "proposed_by")
        .order_by("created_at", "pk")[:ITEMS]
    )
    return [
        InboxItem(
            label=f"{proposal.item.label} {_case_label(proposal.item.case)}",
            url=proposal.meeting.get_absolute_url() + f"#proposal-{proposal.pk}",
            detail=_("%(meeting)s, proposed by %(name)s")
            % {"meeting": proposal.meeting, "name": proposal.proposed_by},
            date=_day(proposal.created_at),
        )
        for proposal in proposals
    ]


def _meeting_items(user: User, today: datetime.date) -> list[InboxItem]:
    next_board = Coalesce(
        Subquery(_open_steps().order_by("position").values("board_id")[:1]),
        F("board_id"),
        output_field=IntegerField(),
    )
    next_board_name = Coalesce(
        Subquery(_open_steps().order_by("position").values("board__name")[:1]),
        F("board__name"),
    )
    upcoming = Meeting.objects.filter(
        board_id=OuterRef("next_board"),
        meeting_date__gte=today,
        adjusted_at__isnull=True,
        justering__isnull=True,
    ).order_by("meeting_date", "start_time", "pk")
    cases = (
        _without_meeting(user, today)
        .annotate(
            next_board=next_board,
            next_board_name=next_board_name,
            next_meeting=Subquery(upcoming.values("pk")[:1]),
            next_meeting_date=Subquery(upcoming.values("meeting_date")[:1]),
        )
        .order_by("year", "serial", "pk")[:ITEMS]
    )
    items = []
    for case in cases:
        if case.next_meeting:
            url = reverse("cases:meeting", args=[case.next_meeting]) + "#agenda"
            detail = _("Next meeting of %(board)s: %(date)s") % {
                "board": case.next_board_name,
                "date": date_format(case.next_meeting_date, "Y-m-d"),
            }
        else:
            url = reverse("cases:meeting-create")
            detail = _("%(board)s has no meeting planned") % {
                "board": case.next_board_name
            }
        items.append(InboxItem(label=_case_label(case), url=url, detail=detail))
    return items


def _dispatch_panel_items(
    read: Callable[[User, datetime.date], QuerySet[Case]],
) -> Callable[[User, datetime.date], list[InboxItem]]:
    """Items that link to the case page's panel of the dispatch and closing."""

    def items(user: User, today: datetime.date) -> list[InboxItem]:
        cases = read(user, today).select_related("board")
        return [
            InboxItem(
                label=_case_label(case),
                url=case.get_absolute_url() + "#dispatch",
                detail=case.board.name,
            )
            for case in cases.order_by("year", "serial", "pk")[:ITEMS]
        ]

    return items


def _follow_up_items(user: User, today: datetime.date) -> list[InboxItem]:
    cases = _follow_ups(user, today).order_by("follow_up_date", "pk")[:ITEMS]
    return [
        InboxItem(
            label=_case_label(case),
            url=case.get_absolute_url(),
            detail=_("Follow-up date"),
            date=case.follow_up_date,
        )
        for case in cases
    ]


def _member_items(user: User, today: datetime.date) -> list[InboxItem]:
    rows = (
        _not_reported(user, today)
        .select_related("vision", "organisation")
        .order_by("vision__start_year", "received_on", "organisation__name")[:ITEMS]
    )
    return [
        InboxItem(
            label=row.organisation.name,
            url=reverse("targets:member", args=[row.vision_id, row.organisation.slug]),
            detail=_("%(vision)s: %(status)s")
            % {"vision": row.vision.title, "status": row.get_status_display()},
            date=row.received_on,
        )
        for row in rows
    ]


def _members_more(user: User, today: datetime.date) -> str:
    row = _not_reported(user, today).order_by("vision__start_year").first()
    return reverse("targets:matrix", args=[row.vision_id]) if row else ""


def _case_list(**filters: str) -> Callable[[User, datetime.date], str]:
    def more(user: User, today: datetime.date) -> str:
        query = urlencode(
            {n: (user.pk if v == "me" else v) for n, v in filters.items()}
        )
        return reverse("cases:list") + f"?{query}"

    return more


@dataclass(frozen=True)
class _Section:
    key: str
    title: Promise
    # The roles the section is for; empty: anyone (a handler, a chair or justerare).
    roles: tuple[str, ...]
    reads: tuple[Callable[[User, datetime.date], QuerySet], ...]
    items: Callable[[User, datetime.date], list[InboxItem]]
    more_url: Callable[[User, datetime.date], str] | None = None


SECTIONS = (
    _Section(
        "approval",
        gettext_lazy("Waiting for your approval"),
        (Role.DIRECTOR,),
        (_to_approve, _vision_to_approve),
        _approval_items,
        _case_list(status=Case.Status.SUBMITTED),
    ),
    _Section(
        "returned",
        gettext_lazy("Returned to you"),
        (),
        (_returned,),
        _returned_items,
        _case_list(status=Case.Status.DRAFTING, handler="me"),
    ),
    _Section(
        "drafts",
        gettext_lazy("My drafts"),
        (),
        (_drafts,),
        _draft_items,
        _case_list(status=Case.Status.DRAFTING, handler="me"),
    ),
    _Section(
        "adjust",
        gettext_lazy("Minutes to adjust"),
        (),
        (_to_adjust,),
        _adjust_items,
    ),
    _Section(
        "proposals",
        gettext_lazy("Proposed changes to answer"),
        (Role.SECRETARY,),
        (_proposals,),
        _proposal_items,
    ),
    _Section(
        "agenda",
        gettext_lazy("Approved cases without a meeting"),
        (Role.SECRETARY,),
        (_without_meeting,),
        _meeting_items,
        _case_list(status=Case.Status.APPROVED),
    ),
    _Section(
        "dispatch",
        gettext_lazy("Decisions to dispatch"),
        (Role.SECRETARY,),
        (_to_dispatch,),
        _dispatch_panel_items(_to_dispatch),
        _case_list(status=Case.Status.ADJUSTED),
    ),
    _Section(
        "close",
        gettext_lazy("Dispatched cases to close"),
        (Role.REGISTRAR, Role.SECRETARY),
        (_to_close,),
        _dispatch_panel_items(_to_close),
        _case_list(status=Case.Status.DISPATCHED),
    ),
    _Section(
        "follow_ups",
        gettext_lazy("Follow-up dates that have passed"),
        (),
        (_follow_ups,),
        _follow_up_items,
    ),
    _Section(
        "members",
        gettext_lazy("Members that have not reported"),
        (Role.COORDINATOR,),
        (_not_reported,),
        _member_items,
        _members_more,
    ),
)

# What an empty inbox says, per role: one calm sentence each.
EMPTY = {
    Role.OFFICIAL: gettext_lazy("Nothing waits for you as case officer right now."),
    Role.DIRECTOR: gettext_lazy("No case waits for your approval."),
    Role.SECRETARY: gettext_lazy(
        "No case, minutes or proposed change waits for you as board secretary."
    ),
    Role.REGISTRAR: gettext_lazy("No dispatched case waits to be closed."),
    Role.COORDINATOR: gettext_lazy("No member's report on the vision is missing."),
}
EMPTY_WITHOUT_ROLE = gettext_lazy("Nothing waits for you right now.")


def _count(queryset: QuerySet) -> Subquery:
    """`queryset.count()` as a subquery of one value."""
    counted = queryset.order_by().annotate(
        inbox_count=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    return Subquery(counted.values("inbox_count")[:1], output_field=IntegerField())


# --- the inbox ---------------------------------------------------------------------


def inbox_counts(user: User, today: datetime.date | None = None) -> dict[str, int]:
    """How many items each section has for the user, in one query (none for a
    visitor who is not logged in)."""
    if not (user.is_authenticated and user.is_active):
        return {}
    today = today or timezone.localdate()
    counts = {}
    for section in SECTIONS:
        total = None
        for read in section.reads:
            queryset = read(user, today)
            if section.roles:
                queryset = queryset.filter(_has_role(user, *section.roles))
            counted = Coalesce(_count(queryset), Value(0))
            total = counted if total is None else total + counted
        counts[section.key] = total
    row = User.objects.filter(pk=user.pk).values(**counts).first()
    return {key: int(value or 0) for key, value in (row or {}).items()}


def inbox_for(
    user: User,
    *,
    counts: dict[str, int] | None = None,
    today: datetime.date | None = None,
) -> list[InboxSection]:
    """The sections that have something for the user, in the order of the
    steps, each with its first items, its count and the link to all of them."""
    today = today or timezone.localdate()
    if counts is None:
        counts = inbox_counts(user, today)
    sections = []
    for section in SECTIONS:
        count = counts.get(section.key, 0)
        if not count:
            continue
        sections.append(
            InboxSection(
                key=section.key,
                title=section.title,
                items=section.items(user, today),
                count=count,
                more_url=section.more_url(user, today) if section.more_url else "",
            )
        )
    return sections


def empty_inbox_sentences(user: User) -> list[str | Promise]:
    """What the start page says when nothing waits: a sentence per role."""
    sentences = [sentence for role, sentence in EMPTY.items() if user.has_role(role)]
    return sentences or [EMPTY_WITHOUT_ROLE]


def request_inbox_counts(request: HttpRequest) -> dict[str, int]:
    """`inbox_counts` of the request's user, read once per request (the start
    page and the main menu share it)."""
    cached = getattr(request, "inbox_counts", None)
    if cached is None:
        cached = inbox_counts(request.user)  # type: ignore[arg-type]
        request.inbox_counts = cached  # type: ignore[attr-defined]
    return cached
