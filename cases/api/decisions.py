"""The decision (beslut) on an agenda item through the API, as read and as
recorded by the board secretary (`/api/meetings/{id}/agenda/{item_pk}/decision/`)."""

from rest_framework import serializers

from members.models import Board

from ..models import Decision, DecisionStatement, Meeting, MemberVote, Vote
from .base import PEOPLE, PlainChoiceField


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


class DecisionStatementSerializer(serializers.ModelSerializer):
    kind = PlainChoiceField(
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

    kind = PlainChoiceField(
        choices=Decision.Kind.choices,
        read_only=True,
        help_text="approve (bifall), note (noterar till protokollet), refer_back "
        "(återremiss), postpone (bordläggning), reject (avslag), file (lägga till "
        "handlingarna), propose (föreslå <board> besluta), opinion (yttrande) or "
        "other.",
    )
    motions = serializers.CharField(read_only=True, help_text="Yrkanden.")
    procedure = serializers.CharField(read_only=True, help_text="Beslutsgång.")
    later_meeting = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Bordläggning: the id of the meeting the case moved to.",
    )
    proposed_to = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Föreslå <board> besluta: the id of the body the proposal goes to.",
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
            "proposed_to",
            "votes",
            "member_votes",
            "statements",
            "not_participating",
            "created_at",
        ]
        read_only_fields = fields


class VoteInputSerializer(serializers.Serializer):
    option = serializers.CharField(max_length=200)
    count = serializers.IntegerField(min_value=0, max_value=32767)


class MemberVoteInputSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(queryset=PEOPLE)
    option = serializers.CharField(max_length=200)


class StatementInputSerializer(serializers.Serializer):
    kind = PlainChoiceField(
        choices=DecisionStatement.Kind.choices,
        help_text="reservation (reservation) or note (protokollsanteckning).",
    )
    text = serializers.CharField(required=False, allow_blank=True, default="")
    member = serializers.PrimaryKeyRelatedField(
        queryset=PEOPLE, required=False, allow_null=True, default=None
    )
    member_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class DecisionInputSerializer(serializers.Serializer):
    kind = PlainChoiceField(
        choices=Decision.Kind.choices,
        help_text="approve, note, refer_back, postpone, reject, file, propose, "
        "opinion or other.",
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
    proposed_to = serializers.PrimaryKeyRelatedField(
        queryset=Board.objects.select_related("organisation"),
        required=False,
        allow_null=True,
        default=None,
        help_text="Only for propose: another body of the organisation, which is "
        "to decide.",
    )
    votes = VoteInputSerializer(many=True, required=False, default=list)
    member_votes = MemberVoteInputSerializer(many=True, required=False, default=list)
    statements = StatementInputSerializer(many=True, required=False, default=list)
    not_participating = serializers.PrimaryKeyRelatedField(
        queryset=PEOPLE,
        many=True,
        required=False,
        default=list,
        help_text="Jäv: user ids of members who did not take part.",
    )
