"""Template tags of the meetings: the case page's panel of its agenda items."""

from django import template

from cases.models import AgendaItem, Case

register = template.Library()


@register.inclusion_tag("cases/meetings/partials/case_panel.html")
def case_meetings_panel(case: Case) -> dict:
    """The meetings the case was on, each item's § and decision (for återremiss,
    the reason), oldest first."""
    items = (
        AgendaItem.objects.filter(case=case)
        .select_related("meeting__board", "decision")
        .order_by("meeting__meeting_date", "pk")
    )
    return {"items": list(items)}
