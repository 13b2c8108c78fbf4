from django.conf import settings
from django.http import HttpRequest


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
