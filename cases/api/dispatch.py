"""The dispatch (expediering) of a case's decision through the API: the rows
as logged, and marking a manual dispatch as sent. Dispatching the decision and
closing the case are actions of the case (cases.py), with the same answers.
The same services and rules as the case page (cases/services/dispatch.py)."""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..models import Case, Dispatch
from ..services import dispatch as dispatch_services
from .base import RefusalSerializer


class DispatchSerializer(serializers.ModelSerializer):
    """One dispatch of a case's decision to one recipient, as logged."""

    by = serializers.SerializerMethodField(help_text="Who dispatched or marked it.")
    # Plain strings: a second enum named "status" would collide with the case's.
    method = serializers.CharField(read_only=True, help_text="email or manual.")
    status = serializers.CharField(
        read_only=True, help_text="to_do, sent, failed or done (by hand)."
    )
    email = serializers.CharField(
        read_only=True,
        help_text="The address it was sent to; empty for a dispatch by hand.",
    )

    class Meta:
        model = Dispatch
        fields = [
            "id",
            "recipient_name",
            "email",
            "method",
            "status",
            "sent_at",
            "by",
            "note",
            "error",
        ]
        read_only_fields = fields

    def get_by(self, row: Dispatch) -> str | None:
        return str(row.by) if row.by else None


class DispatchResultSerializer(serializers.Serializer):
    """The case's status after the step, and its dispatch log."""

    status = serializers.ChoiceField(choices=Case.Status.choices, read_only=True)
    dispatches = DispatchSerializer(many=True, read_only=True)


class DispatchDoneRequestSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="How it was sent (post, by hand).",
    )


def dispatch_responses() -> dict:
    return {
        200: DispatchResultSerializer,
        403: OpenApiResponse(
            RefusalSerializer,
            description="Not logged in, or not a board secretary (for closing: "
            "registrar or secretary) of the case's organisation.",
        ),
        404: OpenApiResponse(
            RefusalSerializer, description="No such case visible to the user."
        ),
        409: OpenApiResponse(
            RefusalSerializer,
            description="The case's status does not allow the step. Nothing was "
            "changed.",
        ),
        400: OpenApiResponse(
            description='The data the step would write is invalid: {"detail"} or '
            '{"<field>": ["<message>"]}. Nothing was changed.'
        ),
    }


class DispatchDoneView(generics.GenericAPIView):
    """Mark a manual dispatch as sent (post, by hand): the board secretary of
    the case's organisation. The same service and rules as the case page."""

    permission_classes = [IsAuthenticated]
    serializer_class = DispatchDoneRequestSerializer

    def get_queryset(self) -> QuerySet[Dispatch]:
        return Dispatch.objects.filter(
            case__in=Case.objects.visible_to(self.request.user)
        ).select_related("case__board__organisation")

    @extend_schema(
        operation_id="dispatches_done",
        summary="Mark a manual dispatch as sent",
        request=DispatchDoneRequestSerializer,
        responses={
            **dispatch_responses(),
            404: OpenApiResponse(
                RefusalSerializer,
                description="No such dispatch of a case visible to the user.",
            ),
            409: OpenApiResponse(
                RefusalSerializer,
                description="The dispatch is not a manual one waiting to be sent.",
            ),
        },
    )
    def post(self, request, pk: int) -> Response:
        row = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dispatch_services.dispatch_mark_done(
            dispatch=row,
            user=request.user,
            note=serializer.validated_data.get("note", ""),
        )
        case = row.case
        case.refresh_from_db()
        return Response(
            DispatchResultSerializer(
                {"status": case.status, "dispatches": case.dispatches.all()}
            ).data
        )
