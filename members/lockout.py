"""The lockout after repeated failed logins (django-axes, settings "Lockout").

Axes counts the failures per username and per address and refuses the next login
of either once SSR_LOGIN_FAILURE_LIMIT is reached; these two functions tell it
the client's address and answer a refused login with a page that says, in the
person's language, why and when to try again."""

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


def client_address(request: HttpRequest) -> str:
    """The address of the person logging in.

    REMOTE_ADDR, unless the portal runs behind SSR_TRUSTED_PROXY_COUNT proxies
    (load balancer, reverse proxy) that each append the address they received
    the request from to X-Forwarded-For: then the entry the outermost trusted
    proxy added. Anything a client put in the header itself stands further left
    and is ignored, so a client cannot choose the address it is counted under."""
    proxies = settings.SSR_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """The page of a login refused for too many failures: 429, with the time at
    which a login may be tried again (every attempt while locked out starts the
    cool-off anew, so it is counted from now)."""
    cool_off: datetime.timedelta = settings.AXES_COOLOFF_TIME
    retry_at = timezone.localtime() + cool_off
    minutes = max(1, round(cool_off.total_seconds() / 60))
    message = _(
        "Too many failed logins. For your security, logging in is blocked until "
        "%(time)s (in %(minutes)s minutes). Wait and try again then, or ask your "
        "IT department for help."
    ) % {"time": retry_at.strftime("%H:%M"), "minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(
            request,
            "registration/locked_out.html",
            {"message": message, "retry_at": retry_at},
            status=429,
        )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
