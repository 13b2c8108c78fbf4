"""How a refused step reaches the user: one page for the web views, one JSON
answer for the API (STYLE.md §4, "A refused step raises one of a few domain
exceptions").

A service refuses a step with one of three exceptions, before it writes
anything, and says why in the message:

- `PermissionDenied` (Django's): the wrong person for the step → 403;
- `StepRefused`: the state does not allow the step now → 409;
- `ValidationError` (Django's): the data the step would write is invalid → 400
  in the API (the field errors, or `{"detail"}`); on a page that has no form to
  show it in, the 409 page.

Pages: `refusals_as_page(way_back=…)` makes the decorator of one group of views
(each app configures its own way back); `refused_page` renders
templates/partials/refused.html for a refusal a view catches itself.
API: `api_exception_handler` is REST_FRAMEWORK["EXCEPTION_HANDLER"].

This module knows no app: the apps' own exceptions subclass these (a
`CaseFrozen` is a `PermissionDenied`), and what differs per app is passed in.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback


class StepRefused(Exception):
    """The step is not allowed in the current state (of the case, the meeting,
    the vision…). The message says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# What a view may catch as "the step was refused" (409 page) besides
# PermissionDenied (403 page): the state does not allow it, or the service found
# the data it would write invalid where the page has no form to show that in.
STEP_REFUSALS = (StepRefused, ValidationError)


def refusal_message(refused: Exception) -> str:
    """The message of a refusal, for the user."""
    if isinstance(refused, StepRefused):
        return refused.message
    if isinstance(refused, ValidationError):
        return " ".join(refused.messages)
    return str(refused) or _("You may not do this.")


# --- pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WayBack:
    """The link at the foot of a refused page: where the user came from."""

    url: str
    label: str  # translated


def refused_page(
    request: HttpRequest,
    refused: Exception,
    *,
    way_back: WayBack,
    note: str = "",
    explain_roles: bool = False,
) -> HttpResponse:
    """The page of a refused step: 403 "Not allowed" for PermissionDenied, 409
    "The step was refused" for anything else, with the refusal's message, an
    optional `note` (translated: "Nothing was changed."), optionally the
    paragraph that explains who changes cases, and the way back."""
    forbidden = isinstance(refused, PermissionDenied)
    return render(
        request,
        "partials/refused.html",
        {
            "forbidden": forbidden,
            "message": refusal_message(refused),
            "note": note,
            "explain_roles": explain_roles,
            "way_back": way_back,
        },
        status=status.HTTP_403_FORBIDDEN if forbidden else status.HTTP_409_CONFLICT,
    )


def refusals_as_page(
    *,
    way_back: Callable[..., WayBack],
    note: str = "",
    explain_roles: Callable[[Exception], bool] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A decorator that shows a PermissionDenied or StepRefused escaping the view
    as the refused page (`refused_page`), instead of Django's bare 403 or a 500.

    `way_back(request, *args, **kwargs)` gets the view's arguments and names the
    link back; `note` is the sentence under the message (`gettext_lazy`: the
    decorator is made at import time); `explain_roles(refusal)` says whether the page
    explains who may change cases. The ValidationError of a step is no refusal
    here: a view that has no form for it catches STEP_REFUSALS itself."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except (PermissionDenied, StepRefused) as refused:
                return refused_page(
                    request,
                    refused,
                    way_back=way_back(request, *args, **kwargs),
                    note=note,
                    explain_roles=explain_roles is not None and explain_roles(refused),
                )

        return wrapper

    return decorator


# --- the API -------------------------------------------------------------------------


def api_exception_handler(error: Exception, context: dict) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: a refused service step as JSON, the
    same for every view, so that a view just calls its service.

    - PermissionDenied (Django's) → 403 {"detail": the message};
    - StepRefused → 409 {"detail": the message};
    - ValidationError (Django's) → 400 with the field errors, or {"detail"}
      when the error has no fields;
    - everything else as DRF answers it (its own exceptions, Http404).

    The services refuse before they write; should a view have written before
    the refusal inside ATOMIC_REQUESTS, `set_rollback` undoes it, as DRF's own
    handler does."""
    body: dict[str, Any]
    if isinstance(error, PermissionDenied) and str(error):
        body, code = {"detail": str(error)}, status.HTTP_403_FORBIDDEN
    elif isinstance(error, StepRefused):
        body, code = {"detail": error.message}, status.HTTP_409_CONFLICT
    elif isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            body = dict(error.message_dict)
        else:
            body = {"detail": " ".join(error.messages)}
        code = status.HTTP_400_BAD_REQUEST
    else:
        # A PermissionDenied without a message gets DRF's default one.
        return exception_handler(error, context)
    set_rollback()
    return Response(body, status=code)
