"""Two-factor login (django-otp): a code from an authenticator app (TOTP), or one
of ten one-time recovery codes, after the password.

Who gives one, and when:

- The chief executive, the board secretary and the registrar (and the admin's
  staff) are asked for it right after their password: until they give it, every
  page leads to the code (`TwoFactorPendingMiddleware`).
- The steps that approve, adjust or register secrecy need a verified session for
  anyone who takes them, whatever their roles: a chair or justerare who is an
  official is asked for a code at the justering, an official registering a
  secret case at the registration (`verified_required`, `check_verified`,
  `TwoFactorVerified` for the API). The services themselves do not know about
  sessions; these checks are in the view and permission layer.
- A person without an app set up is led to set one up (members/account_views.py).

SSR_OTP_REQUIRED=false turns all of it off (a demo or a development machine).
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp import devices_for_user
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .roles import Role

# The roles asked for a code at login (issue 10: who approves, adjusts or keeps
# the secrecy marks of the diarium).
LOGIN_ROLES = (Role.DIRECTOR, Role.SECRETARY, Role.REGISTRAR)
# Set by the login view when a code is still to come (members/account_views.py).
PENDING_SESSION_KEY = "ssr_two_factor_pending"


def is_required() -> bool:
    return settings.SSR_OTP_REQUIRED


def needs_code_at_login(user) -> bool:
    """Whether this person gives a code right after the password."""
    return is_required() and (user.is_staff or user.has_role(*LOGIN_ROLES))


def has_device(user) -> bool:
    """Whether the person has set up an authenticator app (confirmed)."""
    return any(True for _device in devices_for_user(user, confirmed=True))


def is_verified(request: HttpRequest) -> bool:
    """Whether the session may take a step that needs two-factor login."""
    if not is_required():
        return True
    user = request.user
    return user.is_authenticated and user.is_verified()


def safe_next(request: HttpRequest, candidate: str | None, default: str = "/") -> str:
    """`candidate` if it is a path of this site, else `default`."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return default


def page_path(request: HttpRequest, url: str | None) -> str:
    """The path (and query) of `url` if it is a page of this site (a Referer,
    htmx's HX-Current-URL), else "/"."""
    if not url or safe_next(request, url, default="") != url:
        return "/"
    parts = urlsplit(url)
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def verify_url(next_url: str) -> str:
    return reverse("account:two-factor") + "?" + urlencode({"next": next_url})


def verification_required_response(request: HttpRequest) -> HttpResponse:
    """The answer to a step that needs a code the session has not given: the
    page (403) that says why and links to the code, with the way back to the
    page the step was taken on; for htmx, that page itself."""
    if request.method == "GET":
        back = request.get_full_path()
    else:
        back = page_path(request, request.headers.get("Referer"))
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(verify_url(back))
    return render(
        request,
        "registration/verification_required.html",
        {"verify_url": verify_url(back)},
        status=403,
    )


def verified_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse the view to a session without two-factor login (after
    login_required)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_verified(request):
            return verification_required_response(request)
        return view(request, *args, **kwargs)

    return wrapper


def verification_message() -> str:
    return _(
        "This step needs two-factor login: give the code from your authenticator "
        "app first."
    )


class TwoFactorVerified(BasePermission):
    """The API's check: a step that approves, adjusts or registers secrecy needs
    a session that gave a code (403 JSON otherwise)."""

    def has_permission(self, request, view) -> bool:
        # Only the step itself: a GET of it is answered 405 as before.
        if not is_required() or request.method in SAFE_METHODS:
            return True
        user = request.user
        check = getattr(user, "is_verified", None)
        if user.is_authenticated and check is not None and check():
            return True
        self.message = verification_message() + " " + verify_url("/")
        return False
