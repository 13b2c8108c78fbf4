"""Access helpers shared by the case pages (STYLE.md §5: one per model), and how
a refused step shows on them (ssr_portal/lib/refusals.py).

- `case_refusals_as_page`: the decorator of every case page. A PermissionDenied
  (from an access helper or a service) is the 403 page that says why, and who
  changes cases; a StepRefused that no view caught is the 409 page.
- `step_refused_on_document`, `step_refused_on_meeting`, `step_refused_on_case`:
  a step the view caught (STEP_REFUSALS) as the 409 page with the way back to
  the page it was taken on.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import User
from ssr_portal.lib.refusals import WayBack, refusals_as_page, refused_page

from .. import permissions
from ..exceptions import CaseFrozen
from ..models import AgendaItem, Case, Meeting


def _to_the_cases(request: HttpRequest, *args, **kwargs) -> WayBack:
    return WayBack(reverse("cases:list"), _("Back to the cases"))


def _explains_roles(refused: Exception) -> bool:
    # A frozen report is no question of who may change cases: the general
    # explanation would mislead there.
    return isinstance(refused, PermissionDenied) and not isinstance(refused, CaseFrozen)


case_refusals_as_page = refusals_as_page(
    way_back=_to_the_cases, explain_roles=_explains_roles
)


def step_refused_on_document(
    request: HttpRequest, case: Case, refused: Exception
) -> HttpResponse:
    """A refused step of the approval workflow, back to the official report."""
    return refused_page(
        request,
        refused,
        note=_(
            "Nothing was changed. Someone may have taken another step on the case "
            "just before you."
        ),
        way_back=WayBack(
            reverse("cases:document", args=[case.pk]),
            _("Back to the official report of %(number)s") % {"number": case.number},
        ),
    )


def step_refused_on_meeting(
    request: HttpRequest, meeting: Meeting, refused: Exception
) -> HttpResponse:
    """A refused step of a meeting or its justering, back to the meeting."""
    return refused_page(
        request,
        refused,
        note=_(
            "Nothing was changed. Someone may have changed the meeting just before you."
        ),
        way_back=WayBack(
            meeting.get_absolute_url(),
            _("Back to the meeting of %(board)s on %(date)s")
            % {
                "board": meeting.board.name,
                "date": meeting.meeting_date.strftime("%Y-%m-%d"),
            },
        ),
    )


def step_refused_on_case(
    request: HttpRequest, case: Case, refused: Exception
) -> HttpResponse:
    """A refused step of the anslag or the dispatch, back to the case."""
    return refused_page(
        request,
        refused,
        note=_("Nothing was changed."),
        way_back=WayBack(
            reverse("cases:detail", args=[case.pk]),
            _("Back to case %(number)s") % {"number": case.number},
        ),
    )


def get_case_for_user(
    user: User, pk: int, *, for_change: bool = False, with_document: bool = False
) -> Case:
    """The case, if the user may see it (404 otherwise, so that a secret case of
    another organisation does not even show that it exists). With `for_change`,
    refuse (403) a user who may see the case but not change it. With
    `with_document`, its tjänsteskrivelse (if any) comes in the same query."""
    cases = Case.objects.visible_to(user).with_related()
    if with_document:
        # The case page also shows the vision (målbild) the case is about, if any.
        cases = cases.select_related(
            "document", "vision_approval__vision", "case_class"
        )
    case = get_object_or_404(cases, pk=pk)
    if for_change and not permissions.user_may_write(user=user, board=case.board):
        raise PermissionDenied(_("You may not change this case."))
    return case


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    """The meeting (any logged-in user may read it; the agenda is filtered)."""
    return get_object_or_404(
        Meeting.objects.select_related("board__organisation", "chair", "secretary"),
        pk=pk,
    )


def get_item_for_user(user: User, meeting: Meeting, item_pk: int) -> AgendaItem:
    """An item of the meeting whose case the user may see (404 otherwise)."""
    return get_object_or_404(
        AgendaItem.objects.visible_to(user)
        .select_related("case__board__organisation")
        .prefetch_related("decision"),
        meeting=meeting,
        pk=item_pk,
    )
