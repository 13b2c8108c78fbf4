from functools import partial

from django.conf import settings
from django.http import HttpRequest

from .inbox import request_inbox_counts


def portal(request: HttpRequest) -> dict:
    """What the base layout shows on every page: the user's organisation, and
    whether the login page offers single sign-on."""
    user = getattr(request, "user", None)
    organisation = None
    if user is not None and user.is_authenticated:
        organisation = user.organisation
    return {
        "current_organisation": organisation,
        # The single sign-on's name for the login page's button; None while off.
        "sso_name": settings.SSR_OIDC_NAME if settings.SSR_OIDC_ENABLED else None,
    }


def inbox(request: HttpRequest) -> dict:
    """The number of things that wait for the logged-in person (ssr_portal/inbox.py),
    for the main menu's badge: a callable, so that only a page that shows it asks
    the database (one query, shared with the start page); none for a visitor."""
    return {"inbox_count": partial(_inbox_total, request)}


def _inbox_total(request: HttpRequest) -> int:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return sum(request_inbox_counts(request).values())
