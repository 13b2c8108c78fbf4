"""The SSR coordinator's pages to keep the vision without the Django admin:
create a vision (/malbild/new/), change it (/malbild/<pk>/change/) and keep its
parts (/malbild/<pk>/parts/): foundations, goals, milestones, versions, bilagor
and the network's aktiverade lägen. Only for services.user_may_manage_visions;
anyone else gets a 403 page that says why, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from ssr_portal.lib.forms import add_service_errors
from ssr_portal.lib.refusals import StepRefused, WayBack, refusals_as_page

from .. import services
from ..exceptions import VisionConflict
from ..forms.manage import (
    ActivationEndForm,
    ActivationForm,
    DocumentForm,
    FoundationForm,
    GoalForm,
    MilestoneForm,
    VersionForm,
    VisionChangeForm,
    VisionCreateForm,
)
from ..models import (
    Activation,
    Foundation,
    Goal,
    Milestone,
    Vision,
    VisionDocument,
    VisionVersion,
)

# --- access ---------------------------------------------------------------------------


def _to_the_vision(request: HttpRequest, *args, **kwargs) -> WayBack:
    pk = kwargs.get("pk")
    back = reverse("targets:vision", args=[pk]) if pk else reverse("targets:visions")
    return WayBack(back, _("Back to the vision"))


_manage_refusals_as_page = refusals_as_page(
    way_back=_to_the_vision, note=gettext_lazy("Nothing was changed.")
)


def coordinator_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous: to the login. Not the SSR coordinator: a 403 page that says why
    (on a GET and on a crafted POST alike), before any form is read."""

    @_manage_refusals_as_page
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not services.user_may_manage_visions(request.user):
            raise PermissionDenied(_("Only an SSR coordinator may change the vision."))
        return view(request, *args, **kwargs)

    return wrapper


def _get_vision(pk: int) -> Vision:
    return get_object_or_404(Vision, pk=pk)


# --- create and change the vision ---------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_only
def vision_create(request: HttpRequest) -> HttpResponse:
    form = VisionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vision = services.vision_create(
                user=request.user,
                title=data["title"],
                start_year=data["start_year"],
                aim=data["aim"],
                description=data["description"] or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The vision %(title)s (%(period)s) was created.")
                % {"title": vision.title, "period": vision.period},
            )
            return redirect(vision)
    status = 400 if form.is_bound else 200
    return render(request, "targets/manage_create.html", {"form": form}, status=status)


def _conflict_changes(form: VisionChangeForm, current: Vision) -> list[dict]:
    """What the coordinator wrote that differs from the vision as it is now."""
    changes = []
    for name in VisionChangeForm.FIELDS:
        typed = (form.cleaned_data.get(name) or "").strip()
        now = getattr(current, name) or ""
        if typed != now:
            changes.append({"label": form.fields[name].label, "old": now, "new": typed})
    return changes


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_only
def vision_change(request: HttpRequest, pk: int) -> HttpResponse:
    vision = _get_vision(pk)
    if request.method in ("GET", "HEAD"):
        form = VisionChangeForm.for_vision(vision)
        return render(
            request, "targets/manage_change.html", {"vision": vision, "form": form}
        )
    form = VisionChangeForm(request.POST)
    status, conflict = 400, None
    if form.is_valid():
        try:
            services.vision_update(
                vision=vision,
                user=request.user,
                base_updated_at=form.cleaned_data["base_updated_at"],
                **form.values(),
            )
        except VisionConflict as error:
            # Nothing was saved: the form shows the current values.
            conflict = _conflict_changes(form, error.vision)
            vision, status = error.vision, 409
            form = VisionChangeForm.for_vision(error.vision)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The vision was saved."))
            return redirect(vision)
    return render(
        request,
        "targets/manage_change.html",
        {"vision": vision, "form": form, "conflict": conflict},
        status=status,
    )


# --- the parts --------------------------------------------------------------------------

# The parts by the name in their URLs: model, form, and what the page calls them.
PARTS = {
    "foundation": (Foundation, FoundationForm),
    "goal": (Goal, GoalForm),
    "milestone": (Milestone, MilestoneForm),
    "version": (VisionVersion, VersionForm),
    "document": (VisionDocument, DocumentForm),
    "activation": (Activation, ActivationForm),
}
# The service that adds, changes and removes each part (targets/services/manage.py).
ADD = {
    "foundation": services.foundation_add,
    "goal": services.goal_add,
    "milestone": services.milestone_add,
    "version": services.vision_version_add,
    "document": services.vision_document_add,
    "activation": services.activation_add,
}
CHANGE = {
    "foundation": services.foundation_change,
    "goal": services.goal_change,
    "milestone": services.milestone_change,
}
REMOVE = {
    "foundation": services.foundation_remove,
    "goal": services.goal_remove,
    "milestone": services.milestone_remove,
    "document": services.vision_document_remove,
}
# Parts with a form per row (the others are added and removed or ended).
CHANGEABLE = set(CHANGE)
REMOVABLE = set(REMOVE)


def _part_label(kind: str) -> str:
    return {
        "foundation": _("The foundation"),
        "goal": _("The goal"),
        "milestone": _("The milestone"),
        "version": _("The version"),
        "document": _("The attachment"),
        "activation": _("The activated mode"),
    }[kind]


def _rows(vision: Vision, kind: str):
    if kind == "activation":
        return list(services.activations_for(vision))
    model = PARTS[kind][0]
    queryset = model.objects.filter(vision=vision)
    if kind == "milestone":
        queryset = queryset.select_related("goal")
    return list(queryset)


# The text shown under a part's title on the parts page.
TEXT_FIELDS = {"foundation": "text", "goal": "ambition"}


def _parts_page(
    request: HttpRequest,
    vision: Vision,
    *,
    bound: dict[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The parts page; `bound` holds a form with errors by its prefix, shown in
    place of the empty one."""
    bound = bound or {}
    sections = {}
    goals = None
    for kind, (_model, form_class) in PARTS.items():
        new_prefix = f"{kind}-new"
        rows = []
        parts = _rows(vision, kind)
        extra = {"goals": goals} if kind == "milestone" else {}
        if kind == "goal":
            goals = parts
        for obj in parts:
            prefix = f"{kind}-{obj.pk}"
            form = None
            if kind in CHANGEABLE:
                form = bound.get(prefix) or form_class(
                    instance=obj, vision=vision, prefix=prefix, **extra
                )
            elif kind == "activation" and obj.is_ongoing:
                form = bound.get(prefix) or ActivationEndForm(
                    activation=obj, prefix=prefix
                )
            rows.append(
                {
                    "obj": obj,
                    "form": form,
                    "open": prefix in bound,
                    "text": getattr(obj, TEXT_FIELDS.get(kind, ""), ""),
                }
            )
        sections[kind] = {
            "rows": rows,
            "form": bound.get(new_prefix)
            or form_class(vision=vision, prefix=new_prefix, **extra),
            "open": new_prefix in bound,
        }
    return render(
        request,
        "targets/manage_parts.html",
        {"vision": vision, "sections": sections, "has_errors": bool(bound)},
        status=status,
    )


def _to_parts(vision: Vision, kind: str) -> HttpResponse:
    return redirect(reverse("targets:vision_parts", args=[vision.pk]) + f"#{kind}s")


def _kind(kind: str) -> str:
    if kind not in PARTS:
        raise Http404
    return kind


def _get_part(vision: Vision, kind: str, item_pk: int):
    model = PARTS[kind][0]
    if kind == "activation":
        return get_object_or_404(Activation, pk=item_pk)
    return get_object_or_404(model, pk=item_pk, vision=vision)


@require_safe
@coordinator_only
def vision_parts(request: HttpRequest, pk: int) -> HttpResponse:
    return _parts_page(request, _get_vision(pk))


@require_POST
@coordinator_only
def part_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    vision = _get_vision(pk)
    form_class = PARTS[_kind(kind)][1]
    prefix = f"{kind}-new"
    form = form_class(request.POST, request.FILES, vision=vision, prefix=prefix)
    if not form.is_valid():
        return _parts_page(request, vision, bound={prefix: form}, status=400)
    # An aktiverat läge is the network's, tied to no one vision.
    where = {} if kind == "activation" else {"vision": vision}
    try:
        ADD[kind](**where, user=request.user, **form.values())
    except ValidationError as error:
        add_service_errors(form, error)
        return _parts_page(request, vision, bound={prefix: form}, status=400)
    messages.success(request, _("%(part)s was added.") % {"part": _part_label(kind)})
    return _to_parts(vision, kind)


@require_POST
@coordinator_only
def part_change(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    vision = _get_vision(pk)
    if _kind(kind) not in CHANGEABLE:
        raise Http404
    obj = _get_part(vision, kind, item_pk)
    prefix = f"{kind}-{obj.pk}"
    form = PARTS[kind][1](request.POST, instance=obj, vision=vision, prefix=prefix)
    if form.is_valid():
        try:
            CHANGE[kind](
                **{kind: obj},
                user=request.user,
                base=form.cleaned_data.get("base") or "",
                **form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        conflict = form.has_error(NON_FIELD_ERRORS, "conflict")
        return _parts_page(
            request, vision, bound={prefix: form}, status=409 if conflict else 400
        )
    messages.success(request, _("%(part)s was saved.") % {"part": _part_label(kind)})
    return _to_parts(vision, kind)


@require_POST
@coordinator_only
def part_remove(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    vision = _get_vision(pk)
    if _kind(kind) not in REMOVABLE:
        raise Http404
    obj = _get_part(vision, kind, item_pk)
    title = str(obj)
    try:
        REMOVE[kind](**{kind: obj}, user=request.user)
    except StepRefused as error:
        # A goal with a follow-up recorded (its yearly follow-up and evidence).
        messages.error(request, error.message)
        return _to_parts(vision, kind)
    messages.success(
        request,
        _("%(part)s “%(title)s” was removed.")
        % {"part": _part_label(kind), "title": title},
    )
    return _to_parts(vision, kind)


@require_POST
@coordinator_only
def activation_end(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    vision = _get_vision(pk)
    activation = get_object_or_404(Activation, pk=item_pk)
    if not activation.is_ongoing:
        messages.info(request, _("The activated mode had already ended."))
        return _to_parts(vision, "activation")
    prefix = f"activation-{activation.pk}"
    form = ActivationEndForm(request.POST, activation=activation, prefix=prefix)
    if form.is_valid():
        try:
            services.activation_end(
                activation=activation,
                user=request.user,
                ended_on=form.cleaned_data["ended_on"],
            )
        except StepRefused as error:  # ended by someone else in between
            messages.info(request, error.message)
            return _to_parts(vision, "activation")
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        return _parts_page(request, vision, bound={prefix: form}, status=400)
    messages.success(request, _("The activated mode was ended."))
    return _to_parts(vision, "activation")


urlpatterns = [
    path("new/", vision_create, name="vision_create"),
    path("<int:pk>/change/", vision_change, name="vision_change"),
    path("<int:pk>/parts/", vision_parts, name="vision_parts"),
    path("<int:pk>/parts/<slug:kind>/add/", part_add, name="part_add"),
    path(
        "<int:pk>/parts/activation/<int:item_pk>/end/",
        activation_end,
        name="activation_end",
    ),
    path("<int:pk>/parts/<slug:kind>/<int:item_pk>/", part_change, name="part_change"),
    path(
        "<int:pk>/parts/<slug:kind>/<int:item_pk>/remove/",
        part_remove,
        name="part_remove",
    ),
]
