"""Meetings (sammanträden) through the API: read with their agenda and
decisions, and the board secretary's steps (cases/services/meetings.py):
create and change a meeting, place a case on the agenda, move it, take it off,
record the decision. The justering's steps are actions of the same viewset
(justering.py).

The same services and rules as the meeting pages; a refusal is answered by the
API's exception handler (ssr_portal/lib/refusals.py): PermissionDenied → 403,
StepRefused → 409, ValidationError → 400, an object the user may not see → 404,
each with `{"detail"}` (or the field errors for 400).
"""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from members.api import BoardSummarySerializer, OrganisationSummarySerializer
from members.models import Board
from members.roles import Role
from members.two_factor import TwoFactorVerified
from ssr_portal.api_fields import LocalTimeField

from .. import permissions
from ..models import AgendaItem, Case, Meeting
from ..services import meetings as meeting_services
from .base import ITEM, PEOPLE, meeting_step_responses
from .decisions import DecisionInputSerializer, DecisionSerializer
from .justering import JusteringActions


class _MeetingFieldsSerializer(serializers.Serializer):
    meeting_date = serializers.DateField()
    start_time = LocalTimeField()
    place = serializers.CharField(max_length=200)
    chair = serializers.PrimaryKeyRelatedField(
        queryset=PEOPLE,
        allow_null=True,
        required=False,
        help_text="Ordförande: a user id of the board's organisation.",
    )
    secretary = serializers.PrimaryKeyRelatedField(
        queryset=PEOPLE,
        allow_null=True,
        required=False,
        help_text="Sekreterare: a user id of the board's organisation.",
    )
    adjusters = serializers.PrimaryKeyRelatedField(
        queryset=PEOPLE,
        many=True,
        required=False,
        help_text="Justerare: user ids of the board's organisation.",
    )
    members_present = serializers.PrimaryKeyRelatedField(
        queryset=PEOPLE,
        many=True,
        required=False,
        help_text="User ids of the board's organisation.",
    )
    other_members_present = serializers.CharField(required=False, allow_blank=True)

    def _check_chair_and_secretary(self, board: Board, data: dict) -> None:
        # As the page's form, which offers only the people of the organisation.
        for name in ("chair", "secretary"):
            person = data.get(name)
            if person is not None and person.organisation_id != board.organisation_id:
                raise serializers.ValidationError(
                    {name: _("Choose people of the board's organisation.")}
                )


class MeetingCreateSerializer(_MeetingFieldsSerializer):
    board = serializers.PrimaryKeyRelatedField(
        queryset=Board.objects.select_related("organisation"),
        help_text="The board's id.",
    )

    def validate(self, data: dict) -> dict:
        self._check_chair_and_secretary(data["board"], data)
        return data


class MeetingUpdateSerializer(_MeetingFieldsSerializer):
    """The fields to change; a meeting keeps its board."""

    def validate(self, data: dict) -> dict:
        self._check_chair_and_secretary(self.context["meeting"].board, data)
        return data


class AgendaAddSerializer(serializers.Serializer):
    case = serializers.PrimaryKeyRelatedField(
        queryset=Case.objects.none(),
        help_text="The id of an approved case of the meeting's board.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["case"].queryset = Case.objects.visible_to(request.user)


class AgendaMoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(
        choices=[("up", "up"), ("down", "down")], help_text="up or down."
    )


class AgendaCaseSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="case-detail")

    class Meta:
        model = Case
        fields = ["id", "url", "number", "title", "status"]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    """An item of the föredragningslista; `paragraph` (§) once the minutes are
    sent for justering (null until then)."""

    case = AgendaCaseSerializer(read_only=True)
    decision = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "paragraph", "case", "decision"]
        read_only_fields = fields

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, item: AgendaItem) -> dict | None:
        decision = getattr(item, "decision", None)
        if decision is None:
            return None
        return DecisionSerializer(decision, context=self.context).data


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting (sammanträde) with its agenda: only the items whose case the user
    may see (`Case.objects.visible_to`)."""

    url = serializers.HyperlinkedIdentityField(view_name="meeting-detail")
    board = BoardSummarySerializer(read_only=True)
    organisation = OrganisationSummarySerializer(
        source="board.organisation", read_only=True
    )
    start_time = LocalTimeField(read_only=True)
    chair = serializers.StringRelatedField(
        allow_null=True, help_text="Ordförande; null until chosen."
    )
    secretary = serializers.StringRelatedField(
        allow_null=True, help_text="Sekreterare; null until chosen."
    )
    adjusters = serializers.StringRelatedField(
        many=True, read_only=True, help_text="Justerare."
    )
    members_present = serializers.StringRelatedField(many=True, read_only=True)
    is_adjusted = serializers.BooleanField(
        read_only=True, help_text="Whether the minutes are adjusted (justerade)."
    )
    items = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "url",
            "board",
            "organisation",
            "meeting_date",
            "start_time",
            "place",
            "chair",
            "secretary",
            "adjusters",
            "members_present",
            "other_members_present",
            "is_adjusted",
            "items",
        ]
        read_only_fields = fields


class MeetingFilter(filters.FilterSet):
    board = filters.ModelChoiceFilter(
        queryset=Board.objects.all(), help_text="The board's id."
    )
    organisation = filters.CharFilter(
        field_name="board__organisation__slug",
        help_text="The slug of the organisation whose board meets.",
    )
    # Bounded: a year outside 1–9999 has no dates (a 500 before: `?year=-1`).
    year = filters.NumberFilter(
        field_name="meeting_date__year",
        min_value=1,
        max_value=9999,
        help_text="The year of the meeting date.",
    )

    class Meta:
        model = Meeting
        fields = ["board", "organisation", "year"]


class MeetingViewSet(
    JusteringActions, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Meetings (sammanträden) of the boards, newest first, each with its agenda
    (föredragningslista) and the decisions recorded on it.

    Every meeting is listed, also to anonymous users; its `items` are only those
    whose case the user may see, as in `/api/cases/`
    (`Case.objects.visible_to(user)`): anonymous users and other
    organisations see the public cases' items, the people of the board's own
    organisation every item.
    """

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    filter_backends = [filters.DjangoFilterBackend]

    def get_queryset(self) -> QuerySet[Meeting]:
        items = (
            AgendaItem.objects.visible_to(self.request.user)
            .select_related("case", "decision")
            .prefetch_related(
                "decision__votes",
                "decision__member_votes__member",
                "decision__statements__member",
                "decision__not_participating",
            )
            .order_by("position", "pk")
        )
        return (
            Meeting.objects.select_related("board__organisation", "chair", "secretary")
            .prefetch_related(
                "adjusters", "members_present", Prefetch("items", queryset=items)
            )
            .order_by("-meeting_date", "-start_time", "-pk")
        )

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return super().get_permissions()
        if self.action in ("confirm", "agenda_proposals"):
            # The justering: with two-factor login (members/two_factor.py).
            return [IsAuthenticated(), TwoFactorVerified()]
        return [IsAuthenticated()]

    def _check_secretary(self, board: Board | None = None) -> None:
        """A 403 for someone who is no board secretary (of the board's
        organisation), before their input is looked at."""
        user = self.request.user
        allowed = (
            permissions.user_may_manage_meetings(user=user, board=board)
            if board is not None
            else user.is_active and user.has_role(Role.SECRETARY)
        )
        if not allowed:
            self.permission_denied(
                self.request, message=_("Only a board secretary may do this.")
            )

    def _input(self, serializer_class, **context) -> dict:
        serializer = serializer_class(
            data=self.request.data,
            context={**self.get_serializer_context(), **context},
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _meeting(self, meeting: Meeting, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=meeting.pk)
        return Response(
            MeetingSerializer(fresh, context=self.get_serializer_context()).data,
            status=code,
        )

    def _item(self, item_pk) -> AgendaItem:
        meeting = self.get_object()
        return get_object_or_404(
            AgendaItem.objects.visible_to(self.request.user)
            .filter(meeting=meeting)
            .select_related("meeting__board__organisation", "case"),
            pk=item_pk,
        )

    @extend_schema(
        summary="Create a meeting",
        description="The board secretary of the board's organisation creates a "
        "meeting (sammanträde) of the board.",
        request=MeetingCreateSerializer,
        responses=meeting_step_responses(MeetingSerializer, code=201, not_found="—"),
    )
    def create(self, request, *args, **kwargs) -> Response:
        self._check_secretary()
        data = self._input(MeetingCreateSerializer)
        meeting = meeting_services.meeting_create(user=request.user, **data)
        return self._meeting(meeting, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a meeting",
        description="The board secretary changes the meeting's details until its "
        "minutes are adjusted; the fields left out keep their values. A meeting "
        "with decided items keeps its year.",
        request=MeetingUpdateSerializer,
        responses=meeting_step_responses(MeetingSerializer),
    )
    def partial_update(self, request, *args, **kwargs) -> Response:
        meeting = self.get_object()
        values = {
            "meeting_date": meeting.meeting_date,
            "start_time": meeting.start_time,
            "place": meeting.place,
            "chair": meeting.chair,
            "secretary": meeting.secretary,
            "adjusters": list(meeting.adjusters.all()),
            "members_present": list(meeting.members_present.all()),
            "other_members_present": meeting.other_members_present,
        }
        serializer = MeetingUpdateSerializer(
            data=request.data,
            partial=True,
            context={**self.get_serializer_context(), "meeting": meeting},
        )
        serializer.is_valid(raise_exception=True)
        values.update(serializer.validated_data)
        updated = meeting_services.meeting_update(
            meeting=meeting, user=request.user, **values
        )
        return self._meeting(updated)

    @extend_schema(
        operation_id="meetings_agenda_add",
        summary="Place a case on the agenda",
        description="The board secretary places an approved case of the board "
        "last on the agenda (föredragningslista): approved → on_agenda. A case "
        "the user may not see is a 400 on `case`.",
        request=AgendaAddSerializer,
        responses=meeting_step_responses(MeetingSerializer, code=201),
    )
    @action(detail=True, methods=["post"], url_path="agenda", url_name="agenda")
    def agenda_add(self, request, pk=None, format=None) -> Response:
        meeting = self.get_object()
        self._check_secretary(meeting.board)
        case = self._input(AgendaAddSerializer)["case"]
        meeting_services.agenda_add(meeting=meeting, case=case, user=request.user)
        return self._meeting(meeting, status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="meetings_agenda_remove",
        summary="Take a case off the agenda",
        description="The board secretary takes an undecided item off the agenda: "
        "on_agenda → approved.",
        parameters=[ITEM],
        request=None,
        responses=meeting_step_responses(
            MeetingSerializer,
            input_=False,
            not_found="No such meeting, or no such item visible to the user.",
        ),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"agenda/(?P<item_pk>[0-9]+)/remove",
        url_name="agenda-remove",
    )
    def agenda_remove(self, request, pk=None, item_pk=None, format=None) -> Response:
        item = self._item(item_pk)
        meeting_services.agenda_remove(item=item, user=request.user)
        return self._meeting(item.meeting)

    @extend_schema(
        operation_id="meetings_agenda_move",
        summary="Move an agenda item up or down",
        parameters=[ITEM],
        request=AgendaMoveSerializer,
        responses=meeting_step_responses(
            MeetingSerializer,
            not_found="No such meeting, or no such item visible to the user.",
        ),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"agenda/(?P<item_pk>[0-9]+)/move",
        url_name="agenda-move",
    )
    def agenda_move(self, request, pk=None, item_pk=None, format=None) -> Response:
        item = self._item(item_pk)
        self._check_secretary(item.meeting.board)
        offset = -1 if self._input(AgendaMoveSerializer)["direction"] == "up" else 1
        meeting_services.agenda_move(item=item, offset=offset, user=request.user)
        return self._meeting(item.meeting)

    @extend_schema(
        operation_id="meetings_agenda_decision",
        summary="Record the decision on an agenda item",
        description="The board secretary records the beslut; its § is given "
        "when the minutes are sent for justering (at once when they already "
        "are). approve, note, reject, other: on_agenda → "
        "decided; refer_back: on to drafting; postpone: the case joins the "
        "agenda of `later_meeting`.",
        parameters=[ITEM],
        request=DecisionInputSerializer,
        responses=meeting_step_responses(
            AgendaItemSerializer,
            code=201,
            not_found="No such meeting, or no such item visible to the user.",
        ),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"agenda/(?P<item_pk>[0-9]+)/decision",
        url_name="agenda-decision",
    )
    def agenda_decision(self, request, pk=None, item_pk=None, format=None) -> Response:
        item = self._item(item_pk)
        self._check_secretary(item.meeting.board)
        data = self._input(DecisionInputSerializer)
        votes = [meeting_services.VoteInput(**vote) for vote in data.pop("votes")]
        member_votes = [
            (row["member"], row["option"]) for row in data.pop("member_votes")
        ]
        statements = [
            meeting_services.StatementInput(**row) for row in data.pop("statements")
        ]
        meeting_services.decision_record(
            item=item,
            user=request.user,
            votes=votes,
            member_votes=member_votes,
            statements=statements,
            **data,
        )
        fresh = (
            self.get_queryset()
            .get(pk=item.meeting_id)
            .items.all()  # the prefetched, visible items
        )
        fresh_item = next(row for row in fresh if row.pk == item.pk)
        return Response(
            AgendaItemSerializer(
                fresh_item, context=self.get_serializer_context()
            ).data,
            status=status.HTTP_201_CREATED,
        )
