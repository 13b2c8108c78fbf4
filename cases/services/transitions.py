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
from ssr_portal.lib.refusals import StepRefused

from ..exceptions import CaseFrozen
from ..models import Case


def case_transition(
    *, case: Case, to: str, user: User | None, refusal: str = ""
) -> Case:
    """Move the (locked) case to status `to` and save it with its history.

    Refused (StepRefused, with `refusal` or a message naming both statuses) when
    the table does not allow the step from the case's current status. `user` is
    who takes it (None for the portal's own steps, as before)."""
    if not case.can_change_status(to):
        raise StepRefused(
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


def frozen_message(case: Case) -> str:
    """Why the case's tjänsteskrivelse cannot be changed in its status."""
    if case.status == Case.Status.SUBMITTED:
        return _(
            "The official report has been submitted for approval and cannot be "
            "changed now. The chief executive can return it for changes."
        )
    if case.status == Case.Status.APPROVED:
        return _(
            "The official report is approved and cannot be changed. Reopen it for "
            "changes first; it then needs a new approval."
        )
    return _(
        "The case has gone further than approval (%(status)s): its official report "
        "can no longer be changed."
    ) % {"status": case.get_status_display().lower()}


def check_not_frozen(case: Case) -> None:
    """Refuse (CaseFrozen) any change to the case's tjänsteskrivelse while it is
    frozen.

    The status is read from the database: the caller's instance may be older
    than a submission. Every change calls it before its locks (a quick refusal)
    and again after locking the case and the document (cases/locks.py
    `lock_case_document`), which a submission locks too, so a change and a
    submission cannot interleave."""
    status = Case.objects.filter(pk=case.pk).values_list("status", flat=True).get()
    current = copy.copy(case)
    current.status = status
    if current.is_frozen:
        raise CaseFrozen(frozen_message(current))
