"""The vision's pages: the list of visions (/malbild/) and a vision's page
(/malbild/<pk>/, public), its bilagor (/malbild/<pk>/documents/<document_pk>/), and
the two actions of a member's people on it: create the member's case about the
vision (/malbild/<pk>/case/) and the kommundirektör's approval
(/malbild/<pk>/approve/)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from cases.permissions import user_may_write
from members import services as member_services
from members.costs import CostPart, population_year
from members.models import Board, User
from members.roles import Role
from members.two_factor import verified_required
from ssr_portal.lib.forms import add_service_errors
from ssr_portal.lib.history import history_events
from ssr_portal.lib.refusals import WayBack, refusals_as_page

from .. import services
from ..forms.vision import CaseCreateForm
from ..models import MemberApproval, Vision, VisionDocument, VisionVersion

logger = logging.getLogger(__name__)


# --- access and refusals -------------------------------------------------------------


def _to_the_vision(request: HttpRequest, pk: int, *args, **kwargs) -> WayBack:
    return WayBack(reverse("targets:vision", args=[pk]), _("Back to the vision"))


# A refused action as a page that says why, and nothing changed: 403 for the
# wrong person (PermissionDenied), 409 for a step the state does not allow now
# (StepRefused).
vision_refusals_as_page = refusals_as_page(
    way_back=_to_the_vision, note=gettext_lazy("Nothing was changed.")
)


def _get_vision(pk: int) -> Vision:
    return get_object_or_404(Vision, pk=pk)


# --- the list ---------------------------------------------------------------------------


@dataclass
class VisionItem:
    vision: Vision
    adopted: VisionVersion | None
    is_current: bool


def _adopted(versions: list[VisionVersion]) -> VisionVersion | None:
    """The latest adoption of the vision (None while it is a draft)."""
    adopted = [v for v in versions if v.kind == VisionVersion.Kind.ADOPTED]
    return max(adopted, key=lambda v: (v.date, v.number)) if adopted else None


@require_safe
def vision_list(request: HttpRequest) -> HttpResponse:
    """Every vision of the network, the current one first, then newest period
    first (public). Two queries, whatever the number of visions."""
    current = services.vision_current()
    items = [
        VisionItem(
            vision=vision,
            adopted=_adopted(list(vision.versions.all())),
            is_current=current is not None and vision.pk == current.pk,
        )
        for vision in Vision.objects.prefetch_related("versions")
    ]
    items.sort(key=lambda item: not item.is_current)
    may_manage = services.user_may_manage_visions(request.user)
    return render(
        request, "targets/vision_list.html", {"items": items, "may_manage": may_manage}
    )


# --- the vision's page ---------------------------------------------------------------


@dataclass
class MemberPanel:
    """What the vision's page shows a logged-in person of a member about their
    own organisation's row, and which actions it offers them."""

    approval: MemberApproval
    may_create_case: bool
    may_approve: bool
    form: CaseCreateForm | None = None


@dataclass
class CostYear:
    """One budget year of the period and how the municipalities' half is split."""

    budget_year: int
    population_year: int
    part: CostPart | None
    problem: str  # why it cannot be split yet ("" when it can)
    own_share: Decimal | None = None  # the user's municipality's share of the half


@dataclass
class CostTable:
    years: list[CostYear]
    # (municipality name, [share per year or None], is the user's own)
    rows: list[tuple[str, list[Decimal | None], bool]]
    selected_year: int  # the year the form offers first: this year, if in the period
    can_import: bool = False  # the SSR coordinator, who imports SCB's figures

    @property
    def has_missing(self) -> bool:
        return any(year.part is None for year in self.years)

    @property
    def has_shares(self) -> bool:
        return bool(self.rows)

    @property
    def has_own(self) -> bool:
        return any(is_own for _name, _shares, is_own in self.rows)


def _history(vision: Vision) -> list:
    """Who changed the vision and its versions when, newest first (two queries)."""
    records = vision.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    events = history_events(records, Vision, lambda record: _("Vision"))
    by_version: dict[int, list] = {}
    for record in (
        VisionVersion.history.filter(vision_id=vision.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    ):
        by_version.setdefault(record.id, []).append(record)
    for records in by_version.values():
        events += history_events(
            records,
            VisionVersion,
            lambda record: _("Version %(number)s") % {"number": record.number},
        )
    return sorted(events, key=lambda event: event.at, reverse=True)


def _member_panel(
    request: HttpRequest,
    matrix: services.Matrix,
    form: CaseCreateForm | None = None,
) -> MemberPanel | None:
    """The user's own member row and actions, or None for the public and for
    people of no member (the SSR-samordnare)."""
    user: User = request.user
    if not user.is_authenticated or user.organisation_id is None:
        return None
    row = next(
        (r for r in matrix.rows if r.organisation.pk == user.organisation_id), None
    )
    if row is None:
        return None
    approval = row.approval
    may_create_case = False
    if not approval.case_id:
        boards = list(
            Board.objects.filter(organisation_id=user.organisation_id).order_by("name")
        )
        boards = [b for b in boards if user_may_write(user=user, board=b)]
        if boards:
            may_create_case = True
            form = form or CaseCreateForm(boards=boards)
    return MemberPanel(
        approval=approval,
        may_create_case=may_create_case,
        may_approve=not approval.approved_on
        and services.user_may_approve_for(user, row.organisation),
        form=form if may_create_case else None,
    )


def _cost_table(vision: Vision, user: User) -> CostTable:
    """The municipalities' shares for every budget year of the period (one query a
    year). The total of a year is not stored: the cost page splits the total one
    writes there; this shows by what the municipalities' half is split."""
    own_code = user.organisation.municipality_code if user.organisation_id else ""
    years = []
    shares: dict[str, dict[int, object]] = {}
    own: set[str] = set()
    for year in vision.years:
        try:
            part = member_services.cost_allocation_municipal_calculate(
                budget_year=year, total=0
            )
        except ValidationError as error:
            part = None
            problem = (
                _(
                    "Some municipalities have no population on 31 December "
                    "%(year)s yet: %(names)s."
                )
                % error.params
                if getattr(error, "code", None) == "missing_population"
                else " ".join(error.messages)
            )
        else:
            problem = ""
        cost_year = CostYear(
            budget_year=year,
            population_year=population_year(year),
            part=part,
            problem=problem,
        )
        for line in part.lines if part else ():
            shares.setdefault(line.name, {})[year] = line.share_percent
            if own_code and line.code == own_code:
                own.add(line.name)
                cost_year.own_share = line.share_percent
        years.append(cost_year)
    rows = [
        (name, [by_year.get(year) for year in vision.years], name in own)
        for name, by_year in shares.items()
    ]
    this_year = timezone.localdate().year
    return CostTable(
        years=years,
        rows=rows,
        selected_year=this_year if this_year in vision.years else vision.start_year,
        can_import=user.has_role(Role.COORDINATOR),
    )


def _vision_page(
    request: HttpRequest,
    vision: Vision,
    *,
    form: CaseCreateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    versions = list(vision.versions.all())
    goals = list(vision.goals.all())
    goal_numbers = {goal.pk: number for number, goal in enumerate(goals, start=1)}
    milestones = list(vision.milestones.all())
    for milestone in milestones:
        # The goal is one of `goals`: no query per milestone.
        milestone.goal_number = goal_numbers.get(milestone.goal_id)
        milestone.goal_title = next(
            (g.title for g in goals if g.pk == milestone.goal_id), ""
        )
    matrix = services.vision_matrix(vision)
    user = request.user
    panel = _member_panel(request, matrix, form)
    return render(
        request,
        "targets/vision_detail.html",
        {
            "vision": vision,
            "versions": versions,
            "adopted": _adopted(versions),
            "history": _history(vision),
            "foundations": list(vision.foundations.all()),
            "goals": goals,
            "milestones": milestones,
            "documents": list(vision.documents.all()),
            "activations": list(services.activations_for(vision)),
            "matrix": matrix,
            "panel": panel,
            "costs": _cost_table(vision, user) if user.is_authenticated else None,
            "may_manage": services.user_may_manage_visions(user),
        },
        status=status,
    )


@require_safe
def vision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The vision's page (public): a fixed number of queries whatever the number
    of goals, milestones, documents, members and history records."""
    return _vision_page(request, _get_vision(pk))


@require_safe
def document_download(request: HttpRequest, pk: int, document_pk: int):
    """A bilaga of the vision as a download under its original name (public, like
    the vision); the type is the one recorded at upload, never guessed."""
    document = get_object_or_404(VisionDocument, pk=document_pk, vision_id=pk)
    if not document.file:
        raise Http404("The document has no file.")
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        logger.error("The file of vision document %s is missing", document.pk)
        raise Http404("The file is missing.") from None
    name = document.original_name or document.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the actions ---------------------------------------------------------------------


@login_required
@vision_refusals_as_page
@require_POST
def case_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Create the user's member's case about the vision in one step, on the board
    chosen (when the organisation has more than one), and show it."""
    vision = _get_vision(pk)
    user = request.user
    boards = [
        board
        for board in Board.objects.filter(organisation_id=user.organisation_id)
        if user_may_write(user=user, board=board)
    ]
    if not boards:
        raise PermissionDenied(
            _(
                "Only an official of a member with a board in the portal may create "
                "its case."
            )
        )
    form = CaseCreateForm(request.POST, boards=boards)
    if not form.is_valid():
        return _vision_page(request, vision, form=form, status=400)
    try:
        case = services.member_case_create(
            vision=vision, user=user, board=form.cleaned_data["board"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _vision_page(request, vision, form=form, status=400)
    messages.success(
        request,
        _(
            "The case %(number)s about %(title)s was registered, its official "
            "report pre-filled."
        )
        % {"number": case.number, "title": vision.title},
    )
    return redirect(case.get_absolute_url())


@login_required
@vision_refusals_as_page
@require_POST
@verified_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The kommundirektör approves the vision for their own organisation; anyone
    else is refused (403) and nothing changes."""
    vision = _get_vision(pk)
    row = services.member_approve(vision=vision, user=request.user)
    messages.success(
        request,
        _("You approved %(title)s for %(organisation)s on %(date)s.")
        % {
            "title": vision.title,
            "organisation": row.organisation.name,
            "date": date_format(row.approved_on, "j F Y"),
        },
    )
    return redirect("targets:vision", pk=vision.pk)


urlpatterns = [
    path("", vision_list, name="visions"),
    # /malbild/<pk>/…
    path("<int:pk>/", vision_detail, name="vision"),
    path("<int:pk>/documents/<int:document_pk>/", document_download, name="document"),
    path("<int:pk>/case/", case_create, name="create_case"),
    path("<int:pk>/approve/", approve, name="approve"),
]
