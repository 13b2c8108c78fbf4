"""Cases (ärenden) and the documents registered in them (their journal) through
the API, and the steps of a case: the approval workflow (submit, return,
approve, reopen), dispatching its decision and closing it.

Who sees what follows the web pages: `Case.objects.visible_to(user)` decides
which cases a user sees, and `is_insider` (cases/permissions.py) decides, case
by case, whether the user also sees the internal fields. A step calls its
service as the page does; a refusal is answered by the API's exception handler
(ssr_portal/lib/refusals.py): 403, 409 or 400, nothing changed.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from members.api import BoardSummarySerializer, OrganisationSummarySerializer
from members.models import Board
from members.two_factor import TwoFactorVerified
from ssr_portal.lib.keyset import KeysetPagination

from ..models import ApprovalEvent, Case, JournalEntry, Secrecy
from ..permissions import is_insider, user_may_write
from ..querysets import CaseQuerySet
from ..services import dispatch as dispatch_services
from ..services import workflow
from .base import RefusalSerializer
from .dispatch import DispatchResultSerializer, dispatch_responses

INTERNAL_ONLY = (
    "Only for the people of the case's own organisation; absent for everyone else."
)


class CaseSerializer(serializers.ModelSerializer):
    """A case. The internal fields (`handler_name`, `follow_up_date`, `secrecy`,
    `secrecy_reference`, `description`) are present only for the people of the
    case's own organisation."""

    internal_fields = (
        "handler_name",
        "follow_up_date",
        "secrecy",
        "secrecy_reference",
        "description",
    )

    url = serializers.HyperlinkedIdentityField(view_name="case-detail")
    entries_url = serializers.SerializerMethodField(
        help_text="The documents registered in the case."
    )
    board = BoardSummarySerializer(read_only=True)
    organisation = OrganisationSummarySerializer(
        source="board.organisation", read_only=True
    )
    handler_name = serializers.SerializerMethodField(
        help_text=f"The case officer (handläggare). {INTERNAL_ONLY}"
    )
    follow_up_date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=f"Bevakningsdatum: the handler is reminded on this day. {INTERNAL_ONLY}",
    )
    secrecy = serializers.ChoiceField(
        choices=Secrecy.choices, read_only=True, help_text=INTERNAL_ONLY
    )
    secrecy_reference = serializers.CharField(
        read_only=True,
        help_text=f"The OSL paragraph that applies. {INTERNAL_ONLY}",
    )
    description = serializers.CharField(read_only=True, help_text=INTERNAL_ONLY)

    class Meta:
        model = Case
        fields = [
            "id",
            "url",
            "number",
            "title",
            "board",
            "organisation",
            "kind",
            "status",
            "registered_date",
            "entries_url",
            "handler_name",
            "follow_up_date",
            "secrecy",
            "secrecy_reference",
            "description",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_entries_url(self, case: Case) -> str:
        return reverse(
            "case-entry-list",
            kwargs={"case_pk": case.pk},
            request=self.context.get("request"),
        )

    def get_handler_name(self, case: Case) -> str | None:
        return str(case.handler) if case.handler else None

    def to_representation(self, case: Case) -> dict:
        data = super().to_representation(case)
        request = self.context.get("request")
        if request is None or not is_insider(request.user, case):
            for name in self.internal_fields:
                data.pop(name, None)
        return data


class CaseSerializerSchema(OpenApiSerializerExtension):
    """Marks the internal fields of `CaseSerializer` as optional in the schema."""

    target_class = CaseSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(
            self.target, direction, bypass_extensions=True
        )
        schema["required"] = [
            name
            for name in schema.get("required", [])
            if name not in CaseSerializer.internal_fields
        ]
        return schema


class JournalEntrySerializer(serializers.ModelSerializer):
    """A document registered in a case. `secrecy_reference` is present only for the
    people of the case's own organisation."""

    number = serializers.CharField(read_only=True, help_text='E.g. "KS 2023/236-3".')
    secrecy_reference = serializers.CharField(
        read_only=True, help_text=f"The OSL paragraph that applies. {INTERNAL_ONLY}"
    )

    class Meta:
        model = JournalEntry
        fields = [
            "serial",
            "number",
            "direction",
            "document_date",
            "received_date",
            "counterpart",
            "subject",
            "secrecy",
            "secrecy_reference",
        ]
        read_only_fields = fields

    def to_representation(self, entry: JournalEntry) -> dict:
        data = super().to_representation(entry)
        request = self.context.get("request")
        if request is None or not is_insider(request.user, entry.case):
            data.pop("secrecy_reference", None)
        return data


class JournalEntrySerializerSchema(OpenApiSerializerExtension):
    """Marks `secrecy_reference` of `JournalEntrySerializer` as optional."""

    target_class = JournalEntrySerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(
            self.target, direction, bypass_extensions=True
        )
        schema["required"] = [
            name for name in schema.get("required", []) if name != "secrecy_reference"
        ]
        return schema


class CaseFilter(filters.FilterSet):
    board = filters.ModelChoiceFilter(
        queryset=Board.objects.all(), help_text="The board's id."
    )
    organisation = filters.CharFilter(
        method="filter_organisation",
        help_text="The slug of the organisation that owns the case.",
    )

    class Meta:
        model = Case
        fields = ["board", "organisation", "year", "status", "kind"]

    def filter_organisation(self, queryset: QuerySet[Case], name: str, value: str):
        # The organisation's boards by a subquery on the board table, not a join
        # of every case to its board and organisation (as the public diarium).
        return queryset.filter(
            board_id__in=Board.objects.filter(organisation__slug=value).values("pk")
        )


class CasePagination(KeysetPagination):
    """The list's pages by keyset on its order (`?cursor=` from `next` and
    `previous`), and its count up to 10 000: no OFFSET, no count of the table."""

    order = CaseQuerySet.NEWEST_FIRST


class ApprovalEventSerializer(serializers.ModelSerializer):
    """One step of the approval workflow, as recorded."""

    user = serializers.SerializerMethodField(help_text="Who took the step.")

    class Meta:
        model = ApprovalEvent
        fields = ["kind", "document_version", "user", "created_at", "comment"]
        read_only_fields = fields

    def get_user(self, event: ApprovalEvent) -> str | None:
        return str(event.user) if event.user else None


class WorkflowResultSerializer(serializers.Serializer):
    """The case after the step, and the step as recorded in the approval trail."""

    status = serializers.ChoiceField(choices=Case.Status.choices, read_only=True)
    event = ApprovalEventSerializer(read_only=True)


class ReturnRequestSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=4000, help_text="What the case officer should change (required)."
    )


class ReopenRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=4000, help_text="Why the approved report is reopened (required)."
    )


def _workflow_responses(*, with_input: bool) -> dict:
    responses = {
        200: WorkflowResultSerializer,
        403: OpenApiResponse(
            RefusalSerializer,
            description="Not logged in, or not the role or organisation for the step.",
        ),
        404: OpenApiResponse(
            RefusalSerializer, description="No such case visible to the user."
        ),
        409: OpenApiResponse(
            RefusalSerializer,
            description="The case's status does not allow the step (or its "
            "report is not ready for it). Nothing was changed.",
        ),
    }
    if with_input:
        responses[400] = OpenApiResponse(
            description='The comment or reason is missing: {"<field>": ["<message>"]}.'
        )
    return responses


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases (ärenden) of the diaria, newest first; looked up by id.

    Who sees which cases, and which fields:

    - Anonymous users see public cases only, and only their public fields: `id`,
      `url`, `number`, `title`, `board`, `organisation`, `kind`, `status`,
      `registered_date` and `entries_url`.
    - Logged-in users see the cases of `Case.objects.visible_to(user)`: every
      public case plus every case (secret ones too) of their own organisation.
    - For the cases of their own organisation (superusers: every case) they also
      see the internal fields `handler_name`, `follow_up_date`, `secrecy`,
      `secrecy_reference` and `description`. For other organisations' cases
      these keys are absent, so one list may mix both shapes.
    - A case the user may not see answers 404, exactly as one that does not exist.

    `search` matches the case number or title (case-insensitive, partial).

    The list comes a page at a time: follow `next` and `previous` (they carry an
    opaque `cursor`); `count` is exact up to 10 000 (`count_is_exact`). A cursor
    that is not one answers 400.
    """

    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    pagination_class = CasePagination
    filter_backends = [filters.DjangoFilterBackend, SearchFilter]
    search_fields = ["number", "title"]

    def get_queryset(self) -> QuerySet[Case]:
        # Newest first; the pagination seeks in this order.
        return Case.objects.visible_to(self.request.user).with_related().newest_first()

    # The approval workflow: the same services and rules as the pages.

    def _take_step(self, step, **kwargs) -> Response:
        case = self.get_object()
        event = step(case=case, user=self.request.user, **kwargs)
        return Response(
            WorkflowResultSerializer({"status": case.status, "event": event}).data
        )

    def _check_may_write(self, case: Case) -> None:
        """A 403 for someone who may not change the board's cases at all, before
        their input is looked at (the service checks the role of each step)."""
        if not user_may_write(user=self.request.user, board=case.board):
            self.permission_denied(
                self.request, message=_("You may not change this case.")
            )

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(
        summary="Submit the case for approval",
        description="The case officer (handläggare) of the case's organisation "
        "submits its tjänsteskrivelse: drafting → submitted. The report needs a "
        "section with text; from now on it cannot be changed.",
        request=None,
        responses=_workflow_responses(with_input=False),
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def submit(self, request, pk=None, format=None) -> Response:
        return self._take_step(workflow.case_submit)

    @extend_schema(
        summary="Return the case with a comment",
        description="A chief executive (kommundirektör) of the case's organisation "
        "returns the submitted case to the case officer: submitted → drafting.",
        request=ReturnRequestSerializer,
        responses=_workflow_responses(with_input=True),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        url_name="return",
        permission_classes=[IsAuthenticated],
    )
    def return_(self, request, pk=None, format=None) -> Response:
        # 404 for a case the user may not see, 403 for one they may not change,
        # before a 400 for the input.
        self._check_may_write(self.get_object())
        return self._take_step(
            workflow.case_return,
            comment=self._input(ReturnRequestSerializer)["comment"],
        )

    @extend_schema(
        summary="Approve the case",
        description="A chief executive of the case's organisation approves the "
        "submitted version: submitted → approved. Records who, when and the "
        "version; the approval shows in the PDF's signature block.",
        request=None,
        responses=_workflow_responses(with_input=False),
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[IsAuthenticated, TwoFactorVerified],
    )
    def approve(self, request, pk=None, format=None) -> Response:
        return self._take_step(workflow.case_approve)

    @extend_schema(
        summary="Reopen the approved case for changes",
        description="The case officer reopens an approved case: approved → "
        "drafting. The earlier approval stays in the trail; the case needs a new "
        "approval.",
        request=ReopenRequestSerializer,
        responses=_workflow_responses(with_input=True),
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def reopen(self, request, pk=None, format=None) -> Response:
        self._check_may_write(self.get_object())
        return self._take_step(
            workflow.case_reopen, reason=self._input(ReopenRequestSerializer)["reason"]
        )

    # Dispatch and closing (cases/services/dispatch.py), as on the case page.

    def _dispatch_step(self, step) -> Response:
        case = self.get_object()
        step(case=case, user=self.request.user)
        case.refresh_from_db()
        rows = case.dispatches.select_related("by")
        return Response(
            DispatchResultSerializer({"status": case.status, "dispatches": rows}).data
        )

    @extend_schema(
        summary="Dispatch the decision",
        description="The board secretary of the case's organisation dispatches "
        "the protokollsutdrag once the minutes are adjusted (status adjusted): "
        "an e-mail to each recipient with an address (sent after commit; "
        "`status` sent or failed), a manual row (to_do) for the rest. When "
        "every row is sent or done the case becomes dispatched.",
        request=None,
        responses=dispatch_responses(),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="dispatch",
        url_name="dispatch",
        permission_classes=[IsAuthenticated],
    )
    def dispatch_decision(self, request, pk=None, format=None) -> Response:
        return self._dispatch_step(dispatch_services.decision_dispatch)

    @extend_schema(
        summary="Close the case",
        description="A registrar or board secretary of the case's organisation "
        "closes the dispatched case: dispatched → closed.",
        request=None,
        responses=dispatch_responses(),
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def close(self, request, pk=None, format=None) -> Response:
        return self._dispatch_step(dispatch_services.case_close)


class JournalEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The documents registered in one case (its journal), in registration order;
    an entry is looked up by its serial within the case.

    The case must be visible to the user (as in `/api/cases/`), else 404.
    The people of the case's own organisation see every entry and its
    `secrecy_reference`; everyone else sees only the public entries, without
    `secrecy_reference`.
    """

    serializer_class = JournalEntrySerializer
    lookup_field = "serial"

    def get_queryset(self) -> QuerySet[JournalEntry]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return JournalEntry.objects.none()
        user = self.request.user
        case = get_object_or_404(
            Case.objects.visible_to(user).select_related("board"),
            pk=self.kwargs["case_pk"],
        )
        # Through the related manager every entry gets this `case` instance for
        # `entry.number` without one more query.
        entries = case.entries.order_by("serial")
        if not is_insider(user, case):
            entries = entries.filter(secrecy=Secrecy.PUBLIC)
        return entries
