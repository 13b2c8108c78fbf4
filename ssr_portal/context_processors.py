from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    """What the base layout shows on every page: the user's organisation."""
    user = getattr(request, "user", None)
    organisation = None
    if user is not None and user.is_authenticated:
        organisation = user.organisation
    return {"current_organisation": organisation}
