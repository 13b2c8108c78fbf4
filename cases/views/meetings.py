"""The meeting pages: the meetings of the user's boards, a meeting with its
agenda (föredragningslista), and the decision form of each item.

Everyone logged in may read a meeting; the agenda shows the cases the user may
see (`Case.objects.visible_to`). Only a board secretary of the board's
organisation changes anything (cases/services/meetings.py): other people get
the 403 page, a step the state does not allow (or whose data the service finds
invalid) the 409 page, both saying why; the forms show their errors in place.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from members.models import Board, User
from members.roles import Role
from ssr_portal.lib.forms import add_service_errors
from ssr_portal.lib.refusals import STEP_REFUSALS, StepRefused

from .. import permissions
from ..forms.meetings import (
    AgendaAddForm,
    DecisionForm,
    ItemDescriptionForm,
    MeetingForm,
)
from ..models import AgendaItem, Case, Consultation, Decision, Meeting, MemberVote
from ..models.consultations import current_step, step_of_item
from ..services import meetings as services
from ..services.minutes import (
    agenda_item_describe,
    check_description_open,
    item_description_source,
)
from .access import (
    case_refusals_as_page,
    get_item_for_user,
    get_meeting_for_user,
    step_refused_on_meeting,
)


def _check_may_manage(user: User, board: Board) -> None:
    if not permissions.user_may_manage_meetings(user=user, board=board):
        raise PermissionDenied(
            _("Only a board secretary of %(organisation)s may change its meetings.")
            % {"organisation": board.organisation.name}
        )


def _people_of(board: Board) -> QuerySet[User]:
    # People only: an API token's account chairs, adjusts and votes on nothing.
    return User.objects.filter(
        organisation_id=board.organisation_id, is_active=True, is_api_client=False
    )


@login_required
@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings of the boards of the user's organisation, upcoming and held."""
    user = request.user
    meetings = Meeting.objects.select_related("board").annotate(
        item_count=Count("items"),
        decided_count=Count("items", filter=Q(items__decision__isnull=False)),
    )
    if not user.is_superuser:
        meetings = meetings.filter(board__organisation_id=user.organisation_id)
    today = timezone.localdate()
    upcoming = list(
        meetings.filter(meeting_date__gte=today).order_by(
            "meeting_date", "start_time", "pk"
        )
    )
    held = list(
        meetings.filter(meeting_date__lt=today).order_by(
            "-meeting_date", "-start_time", "-pk"
        )
    )
    may_create = (
        user.organisation_id is not None
        and user.has_role(Role.SECRETARY)
        and user.is_active
    )
    return render(
        request,
        "cases/meetings/list.html",
        {"upcoming": upcoming, "held": held, "may_create": may_create},
    )


@login_required
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    boards = Board.objects.filter(organisation_id=user.organisation_id)
    if not user.has_role(Role.SECRETARY) or not user.organisation_id:
        raise PermissionDenied(_("Only a board secretary may create meetings."))
    people = User.objects.filter(
        organisation_id=user.organisation_id, is_active=True, is_api_client=False
    )
    form = MeetingForm(request.POST or None, boards=boards, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was created."))
            return redirect(meeting)
    return render(request, "cases/meetings/form.html", {"form": form, "meeting": None})


@login_required
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    _check_may_manage(request.user, meeting.board)
    form = MeetingForm(
        request.POST or None,
        initial=MeetingForm.initial_for(meeting),
        boards=None,
        people=_people_of(meeting.board),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting, user=request.user, **form.cleaned_data
            )
        except StepRefused as refused:
            return step_refused_on_meeting(request, meeting, refused)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was changed."))
            return redirect(meeting)
    return render(
        request, "cases/meetings/form.html", {"form": form, "meeting": meeting}
    )


def _addable_cases(meeting: Meeting) -> QuerySet[Case]:
    """The cases that wait on no agenda for this body: the board's approved
    cases without a preparation path, and the cases whose current step of their
    path (cases/models/consultations.py) is this body's."""
    waiting = AgendaItem.objects.filter(decision__isnull=True).values("case")
    on_path = (
        Case.objects.filter(
            status__in=(Case.Status.APPROVED, Case.Status.ADJUSTED),
            consultations__board=meeting.board,
        )
        .exclude(pk__in=waiting)
        .distinct()
        # Each case's path in one more query, not two per case.
        .prefetch_related(
            Prefetch(
                "consultations",
                queryset=Consultation.objects.select_related("item__decision").order_by(
                    "position"
                ),
            )
        )
    )
    next_here = []
    for case in on_path:
        step = current_step(case, list(case.consultations.all()))
        if step is not None and step.board_id == meeting.board_id:
            next_here.append(case.pk)
    plain = Q(
        board=meeting.board, status=Case.Status.APPROVED, consultations__isnull=True
    )
    return (
        Case.objects.filter(plain | Q(pk__in=next_here))
        .exclude(pk__in=waiting)
        .distinct()
        .order_by("year", "serial")
    )


@login_required
@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = get_meeting_for_user(user, pk)
    items = list(
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("case", "decision")
        .prefetch_related(
            "decision__votes",
            Prefetch(
                "decision__member_votes",
                queryset=MemberVote.objects.select_related("member"),
            ),
        )
        .order_by("position", "pk")
    )
    may_manage = permissions.user_may_manage_meetings(user=user, board=meeting.board)
    may_change = may_manage and not meeting.is_adjusted
    addable = _addable_cases(meeting)
    return render(
        request,
        "cases/meetings/detail.html",
        {
            "meeting": meeting,
            "items": items,
            "last_position": len(items),
            "may_change": may_change,
            "add_form": AgendaAddForm(cases=addable) if may_change else None,
            "may_add": may_change and addable.exists(),
            # The kallelse is sent by e-mail until the day of the meeting.
            "may_send_kallelse": may_change
            and meeting.meeting_date >= timezone.localdate(),
            "adjusters": meeting.adjusters.all(),
            "members_present": meeting.members_present.all(),
        },
    )


@login_required
@case_refusals_as_page
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    _check_may_manage(request.user, meeting.board)
    # Any case of the organisation: the service says whether this body may take
    # it up now (its board, or the current step of its preparation path).
    form = AgendaAddForm(
        request.POST,
        cases=Case.objects.filter(board__organisation_id=meeting.board.organisation_id),
    )
    if not form.is_valid():
        return step_refused_on_meeting(
            request, meeting, StepRefused(_("Choose an approved case."))
        )
    try:
        item = services.agenda_add(
            meeting=meeting, case=form.cleaned_data["case"], user=request.user
        )
    except STEP_REFUSALS as refused:
        return step_refused_on_meeting(request, meeting, refused)
    messages.success(
        request,
        _("%(number)s was placed on the agenda.") % {"number": item.case.number},
    )
    return redirect(meeting)


@login_required
@case_refusals_as_page
@require_POST
def agenda_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    _check_may_manage(request.user, meeting.board)
    agenda_item = get_item_for_user(request.user, meeting, item)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.agenda_move(item=agenda_item, offset=offset, user=request.user)
    except STEP_REFUSALS as refused:
        return step_refused_on_meeting(request, meeting, refused)
    return redirect(f"{meeting.get_absolute_url()}#item-{agenda_item.pk}")


@login_required
@case_refusals_as_page
@require_POST
def agenda_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    _check_may_manage(request.user, meeting.board)
    agenda_item = get_item_for_user(request.user, meeting, item)
    try:
        services.agenda_remove(item=agenda_item, user=request.user)
    except STEP_REFUSALS as refused:
        return step_refused_on_meeting(request, meeting, refused)
    messages.success(
        request,
        _("%(number)s was taken off the agenda.") % {"number": agenda_item.case.number},
    )
    return redirect(meeting)


def _default_kind(item: AgendaItem) -> str:
    """The kind the decision form starts from: a proposal for a preparing step of
    the path, a yttrande for an opinion step, "noterar" for an information case,
    bifall otherwise."""
    step = step_of_item(item)
    if step is not None and step.role == Consultation.Role.PREPARATION:
        return Decision.Kind.PROPOSE
    if step is not None and step.role == Consultation.Role.OPINION:
        return Decision.Kind.OPINION
    if item.case.kind == Case.Kind.INFORMATION:
        return Decision.Kind.NOTE
    return Decision.Kind.APPROVE


def _same_text(one: str, other: str) -> bool:
    """Whether two texts of the form are the same (a browser sends CRLF)."""
    return one.replace("\r\n", "\n").strip() == other.replace("\r\n", "\n").strip()


def _text_following_kind(
    request: HttpRequest, item: AgendaItem, bodies: QuerySet[Board], options: dict
) -> dict:
    """The decision form's values as posted, with the text of the posted kind
    when the secretary has not edited the text the form offered last."""
    posted = DecisionForm(request.POST, **options)
    values = {name: posted[name].value() for name in posted.fields}
    kind = request.POST.get("kind") or _default_kind(item)
    if kind not in Decision.Kind.values:
        kind = _default_kind(item)
    values["kind"] = kind
    proposed_to = bodies.filter(pk=request.POST.get("proposed_to") or None).first()
    if proposed_to is None:
        proposed_to = services.default_proposed_to(item)
        values["proposed_to"] = proposed_to.pk if proposed_to else None
    offered = services.decision_default_text(item, kind, proposed_to)
    text = request.POST.get("text", "")
    if not text.strip() or _same_text(text, request.POST.get("default_text", "")):
        values["text"] = offered
    values["default_text"] = offered
    return values


@login_required
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def decision_record(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    _check_may_manage(request.user, meeting.board)
    agenda_item = get_item_for_user(request.user, meeting, item)
    if hasattr(agenda_item, "decision"):
        return step_refused_on_meeting(
            request,
            meeting,
            StepRefused(
                _("A decision has already been recorded for %(number)s.")
                % {"number": agenda_item.case.number}
            ),
        )
    later_meetings = Meeting.objects.filter(
        board=meeting.board,
        meeting_date__gt=meeting.meeting_date,
        adjusted_at__isnull=True,
    ).order_by("meeting_date")
    bodies = Board.objects.filter(
        organisation_id=meeting.board.organisation_id
    ).exclude(pk=meeting.board_id)
    form_options = {
        "later_meetings": later_meetings,
        "people": _people_of(meeting.board),
        "voters": meeting.members_present.order_by("first_name", "last_name", "pk"),
        "bodies": bodies,
    }
    if request.method == "POST" and "refresh" in request.POST:
        # The secretary chose another kind (htmx on change, or the button
        # without JavaScript): the form again, its text following the kind.
        form = DecisionForm(
            initial=_text_following_kind(request, agenda_item, bodies, form_options),
            **form_options,
        )
        return render(
            request,
            "cases/meetings/decision_form.html",
            {"meeting": meeting, "item": agenda_item, "form": form},
        )
    kind = _default_kind(agenda_item)
    proposed_to = services.default_proposed_to(agenda_item)
    text = services.decision_default_text(agenda_item, kind, proposed_to)
    form = DecisionForm(
        request.POST or None,
        initial={
            "kind": kind,
            "text": text,
            "default_text": text,
            "proposed_to": proposed_to,
        },
        **form_options,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                item=agenda_item, user=request.user, **form.service_arguments()
            )
        except StepRefused as refused:
            return step_refused_on_meeting(request, meeting, refused)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The decision on %(number)s was recorded.")
                % {"number": agenda_item.case.number},
            )
            return redirect(f"{meeting.get_absolute_url()}#item-{agenda_item.pk}")
    return render(
        request,
        "cases/meetings/decision_form.html",
        {"meeting": meeting, "item": agenda_item, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def item_description(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """The secretary writes the Ärendebeskrivning of an item for the minutes."""
    meeting = get_meeting_for_user(request.user, pk)
    _check_may_manage(request.user, meeting.board)
    agenda_item = get_item_for_user(request.user, meeting, item)
    try:
        check_description_open(meeting)
    except StepRefused as refused:
        return step_refused_on_meeting(request, meeting, refused)
    form = ItemDescriptionForm(
        request.POST or None,
        initial={"description": item_description_source(agenda_item)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            agenda_item_describe(
                item=agenda_item,
                user=request.user,
                description=form.cleaned_data["description"],
            )
        except StepRefused as refused:
            return step_refused_on_meeting(request, meeting, refused)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The description of %(number)s was saved.")
                % {"number": agenda_item.case.number},
            )
            return redirect(f"{meeting.get_absolute_url()}#item-{agenda_item.pk}")
    return render(
        request,
        "cases/meetings/item_description_form.html",
        {"meeting": meeting, "item": agenda_item, "form": form},
        status=400 if form.errors else 200,
    )
