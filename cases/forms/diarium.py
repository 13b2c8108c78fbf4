"""Forms of the diarium: they parse and normalise input; the services decide."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Board, Diarium, User
from ssr_portal.lib.forms import DateInput, DesignsystemetFormMixin, add_service_errors

from ..models import Case, CaseClass, JournalEntry, Secrecy


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name}, {obj.title}" if obj.title else name


class BoardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Board) -> str:
        return f"{obj.name} ({obj.prefix})"


class BoardOfOrganisationChoiceField(forms.ModelChoiceField):
    """For lists across organisations; the queryset must select the organisation."""

    def label_from_instance(self, obj: Board) -> str:
        return f"{obj.name} ({obj.prefix}), {obj.organisation.name}"


class CaseClassChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CaseClass) -> str:
        return f"{obj.code} {obj.name}"


def _registered_not_in_the_future(value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(
            _("The registration date cannot be in the future."), code="future"
        )


def _not_in_the_past(value: datetime.date | None) -> None:
    if value and value < timezone.localdate():
        raise ValidationError(
            _("The follow-up date cannot be in the past."), code="past"
        )


def _not_in_the_future(value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(
            _("The date received cannot be in the future."), code="future"
        )


class CaseDetailsForm(DesignsystemetFormMixin, forms.Form):
    """The registration details an official writes and may later change."""

    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        help_text=_("What the case is about, as the public diarium shows it."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Case.Kind.choices, initial=Case.Kind.DECISION
    )
    case_class = CaseClassChoiceField(
        label=_("Class"),
        queryset=CaseClass.objects.none(),
        required=False,
        empty_label=_("No class"),
        help_text=_(
            "Where the case is filed in the organisation's classification"
            " structure. Required where the case number carries the class code."
        ),
    )
    handler = UserChoiceField(
        label=_("Case officer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No case officer yet"),
    )
    secrecy = forms.ChoiceField(
        label=_("Secrecy"),
        choices=Secrecy.choices,
        widget=forms.RadioSelect,
        initial=Secrecy.PUBLIC,
    )
    secrecy_reference = forms.CharField(
        label=_("OSL paragraph"),
        max_length=100,
        required=False,
        help_text=_(
            "Required for secret and partly secret cases, e.g. “OSL 18 kap. 13 §”."
            " Leave it empty for a public case."
        ),
    )
    follow_up_date = forms.DateField(
        label=_("Follow-up date"),
        required=False,
        widget=DateInput,
        help_text=_("The case officer gets an e-mail reminder on this day."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": False}),
    )

    def __init__(self, *args, handlers, case_classes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        # Only an organisation that keeps a classification structure is asked.
        if case_classes is None or not case_classes.exists():
            del self.fields["case_class"]
        else:
            self.fields["case_class"].queryset = case_classes

    def clean_follow_up_date(self) -> datetime.date | None:
        value = self.cleaned_data["follow_up_date"]
        # A date already set may stay where it is, even once it has passed.
        if value != self.initial.get("follow_up_date"):
            _not_in_the_past(value)
        return value

    def clean(self) -> dict:
        """Check secrecy and OSL paragraph together, by the case's own rule, so that
        the official sees every mistake at once."""
        data = super().clean()
        if "secrecy" in data and "secrecy_reference" in data:
            try:
                Case(
                    secrecy=data["secrecy"],
                    secrecy_reference=data["secrecy_reference"],
                ).clean()
            except ValidationError as error:
                add_service_errors(self, error)
        return data


class CaseRegisterForm(CaseDetailsForm):
    board = BoardChoiceField(label=_("Board"), queryset=Board.objects.none())
    diarium = forms.ModelChoiceField(
        label=_("Diarium"),
        queryset=Diarium.objects.none(),
        required=False,
        empty_label=_("The board's diarium"),
        help_text=_("Where the case is numbered; the board's own unless you choose."),
    )
    # The registrator may enter a case received earlier (registered on paper,
    # or after a holiday) under its day; never a day to come.
    registered_date = forms.DateField(
        label=_("Registration date"),
        required=False,
        widget=DateInput,
        validators=[_registered_not_in_the_future],
        help_text=_("Today unless you give an earlier day; it decides the year."),
    )

    field_order = [
        "board",
        "diarium",
        "registered_date",
        "title",
        "kind",
        "case_class",
        "handler",
        "secrecy",
        "secrecy_reference",
        "follow_up_date",
        "description",
    ]

    def __init__(self, *args, boards, handlers, diaria=None, **kwargs):
        super().__init__(*args, handlers=handlers, **kwargs)
        self.fields["board"].queryset = boards
        if len(boards) == 1:
            self.fields["board"].initial = boards[0]
            self.fields["board"].empty_label = None
        self.fields["registered_date"].initial = timezone.localdate()
        # A choice only where the organisation keeps more than one diarium.
        if diaria is None or diaria.count() < 2:
            del self.fields["diarium"]
        else:
            self.fields["diarium"].queryset = diaria


class CaseUpdateForm(CaseDetailsForm):
    @classmethod
    def initial_for(cls, case: Case) -> dict:
        return {
            "title": case.title,
            "kind": case.kind,
            "handler": case.handler,
            "secrecy": case.secrecy,
            "secrecy_reference": case.secrecy_reference,
            "follow_up_date": case.follow_up_date,
            "description": case.description,
            "case_class": case.case_class,
        }


class JournalEntryForm(DesignsystemetFormMixin, forms.Form):
    direction = forms.ChoiceField(
        label=_("Handling"),
        choices=JournalEntry.Direction.choices,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(
        label=_("Concerns"),
        max_length=300,
        help_text=_("What the document is about."),
    )
    counterpart = forms.CharField(
        label=_("Sender or recipient"),
        max_length=200,
        required=False,
        help_text=_("Required for incoming documents."),
    )
    document_date = forms.DateField(
        label=_("Document date"),
        widget=DateInput,
        help_text=_("The date the document itself bears."),
    )
    received_date = forms.DateField(
        label=_("Date received"),
        required=False,
        widget=DateInput,
        validators=[_not_in_the_future],
        help_text=_(
            "Required for incoming documents: the day it reached us. Leave it"
            " empty for other documents."
        ),
    )
    secrecy = forms.ChoiceField(
        label=_("Secrecy"),
        choices=Secrecy.choices,
        widget=forms.RadioSelect,
        initial=Secrecy.PUBLIC,
    )
    secrecy_reference = forms.CharField(
        label=_("OSL paragraph"),
        max_length=100,
        required=False,
        help_text=_(
            "Required for secret and partly secret documents. Leave it empty for"
            " a public document."
        ),
    )

    def clean(self) -> dict:
        """Check the fields that depend on each other by the entry's own rules."""
        data = super().clean()
        fields = [
            "direction",
            "received_date",
            "counterpart",
            "secrecy",
            "secrecy_reference",
        ]
        if all(name in data for name in fields):
            try:
                JournalEntry(**{name: data[name] for name in fields}).clean()
            except ValidationError as error:
                add_service_errors(self, error)
        return data
