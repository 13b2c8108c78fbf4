"""The members × status matrix of a vision and what the SSR-samordnare records
on it (STYLE.md §4).

- `vision_matrix` is the matrix with counts, in a fixed number of queries;
  `member_timeline` a member's steps in their order.
- `vision_mark_sent` records that the vision reached the members and e-mails
  their kommundirektörer.
- `member_record` types in what a member outside the portal reports.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from members.models import Organisation, User
from members.roles import Role
from ssr_portal.lib.collation import swedish
from ssr_portal.lib.history import set_history_user
from ssr_portal.tasks import email_send

from ..exceptions import ApprovalConflict
from ..models import (
    MemberApproval,
    Vision,
)
from ..permissions import check_manager, member_uses_portal
from .vision import approvals_ensure


def vision_mark_sent(
    *, vision: Vision, user: User, date: datetime.date | None = None
) -> int:
    """Record that the vision was sent to every member that has no date yet."""
    check_manager(user)
    date = date or timezone.localdate()
    approvals_ensure(vision)
    count = 0
    reached = []
    with transaction.atomic():
        for row in vision.approvals.select_for_update(of=("self",)).filter(
            received_on__isnull=True
        ):
            row.received_on = date
            set_history_user(row, user)
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
    def count_rows(self) -> list[tuple[str, str | Promise, int]]:
        """(status, label, count) for every status, in order; the label is lazy."""
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
        assert case is not None  # case_id is set
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


def member_record_check(*, user: User, organisation: Organisation) -> None:
    """Refuse (PermissionDenied, with the message) anyone but the SSR-samordnare,
    and any member that uses the portal, before a form is even read."""
    check_manager(user)
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
        row = MemberApproval.objects.select_for_update(of=("self",)).get(pk=approval.pk)
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
        set_history_user(row, user)
        row.save()
    return row
