"""The målbild through the API: the public visions with every member's row, and
the steps of the målbild (targets/services/) as actions.

Reading is public, as the matrix pages are. The actions need a login and keep
the services' rules; refusals are answered as everywhere in the API (the
exception handler in ssr_portal/lib/refusals.py): PermissionDenied → 403,
StepRefused → 409, ValidationError → 400 (the field errors), each with
`{"detail"}` otherwise. Registered in `ssr_portal/api_urls.py`.
"""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from cases.api.base import RefusalSerializer
from members.two_factor import TwoFactorVerified
from ssr_portal.lib.collation import swedish

from . import services
from .models import Evidence, GoalFollowUp, MemberApproval, Vision, VisionVersion
from .serializers import (
    CaseCreatedSerializer,
    CaseCreateSerializer,
    FollowUpInputSerializer,
    FollowUpSerializer,
    MatrixFilterSerializer,
    MatrixSerializer,
    MemberApprovalSerializer,
    MemberRecordSerializer,
    VisionDetailSerializer,
    VisionSerializer,
)


def _rows() -> QuerySet[MemberApproval]:
    """The members' rows as the serializers read them, in Swedish name order."""
    return MemberApproval.objects.select_related(
        "organisation", "case", "approved_by"
    ).order_by(swedish("organisation__name"))


def _responses(ok, *, code=200, forbidden: str, conflict: str = "", input_=True):
    responses = {
        code: ok,
        403: OpenApiResponse(RefusalSerializer, description=forbidden),
        404: OpenApiResponse(RefusalSerializer, description="No such vision."),
    }
    if conflict:
        responses[409] = OpenApiResponse(RefusalSerializer, description=conflict)
    if input_:
        responses[400] = OpenApiResponse(
            description='Bad input: {"<field>": ["<message>"]}. Nothing was changed.'
        )
    return responses


MEMBER = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The member organisation's slug.",
)


class VisionViewSet(viewsets.ReadOnlyModelViewSet):
    """SSR's målbild per mandate period, newest first, with every member
    organisation's handling of it: its status (not started, case registered,
    approved, noted / adopted / rejected by the board), its case number, who
    approved and when, and the board's decision with its date and §. Public.

    The detail adds the foundations, the goals with their yearly follow-up, the
    milestones, the bilagor (with their download URL) and the aktiverade lägen
    that overlap the period.
    """

    def get_queryset(self) -> QuerySet[Vision]:
        visions = Vision.objects.all()
        if self.action not in ("list", "retrieve"):
            return visions
        adopted = (
            VisionVersion.objects.filter(
                vision=OuterRef("pk"), kind=VisionVersion.Kind.ADOPTED
            )
            .order_by("-date")
            .values("date")[:1]
        )
        visions = visions.annotate(adopted_on=Subquery(adopted)).prefetch_related(
            Prefetch("approvals", queryset=_rows())
        )
        if self.action == "retrieve":
            follow_ups = GoalFollowUp.objects.order_by("year").prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.select_related("case"))
            )
            visions = visions.prefetch_related(
                "foundations",
                Prefetch("goals__follow_ups", queryset=follow_ups),
                "milestones",
                "documents",
            )
        return visions

    def get_serializer_class(self):
        if self.action == "retrieve":
            return VisionDetailSerializer
        return VisionSerializer

    def retrieve(self, request, *args, **kwargs) -> Response:
        vision = self.get_object()
        context = {
            **self.get_serializer_context(),
            "activations": services.activations_for(vision),
        }
        return Response(VisionDetailSerializer(vision, context=context).data)

    # The members' matrix -------------------------------------------------------

    @extend_schema(
        operation_id="visions_members",
        summary="The members' rows of a vision, filtered, with counts",
        description="Every member's row for the vision (as the matrix page), "
        "filtered by the member's `kind`, by `status` and by a part of its name "
        "(`q`). `counts` and `total` are those of the rows the kind and name "
        "filters leave, so that they add up to the members of that kind. Public.",
        parameters=[MatrixFilterSerializer],
        responses={
            200: MatrixSerializer,
            400: OpenApiResponse(description='Unknown kind or status: {"kind": […]}.'),
            404: OpenApiResponse(RefusalSerializer, description="No such vision."),
        },
    )
    @action(detail=True, methods=["get"], url_path="members", url_name="members")
    def members(self, request, pk=None, format=None) -> Response:
        vision = self.get_object()
        filters = MatrixFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        matrix = services.vision_matrix(
            vision,
            kind=filters.validated_data.get("kind", ""),
            status=filters.validated_data.get("status", ""),
            query=filters.validated_data.get("q", ""),
        )
        data = {
            "vision": vision,
            "total": matrix.total,
            "count_rows": [
                {"status": value, "label": label, "count": count}
                for value, label, count in matrix.count_rows
            ],
            "results": [row.approval for row in matrix.rows],
        }
        return Response(MatrixSerializer(data).data)

    def _row(self, vision: Vision, slug: str) -> MemberApproval:
        return get_object_or_404(_rows().filter(vision=vision), organisation__slug=slug)

    @extend_schema(
        methods=["GET"],
        operation_id="visions_member",
        summary="One member's row of a vision",
        parameters=[MEMBER],
        responses={
            200: MemberApprovalSerializer,
            404: OpenApiResponse(
                RefusalSerializer, description="No such vision or member."
            ),
        },
    )
    @extend_schema(
        methods=["PATCH"],
        operation_id="visions_member_record",
        summary="Record what a member outside the portal reports",
        description="The SSR coordinator types in what a member that does not "
        "use the portal reports: its case number, who approved the vision and "
        "when, its board's decision with date and §. The fields left out keep "
        "their values. Refused (403) for anyone else, and for a member that uses "
        "the portal: there its kommundirektör approves and its board's decision "
        "is recorded by itself.",
        parameters=[MEMBER],
        request=MemberRecordSerializer,
        responses=_responses(
            MemberApprovalSerializer,
            forbidden="Not logged in, not the SSR coordinator, or the member uses "
            "the portal. Nothing was changed.",
        ),
    )
    @action(
        detail=True,
        methods=["get", "patch"],
        url_path=r"members/(?P<slug>[-\w]+)",
        url_name="member",
    )
    def member(self, request, pk=None, slug=None, format=None) -> Response:
        vision = self.get_object()
        row = self._row(vision, slug)
        if request.method in ("GET", "HEAD"):
            return Response(MemberApprovalSerializer(row).data)
        if not request.user.is_authenticated:
            self.permission_denied(request)
        # Refuse the wrong person (or a member in the portal) before reading input.
        services.member_record_check(user=request.user, organisation=row.organisation)
        fields = MemberRecordSerializer(data=request.data, partial=True)
        fields.is_valid(raise_exception=True)
        services.member_record(approval=row, user=request.user, **fields.validated_data)
        return Response(MemberApprovalSerializer(self._row(vision, slug)).data)

    # The member's steps ----------------------------------------------------------

    @extend_schema(
        operation_id="visions_approve",
        summary="Approve the vision for your organisation",
        description="The kommundirektör (or biträdande) approves the vision for "
        "their own organisation, with their own login; who and when are "
        "recorded. Answers the organisation's row.",
        request=None,
        responses=_responses(
            MemberApprovalSerializer,
            forbidden="Not logged in, or not a chief executive of an organisation "
            "of the network. Nothing was changed.",
            conflict="The organisation has already approved the vision.",
            input_=False,
        ),
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[IsAuthenticated, TwoFactorVerified],
    )
    def approve(self, request, pk=None, format=None) -> Response:
        vision = self.get_object()
        row = services.member_approve(vision=vision, user=request.user)
        return Response(MemberApprovalSerializer(_rows().get(pk=row.pk)).data)

    @extend_schema(
        operation_id="visions_case",
        summary="Create your organisation's case about the vision",
        description="An official of a member registers the member's case about "
        "the vision in one step, on its board: the tjänsteskrivelse pre-filled "
        "(title, summary, the proposal that the board notes the information), "
        "the vision's documents as bilagor, SSR and Länsstyrelsen Stockholm as "
        "recipients; the case and the member's row are linked both ways.",
        request=CaseCreateSerializer,
        responses=_responses(
            CaseCreatedSerializer,
            code=201,
            forbidden="Not logged in, no case-writing role, or the board is "
            "another organisation's. Nothing was changed.",
            conflict="The organisation already has its case about the vision.",
        ),
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def case(self, request, pk=None, format=None) -> Response:
        vision = self.get_object()
        data = CaseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.member_case_create(
            vision=vision, user=request.user, board=data.validated_data["board"]
        )
        created = {
            "id": case.pk,
            "number": case.number,
            "title": case.title,
            "url": request.build_absolute_uri(case.get_absolute_url()),
            "api_url": reverse("case-detail", args=[case.pk], request=request),
        }
        return Response(
            CaseCreatedSerializer(created).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        operation_id="visions_follow_up",
        summary="Record a goal's status for a year",
        description="The SSR coordinator records (or changes) a goal's status for "
        "one year of the period, with a comment.",
        request=FollowUpInputSerializer,
        responses=_responses(
            FollowUpSerializer,
            forbidden="Not logged in, or not the SSR coordinator. Nothing was changed.",
        ),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="follow-ups",
        url_name="follow-ups",
        permission_classes=[IsAuthenticated],
    )
    def follow_ups(self, request, pk=None, format=None) -> Response:
        vision = self.get_object()
        # Who asks before what they send: a 403, not a 400, for others.
        if not services.user_may_manage_visions(request.user):
            self.permission_denied(
                request, message=_("Only the SSR coordinator may do this.")
            )
        data = FollowUpInputSerializer(data=request.data, context={"vision": vision})
        data.is_valid(raise_exception=True)
        follow_up = services.follow_up_set(user=request.user, **data.validated_data)
        return Response(FollowUpSerializer(follow_up).data)
