"""Template tags of the beredningsgång: the case page's panel of its path."""

from django import template

from cases.forms.consultations import ConsultationForm, path_boards
from cases.models import Case
from cases.models.consultations import case_path, current_step

register = template.Library()


@register.inclusion_tag("cases/consultations/panel.html")
def case_path_panel(case: Case, may_change: bool, csrf_token) -> dict:
    """The case's path of bodies, each step's state (meeting, §, decision, the
    protokollsutdrag once adjusted), and for who may change the case
    (`may_change`, as the case page has it) the forms to add, move and remove
    steps."""
    steps = case_path(case)
    current = current_step(case, steps)
    # Nothing to add once every step of the path is done, nor after dispatch.
    may_change = (
        may_change
        and not (steps and current is None)
        and case.status not in (Case.Status.DISPATCHED, Case.Status.CLOSED)
    )
    form = None
    if may_change:
        form = ConsultationForm(boards=path_boards(case))
        # One query for the select's options, however often it renders them.
        form.fields["board"].choices = [
            (board.pk, board.name) for board in form.fields["board"].queryset
        ]
    return {
        "case": case,
        "steps": steps,
        "current": current,
        "may_change": may_change,
        "form": form,
        "csrf_token": csrf_token,
    }
