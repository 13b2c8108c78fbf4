"""The justering of a meeting's minutes through the API
(cases/services/justering.py): sending the minutes for justering, the chair's
and the justerare's confirmations and proposed changes (actions of
`MeetingViewSet`, from `JusteringActions`), and the secretary's answer to a
proposal (`ProposalAnswerView`)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from members.two_factor import TwoFactorVerified

from ..models import Case, ChangeProposal, Meeting
from ..services import justering as justering_services
from .base import ITEM, meeting_step_responses


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


class JusteringActions:
    """The justering's actions of `MeetingViewSet` (`/api/meetings/{id}/…`): they
    use its `get_object`, `_item` (an item of the meeting visible to the user)
    and `_input` (the validated request body)."""

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

    def _justering(self, meeting: Meeting) -> Response:
        meeting.refresh_from_db()
        state = justering_services.justering_state(
            meeting=meeting, user=self.request.user
        )
        return Response(JusteringSerializer(state).data)

    @extend_schema(
        operation_id="meetings_send_for_justering",
        summary="Send the minutes for justering",
        description="The board secretary sends the minutes for justering once "
        "every agenda item has a decision and the meeting has a chair; this "
        "numbers the §§ in agenda order from the board's series of the year. "
        "Refused (409) while an earlier meeting of the board that year has "
        "decisions without §§.",
        request=None,
        responses=meeting_step_responses(JusteringSerializer, input_=False),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="send-for-justering",
        url_name="send-for-justering",
    )
    def send_for_justering(self, request, pk=None, format=None) -> Response:
        meeting = self.get_object()
        justering_services.minutes_send_for_justering(
            meeting=meeting, user=request.user
        )
        return self._justering(meeting)

    @extend_schema(
        operation_id="meetings_confirm",
        summary="Confirm the minutes",
        description="The chair or a justerare confirms the minutes, each once "
        "with their own login; the last confirmation adjusts the meeting (its "
        "decided cases become adjusted and the notice goes up).",
        request=None,
        responses=meeting_step_responses(JusteringSerializer, input_=False),
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None, format=None) -> Response:
        meeting = self.get_object()
        justering_services.justering_confirm(meeting=meeting, user=request.user)
        return self._justering(meeting)

    @extend_schema(
        operation_id="meetings_agenda_proposals",
        summary="Propose a change to a §",
        description="While justering is open the chair or a justerare proposes "
        "a change to the decision of an item; the secretary answers it "
        "(`/api/proposals/{id}/answer/`).",
        parameters=[ITEM],
        request=ProposalInputSerializer,
        responses=meeting_step_responses(
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
        proposal = justering_services.justering_propose_change(
            item=item, user=request.user, text=text
        )
        return Response(
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
        responses=meeting_step_responses(
            ChangeProposalSerializer,
            not_found="No such proposal on an item visible to the user.",
        ),
    )
    def post(self, request, pk: int) -> Response:
        proposal = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answered = justering_services.justering_decide_proposal(
            proposal=proposal, user=request.user, **serializer.validated_data
        )
        return Response(ChangeProposalSerializer(answered).data)
