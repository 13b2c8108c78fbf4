"""Template tag of the justering: the panel on the meeting page."""

from django import template

from cases.models import Meeting
from cases.services.justering import justering_state

register = template.Library()


@register.inclusion_tag("cases/justering/panel.html", takes_context=True)
def justering_panel(context, meeting: Meeting) -> dict:
    """The justering's state and the steps the user may take (decided by the
    service's `justering_state`)."""
    request = context["request"]
    return {
        "state": justering_state(meeting=meeting, user=request.user),
        "meeting": meeting,
        "csrf_token": context.get("csrf_token"),
    }
