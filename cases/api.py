"""Read-only REST API of the diarium: cases and the documents registered in them.

Who sees what follows the web pages: `Case.objects.visible_to(user)` decides which
cases a user sees, and `is_insider` decides, case by case, whether the user also
sees the internal fields. Registered in `ssr_portal/api_urls.py`.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse as django_reverse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from members.api import BoardSummarySerializer, OrganisationSummarySerializer
from members.models import Board
from members.two_factor import TwoFactorVerified
from ssr_portal.api_fields import LocalTimeField

from .models import (
    AgendaItem,
    ApprovalEvent,
    Case,
    Decision,
    DecisionStatement,
    Dispatch,
    Document,
    JournalEntry,
    Meeting,
    MemberVote,
    Notice,
    Secrecy,
    Vote,
)
from .services import dispatch as dispatch_services
from .services import workflow

T = TypeVar("T")

INTERNAL_ONLY = (
    "Only for the people of the case's own organisation; absent for everyone else."
)


def is_insider(user, case: Case) -> bool:
    """Whether `user` belongs to the organisation that owns `case` (or is a superuser).

    Insiders see the internal fields of the case and all its registered documents.
    Needs `case.board` loaded (the viewsets select it).
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return (
        user.organisation_id is not None
        and user.organisation_id == case.board.organisation_id
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
        field_name="board__organisation__slug",
        help_text="The slug of the organisation that owns the case.",
    )

    class Meta:
        model = Case
        fields = ["board", "organisation", "year", "status", "kind"]


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


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True, help_text="Why, for the user.")


def _run_step(step: Callable[[], T]) -> tuple[T | None, Response | None]:
    """Call a service step: (its result, None), or (None, the refusal as a
    Response). Every step of the API maps refusals the same way:
    PermissionDenied → 403 and StepRefused → 409, each as {"detail"};
    ValidationError → 400 with the field errors (or {"detail"} without fields).
    Nothing was changed in each case: the services refuse before they write."""
    try:
        return step(), None
    except PermissionDenied as error:
        return None, Response({"detail": str(error)}, status.HTTP_403_FORBIDDEN)
    except workflow.StepRefused as refused:
        return None, Response({"detail": refused.message}, status.HTTP_409_CONFLICT)
    except ValidationError as error:
        body = (
            error.message_dict
            if hasattr(error, "error_dict")
            else {"detail": " ".join(error.messages)}
        )
        return None, Response(body, status.HTTP_400_BAD_REQUEST)


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


def _dispatch_responses() -> dict:
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
    """

    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    filter_backends = [filters.DjangoFilterBackend, SearchFilter]
    search_fields = ["number", "title"]

    def get_queryset(self) -> QuerySet[Case]:
        # The primary key breaks ties (two boards may both have "KS 2023/1"), so
        # that pages never overlap.
        return (
            Case.objects.visible_to(self.request.user)
            .with_related()
            .order_by("-year", "-serial", "-pk")
        )

    # The approval workflow: the same services and rules as the pages.

    def _take_step(self, step, **kwargs) -> Response:
        case = self.get_object()
        event, refusal = _run_step(
            lambda: step(case=case, user=self.request.user, **kwargs)
        )
        if refusal:
            return refusal
        return Response(
            WorkflowResultSerializer({"status": case.status, "event": event}).data
        )

    def _check_may_write(self, case: Case) -> None:
        """A 403 for someone who may not change the board's cases at all, before
        their input is looked at (the service checks the role of each step)."""
        from .services.diarium import user_may_write

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
        _rows, refusal = _run_step(lambda: step(case=case, user=self.request.user))
        if refusal:
            return refusal
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
        responses=_dispatch_responses(),
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
        responses=_dispatch_responses(),
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


class SectionSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    text = serializers.CharField(
        read_only=True, help_text="As written, in the portal's section markup."
    )
    html = serializers.CharField(read_only=True, help_text="Sanitised HTML.")


class SignatorySerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)


class AttachmentSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True, help_text='"Bilaga 1." is 1.')
    title = serializers.CharField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    source_case = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The number of the case whose document is the attachment.",
    )


class ReferenceSerializer(serializers.Serializer):
    number = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True)


class DocumentSerializer(serializers.Serializer):
    """A case's tjänsteskrivelse, read whole."""

    case = serializers.CharField(read_only=True, help_text="The diarienummer.")
    title = serializers.CharField(read_only=True)
    document_date = serializers.DateField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    references = ReferenceSerializer(many=True, read_only=True)
    recipients = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Beslutet ska skickas till.",
    )
    pdf_url = serializers.URLField(read_only=True)


class CaseDocumentView(generics.GenericAPIView):
    """The tjänsteskrivelse of a case (404 while it has none, or when the case is
    not visible to the user, as in `/api/cases/`). For logged-in users, as its
    page and its PDF are: a draft is not published by being public in the
    diarium. References and attached cases the user may not see are left out
    (their number and title are as secret as the case)."""

    serializer_class = DocumentSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request, case_pk: int) -> Response:
        case = get_object_or_404(
            Case.objects.visible_to(request.user)
            .select_related("board")
            .prefetch_related("recipients", "references__referenced_case"),
            pk=case_pk,
        )
        visible = set(
            Case.objects.visible_to(request.user)
            .filter(Q(referenced_by__case=case) | Q(attached_to__document__case=case))
            .values_list("pk", flat=True)
        )
        document = get_object_or_404(
            Document.objects.prefetch_related(
                "sections", "signatories", "attachments__source_case"
            ),
            case=case,
        )
        data = {
            "case": case.number,
            "title": document.title,
            "document_date": document.document_date,
            "version": document.version,
            "sections": document.sections.all(),
            "signatories": document.signatories.all(),
            "attachments": [
                {
                    "number": position,
                    "title": a.title,
                    "content_type": a.content_type,
                    "size": a.size,
                    "source_case": a.source_case.number
                    if a.source_case_id in visible
                    else None,
                }
                for position, a in enumerate(document.attachments.all(), start=1)
            ],
            "references": [
                {
                    "number": r.referenced_case.number,
                    "title": r.referenced_case.title,
                    "note": r.note,
                    "url": reverse(
                        "case-detail", args=[r.referenced_case_id], request=request
                    ),
                }
                for r in case.references.all()
                if r.referenced_case_id in visible
            ],
            "recipients": [r.name for r in case.recipients.all()],
            "pdf_url": request.build_absolute_uri(
                django_reverse("cases:document-pdf", args=[case.pk])
            ),
        }
        return Response(self.get_serializer(data).data)


# Meetings, their agendas and decisions (read-only) ------------------------------


class VoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vote
        fields = ["option", "count"]
        read_only_fields = fields


class MemberVoteSerializer(serializers.ModelSerializer):
    member = serializers.StringRelatedField(help_text="The member's name.")

    class Meta:
        model = MemberVote
        fields = ["member", "option"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.STR)
class _PlainChoiceField(serializers.ChoiceField):
    """A choice documented as a string with its values in the description: the
    schema already has an enum named "kind" (the case's), and a second one
    would collide."""


class DecisionStatementSerializer(serializers.ModelSerializer):
    kind = _PlainChoiceField(
        choices=DecisionStatement.Kind.choices,
        read_only=True,
        help_text="reservation (reservation) or note (protokollsanteckning).",
    )
    member = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = DecisionStatement
        fields = ["kind", "member", "text"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    """The beslut on an agenda item, as recorded by the board secretary."""

    kind = _PlainChoiceField(
        choices=Decision.Kind.choices,
        read_only=True,
        help_text="approve (bifall), note (noterar till protokollet), refer_back "
        "(återremiss), postpone (bordläggning), reject (avslag) or other.",
    )
    motions = serializers.CharField(read_only=True, help_text="Yrkanden.")
    procedure = serializers.CharField(read_only=True, help_text="Beslutsgång.")
    later_meeting = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Bordläggning: the id of the meeting the case moved to.",
    )
    votes = VoteSerializer(many=True, read_only=True)
    member_votes = MemberVoteSerializer(many=True, read_only=True)
    statements = DecisionStatementSerializer(
        many=True, read_only=True, help_text="Reservationer and protokollsanteckningar."
    )
    not_participating = serializers.StringRelatedField(
        many=True, read_only=True, help_text="Jäv: members who did not take part."
    )

    class Meta:
        model = Decision
        fields = [
            "kind",
            "text",
            "motions",
            "procedure",
            "later_meeting",
            "votes",
            "member_votes",
            "statements",
            "not_participating",
            "created_at",
        ]
        read_only_fields = fields


class AgendaCaseSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="case-detail")

    class Meta:
        model = Case
        fields = ["id", "url", "number", "title", "status"]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    """An item of the föredragningslista; `paragraph` (§) once decided."""

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


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
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
            AgendaItem.objects.filter(
                case__in=Case.objects.visible_to(self.request.user)
            )
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
            **_dispatch_responses(),
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
        _row, refusal = _run_step(
            lambda: dispatch_services.dispatch_mark_done(
                dispatch=row,
                user=request.user,
                note=serializer.validated_data.get("note", ""),
            )
        )
        if refusal:
            return refusal
        case = row.case
        case.refresh_from_db()
        return Response(
            DispatchResultSerializer(
                {"status": case.status, "dispatches": case.dispatches.all()}
            ).data
        )


class NoticeSerializer(serializers.ModelSerializer):
    """A notice of the anslagstavla: the minutes of a meeting are adjusted."""

    board = serializers.CharField(source="meeting.board.name", read_only=True)
    organisation = serializers.CharField(
        source="meeting.board.organisation.name", read_only=True
    )
    meeting_date = serializers.DateField(source="meeting.meeting_date", read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "board",
            "organisation",
            "meeting",
            "meeting_date",
            "adjusted_date",
            "minutes_kept_at",
            "published_date",
            "last_appeal_date",
            "appeal_moved_from",
            "takedown_date",
        ]
        read_only_fields = fields


class NoticeViewSet(viewsets.ReadOnlyModelViewSet):
    """The public anslagstavla: the notices up today (published, not yet taken
    down), newest first; no login. A notice stays up through the last day to
    appeal and comes down on `takedown_date`, the day the decisions gain legal
    force unless appealed."""

    serializer_class = NoticeSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Notice]:
        return (
            Notice.objects.current().with_related().order_by("-published_date", "-pk")
        )
