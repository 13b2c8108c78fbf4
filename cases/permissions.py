"""Who may do what with a case: predicates shared by the pages and the API."""

from members.models import User

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
