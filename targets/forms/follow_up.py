"""Forms of the yearly follow-up: a goal's status for a year, and its evidence.
They parse and normalise; the services (follow_up_set, evidence_add) decide."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Case
from cases.uploads import ATTACHMENT_TYPES, check_upload
from members.models import Organisation
from ssr_portal.lib.forms import DesignsystemetFormMixin

from ..models import Evidence, GoalFollowUp

TITLE_MAX_LENGTH = Evidence._meta.get_field("title").max_length


def _accept(types) -> str:
    """The file input's `accept`: a hint for the browser's file dialog only."""
    return ",".join(
        [e for t in types for e in t.extensions] + [t.content_type for t in types]
    )


class FollowUpForm(DesignsystemetFormMixin, forms.Form):
    """The goal's status and comment for one year. `base` is the row's
    `updated_at` when the form was shown ("" for a year not recorded yet), so
    that a save over someone else's newer one is caught (FollowUpConflict)."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=GoalFollowUp.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the goal's status for the year.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done during the year, and what remains."),
    )
    base = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons carry no ds-input class of their own.
        self.fields["status"].widget.attrs["class"] = "ds-input"

    def clean_base(self) -> datetime.datetime | None:
        value = self.cleaned_data.get("base", "").strip()
        if not value:
            return None
        try:
            parsed = parse_datetime(value)
        except ValueError:  # well formed but impossible, e.g. month 13
            parsed = None
        if parsed is None:
            raise ValidationError(
                _("The form is out of date. Open the page again."), code="base"
            )
        return parsed


class EvidenceForm(DesignsystemetFormMixin, forms.Form):
    """What shows the goal's status: a case of the portal (by its number), an
    exercise, an evaluation, a link or an uploaded file."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Evidence.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of evidence.")},
    )
    title = forms.CharField(
        label=pgettext_lazy("evidence", "Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("As the follow-up shows it, e.g. “Regional exercise 2024”."),
        error_messages={"required": _("Give the evidence a title.")},
    )
    url = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("A web address, e.g. an evaluation report."),
    )
    case_number = forms.CharField(
        label=_("Case number"),
        max_length=60,
        required=False,
        help_text=_("A public case in the portal, e.g. “KS 2023/236”."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation of the case"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Any"),
        help_text=_("Only needed when several organisations have that number."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": _accept(ATTACHMENT_TYPES)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "ds-input"
        self.fields["organisation"].queryset = Organisation.objects.filter(
            boards__isnull=False
        ).distinct()
        self.fields["file"].help_text = _(
            "PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt), PNG or"
            " JPEG, at most %(limit)s."
        ) % {"limit": filesizeformat(settings.SSR_UPLOAD_MAX_BYTES)}

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not file:
            return None
        return check_upload(file, allowed=ATTACHMENT_TYPES).file

    def clean(self) -> dict:
        data = super().clean()
        number = " ".join(data.get("case_number", "").split())
        data["case"] = None
        if number:
            data["case"] = self._case(number, data.get("organisation"))
        return data

    def _case(self, number: str, organisation: Organisation | None) -> Case | None:
        """The public case with this number (the follow-up page is public, so its
        evidence is too); the organisation decides between equal numbers."""
        cases = Case.objects.public().filter(number__iexact=number)
        if organisation is not None:
            cases = cases.filter(board__organisation=organisation)
        found = list(cases.select_related("board__organisation")[:10])
        if len(found) == 1:
            return found[0]
        if not found:
            self.add_error(
                "case_number",
                ValidationError(
                    _("No public case numbered %(number)s in the portal."),
                    code="unknown",
                    params={"number": number},
                ),
            )
        else:
            names = sorted({case.board.organisation.name for case in found})
            self.add_error(
                "organisation",
                ValidationError(
                    _(
                        "Several organisations have a case numbered %(number)s "
                        "(%(names)s): choose the organisation."
                    ),
                    code="ambiguous",
                    params={"number": number, "names": ", ".join(names)},
                ),
            )
        return None
