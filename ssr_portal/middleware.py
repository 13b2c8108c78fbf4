from urllib.parse import unquote, urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from ssr_portal.lib.storage import StorageUnavailable

from .lib.log import loaded_user_id, request_bind, request_id_from
from .unavailable import database_unavailable_response, is_database_unavailable

# What a person is asked to wait before trying again when the file storage is down.
STORAGE_RETRY_AFTER_SECONDS = 60


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """The language a person chose with the switch (cookie), otherwise Swedish.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which
    would give an official with an English browser an English portal; a Swedish
    public-sector service is Swedish unless someone asks for English.
    """

    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` → `camera=(), fullscreen=(self)`."""
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
    )


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (settings.PERMISSIONS_POLICY) on every
    response: the browser refuses the camera, the microphone, the position and
    the other powerful features to the portal's pages and to anything they embed.
    A response that sets its own keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(
            getattr(settings, "PERMISSIONS_POLICY", {})
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RequestIdMiddleware:
    """Every request has an id (ssr_portal/lib/log.py): the load balancer's
    X-Request-ID when it is a sane token, else a new one. It is in every log line
    of the request and in the response's X-Request-ID header; gunicorn's access
    line reads it, and the user's id, from the WSGI environ (the access line is
    written after the response, when the request is gone). First in MIDDLEWARE,
    so that the static files and the refusals of the other middleware have it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        request.environ["ssr.request_id"] = request_id
        # Unbound when Django says the request is finished (request_finished),
        # after its last line: Django logs a 4xx or 5xx once this has returned.
        request_bind(request_id, request)
        try:
            response = self.get_response(request)
        finally:
            request.environ["ssr.user_id"] = loaded_user_id(request)
        response["X-Request-ID"] = request_id
        return response


class HeadMiddleware:
    """A HEAD is answered as its GET, headers and all, without the body (RFC 9110).
    The views answer HEAD as they answer GET (require_safe); the body they build
    stops here, so that no server has to drop it (gunicorn warns each time)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                # A FileResponse's file is closed with the response, as for GET.
                response.streaming_content = []
            else:
                response.content = b""
        return response


class DatabaseUnavailableMiddleware:
    """The database does not answer (stopped, restarting, failing over): the page
    "Temporarily unavailable" with status 503 and Retry-After, JSON for the API,
    never a 500 (ssr_portal/unavailable.py renders it without the database). This
    takes what a view raises; what the other middleware raise (a session saved
    after the view) reaches the 500 handler, ssr_portal.views.server_error, which
    answers the same way. The connection is closed at the request's end (Django's
    close_old_connections), so the next request connects anew."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        return database_unavailable_response(request, exception)


class StorageUnavailableMiddleware:
    """A file storage that does not answer (StorageUnavailable, from any view: a
    download, a PDF that is stored, an upload) is the page "Files cannot be
    reached" with status 503 and Retry-After, not a 500. Views that can keep a
    form (the attachment upload) catch it themselves and show it in the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, StorageUnavailable):
            return None
        response = render(
            request,
            "storage_unavailable.html",
            {"message": StorageUnavailable.message},
            status=503,
        )
        response["Retry-After"] = str(STORAGE_RETRY_AFTER_SECONDS)
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY), and where single
    sign-on ends the provider's session too (SSR_OIDC_END_SESSION_ENDPOINT), the
    provider's origin in `form-action`: the logout form's POST is redirected there,
    and a browser holds a form's redirects to the page's form-action. Read at each
    request, like the rest of the policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        endpoint = getattr(settings, "SSR_OIDC_END_SESSION_ENDPOINT", "")
        if (
            report_only
            or not endpoint
            or not getattr(settings, "SSR_OIDC_ENABLED", False)
        ):
            return parts
        url = urlsplit(endpoint)
        origin = f"{url.scheme}://{url.netloc}"
        update = dict(parts.update or {})
        update["form-action"] = [*update.get("form-action", []), origin]
        parts.update = update
        return parts


class NulRefusalMiddleware:
    """An address with a NUL character (`%00`) in its path or query is a 400: no
    address of the portal has one, and PostgreSQL cannot compare text with it (a
    slug looked up with a NUL was a database error). Forms and the API refuse a
    NUL in their fields themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "\x00" in unquote(
            request.META.get("QUERY_STRING", "")
        ):
            raise BadRequest("NUL in the address")
        return self.get_response(request)
