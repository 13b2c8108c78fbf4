"""The yearly follow-up of a vision's goals.

- /malbild/<pk>/follow-up/ (public): per goal its status per year with comment and
  evidence, the progress chart (SVG drawn on the server, targets/chart.py) and the
  same data as a table, and the yearly report per year.
- /malbild/<pk>/follow-up/<goal_pk>/<year>/ (the SSR-samordnare): the form for the
  goal's status and comment that year, and the form that adds evidence.
- /malbild/<pk>/follow-up/<year>.pdf (public): the yearly report as PDF/A
  (targets/report.py), to attach to a case.
- /malbild/<pk>/follow-up/evidence/<evidence_pk>/ (public): an evidence file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cases.uploads import ATTACHMENT_TYPES, file_extension
from ssr_portal.lib.forms import add_service_errors
from ssr_portal.lib.http import pdf_response
from ssr_portal.lib.refusals import WayBack, refusals_as_page

from .. import services
from ..chart import follow_up_chart_model, follow_up_svg, status_label
from ..exceptions import FollowUpConflict
from ..forms.follow_up import EvidenceForm, FollowUpForm
from ..models import Evidence, Goal, GoalFollowUp, Vision
from ..report import follow_up_report_pdf, report_file_name


def _to_the_visions(request: HttpRequest, *args, **kwargs) -> WayBack:
    return WayBack(reverse("targets:visions"), _("Back to the vision"))


# A refused action (PermissionDenied) as a 403 page that says why.
follow_up_refusals_as_page = refusals_as_page(way_back=_to_the_visions)


def _check_manager(user) -> None:
    if not services.user_may_manage_visions(user):
        raise PermissionDenied(
            _("Only an SSR coordinator may record the follow-up of the vision.")
        )


def _year_in_period(vision: Vision, year: int) -> None:
    if not vision.start_year <= year <= vision.end_year:
        raise Http404("The year is outside the vision's period.")


# --- the follow-up page -----------------------------------------------------------


@dataclass
class EvidenceRow:
    evidence: Evidence
    href: str
    detail: str  # the case number, or the file's type


@dataclass
class YearEntry:
    year: int
    status: str  # a GoalFollowUp.Status value, or "" for no data
    label: str
    follow_up: GoalFollowUp | None
    evidence: list[EvidenceRow] = field(default_factory=list)
    edit_url: str = ""


@dataclass
class GoalSection:
    number: int
    goal: Goal
    years: list[YearEntry]


def _file_label(name: str) -> str:
    extension = file_extension(name)
    return next((t.label for t in ATTACHMENT_TYPES if extension in t.extensions), "")


def _evidence_row(evidence: Evidence, vision: Vision, request: HttpRequest):
    detail = ""
    if evidence.case_id:
        number = evidence.case.number
        detail = number
        if request.user.is_authenticated:
            href = evidence.case.get_absolute_url()
        else:
            href = reverse("diarium:list") + "?" + urlencode({"q": number})
    elif evidence.file:
        href = reverse("targets:evidence_file", args=[vision.pk, evidence.pk])
        detail = _file_label(evidence.file.name)
    else:
        href = evidence.url
    return EvidenceRow(evidence=evidence, href=href, detail=detail)


def _sections(
    vision: Vision, data: dict, request: HttpRequest, may_manage: bool
) -> list[GoalSection]:
    evidence_by_follow_up: dict[int, list[EvidenceRow]] = {}
    for evidence in Evidence.objects.filter(
        follow_up__goal__vision=vision
    ).select_related("case"):
        evidence_by_follow_up.setdefault(evidence.follow_up_id, []).append(
            _evidence_row(evidence, vision, request)
        )
    sections = []
    for number, entry in enumerate(data["goals"], start=1):
        goal = entry["goal"]
        by_year = {f.year: f for f in goal.follow_ups.all()}
        years = []
        for year in data["years"]:
            follow_up = by_year.get(year)
            years.append(
                YearEntry(
                    year=year,
                    status=follow_up.status if follow_up else "",
                    label=status_label(follow_up.status if follow_up else None),
                    follow_up=follow_up,
                    evidence=evidence_by_follow_up.get(follow_up.pk, [])
                    if follow_up
                    else [],
                    edit_url=reverse(
                        "targets:follow_up_edit", args=[vision.pk, goal.pk, year]
                    )
                    if may_manage
                    else "",
                )
            )
        sections.append(GoalSection(number=number, goal=goal, years=years))
    return sections


@require_safe
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """The follow-up of the vision's goals (public). A fixed number of queries."""
    vision = get_object_or_404(Vision, pk=pk)
    data = services.follow_up_chart(vision)
    chart = follow_up_chart_model(data)
    may_manage = services.user_may_manage_visions(request.user)
    reports = [
        (year, reverse("targets:follow_up_pdf", args=[vision.pk, year]))
        for year in vision.years
    ]
    return render(
        request,
        "targets/follow_up.html",
        {
            "vision": vision,
            "chart": chart,
            "chart_svg": follow_up_svg(chart),
            "sections": _sections(vision, data, request, may_manage),
            "may_manage": may_manage,
            "reports": reports,
        },
    )


# --- recording a goal's year ---------------------------------------------------------


def _base_of(follow_up: GoalFollowUp | None) -> str:
    return follow_up.updated_at.isoformat() if follow_up else ""


def _render_edit(
    request: HttpRequest,
    *,
    vision: Vision,
    goal: Goal,
    year: int,
    follow_up: GoalFollowUp | None,
    status_form: FollowUpForm | None = None,
    evidence_form: EvidenceForm | None = None,
    conflict: GoalFollowUp | None = None,
    conflict_message: str = "",
    status: int = 200,
) -> HttpResponse:
    if status_form is None:
        status_form = FollowUpForm(
            initial={
                "status": follow_up.status if follow_up else "",
                "comment": follow_up.comment if follow_up else "",
                "base": _base_of(follow_up),
            },
            prefix="status",
        )
    if evidence_form is None and follow_up is not None:
        evidence_form = EvidenceForm(prefix="evidence")
    evidence = []
    if follow_up is not None:
        evidence = [
            _evidence_row(e, vision, request)
            for e in follow_up.evidence.select_related("case")
        ]
    goal_number = list(vision.goals.values_list("pk", flat=True)).index(goal.pk) + 1
    return render(
        request,
        "targets/follow_up_edit.html",
        {
            "vision": vision,
            "goal": goal,
            "goal_number": goal_number,
            "year": year,
            "follow_up": follow_up,
            "status_form": status_form,
            "evidence_form": evidence_form,
            "evidence": evidence,
            "conflict": conflict,
            "conflict_message": conflict_message,
            "conflict_label": status_label(conflict.status) if conflict else "",
        },
        status=status,
    )


def _edit_url(vision: Vision, goal: Goal, year: int) -> str:
    return reverse("targets:follow_up_edit", args=[vision.pk, goal.pk, year])


@login_required
@follow_up_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up_edit(request: HttpRequest, pk: int, goal_pk: int, year: int):
    """The goal's status and comment for the year, and its evidence (the
    SSR-samordnare only; anyone else gets 403, also on a crafted POST)."""
    _check_manager(request.user)
    vision = get_object_or_404(Vision, pk=pk)
    goal = get_object_or_404(Goal, pk=goal_pk, vision=vision)
    _year_in_period(vision, year)
    follow_up = GoalFollowUp.objects.filter(goal=goal, year=year).first()
    page = {"vision": vision, "goal": goal, "year": year, "follow_up": follow_up}
    if request.method in ("GET", "HEAD"):
        return _render_edit(request, **page)
    if request.POST.get("form") == "evidence":
        return _add_evidence(request, page)
    form = FollowUpForm(request.POST, prefix="status")
    if not form.is_valid():
        return _render_edit(request, **page, status_form=form, status=400)
    try:
        services.follow_up_set(
            goal=goal,
            year=year,
            status=form.cleaned_data["status"],
            comment=form.cleaned_data["comment"],
            user=request.user,
            check_base=True,
            base_updated_at=form.cleaned_data["base"],
        )
    except FollowUpConflict as refused:
        # Keep what this coordinator wrote, show what the other one saved, and
        # name the other one's version: saving again replaces it knowingly.
        renewed = request.POST.copy()
        renewed["status-base"] = _base_of(refused.follow_up)
        renewed_form = FollowUpForm(renewed, prefix="status")
        renewed_form.is_valid()
        page["follow_up"] = refused.follow_up
        return _render_edit(
            request,
            **page,
            status_form=renewed_form,
            conflict=refused.follow_up,
            conflict_message=str(refused),
            status=409,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _render_edit(request, **page, status_form=form, status=400)
    messages.success(
        request,
        _("The status of goal %(title)s for %(year)s was saved.")
        % {"title": goal.title, "year": year},
    )
    return redirect(_edit_url(vision, goal, year))


def _add_evidence(request: HttpRequest, page: dict) -> HttpResponse:
    vision, goal, year = page["vision"], page["goal"], page["year"]
    follow_up = page["follow_up"]
    form = EvidenceForm(request.POST, request.FILES, prefix="evidence")
    if follow_up is None:
        form.is_valid()
        form.add_error(None, _("Record the goal's status for the year first."))
        return _render_edit(request, **page, evidence_form=form, status=400)
    if form.is_valid():
        try:
            evidence = services.evidence_add(
                follow_up=follow_up,
                user=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                url=form.cleaned_data["url"],
                case=form.cleaned_data["case"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "case" in error.error_dict:
                error.error_dict["case_number"] = error.error_dict.pop("case")
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(title)s was added.") % {"title": evidence.title}
            )
            return redirect(_edit_url(vision, goal, year) + "#evidence")
    return _render_edit(request, **page, evidence_form=form, status=400)


# --- the report and the evidence files ---------------------------------------------------


@require_safe
def follow_up_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The yearly follow-up report as PDF/A (public, like the page)."""
    vision = get_object_or_404(Vision, pk=pk)
    _year_in_period(vision, year)
    data = follow_up_report_pdf(vision, year)
    return pdf_response(data, report_file_name(vision, year), private=False)


@require_safe
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int):
    """An evidence file as a download, with the type it was checked to be."""
    evidence = get_object_or_404(
        Evidence, pk=evidence_pk, follow_up__goal__vision_id=pk
    )
    if not evidence.file:
        raise Http404("This evidence has no file.")
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is missing.") from None
    name = evidence.original_name or evidence.file.name.rsplit("/", 1)[-1]
    extension = file_extension(name)
    content_type = next(
        (t.content_type for t in ATTACHMENT_TYPES if extension in t.extensions),
        "application/octet-stream",
    )
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# /malbild/<pk>/follow-up/…
urlpatterns = [
    path("<int:pk>/follow-up/", follow_up, name="follow_up"),
    path(
        "<int:pk>/follow-up/<int:goal_pk>/<int:year>/",
        follow_up_edit,
        name="follow_up_edit",
    ),
    path("<int:pk>/follow-up/<int:year>.pdf", follow_up_pdf, name="follow_up_pdf"),
    path(
        "<int:pk>/follow-up/evidence/<int:evidence_pk>/",
        evidence_file,
        name="evidence_file",
    ),
]
