from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.models import Case
from members.roles import CASE_WRITERS
from ssr_portal.lib.storage import logo_content_type, logo_name

# How many of the user's open cases the start page lists before "all cases".
HOME_CASES = 10
# How long a browser keeps a logo: a new logo is a new file name, hence a new URL.
LOGO_MAX_AGE_SECONDS = 24 * 60 * 60


def _url_or_empty(name: str) -> str:
    """The URL of a page another part of the portal may not have yet, or ""."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """For a logged-in user their open cases and what they can do next; for
    everyone else what the portal is and what can be read without logging in."""
    context: dict = {"costs_url": _url_or_empty("members:costs")}
    if request.user.is_authenticated:
        my_cases = list(
            Case.objects.with_related()
            .filter(handler=request.user)
            .exclude(status=Case.Status.CLOSED)[: HOME_CASES + 1]
        )
        context["my_cases"] = my_cases[:HOME_CASES]
        context["has_more_cases"] = len(my_cases) > HOME_CASES
        if request.user.has_role(*CASE_WRITERS):
            context["register_url"] = _url_or_empty("cases:register")
    return render(request, "home.html", context)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def logo(request: HttpRequest, name: str) -> FileResponse:
    """An organisation's letterhead logo (DocumentTemplate.logo) from the file
    storage, for the preview of a tjänsteskrivelse; the PDF reads the same address
    from the storage (ssr_portal/lib/pdf.py). Public, like every printed
    letterhead, and only the logos: nothing else of the storage has an address.

    The type is the one its name says (PNG, JPEG or SVG); an SVG cannot run
    scripts or load anything (the response is sandboxed)."""
    stored = logo_name(name)
    if stored is None:
        raise Http404("No such logo.")
    try:
        handle = default_storage.open(stored, "rb")
    except FileNotFoundError:
        raise Http404("No such logo.") from None
    response = FileResponse(handle, content_type=logo_content_type(name))
    response["Cache-Control"] = f"public, max-age={LOGO_MAX_AGE_SECONDS}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    return response
