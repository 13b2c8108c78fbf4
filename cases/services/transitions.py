"""The one way a case's status changes, and the one check of what its status
freezes (STYLE.md §4, DESIGN.md "Workflow of a case").

Every service that moves `Case.status` calls `case_transition` on the case it
has locked (cases/locks.py): the step must be in the allowed-steps table
(`STATUS_TRANSITIONS` behind `Case.can_change_status`), the case is validated,
the history records who took the step, and the row is saved. A service checks
its own, more specific rule first (with its own message); the table is the
last word, so no step outside it can happen anywhere.

`check_not_frozen` refuses a change to a frozen tjänsteskrivelse. It only
checks: it reads the status from the database and leaves the caller's case as
it was.
"""

import copy

from django.utils.translation import gettext as _

from members.models import User
from ssr_portal.lib.history import set_history_user

from ..models import Case


def _refusals():
    # The refusals live in workflow.py until they move to the module of the
    # domain exceptions (issue 11 §1); imported here so that workflow.py, which
    # takes its steps through this module, can import it at its top.
    from .workflow import CaseFrozen, StepRefused, frozen_message

    return CaseFrozen, StepRefused, frozen_message


def case_transition(
    *, case: Case, to: str, user: User | None, refusal: str = ""
) -> Case:
    """Move the (locked) case to status `to` and save it with its history.

    Refused (StepRefused, with `refusal` or a message naming both statuses) when
    the table does not allow the step from the case's current status. `user` is
    who takes it (None for the portal's own steps, as before)."""
    _frozen, step_refused, _message = _refusals()
    if not case.can_change_status(to):
        raise step_refused(
            refusal
            or _("%(number)s cannot go from %(status)s to %(to)s.")
            % {
                "number": case.number,
                "status": case.get_status_display().lower(),
                "to": Case.Status(to).label.lower(),
            }
        )
    case.status = to
    case.full_clean()
    set_history_user(case, user)
    case.save()
    return case


def check_not_frozen(case: Case) -> None:
    """Refuse (CaseFrozen) any change to the case's tjänsteskrivelse while it is
    frozen.

    The status is read from the database: the caller's instance may be older
    than a submission. Every change calls it before its locks (a quick refusal)
    and again after locking the case and the document (cases/locks.py
    `lock_case_document`), which a submission locks too, so a change and a
    submission cannot interleave."""
    case_frozen, _refused, frozen_message = _refusals()
    status = Case.objects.filter(pk=case.pk).values_list("status", flat=True).get()
    current = copy.copy(case)
    current.status = status
    if current.is_frozen:
        raise case_frozen(frozen_message(current))
