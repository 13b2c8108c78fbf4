"""Serializers of the målbild's API (targets/api.py): the public read side (a
vision, its members' rows, goals, follow-ups, documents, aktiverade lägen) and the
input of the actions."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.models import Board, Organisation

from .models import (
    Activation,
    Evidence,
    Foundation,
    Goal,
    GoalFollowUp,
    MemberApproval,
    Milestone,
    Vision,
    VisionDocument,
)


def _values(choices) -> str:
    return ", ".join(value for value, _label in choices)


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    """A choice documented as a string with its values in the description: the
    schema already has enums named "status" and "kind", and a second one would
    collide."""


# Read side -------------------------------------------------------------------


class MemberSerializer(serializers.ModelSerializer):
    """The member organisation of a row."""

    kind = serializers.CharField(
        read_only=True, help_text=f"One of: {_values(Organisation.Kind.choices)}."
    )

    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind"]
        read_only_fields = fields


class MemberApprovalSerializer(serializers.ModelSerializer):
    """One member's handling of the vision: its case, the approval and the
    board's decision. Needs `organisation`, `case` and `approved_by` loaded."""

    organisation = MemberSerializer(read_only=True)
    status = serializers.CharField(
        read_only=True,
        help_text=f"Derived from the row; one of: "
        f"{_values(MemberApproval.Status.choices)}.",
    )
    status_label = serializers.CharField(
        source="get_status_display",
        read_only=True,
        help_text="The status as the pages show it, in the request's language.",
    )
    case_number = serializers.CharField(
        source="number",
        read_only=True,
        help_text="The member's case number: the linked case's in the portal, "
        "else the one typed in from the member's own diarium.",
    )
    approver = serializers.CharField(
        read_only=True, help_text="Who approved the vision for the member."
    )
    decision_kind = serializers.CharField(
        read_only=True,
        help_text=f"The board's decision, empty until then; one of: "
        f"{_values(MemberApproval.BoardDecision.choices)}.",
    )
    decision_paragraph = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The § of the board's minutes."
    )

    class Meta:
        model = MemberApproval
        fields = [
            "organisation",
            "status",
            "status_label",
            "received_on",
            "case_number",
            "approved_on",
            "approver",
            "board_name",
            "decision_kind",
            "decision_date",
            "decision_paragraph",
        ]
        read_only_fields = fields


class VisionSerializer(serializers.ModelSerializer):
    """A vision with every member's row. Needs `adopted_on` annotated and
    `approvals` prefetched (VisionViewSet.get_queryset)."""

    url = serializers.HyperlinkedIdentityField(view_name="vision-detail")
    period = serializers.CharField(read_only=True, help_text='E.g. "2023–2026".')
    adopted_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="When the vision was adopted (its latest adopted version).",
    )
    members = MemberApprovalSerializer(source="approvals", many=True, read_only=True)

    class Meta:
        model = Vision
        fields = [
            "id",
            "url",
            "title",
            "start_year",
            "end_year",
            "period",
            "aim",
            "adopted_on",
            "members",
        ]
        read_only_fields = fields


class FoundationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Foundation
        fields = ["id", "position", "title", "text"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(
        read_only=True, help_text=f"One of: {_values(Evidence.Kind.choices)}."
    )
    case_number = serializers.CharField(
        source="case.number", read_only=True, allow_null=True, default=None
    )
    url = serializers.CharField(
        read_only=True, help_text="The link (a URL); empty for evidence without one."
    )

    class Meta:
        model = Evidence
        fields = ["kind", "title", "url", "case_number"]
        read_only_fields = fields


class FollowUpSerializer(serializers.ModelSerializer):
    """A goal's status in one year of the period."""

    status = serializers.CharField(
        read_only=True, help_text=f"One of: {_values(GoalFollowUp.Status.choices)}."
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = GoalFollowUp
        fields = ["goal", "year", "status", "status_label", "comment", "evidence"]
        read_only_fields = fields


class GoalSerializer(serializers.ModelSerializer):
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "position", "title", "ambition", "follow_ups"]
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer):
    status = serializers.CharField(
        read_only=True, help_text=f"One of: {_values(Milestone.Status.choices)}."
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "goal",
            "title",
            "due_date",
            "status",
            "status_label",
            "done_date",
        ]
        read_only_fields = fields


class VisionDocumentSerializer(serializers.ModelSerializer):
    """A bilaga of the vision and where to download it."""

    download_url = serializers.SerializerMethodField()

    class Meta:
        model = VisionDocument
        fields = ["id", "position", "title", "content_type", "size", "download_url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, document: VisionDocument) -> str:
        path = document.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ActivationSerializer(serializers.ModelSerializer):
    """A period of aktiverat läge of the network."""

    level = serializers.CharField(
        read_only=True,
        help_text=f"Empty where the sources do not say; else one of: "
        f"{_values(Activation.Level.choices)}.",
    )
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    is_ongoing = serializers.BooleanField(read_only=True)

    class Meta:
        model = Activation
        fields = [
            "id",
            "started_on",
            "ended_on",
            "is_ongoing",
            "level",
            "level_label",
            "reason",
            "requested_by",
        ]
        read_only_fields = fields


class VisionDetailSerializer(VisionSerializer):
    """A vision with its content, every member's row and the aktiverade lägen
    that overlap its period (`activations`, set by the view)."""

    foundations = FoundationSerializer(many=True, read_only=True)
    goals = GoalSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    documents = VisionDocumentSerializer(many=True, read_only=True)
    activations = serializers.SerializerMethodField()

    class Meta(VisionSerializer.Meta):
        fields = [
            *VisionSerializer.Meta.fields,
            "description",
            "foundations",
            "goals",
            "milestones",
            "documents",
            "activations",
        ]
        read_only_fields = fields

    @extend_schema_field(ActivationSerializer(many=True))
    def get_activations(self, vision: Vision) -> list[dict]:
        return ActivationSerializer(self.context["activations"], many=True).data


class StatusCountSerializer(serializers.Serializer):
    status = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    count = serializers.IntegerField(read_only=True)


class MatrixSerializer(serializers.Serializer):
    """The members' rows of a vision after the filters, with the counts per
    status of the rows the kind (and name) filter leaves."""

    vision = serializers.IntegerField(source="vision.pk", read_only=True)
    total = serializers.IntegerField(
        read_only=True, help_text="Members of the kind (all kinds: every member)."
    )
    counts = StatusCountSerializer(many=True, read_only=True, source="count_rows")
    results = MemberApprovalSerializer(many=True, read_only=True)


class MatrixFilterSerializer(serializers.Serializer):
    kind = PlainChoiceField(
        choices=Organisation.Kind.choices, required=False, allow_blank=True
    )
    status = PlainChoiceField(
        choices=MemberApproval.Status.choices, required=False, allow_blank=True
    )
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)


# Actions -------------------------------------------------------------------------


class CaseCreateSerializer(serializers.Serializer):
    board = serializers.PrimaryKeyRelatedField(
        queryset=Board.objects.select_related("organisation"),
        required=False,
        allow_null=True,
        default=None,
        help_text="The id of a board of your own organisation; by default its "
        "kommunstyrelse (prefix KS), else its first board.",
    )


class CaseCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True, help_text='E.g. "KS 2026/12".')
    title = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True, help_text="The case's page.")
    api_url = serializers.URLField(read_only=True, help_text="The case in the API.")


class MemberRecordSerializer(serializers.Serializer):
    """What a member outside the portal reports; the fields left out keep their
    values."""

    received_on = serializers.DateField(required=False, allow_null=True)
    case_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    approved_on = serializers.DateField(required=False, allow_null=True)
    approver_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )
    board_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    decision_kind = PlainChoiceField(
        choices=MemberApproval.BoardDecision.choices,
        required=False,
        allow_blank=True,
        help_text=f"Empty or one of: {_values(MemberApproval.BoardDecision.choices)}.",
    )
    decision_date = serializers.DateField(required=False, allow_null=True)
    decision_paragraph = serializers.IntegerField(
        required=False, allow_null=True, min_value=1
    )
    note = serializers.CharField(required=False, allow_blank=True)


class FollowUpInputSerializer(serializers.Serializer):
    goal = serializers.PrimaryKeyRelatedField(
        queryset=Goal.objects.none(), help_text="The id of a goal of this vision."
    )
    year = serializers.IntegerField(help_text="A year of the vision's period.")
    status = PlainChoiceField(
        choices=GoalFollowUp.Status.choices,
        help_text=f"One of: {_values(GoalFollowUp.Status.choices)}.",
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vision = self.context.get("vision")
        if vision is not None:
            self.fields["goal"].queryset = Goal.objects.filter(vision=vision)
