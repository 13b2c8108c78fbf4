"""Each member's approval of a vision: the matrix of all members × status
(/malbild/<pk>/members/, public), its CSV export, a member's timeline with its
history, the coordinator's form for a member outside the portal, and "mark as
sent to all members"."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from ssr_portal.lib.forms import add_service_errors
from ssr_portal.lib.history import HistoryEvent, history_events
from ssr_portal.lib.refusals import WayBack, refusals_as_page

from .. import services
from ..exceptions import ApprovalConflict
from ..forms.matrix import MEMBER_KINDS, MatrixFilterForm, MemberRecordForm
from ..models import MemberApproval, Vision

# --- access ---------------------------------------------------------------------


def _to_the_matrix(request: HttpRequest, pk: int, *args, **kwargs) -> WayBack:
    return WayBack(
        reverse("targets:matrix", args=[pk]), _("Back to the members' approval")
    )


# A refused action (PermissionDenied from a service) as a 403 page that says
# why; nothing was changed.
matrix_refusals_as_page = refusals_as_page(
    way_back=_to_the_matrix, note=gettext_lazy("Nothing was changed.")
)


def _get_vision(pk: int) -> Vision:
    return get_object_or_404(Vision, pk=pk)


def _get_approval(pk: int, slug: str) -> MemberApproval:
    """The member's row for the vision, with everything its page shows."""
    return get_object_or_404(
        MemberApproval.objects.select_related(
            "vision", "organisation", "case", "approved_by"
        ),
        vision_id=pk,
        organisation__slug=slug,
    )


# --- the matrix -------------------------------------------------------------------


def _filter_query(filters: dict[str, str], **changes: str) -> str:
    """The query string of the matrix with these filters (empty ones left out)."""
    params = {
        "kind": filters["kind"],
        "status": filters["status"],
        "q": filters["query"],
    } | changes
    query = urlencode({name: value for name, value in params.items() if value})
    return f"?{query}" if query else "?"


def _matrix_context(request: HttpRequest, vision: Vision) -> dict:
    form = MatrixFilterForm(request.GET or None)
    filters = form.filters()
    matrix = services.vision_matrix(vision, **filters)
    summary = [
        {
            "status": value,
            "label": label,
            "count": count,
            "query": _filter_query(filters, status=value),
            "is_current": filters["status"] == value,
        }
        for value, label, count in matrix.count_rows
    ]
    is_filtered = any(filters.values())
    return {
        "vision": vision,
        "form": form,
        "filters": filters,
        "matrix": matrix,
        "summary": summary,
        "total_query": _filter_query(filters, status=""),
        "is_filtered": is_filtered,
        "kind_label": dict(MEMBER_KINDS).get(filters["kind"], ""),
        "csv_query": _filter_query(filters) if is_filtered else "",
    }


@require_safe
def matrix(request: HttpRequest, pk: int) -> HttpResponse:
    vision = _get_vision(pk)
    context = _matrix_context(request, vision)
    if request.htmx and not request.htmx.boosted:
        # The filter form swaps only the summary and the table (and "Clear
        # filters", out of band).
        context["oob"] = True
        return render(request, "targets/partials/matrix_results.html", context)
    context["may_manage"] = services.user_may_manage_visions(request.user)
    return render(request, "targets/matrix.html", context)


def _csv_text(value: str) -> str:
    """A typed text as a CSV cell that a spreadsheet shows as text and never runs
    as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _iso(date) -> str:
    return date.isoformat() if date else ""


@require_safe
def matrix_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The matrix with the same filters as CSV: UTF-8 with a byte order mark and
    `;` between the fields, as Excel with Swedish settings opens it."""
    vision = _get_vision(pk)
    filters = MatrixFilterForm(request.GET or None).filters()
    matrix = services.vision_matrix(vision, **filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="malbild-{vision.start_year}-{vision.end_year}'
        '-medlemmar.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Member"),
            _("Kind"),
            _("Status"),
            _("Reached on"),
            _("Case number"),
            _("Approved by"),
            _("Approved on"),
            _("Board"),
            _("Decision"),
            _("Decision date"),
            _("Paragraph"),
        ]
    )
    for row in matrix.rows:
        approval = row.approval
        writer.writerow(
            [
                _csv_text(row.organisation.name),
                row.organisation.get_kind_display(),
                approval.get_status_display(),
                _iso(approval.received_on),
                _csv_text(approval.number),
                _csv_text(approval.approver),
                _iso(approval.approved_on),
                _csv_text(approval.board_name),
                approval.get_decision_kind_display(),
                _iso(approval.decision_date),
                approval.decision_paragraph or "",
            ]
        )
    return response


@require_POST
@matrix_refusals_as_page
def mark_sent(request: HttpRequest, pk: int) -> HttpResponse:
    vision = _get_vision(pk)
    count = services.vision_mark_sent(vision=vision, user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "The vision was marked as sent to %(count)s member.",
                "The vision was marked as sent to %(count)s members.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Every member already had the date it was sent."))
    return redirect("targets:matrix", pk=vision.pk)


# --- a member's timeline ------------------------------------------------------------

# Bookkeeping a reader does not need (approved_at goes with approved_on; the
# decision's own row is shown as kind, date and §).
HISTORY_EXCLUDED = ["created_at", "updated_at", "approved_at", "decision"]


def member_history(approval: MemberApproval) -> list[HistoryEvent]:
    """Who changed what on the member's row, and when, newest first. One query."""
    records = approval.history.select_related(
        "history_user", "approved_by", "case"
    ).order_by("history_date", "history_id")
    events = history_events(
        records,
        MemberApproval,
        lambda record: "",
        excluded_fields=HISTORY_EXCLUDED,
        shown={"case": lambda case: case.number},
    )
    return list(reversed(events))


def _conflict_changes(form: MemberRecordForm, current: MemberApproval) -> list[dict]:
    """What the coordinator typed that differs from the row as it is now."""
    changes = []
    for name in MemberRecordForm.FIELDS:
        field = form.fields[name]
        typed = form.cleaned_data.get(name)
        now = getattr(current, name)
        if (typed or None) == (now or None):
            continue

        def shown(value, field=field):
            if value in (None, ""):
                return None
            if hasattr(field, "choices"):
                return str(dict(field.choices).get(value, value))
            return value.isoformat() if hasattr(value, "isoformat") else str(value)

        changes.append({"label": field.label, "old": shown(now), "new": shown(typed)})
    return changes


def _member_page(
    request: HttpRequest,
    approval: MemberApproval,
    *,
    form: MemberRecordForm | None = None,
    conflict: list[dict] | None = None,
    status: int = 200,
) -> HttpResponse:
    uses_portal = services.member_uses_portal(approval.organisation)
    may_record = services.user_may_manage_visions(request.user) and not uses_portal
    return render(
        request,
        "targets/matrix_member.html",
        {
            "vision": approval.vision,
            "approval": approval,
            "organisation": approval.organisation,
            "uses_portal": uses_portal,
            "timeline": services.member_timeline(approval),
            "history": member_history(approval),
            "may_record": may_record,
            "form": form
            or (MemberRecordForm.for_approval(approval) if may_record else None),
            "conflict": conflict,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@matrix_refusals_as_page
def member(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    approval = _get_approval(pk, slug)
    if request.method in ("GET", "HEAD"):
        return _member_page(request, approval)

    services.member_record_check(user=request.user, organisation=approval.organisation)
    form = MemberRecordForm(request.POST)
    if not form.is_valid():
        return _member_page(request, approval, form=form, status=400)
    try:
        services.member_record(
            approval=approval,
            user=request.user,
            base_updated_at=form.cleaned_data["base_updated_at"],
            **form.values(),
        )
    except ApprovalConflict as conflict:
        current = conflict.approval
        current.vision, current.organisation = approval.vision, approval.organisation
        return _member_page(
            request,
            current,
            form=MemberRecordForm.for_approval(current),
            conflict=_conflict_changes(form, current),
            status=409,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _member_page(request, approval, form=form, status=400)
    messages.success(
        request,
        _("What %(organisation)s reports was saved.")
        % {"organisation": approval.organisation.name},
    )
    return redirect("targets:member", pk=pk, slug=slug)


urlpatterns = [
    # /malbild/<pk>/members/…
    path("<int:pk>/members/", matrix, name="matrix"),
    path("<int:pk>/members.csv", matrix_csv, name="matrix_csv"),
    path("<int:pk>/members/mark-sent/", mark_sent, name="mark_sent"),
    path("<int:pk>/members/<slug:slug>/", member, name="member"),
]
