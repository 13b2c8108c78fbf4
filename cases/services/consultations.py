"""The beredningsgång of a case (cases/models/consultations.py): an official or
secretary of the case's organisation sets its path of bodies, step by step.

A step that an agenda item handles (placed, decided) is part of the record: it
cannot be removed or moved, and no step can be put before it. Every service
locks the case (cases/locks.py) and refuses with a Swedish message
(StepRefused) what the path's state does not allow.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Board, User
from ssr_portal.lib.history import set_history_user
from ssr_portal.lib.refusals import StepRefused

from ..locks import lock_case, lock_rows
from ..models import Case, Consultation
from ..permissions import check_may_write

# A path can no longer change once the decision is dispatched.
_FINISHED = frozenset({Case.Status.DISPATCHED, Case.Status.CLOSED})


def _check_path_open(case: Case) -> None:
    if case.status in _FINISHED:
        raise StepRefused(
            _("The decision of %(number)s is dispatched: its path cannot change.")
            % {"number": case.number}
        )


def _check_writer(user: User, case: Case) -> None:
    check_may_write(
        user=user,
        board=case.board,
        message=_("You may not change the preparation path of this case."),
    )


def _steps(case: Case) -> list[Consultation]:
    return list(lock_rows(Consultation.objects.filter(case=case).order_by("position")))


def _save_order(steps: list[Consultation], user: User) -> None:
    """Write dense positions 1, 2, 3 … in the order of `steps`; through free
    positions beyond the path first, so the unique (case, position) holds at
    every save."""
    moved = [
        (step, position)
        for position, step in enumerate(steps, 1)
        if step.position != position
    ]
    offset = len(steps) + 1
    for step, position in moved:
        step.position = offset + position
        step.save(update_fields=["position"])
    for step, position in moved:
        step.position = position
        set_history_user(step, user)
        step.save()


def consultation_add(
    *, case: Case, board: Board, role: str, user: User
) -> Consultation:
    """Add a step last to the case's path: a body of the case's organisation and
    its role (beredning/förslag, yttrande, beslut). Locks the case."""
    _check_writer(user, case)
    if role not in Consultation.Role.values:
        raise ValidationError({"role": _("Choose what the body does with the case.")})
    if board.organisation_id != case.board.organisation_id:
        raise ValidationError({"board": _("Choose a body of the case's organisation.")})
    with transaction.atomic():
        locked = lock_case(case)
        _check_path_open(locked)
        steps = _steps(locked)
        if any(step.is_deciding for step in steps) and role == (
            Consultation.Role.DECISION
        ):
            raise ValidationError({"role": _("The path has a deciding body already.")})
        step = Consultation(
            case=locked, board=board, role=role, position=len(steps) + 1
        )
        step.full_clean()
        set_history_user(step, user)
        step.save()
    return step


def _check_movable(step: Consultation) -> None:
    if step.is_placed:
        raise StepRefused(
            _(
                "%(board)s has taken up the case already: its step cannot be "
                "removed or moved."
            )
            % {"board": step.board.name}
        )


def consultation_remove(*, consultation: Consultation, user: User) -> None:
    """Remove a step no agenda item handles; the later ones move up."""
    case = consultation.case
    _check_writer(user, case)
    with transaction.atomic():
        locked = lock_case(case)
        _check_path_open(locked)
        steps = _steps(locked)
        step = next((s for s in steps if s.pk == consultation.pk), None)
        if step is None:
            raise StepRefused(_("The step has been removed already."))
        _check_movable(step)
        steps.remove(step)
        set_history_user(step, user)
        step.delete()
        _save_order(steps, user)


def consultation_move(
    *, consultation: Consultation, offset: int, user: User
) -> Consultation:
    """Move a step up (offset -1) or down (+1) the path, among the steps no
    agenda item handles yet."""
    case = consultation.case
    _check_writer(user, case)
    with transaction.atomic():
        locked = lock_case(case)
        _check_path_open(locked)
        steps = _steps(locked)
        index = next((i for i, s in enumerate(steps) if s.pk == consultation.pk), None)
        if index is None:
            raise StepRefused(_("The step has been removed already."))
        step = steps[index]
        _check_movable(step)
        target = max(0, min(len(steps) - 1, index + offset))
        if steps[target].is_placed:
            raise StepRefused(
                _("A step cannot move before a body that has taken up the case.")
            )
        steps.insert(target, steps.pop(index))
        _save_order(steps, user)
    return Consultation.objects.get(pk=consultation.pk)
