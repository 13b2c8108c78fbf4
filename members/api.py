"""Read-only REST API of the members: organisations, their boards and populations.

Everything here is public reference data (SSR's membership is public), so every
endpoint answers anonymous users. Registered in `ssr_portal/api_urls.py`.
"""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from .models import Board, MembershipEvent, Organisation, Population


class OrganisationSummarySerializer(serializers.ModelSerializer):
    """An organisation as other resources refer to it."""

    url = serializers.HyperlinkedIdentityField(
        view_name="organisation-detail", lookup_field="slug"
    )

    class Meta:
        model = Organisation
        fields = ["slug", "name", "url"]
        read_only_fields = fields


class BoardSummarySerializer(serializers.ModelSerializer):
    """A board as other resources refer to it."""

    class Meta:
        model = Board
        fields = ["id", "name", "prefix"]
        read_only_fields = fields


class MembershipEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = MembershipEvent
        fields = ["kind", "effective_date", "note"]
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="organisation-detail", lookup_field="slug"
    )
    municipality_code = serializers.CharField(
        read_only=True,
        help_text="SCB's four-digit kommunkod; empty for all but municipalities.",
    )
    org_number = serializers.CharField(
        read_only=True,
        help_text="Swedish organisationsnummer (NNNNNN-NNNN); empty where unverified.",
    )
    website = serializers.CharField(
        read_only=True,
        help_text="The organisation's web address (a URL); empty where unknown.",
    )
    boards = BoardSummarySerializer(many=True, read_only=True)
    membership_events = MembershipEventSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "url",
            "name",
            "short_name",
            "kind",
            "org_number",
            "municipality_code",
            "website",
            "boards",
            "membership_events",
        ]
        read_only_fields = fields


class BoardSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="board-detail")
    organisation = OrganisationSummarySerializer(read_only=True)

    class Meta:
        model = Board
        fields = ["id", "url", "name", "prefix", "number_format", "organisation"]
        read_only_fields = fields


class PopulationSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)
    municipality_code = serializers.CharField(
        source="organisation.municipality_code",
        read_only=True,
        help_text="SCB's four-digit kommunkod of the municipality.",
    )

    class Meta:
        model = Population
        fields = [
            "id",
            "organisation",
            "municipality_code",
            "year",
            "population",
            "source",
        ]
        read_only_fields = fields


class OrganisationFilter(filters.FilterSet):
    class Meta:
        model = Organisation
        fields = ["kind", "municipality_code"]


class BoardFilter(filters.FilterSet):
    organisation = filters.CharFilter(
        field_name="organisation__slug", help_text="The organisation's slug."
    )

    class Meta:
        model = Board
        fields = ["organisation", "prefix"]


class PopulationFilter(filters.FilterSet):
    municipality_code = filters.CharFilter(
        field_name="organisation__municipality_code",
        help_text="SCB's four-digit kommunkod, e.g. 0126.",
    )
    organisation = filters.CharFilter(
        field_name="organisation__slug", help_text="The organisation's slug."
    )

    class Meta:
        model = Population
        fields = ["year", "municipality_code", "organisation"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The organisations of SSR (and SSR itself, kind `natverk`) with their boards
    and membership events. Public; looked up by slug."""

    queryset = Organisation.objects.prefetch_related(
        Prefetch("boards", queryset=Board.objects.order_by("name")),
        Prefetch(
            "membership_events",
            queryset=MembershipEvent.objects.order_by("effective_date", "pk"),
        ),
    )
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_field = "slug"


class BoardViewSet(viewsets.ReadOnlyModelViewSet):
    """The boards (nämnder and styrelser) of the organisations, each with its own
    diarium series. Public."""

    queryset = Board.objects.select_related("organisation").order_by(
        "organisation__name", "name", "pk"
    )
    serializer_class = BoardSerializer
    filterset_class = BoardFilter


class PopulationViewSet(viewsets.ReadOnlyModelViewSet):
    """Folkmängd of each municipality on 31 December of `year` (SCB), the base of
    SSR's cost allocation. Public."""

    queryset = Population.objects.select_related("organisation")
    serializer_class = PopulationSerializer
    filterset_class = PopulationFilter
