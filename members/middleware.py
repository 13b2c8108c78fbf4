"""The session's limits (idle time, lifetime) and the two-factor step of a login
that still owes its code."""

import functools
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from . import two_factor

# When the session logged in, and when it was last used (seconds since the epoch).
LOGIN_AT_KEY = "ssr_login_at"
SEEN_AT_KEY = "ssr_seen_at"
# The last use is written at most this often, not on every request (a session
# write is a database write).
SEEN_RESOLUTION_SECONDS = 60


@receiver(user_logged_in)
def _session_start(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT_KEY] = now
        request.session[SEEN_AT_KEY] = now


@functools.cache
def _unchecked_paths() -> frozenset[str]:
    return frozenset({reverse("healthz"), reverse("readyz")})


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _login_again(request: HttpRequest, message: str) -> HttpResponse:
    """To the login page with `message`, and from there back to the page (for
    htmx, the page the fragment belongs to, through HX-Redirect)."""
    if request.htmx:
        back = two_factor.page_path(request, request.htmx.current_url)
    elif request.method == "GET":
        back = request.get_full_path()
    else:
        back = two_factor.page_path(request, request.headers.get("Referer"))
    messages.warning(request, message)
    url = reverse("login") + "?" + urlencode({"next": back})
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


class SessionTimeoutMiddleware:
    """End a session unused for SSR_SESSION_IDLE_SECONDS or older than
    SSR_SESSION_MAX_SECONDS since its login (settings "Sessions"): the person is
    logged out and sent to the login page, which says why and leads back to the
    page after the login. The API's caller gets the API's answer to no login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Read from the session alone (no user loaded), and not at all for the
        # load balancer's checks, which carry no session.
        if request.path not in _unchecked_paths() and SESSION_KEY in request.session:
            expired = self._expired(request)
            if expired:
                logout(request)
                if not _is_api(request):
                    return _login_again(request, expired)
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> str:
        """Why the session has ended, or ""; notes its use otherwise."""
        session = request.session
        now = int(time.time())
        login_at = session.setdefault(LOGIN_AT_KEY, now)
        seen_at = session.get(SEEN_AT_KEY, now)
        if now - login_at > settings.SSR_SESSION_MAX_SECONDS:
            hours = round(settings.SSR_SESSION_MAX_SECONDS / 3600)
            return _(
                "You were logged out because a login lasts at most %(hours)s "
                "hours. Log in again to continue where you were."
            ) % {"hours": hours}
        if now - seen_at > settings.SSR_SESSION_IDLE_SECONDS:
            minutes = round(settings.SSR_SESSION_IDLE_SECONDS / 60)
            return _(
                "You were logged out because you had not used the portal for "
                "%(minutes)s minutes. Log in again to continue where you were."
            ) % {"minutes": minutes}
        if now - seen_at >= SEEN_RESOLUTION_SECONDS or SEEN_AT_KEY not in session:
            session[SEEN_AT_KEY] = now
        return ""


class TwoFactorPendingMiddleware:
    """A login that still owes its code (members/two_factor.py) reaches only the
    code's own pages, the logout and the language switch; every other page leads
    to the code and back, the API answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path not in _unchecked_paths()
            and request.session.get(two_factor.PENDING_SESSION_KEY)
            and request.user.is_authenticated
            and not request.user.is_verified()
            and request.path not in self._open_paths()
        ):
            if _is_api(request):
                return JsonResponse(
                    {"detail": two_factor.verification_message()}, status=403
                )
            back = request.get_full_path() if request.method == "GET" else "/"
            if request.htmx:
                back = two_factor.page_path(request, request.htmx.current_url)
                return HttpResponseClientRedirect(two_factor.verify_url(back))
            return redirect(two_factor.verify_url(back))
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> set[str]:
        return {
            reverse("account:two-factor"),
            reverse("account:two-factor-setup"),
            reverse("account:recovery-codes"),
            reverse("logout"),
            reverse("login"),
            reverse("set_language"),
        }
