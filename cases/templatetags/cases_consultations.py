"""Template tags of the beredningsgång: the case page's panel of its path."""

from django import template

from cases.forms.consultations import ConsultationForm, path_boards
from cases.models import Case
from cases.models.consultations import case_path
from cases.permissions import user_may_write

register = template.Library()


@register.inclusion_tag("cases/consultations/panel.html")
def case_path_panel(case: Case, user, csrf_token) -> dict:
    """The case's path of bodies, each step's state (meeting, §, decision, the
    protokollsutdrag once adjusted), and for who may change the case the forms to
    add, move and remove steps."""
    steps = case_path(case)
    current = next((step for step in steps if not step.is_done), None)
    may_change = user_may_write(user=user, board=case.board) and case.status not in (
        Case.Status.DISPATCHED,
        Case.Status.CLOSED,
    )
    return {
        "case": case,
        "steps": steps,
        "current": current,
        "may_change": may_change,
        "form": ConsultationForm(boards=path_boards(case)) if may_change else None,
        "csrf_token": csrf_token,
    }
