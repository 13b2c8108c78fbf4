"""The meeting steps through the API: meetings, the agenda, decisions and the
justering of the minutes (cases/services/meetings.py and justering.py).

The same services and rules as the meeting pages; refusals map through
`cases/api.py`'s `_run_step`: PermissionDenied → 403, StepRefused → 409,
ValidationError → 400, an object the user may not see → 404, each with
`{"detail"}` (or the field errors for 400). Registered in `ssr_portal/api_urls.py`.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from members.models import Board, User
from members.roles import Role
from members.two_factor import TwoFactorVerified
from ssr_portal.api_fields import LocalTimeField

from . import api
from .models import (
    AgendaItem,
    Case,
    ChangeProposal,
    Decision,
    DecisionStatement,
    Meeting,
)
from .services import justering as justering_services
from .services import meetings as meeting_services

# Input ---------------------------------------------------------------------

_PEOPLE = User.objects.filter(is_active=True, is_api_client=False)


class _MeetingFieldsSerializer(serializers.Serializer):
    meeting_date = serializers.DateField()
    start_time = LocalTimeField()
    place = serializers.CharField(max_length=200)
    chair = serializers.PrimaryKeyRelatedField(
        queryset=_PEOPLE,
        allow_null=True,
        required=False,
        help_text="Ordförande: a user id of the board's organisation.",
    )
    secretary = serializers.PrimaryKeyRelatedField(
        queryset=_PEOPLE,
        allow_null=True,
        required=False,
        help_text="Sekreterare: a user id of the board's organisation.",
    )
    adjusters = serializers.PrimaryKeyRelatedField(
        queryset=_PEOPLE,
        many=True,
        required=False,
        help_text="Justerare: user ids of the board's organisation.",
    )
    members_present = serializers.PrimaryKeyRelatedField(
        queryset=_PEOPLE,
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


class VoteInputSerializer(serializers.Serializer):
    option = serializers.CharField(max_length=200)
    count = serializers.IntegerField(min_value=0, max_value=32767)


class MemberVoteInputSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(queryset=_PEOPLE)
    option = serializers.CharField(max_length=200)


class StatementInputSerializer(serializers.Serializer):
    kind = api._PlainChoiceField(
        choices=DecisionStatement.Kind.choices,
        help_text="reservation (reservation) or note (protokollsanteckning).",
    )
    text = serializers.CharField(required=False, allow_blank=True, default="")
    member = serializers.PrimaryKeyRelatedField(
        queryset=_PEOPLE, required=False, allow_null=True, default=None
    )
    member_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class DecisionInputSerializer(serializers.Serializer):
    kind = api._PlainChoiceField(
        choices=Decision.Kind.choices,
        help_text="approve, note, refer_back, postpone, reject or other.",
    )
    text = serializers.CharField(
        help_text="The decision as the minutes print it; for a referral back the "
        "reason."
    )
    motions = serializers.CharField(required=False, allow_blank=True, default="")
    procedure = serializers.CharField(required=False, allow_blank=True, default="")
    later_meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.select_related("board"),
        required=False,
        allow_null=True,
        default=None,
        help_text="Only for postpone: a later meeting of the same board.",
    )
    votes = VoteInputSerializer(many=True, required=False, default=list)
    member_votes = MemberVoteInputSerializer(many=True, required=False, default=list)
    statements = StatementInputSerializer(many=True, required=False, default=list)
    not_participating = serializers.PrimaryKeyRelatedField(
        queryset=_PEOPLE,
        many=True,
        required=False,
        default=list,
        help_text="Jäv: user ids of members who did not take part.",
    )


class ProposalInputSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The change proposed to the §.")


class ProposalAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField(help_text="Accept (true) or reject (false).")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    new_text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Accepting: the new decision text of the § (optional).",
    )


# Output --------------------------------------------------------------------


class ConfirmationSerializer(serializers.Serializer):
    user = serializers.CharField(read_only=True)
    role = serializers.CharField(read_only=True, help_text="chair or adjuster.")
    confirmed_at = serializers.DateTimeField(read_only=True)


class JusteringSerializer(serializers.Serializer):
    """The justering of the meeting's minutes after the step."""

    meeting = serializers.IntegerField(source="meeting.pk", read_only=True)
    state = serializers.CharField(
        source="status", read_only=True, help_text="not_sent, open or adjusted."
    )
    sent_at = serializers.DateTimeField(
        source="justering.sent_at", read_only=True, allow_null=True
    )
    adjusted_at = serializers.DateTimeField(
        source="meeting.adjusted_at", read_only=True, allow_null=True
    )
    confirmations = ConfirmationSerializer(many=True, read_only=True)
    waiting_for = serializers.StringRelatedField(
        many=True, read_only=True, help_text="Who has yet to confirm."
    )


class ChangeProposalSerializer(serializers.ModelSerializer):
    """A change to a § proposed during justering, and its answer."""

    item = serializers.PrimaryKeyRelatedField(read_only=True)
    paragraph = serializers.IntegerField(source="item.paragraph", read_only=True)
    proposed_by = serializers.StringRelatedField()
    decided_by = serializers.StringRelatedField(help_text="Who answered.")
    state = serializers.CharField(
        source="status", read_only=True, help_text="proposed, accepted or rejected."
    )

    class Meta:
        model = ChangeProposal
        fields = [
            "id",
            "meeting",
            "item",
            "paragraph",
            "proposed_by",
            "text",
            "created_at",
            "state",
            "note",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


# Responses -----------------------------------------------------------------

ITEM = OpenApiParameter(
    "item_pk",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="The agenda item's id (`items[].id`).",
)


def _responses(ok, *, code=200, input_=True, not_found="No such meeting.") -> dict:
    responses = {
        code: ok,
        403: OpenApiResponse(
            api.RefusalSerializer,
            description="Not logged in, or not the person for the step (the "
            "board secretary of the board's organisation; for justering the "
            "chair or a justerare). Nothing was changed.",
        ),
        404: OpenApiResponse(api.RefusalSerializer, description=not_found),
        409: OpenApiResponse(
            api.RefusalSerializer,
            description="The state does not allow the step (for instance the "
            "minutes are adjusted). Nothing was changed.",
        ),
    }
    if input_:
        responses[400] = OpenApiResponse(
            description='Bad input: {"<field>": ["<message>"]}.'
        )
    return responses


# Views ---------------------------------------------------------------------


class MeetingViewSet(mixins.CreateModelMixin, api.MeetingViewSet):
    __doc__ = api.MeetingViewSet.__doc__

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
            meeting_services.user_may_manage_meetings(user=user, board=board)
            if board is not None
            else user.is_active and user.has_role(Role.SECRETARY)
        )
        if not allowed:
            self.permission_denied(
                self.request, message=_("Only a board secretary may do this.")
            )

    def _check_signer(self, meeting: Meeting) -> None:
        """A 403 for someone who is neither the chair nor an adjuster."""
        user = self.request.user
        if (
            meeting.chair_id != user.pk
            and not meeting.adjusters.filter(pk=user.pk).exists()
        ):
            self.permission_denied(
                self.request,
                message=_(
                    "Only the chair and the adjusters of this meeting may adjust "
                    "its minutes, each with their own login."
                ),
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
            api.MeetingSerializer(fresh, context=self.get_serializer_context()).data,
            status=code,
        )

    def _item(self, item_pk) -> AgendaItem:
        meeting = self.get_object()
        return get_object_or_404(
            AgendaItem.objects.filter(
                meeting=meeting, case__in=Case.objects.visible_to(self.request.user)
            ).select_related("meeting__board__organisation", "case"),
            pk=item_pk,
        )

    def _justering(self, meeting: Meeting) -> Response:
        meeting.refresh_from_db()
        state = justering_services.justering_state(
            meeting=meeting, user=self.request.user
        )
        return Response(JusteringSerializer(state).data)

    @extend_schema(
        summary="Create a meeting",
        description="The board secretary of the board's organisation creates a "
        "meeting (sammanträde) of the board.",
        request=MeetingCreateSerializer,
        responses=_responses(api.MeetingSerializer, code=201, not_found="—"),
    )
    def create(self, request, *args, **kwargs) -> Response:
        self._check_secretary()
        data = self._input(MeetingCreateSerializer)
        meeting, refusal = api._run_step(
            lambda: meeting_services.meeting_create(user=request.user, **data)
        )
        return refusal or self._meeting(meeting, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a meeting",
        description="The board secretary changes the meeting's details until its "
        "minutes are adjusted; the fields left out keep their values. A meeting "
        "with decided items keeps its year.",
        request=MeetingUpdateSerializer,
        responses=_responses(api.MeetingSerializer),
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
        updated, refusal = api._run_step(
            lambda: meeting_services.meeting_update(
                meeting=meeting, user=request.user, **values
            )
        )
        return refusal or self._meeting(updated)

    @extend_schema(
        operation_id="meetings_agenda_add",
        summary="Place a case on the agenda",
        description="The board secretary places an approved case of the board "
        "last on the agenda (föredragningslista): approved → on_agenda. A case "
        "the user may not see is a 400 on `case`.",
        request=AgendaAddSerializer,
        responses=_responses(api.MeetingSerializer, code=201),
    )
    @action(detail=True, methods=["post"], url_path="agenda", url_name="agenda")
    def agenda_add(self, request, pk=None, format=None) -> Response:
        meeting = self.get_object()
        self._check_secretary(meeting.board)
        case = self._input(AgendaAddSerializer)["case"]
        _item, refusal = api._run_step(
            lambda: meeting_services.agenda_add(
                meeting=meeting, case=case, user=request.user
            )
        )
        return refusal or self._meeting(meeting, status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="meetings_agenda_remove",
        summary="Take a case off the agenda",
        description="The board secretary takes an undecided item off the agenda: "
        "on_agenda → approved.",
        parameters=[ITEM],
        request=None,
        responses=_responses(
            api.MeetingSerializer,
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
        _none, refusal = api._run_step(
            lambda: meeting_services.agenda_remove(item=item, user=request.user)
        )
        return refusal or self._meeting(item.meeting)

    @extend_schema(
        operation_id="meetings_agenda_move",
        summary="Move an agenda item up or down",
        parameters=[ITEM],
        request=AgendaMoveSerializer,
        responses=_responses(
            api.MeetingSerializer,
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
        _item, refusal = api._run_step(
            lambda: meeting_services.agenda_move(
                item=item, offset=offset, user=request.user
            )
        )
        return refusal or self._meeting(item.meeting)

    @extend_schema(
        operation_id="meetings_agenda_decision",
        summary="Record the decision on an agenda item",
        description="The board secretary records the beslut; it takes the next § "
        "of the board's year. approve, note, reject, other: on_agenda → "
        "decided; refer_back: on to drafting; postpone: the case joins the "
        "agenda of `later_meeting`.",
        parameters=[ITEM],
        request=DecisionInputSerializer,
        responses=_responses(
            api.AgendaItemSerializer,
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
        _decision, refusal = api._run_step(
            lambda: meeting_services.decision_record(
                item=item,
                user=request.user,
                votes=votes,
                member_votes=member_votes,
                statements=statements,
                **data,
            )
        )
        if refusal:
            return refusal
        fresh = (
            self.get_queryset()
            .get(pk=item.meeting_id)
            .items.all()  # the prefetched, visible items
        )
        fresh_item = next(row for row in fresh if row.pk == item.pk)
        return Response(
            api.AgendaItemSerializer(
                fresh_item, context=self.get_serializer_context()
            ).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        operation_id="meetings_send_for_justering",
        summary="Send the minutes for justering",
        description="The board secretary sends the minutes for justering once "
        "every agenda item has a decision and the meeting has a chair.",
        request=None,
        responses=_responses(JusteringSerializer, input_=False),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="send-for-justering",
        url_name="send-for-justering",
    )
    def send_for_justering(self, request, pk=None, format=None) -> Response:
        meeting = self.get_object()
        _justering, refusal = api._run_step(
            lambda: justering_services.minutes_send_for_justering(
                meeting=meeting, user=request.user
            )
        )
        return refusal or self._justering(meeting)

    @extend_schema(
        operation_id="meetings_confirm",
        summary="Confirm the minutes",
        description="The chair or a justerare confirms the minutes, each once "
        "with their own login; the last confirmation adjusts the meeting (its "
        "decided cases become adjusted and the notice goes up).",
        request=None,
        responses=_responses(JusteringSerializer, input_=False),
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None, format=None) -> Response:
        meeting = self.get_object()
        _confirmation, refusal = api._run_step(
            lambda: justering_services.justering_confirm(
                meeting=meeting, user=request.user
            )
        )
        return refusal or self._justering(meeting)

    @extend_schema(
        operation_id="meetings_agenda_proposals",
        summary="Propose a change to a §",
        description="While justering is open the chair or a justerare proposes "
        "a change to the decision of an item; the secretary answers it "
        "(`/api/proposals/{id}/answer/`).",
        parameters=[ITEM],
        request=ProposalInputSerializer,
        responses=_responses(
            ChangeProposalSerializer,
            code=201,
            not_found="No such meeting, or no such item visible to the user.",
        ),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"agenda/(?P<item_pk>[0-9]+)/proposals",
        url_name="agenda-proposals",
    )
    def agenda_proposals(self, request, pk=None, item_pk=None, format=None) -> Response:
        item = self._item(item_pk)
        self._check_signer(item.meeting)
        text = self._input(ProposalInputSerializer)["text"]
        proposal, refusal = api._run_step(
            lambda: justering_services.justering_propose_change(
                item=item, user=request.user, text=text
            )
        )
        return refusal or Response(
            ChangeProposalSerializer(proposal).data, status=status.HTTP_201_CREATED
        )


class ProposalAnswerView(generics.GenericAPIView):
    """The board secretary accepts or rejects a proposed change, with a note.
    Accepting clears the confirmations made so far (the chair and justerare
    confirm again) and, with `new_text`, replaces the decision text of the §."""

    permission_classes = [IsAuthenticated, TwoFactorVerified]
    serializer_class = ProposalAnswerSerializer

    def get_queryset(self) -> QuerySet[ChangeProposal]:
        return ChangeProposal.objects.filter(
            item__case__in=Case.objects.visible_to(self.request.user)
        ).select_related("meeting__board__organisation", "item")

    @extend_schema(
        operation_id="proposals_answer",
        summary="Answer a proposed change",
        request=ProposalAnswerSerializer,
        responses=_responses(
            ChangeProposalSerializer,
            not_found="No such proposal on an item visible to the user.",
        ),
    )
    def post(self, request, pk: int) -> Response:
        proposal = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answered, refusal = api._run_step(
            lambda: justering_services.justering_decide_proposal(
                proposal=proposal, user=request.user, **serializer.validated_data
            )
        )
        return refusal or Response(ChangeProposalSerializer(answered).data)
