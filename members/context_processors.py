from django.http import HttpRequest


def notifications(request: HttpRequest) -> dict:
    """The header's count of the user's unread notifications ("Notiser"): kept
    on the user's row (members/services.py), so it costs no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": user.unread_notifications}
