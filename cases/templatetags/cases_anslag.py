"""Template tags of the anslag and dispatch: the case page's panel."""

from django import template

from cases.models import Case, Dispatch
from cases.services.anslag import case_appeal

from ..permissions import user_may_close, user_may_dispatch

register = template.Library()

AFTER_JUSTERING = (Case.Status.ADJUSTED, Case.Status.DISPATCHED, Case.Status.CLOSED)


@register.inclusion_tag("cases/anslag/partials/case_panel_body.html")
def case_anslag_panel(case: Case, user, csrf_token) -> dict:
    """The appeal period and legal force date of the case's decision, and for
    the secretary the dispatch log with its actions."""
    if case.status not in AFTER_JUSTERING:
        # No query for the cases not yet adjusted (the case page's query count).
        return {"case": case, "appeal": None}
    may_dispatch = user.is_authenticated and user_may_dispatch(user=user, case=case)
    dispatches = list(case.dispatches.select_related("by")) if may_dispatch else []
    return {
        "case": case,
        "appeal": case_appeal(case),
        "may_dispatch": may_dispatch,
        "may_close": user.is_authenticated
        and user_may_close(user=user, case=case)
        and case.status == Case.Status.DISPATCHED,
        "can_dispatch": may_dispatch
        and case.status == Case.Status.ADJUSTED
        and not case.dispatches.exists(),
        "dispatches": dispatches,
        "has_failed": any(row.status == Dispatch.Status.FAILED for row in dispatches),
        "csrf_token": csrf_token,
    }
