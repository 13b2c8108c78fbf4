"""The public anslagstavla through the API: the notices up today, no login."""

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from ..models import Notice


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
