"""Access helpers shared by the case pages (STYLE.md §5: one per model)."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from members.models import User

from .. import services
from ..models import Case
from ..services.workflow import CaseFrozen, StepRefused

# What a step of the meeting, justering and dispatch pages may be refused with,
# besides PermissionDenied (the 403 page, `_refusals_as_page`): the state does
# not allow it, or the service found the data it would write invalid. Either is
# shown as the page "The step was refused" (409) with the service's message.
STEP_REFUSALS = (StepRefused, ValidationError)


def refusal_message(refused: StepRefused | ValidationError) -> str:
    """The message of a refused step, for the page."""
    if isinstance(refused, StepRefused):
        return refused.message
    return " ".join(refused.messages)


def _refusals_as_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Show a refused step (PermissionDenied, from the access helper or a service)
    as a 403 page that says why, instead of Django's bare 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            message = str(error) or _("You may not do this.")
            # A frozen report is no question of who may change cases: the
            # general explanation would mislead there.
            frozen = isinstance(error, CaseFrozen)
            return render(
                request,
                "cases/forbidden.html",
                {"message": message, "explain_roles": not frozen},
                status=403,
            )

    return wrapper


def _get_case_for_user(
    user: User, pk: int, *, for_change: bool = False, with_document: bool = False
) -> Case:
    """The case, if the user may see it (404 otherwise, so that a secret case of
    another organisation does not even show that it exists). With `for_change`,
    refuse (403) a user who may see the case but not change it. With
    `with_document`, its tjänsteskrivelse (if any) comes in the same query."""
    cases = Case.objects.visible_to(user).with_related()
    if with_document:
        # The case page also shows the vision (målbild) the case is about, if any.
        cases = cases.select_related("document", "vision_approval__vision")
    case = get_object_or_404(cases, pk=pk)
    if for_change and not services.user_may_write(user=user, board=case.board):
        raise PermissionDenied(_("You may not change this case."))
    return case
