"""Who may do what (STYLE.md §4): the permission predicates of the cases app, in
one module, for the services, the pages and the API alike. A `user_may_…`
answers; a `check_…` refuses with PermissionDenied and its message. They read
the user and the rows they are given, and write nothing."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from members.models import Board, User
from members.roles import CASE_WRITERS, Role

from .models import Case


def is_insider(user: User, case: Case) -> bool:
    """Whether `user` belongs to the organisation that owns `case` (or is a
    superuser).

    Insiders see the internal fields of the case, all its registered documents
    and its approval trail. Needs `case.board` loaded."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return (
        user.organisation_id is not None
        and user.organisation_id == case.board.organisation_id
    )


def user_may_write(*, user: User, board: Board) -> bool:
    """Whether the user may register and change cases and documents on the board:
    a person of the board's organisation with a case-writing role, or a superuser."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.organisation_id == board.organisation_id and user.has_role(
        *CASE_WRITERS
    )


def user_may_register(*, user: User) -> bool:
    """Whether the user may register cases at all (on some board of their own)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (
        user.organisation_id is not None and user.has_role(*CASE_WRITERS)
    )


def check_may_write(*, user: User, board: Board, message: str = "") -> None:
    """Refuse a person who may not write the board's cases; the portal's own
    account (imports, the demo) may. Nobody is no one: `user` None is a mistake
    in the calling code, not the system."""
    if user is None:
        raise TypeError(
            "A service needs the person who acts, or User.objects.system() for the "
            "portal itself"
        )
    if user.is_system:
        return
    if not user_may_write(user=user, board=board):
        raise PermissionDenied(
            message or _("You may not register cases for this board.")
        )


def user_may_manage_meetings(*, user: User, board: Board) -> bool:
    """Whether the user is a board secretary of the board's organisation."""
    return (
        user.is_authenticated
        and user.is_active
        and user.organisation_id is not None
        and user.organisation_id == board.organisation_id
        and user.has_role(Role.SECRETARY)
    )


def check_secretary(user: User, board: Board) -> None:
    if not user_may_manage_meetings(user=user, board=board):
        raise PermissionDenied(
            _(
                "Only a board secretary of %(organisation)s may prepare the "
                "meetings of %(board)s and record their decisions."
            )
            % {"organisation": board.organisation.name, "board": board.name}
        )


def user_may_dispatch(*, user: User, case: Case) -> bool:
    """Whether the user is a board secretary of the case's organisation."""
    return user_may_manage_meetings(user=user, board=case.board)


def user_may_close(*, user: User, case: Case) -> bool:
    """Whether the user is a registrar or board secretary of the case's
    organisation."""
    return (
        user.is_authenticated
        and user.is_active
        and user.organisation_id is not None
        and user.organisation_id == case.board.organisation_id
        and (user.has_role(Role.SECRETARY) or user.has_role(Role.REGISTRAR))
    )
