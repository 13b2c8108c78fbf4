"""The answer when the database does not answer (issue 9 §5): 503 with
Retry-After, the page "Temporarily unavailable" (templates/503.html) or JSON for
the API. Rendered without the request's context: no session, no user, no
context processor, nothing that would ask the database again."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# What a browser, a monitor or a script is told to wait before trying again.
RETRY_AFTER_SECONDS = 30


def is_database_unavailable(exception: BaseException | None) -> bool:
    """Whether an error means the database cannot be reached or used just now
    (connection refused or lost, server shutting down, a closed connection),
    rather than a fault of the query (those stay 500s)."""
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable_response(
    request: HttpRequest, exception: BaseException
) -> HttpResponse:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    request_id = getattr(request, "request_id", "")
    with translation.override(language):
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {
                    "detail": _(
                        "The database cannot be reached just now. Try again in a while."
                    )
                },
                status=503,
            )
        else:
            response = HttpResponse(
                render_to_string("503.html", {"request_id": request_id}),
                status=503,
            )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # One line with the reason, instead of Django's "Service Unavailable" (and its
    # traceback) for every request of an outage.
    logger.warning(
        "Database unavailable: %s %s answered 503 (%s: %s)",
        request.method,
        request.path,
        exception.__class__.__name__,
        (str(exception).strip().splitlines() or [""])[0],
    )
    response._has_been_logged = True
    return response
