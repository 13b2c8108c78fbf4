import csv
import secrets
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from ssr_portal.lib.csv_input import decode

from . import costs, services
from .forms import CostAllocationForm, CostKeyForm, PopulationUploadForm
from .models import Board, ChefsgruppSeat, Organisation, User
from .querysets import choice_order
from .roles import Role


def _seats_in_order():
    """Chefsgrupp seats as ChefsgruppSeat.Area lists them: the chair first."""
    return ChefsgruppSeat.objects.order_by(
        choice_order("area", ChefsgruppSeat.Area.values)
    )


@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.members().in_kind_order()
    groups = [
        {
            "kind": kind,
            "label": Organisation.Kind(kind).label,
            "organisations": list(members),
        }
        for kind, members in groupby(organisations, key=lambda o: o.kind)
    ]
    return render(request, "members/list.html", {"groups": groups})


def _get_organisation(slug: str) -> Organisation:
    """The organisation with everything its public page shows, in a fixed five
    queries."""
    queryset = Organisation.objects.prefetch_related(
        "membership_events",
        Prefetch(
            "boards", queryset=Board.objects.select_related("diarium").order_by("name")
        ),
        "populations",
        Prefetch("chefsgrupp_seats", queryset=_seats_in_order()),
    )
    return get_object_or_404(queryset, slug=slug)


def _people_shown_to(user: User, organisation: Organisation) -> list[User] | None:
    """The organisation's accounts in the portal, for its own logged-in people
    only: who has an account (and their titles) is not public (issue 10)."""
    if not (user.is_authenticated and user.organisation_id == organisation.pk):
        return None
    return list(
        organisation.people.filter(is_active=True, is_api_client=False).order_by(
            "last_name", "first_name"
        )
    )


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _get_organisation(slug)
    context = {
        "organisation": organisation,
        "people": _people_shown_to(request.user, organisation),
        # The format's placeholders ({prefix} {year}/{serial}) mean something
        # only to those who set them up in the admin; the rest see an example.
        "show_number_formats": request.user.is_staff,
    }
    return render(request, "members/detail.html", context)


@require_safe
def chefsgrupp(request: HttpRequest) -> HttpResponse:
    seats = _seats_in_order().select_related("organisation")
    return render(request, "members/chefsgrupp.html", {"seats": seats})


def _calculate(form: CostAllocationForm) -> costs.CostAllocation | None:
    """The allocation for a bound form, or None with the errors added to the form."""
    if not form.is_valid():
        return None
    try:
        return services.cost_allocation_calculate(
            budget_year=form.cleaned_data["year"], total=form.cleaned_data["total"]
        )
    except ValidationError as error:
        # Missing populations are a matter of the chosen year.
        field = "year" if getattr(error, "code", None) == "missing_population" else None
        form.add_error(field, error)
        return None


@login_required
@require_safe
def cost_allocation(request: HttpRequest) -> HttpResponse:
    budget_years = services.cost_budget_years()
    if {"year", "total"} & set(request.GET):
        form = CostAllocationForm(request.GET)
    else:
        form = CostAllocationForm(
            initial={"year": budget_years[-1]} if budget_years else None
        )
    allocation = _calculate(form) if form.is_bound else None
    return render(
        request,
        "members/costs.html",
        {
            "form": form,
            "allocation": allocation,
            "budget_years": budget_years,
            "can_edit_key": request.user.has_role(Role.COORDINATOR),
            "upload_form": PopulationUploadForm()
            if request.user.has_role(Role.COORDINATOR)
            else None,
            "csv_query": request.GET.urlencode(),
        },
    )


@login_required
@require_safe
def cost_allocation_csv(request: HttpRequest) -> HttpResponse:
    form = CostAllocationForm(request.GET)
    allocation = _calculate(form)
    if allocation is None:
        # The page shows what is wrong with the input.
        return redirect(f"{reverse('members:costs')}?{request.GET.urlencode()}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="kostnadsfordelning-{allocation.budget_year}.csv"'
    )
    csv.writer(response, lineterminator="\n").writerows(
        costs.allocation_csv_rows(allocation)
    )
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cost_key(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(Role.COORDINATOR):
        raise PermissionDenied(_("Only the SSR coordinator may change the cost key."))
    organisations = list(Organisation.objects.other_members().in_kind_order())
    form = CostKeyForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        changed = services.cost_key_update(user=request.user, weights=form.weights())
        if changed:
            messages.success(
                request,
                ngettext(
                    "The cost key was saved: %(count)s weight changed.",
                    "The cost key was saved: %(count)s weights changed.",
                    len(changed),
                )
                % {"count": len(changed)},
            )
        else:
            messages.info(request, _("Nothing changed in the cost key."))
        return redirect("members:cost-key")
    weights = [organisation.cost_weight for organisation in organisations]
    return render(
        request,
        "members/cost_key.html",
        {
            "form": form,
            "history": services.cost_key_history(),
            "is_equal": all(weight is None for weight in weights),
            "unset": [
                organisation
                for organisation in organisations
                if organisation.cost_weight is None
            ]
            if any(weight is not None for weight in weights)
            else [],
        },
    )


# Where an uploaded population file waits between the preview and the
# confirmation: the session (on the server), never the page.
POPULATION_UPLOAD_SESSION_KEY = "members.population_upload"


def _check_coordinator(user: User) -> None:
    if not user.has_role(Role.COORDINATOR):
        raise PermissionDenied(
            _("Only the SSR coordinator may import population figures.")
        )


def _population_page(
    request: HttpRequest,
    form: PopulationUploadForm,
    report=None,
    token: str = "",
    file_name: str = "",
) -> HttpResponse:
    return render(
        request,
        "members/population_import.html",
        {"form": form, "report": report, "token": token, "file_name": file_name},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def population_import(request: HttpRequest) -> HttpResponse:
    """Upload SCB's figures and see them row by row; nothing is saved until the
    coordinator confirms (population_import_confirm)."""
    _check_coordinator(request.user)
    if request.method != "POST":
        return _population_page(request, PopulationUploadForm())
    form = PopulationUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _population_page(request, form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        report = services.population_import(data=data, user=request.user, dry_run=True)
    except ValidationError as error:
        form.add_error("file", error)
        return _population_page(request, form)
    token = ""
    if report.ok:
        token = secrets.token_urlsafe(16)
        request.session[POPULATION_UPLOAD_SESSION_KEY] = {
            "token": token,
            "text": decode(data),
            "name": upload.name,
        }
    else:
        request.session.pop(POPULATION_UPLOAD_SESSION_KEY, None)
    return _population_page(
        request, PopulationUploadForm(), report, token, file_name=upload.name
    )


@login_required
@require_POST
def population_import_confirm(request: HttpRequest) -> HttpResponse:
    _check_coordinator(request.user)
    upload = request.session.get(POPULATION_UPLOAD_SESSION_KEY) or {}
    if not upload or not constant_time_compare(
        upload["token"], request.POST.get("token", "")
    ):
        messages.error(
            request,
            _(
                "There is no checked file to save (it was saved already, or another "
                "file was checked since). Choose the file again."
            ),
        )
        return redirect("members:population-import")
    try:
        report = services.population_import(data=upload["text"], user=request.user)
    except ValidationError as error:
        report = None
        messages.error(request, " ".join(error.messages))
    del request.session[POPULATION_UPLOAD_SESSION_KEY]
    if report is None:
        return redirect("members:population-import")
    if not report.ok:
        # The register changed between the preview and the confirmation.
        return _population_page(
            request, PopulationUploadForm(), report, file_name=upload["name"]
        )
    messages.success(request, " ".join(report.lines()))
    return redirect("members:costs")
