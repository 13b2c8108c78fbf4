import sys

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cases.models import Case
from members.roles import CASE_WRITERS, Role
from ssr_portal.lib.storage import logo_content_type, logo_name

from .health import readiness
from .inbox import empty_inbox_sentences, inbox_for, request_inbox_counts
from .search import COUNT_LIMIT, MIN_QUERY_LENGTH, search
from .search_form import SearchForm
from .unavailable import database_unavailable_response, is_database_unavailable

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


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """For a logged-in user what waits for them (the inbox of ssr_portal/inbox.py,
    a section per step of their roles) and their open cases; for everyone else
    what the portal is and what can be read without logging in."""
    context: dict = {"costs_url": _url_or_empty("members:costs")}
    if request.user.is_authenticated:
        inbox = inbox_for(request.user, counts=request_inbox_counts(request))
        context["inbox"] = inbox
        if not inbox:
            context["inbox_empty"] = empty_inbox_sentences(request.user)
        my_cases = list(
            Case.objects.with_related()
            .filter(handler=request.user)
            .exclude(status=Case.Status.CLOSED)[: HOME_CASES + 1]
        )
        context["my_cases"] = my_cases[:HOME_CASES]
        context["has_more_cases"] = len(my_cases) > HOME_CASES
        # A director or secretary who handles no case is not told so as if she
        # were a case officer.
        context["shows_my_cases"] = bool(my_cases) or request.user.has_role(
            Role.OFFICIAL
        )
        if request.user.has_role(*CASE_WRITERS):
            context["register_url"] = _url_or_empty("cases:register")
    return render(request, "home.html", context)


def _search_response(request: HttpRequest, *, public: bool) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    query = form.words()
    results = search(
        request.user,
        query,
        filters=form.filters(),
        public=public,
        page=form.page_number(),
    )
    # The filters and the words as the links of the facets and pages keep them.
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "search.html",
        {
            "results": results,
            "query": results.query,
            "public": public,
            "action": reverse("public-search" if public else "search"),
            "problems": form.problems(),
            "kept": kept,
            "count_limit": COUNT_LIMIT,
            "too_short": 0 < len(results.query) < MIN_QUERY_LENGTH,
            "min_length": MIN_QUERY_LENGTH,
        },
    )


@login_required
@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """/sok/?q=…: what the user may read of the cases that hold the words, ranked,
    with snippets and facets, and the meetings (ssr_portal/search.py)."""
    return _search_response(request, public=False)


@require_safe
def public_search(request: HttpRequest) -> HttpResponse:
    """/diarium/sok/?q=…: the public diarium's search, over what anyone may read
    of the public cases (no login)."""
    return _search_response(request, public=True)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness, for load balancers and monitoring: 200 when the process answers and
    reaches its database, else 503. A stable interface: {"status", "database"}.
    It reads no session and no user (a monitor's request costs one query)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness (ssr_portal/health.py): 200 when the database, the cache, the file
    storage, a task worker and the build steps are all there, else 503, with each
    check's "ok" or "error". Never a 500; no session, no user."""
    checks = readiness()
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", "checks": checks},
        status=200 if ready else 503,
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 handler (urls.handler400): Django's page, or the API's JSON error
    under /api/ (an address with a NUL, a body over Django's size limit)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": gettext("The request is not valid.")}, status=400
        )
    return render(request, "400.html", status=400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 handler (urls.handler404): Django's page, or under /api/ the API's
    JSON error, also for an address that matches no route (a letter where the
    route takes a number), so that a client always gets what the schema says."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler (urls.handler500): Django's, with templates/500.html, except
    when the error is the database being away (raised outside a view, where
    DatabaseUnavailableMiddleware does not see it: a session saved after the
    view, the 404 page's user): then the 503 of ssr_portal/unavailable.py."""
    exception = sys.exc_info()[1]
    if is_database_unavailable(exception):
        return database_unavailable_response(request, exception)
    return defaults.server_error(request)


@require_safe
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
