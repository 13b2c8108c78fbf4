"""Forms of the meeting pages: a meeting's details, an agenda item, a decision."""

from collections.abc import Iterable

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from members.models import Board, User
from ssr_portal.lib.forms import DateInput, DesignsystemetFormMixin

from ..models import Case, Decision, DecisionStatement, Meeting
from ..services.meetings import StatementInput, VoteInput

VOTE_ROWS = 3


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person: User) -> str:
        return str(person)


class PeopleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, person: User) -> str:
        return str(person)


class MeetingForm(DesignsystemetFormMixin, forms.Form):
    board = forms.ModelChoiceField(queryset=Board.objects.none(), label=_("Board"))
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    chair = PersonChoiceField(
        queryset=User.objects.none(), label=_("Chair"), required=False
    )
    secretary = PersonChoiceField(
        queryset=User.objects.none(), label=_("Secretary"), required=False
    )
    adjusters = PeopleField(
        queryset=User.objects.none(), label=_("Adjusters"), required=False
    )
    members_present = PeopleField(
        queryset=User.objects.none(), label=_("Members present"), required=False
    )
    other_members_present = forms.CharField(
        label=_("Other members present"),
        help_text=_("Members without a login in the portal, one per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    kallelse_shows_proposals = forms.BooleanField(
        label=_("Print each item's proposed decision in the notice"),
        required=False,
    )

    def __init__(
        self,
        *args,
        boards: QuerySet[Board] | None,
        people: QuerySet[User],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if boards is None:  # a meeting keeps its board
            del self.fields["board"]
        else:
            self.fields["board"].queryset = boards
        for name in ("chair", "secretary", "adjusters", "members_present"):
            self.fields[name].queryset = people

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        return {
            "meeting_date": meeting.meeting_date,
            "start_time": meeting.start_time,
            "place": meeting.place,
            "chair": meeting.chair_id,
            "secretary": meeting.secretary_id,
            "adjusters": list(meeting.adjusters.values_list("pk", flat=True)),
            "members_present": list(
                meeting.members_present.values_list("pk", flat=True)
            ),
            "other_members_present": meeting.other_members_present,
            "kallelse_shows_proposals": meeting.kallelse_shows_proposals,
        }


class ItemDescriptionForm(DesignsystemetFormMixin, forms.Form):
    description = forms.CharField(
        label=_("Description of the case"),
        help_text=_(
            "As the minutes and the extract print it under the paragraph. "
            "Empty: the case's description, or the summary of the official report."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, case: Case) -> str:
        return f"{case.number} {case.title}"


class AgendaAddForm(DesignsystemetFormMixin, forms.Form):
    case = CaseChoiceField(
        queryset=Case.objects.none(),
        label=_("Approved case"),
        help_text=_("The approved cases of the board that are on no agenda."),
        empty_label=None,
    )

    def __init__(self, *args, cases: QuerySet[Case], **kwargs):
        kwargs.setdefault("auto_id", "agenda-%s")
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        return f"{meeting.meeting_date:%Y-%m-%d} {meeting.place}"


class DecisionForm(DesignsystemetFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Decision text"),
        help_text=_("As the minutes print it. For a referral back, give the reason."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the decision.")},
    )
    proposed_to = forms.ModelChoiceField(
        queryset=Board.objects.none(),
        label=_("Proposed to the body"),
        help_text=_("Only for a proposal to another body: the body that is to decide."),
        required=False,
    )
    # The text the form last offered for the chosen kind: while the secretary
    # has not edited it, the text follows the kind (the view compares them).
    default_text = forms.CharField(required=False, widget=forms.HiddenInput)
    later_meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        label=_("Postponed to the meeting"),
        help_text=_(
            "Only for a postponement: the later meeting whose agenda it joins."
        ),
        required=False,
    )
    motions = forms.CharField(
        label=_("Motions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    procedure = forms.CharField(
        label=_("Decision procedure"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reservations = forms.CharField(
        label=_("Reservations"),
        help_text=_('One per line: "Name (party): text".'),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    protocol_notes = forms.CharField(
        label=_("Protocol notes"),
        help_text=_('One per line: "Name (party): text".'),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    not_participating = PeopleField(
        queryset=User.objects.none(),
        label=_("Did not take part (conflict of interest)"),
        required=False,
    )

    def __init__(
        self,
        *args,
        later_meetings: QuerySet[Meeting],
        people: QuerySet[User],
        voters: Iterable[User] = (),
        bodies: QuerySet[Board] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["later_meeting"].queryset = later_meetings
        self.fields["proposed_to"].queryset = (
            bodies if bodies is not None else Board.objects.none()
        )
        self.fields["not_participating"].queryset = people
        for row in range(1, VOTE_ROWS + 1):
            self.fields[f"vote_option_{row}"] = forms.CharField(
                label=_("Option %(row)s") % {"row": row},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"class": "ds-input"}),
            )
            self.fields[f"vote_count_{row}"] = forms.IntegerField(
                label=_("Votes for option %(row)s") % {"row": row},
                min_value=0,
                required=False,
                widget=forms.NumberInput(attrs={"class": "ds-input"}),
            )
        # Named votes (omröstning by roll call): one select per member present,
        # whose choices are the option rows above, so no JavaScript is needed.
        # A bound form names the options as entered, "Option 1: Ja".
        self.voters = {str(person.pk): person for person in voters}
        choices = [("", _("No named vote"))] + [
            (str(row), self._option_label(row)) for row in range(1, VOTE_ROWS + 1)
        ]
        for key, person in self.voters.items():
            self.fields[f"member_vote_{key}"] = forms.ChoiceField(
                label=str(person),
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "ds-input"}),
            )

    def _option_label(self, row: int) -> str:
        label = _("Option %(row)s") % {"row": row}
        entered = self.data.get(self.add_prefix(f"vote_option_{row}"), "")
        if self.is_bound and isinstance(entered, str) and entered.strip():
            return f"{label}: {entered.strip()}"
        return label

    @property
    def vote_rows(self) -> list[tuple]:
        return [
            (self[f"vote_option_{row}"], self[f"vote_count_{row}"])
            for row in range(1, VOTE_ROWS + 1)
        ]

    @property
    def member_vote_fields(self) -> list:
        return [self[f"member_vote_{key}"] for key in self.voters]

    def clean(self) -> dict:
        data = super().clean()
        votes = []
        for row in range(1, VOTE_ROWS + 1):
            option = (data.get(f"vote_option_{row}") or "").strip()
            count = data.get(f"vote_count_{row}")
            if option and count is None:
                self.add_error(f"vote_count_{row}", _("Give the number of votes."))
            elif count is not None and not option:
                self.add_error(f"vote_option_{row}", _("Name the option."))
            elif option:
                votes.append(VoteInput(option=option, count=count))
        data["votes"] = votes
        member_votes = []
        for key, person in self.voters.items():
            row = data.get(f"member_vote_{key}")
            if not row:
                continue
            option = (data.get(f"vote_option_{row}") or "").strip()
            if not option or data.get(f"vote_count_{row}") is None:
                self.add_error(
                    f"member_vote_{key}",
                    _("Option %(row)s has no name and number of votes.") % {"row": row},
                )
            else:
                member_votes.append((person, option))
        data["member_votes"] = member_votes
        statements = []
        for name, kind in (
            ("reservations", DecisionStatement.Kind.RESERVATION),
            ("protocol_notes", DecisionStatement.Kind.NOTE),
        ):
            for line in (data.get(name) or "").splitlines():
                if not line.strip():
                    continue
                member, _colon, text = line.partition(":")
                statements.append(
                    StatementInput(
                        kind=kind, member_name=member.strip(), text=text.strip()
                    )
                )
        data["statements"] = statements
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "text": data["text"],
            "later_meeting": data.get("later_meeting"),
            "proposed_to": data.get("proposed_to"),
            "motions": data.get("motions", ""),
            "procedure": data.get("procedure", ""),
            "votes": data["votes"],
            "member_votes": data["member_votes"],
            "statements": data["statements"],
            "not_participating": list(data.get("not_participating") or []),
        }
