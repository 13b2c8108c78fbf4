"""Forms of the SSR coordinator's pages to keep the vision: create and change the
vision, and one small form per part (foundation, goal, milestone, version, bilaga,
aktiverat läge). The forms validate the input only; the views hand their
`values()` to the services of targets/services/manage.py, which write."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.forms.attachments import AttachmentUploadForm
from ssr_portal.lib.forms import DateInput, DesignsystemetFormMixin

from ..models import (
    MANDATE_PERIOD_YEARS,
    Activation,
    Foundation,
    Goal,
    Milestone,
    Vision,
    VisionVersion,
)
from ..services.manage import part_fingerprint

LAST_YEAR_HELP = _(
    "A vision covers four whole calendar years of a mandate period, starting the "
    "year after an election (2019, 2023, 2027 …). The last year follows: the first "
    "year + 3."
)


class VisionCreateForm(DesignsystemetFormMixin, forms.Form):
    """A new vision; the period rules are the service's (services.vision_create)."""

    title = forms.CharField(label=pgettext_lazy("vision", "Title"), max_length=200)
    start_year = forms.IntegerField(
        label=_("First year"), min_value=1995, max_value=2999, help_text=LAST_YEAR_HELP
    )
    aim = forms.CharField(
        label=_("Overall aim"), widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.data.get("start_year") if self.is_bound else None
        if year and str(year).isdigit():
            first = int(year)
            self.fields["start_year"].help_text = _(
                "%(help)s With %(first)s the period is %(first)s–%(last)s."
            ) % {
                "help": LAST_YEAR_HELP,
                "first": first,
                "last": first + MANDATE_PERIOD_YEARS - 1,
            }


class VisionChangeForm(DesignsystemetFormMixin, forms.Form):
    """Title, aim and description of a vision. `updated_at` is the vision's when
    the form was opened: a save over a vision changed since then is refused."""

    title = forms.CharField(label=pgettext_lazy("vision", "Title"), max_length=200)
    aim = forms.CharField(
        label=_("Overall aim"), widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    FIELDS = ("title", "aim", "description")

    @classmethod
    def for_vision(cls, vision: Vision) -> VisionChangeForm:
        initial = {name: getattr(vision, name) for name in cls.FIELDS}
        initial["updated_at"] = vision.updated_at.isoformat()
        return cls(initial=initial)

    def clean(self) -> dict:
        data = super().clean()
        try:
            parsed = datetime.datetime.fromisoformat(data.get("updated_at") or "")
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.add_error(
                None, _("The form is out of date. Open the page again and retry.")
            )
        else:
            data["base_updated_at"] = parsed
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] or "" for name in self.FIELDS}


# --- the parts --------------------------------------------------------------------


class _PartForm(DesignsystemetFormMixin, forms.ModelForm):
    """A part of the vision.

    A change carries a fingerprint of the part as the form showed it (`base`): the
    change service refuses it if someone else saved the part in between, so that
    nobody overwrites another's work unseen."""

    base = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, vision: Vision, **kwargs):
        self.vision = vision
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["base"]
        else:
            # self.instance holds the saved values until the form is cleaned.
            self.fields["base"].initial = part_fingerprint(self.instance)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3

    def values(self) -> dict:
        """The cleaned values of the part's fields, for its service."""
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class _PositionMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            self.fields["position"].required = False
            self.fields["position"].label = _("Position")
            self.fields["position"].help_text = _("Lower numbers come first.")
            self.fields["position"].widget.attrs["class"] += " manage-position"
            if self.instance.pk is None:
                self.fields["position"].initial = None
                self.fields["position"].help_text = _(
                    "Lower numbers come first. Empty: last."
                )


class FoundationForm(_PositionMixin, _PartForm):
    class Meta:
        model = Foundation
        fields = ["title", "text", "position"]
        widgets = {"text": forms.Textarea}


class GoalForm(_PositionMixin, _PartForm):
    class Meta:
        model = Goal
        fields = ["title", "ambition", "position"]
        widgets = {"ambition": forms.Textarea}


class MilestoneForm(_PartForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "status", "goal"]
        widgets = {"due_date": DateInput}

    def __init__(self, *args, goals: list[Goal] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        goal = self.fields["goal"]
        goal.queryset = Goal.objects.filter(vision=self.vision)
        goal.empty_label = _("The vision as a whole")
        goal.required = False
        if goals is not None:
            # The page's goals, read once for every row (the choices are still
            # checked against the queryset when the form is sent).
            goal.widget.choices = [
                ("", goal.empty_label),
                *((g.pk, g.title) for g in goals),
            ]


class VersionForm(_PartForm):
    """A version of the vision; its number is the last one + 1."""

    class Meta:
        model = VisionVersion
        fields = ["kind", "date", "decided_by", "note"]
        widgets = {"date": DateInput, "note": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = VisionVersion.Kind.choices
        self.fields["kind"].initial = VisionVersion.Kind.DRAFT


class DocumentForm(AttachmentUploadForm):
    """A bilaga of the vision: the file checked by cases.uploads.check_upload."""

    def __init__(self, *args, vision: Vision, **kwargs):
        self.vision = vision
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        """The checked upload and its title, for services.vision_document_add."""
        return {"upload": self.checked, "title": self.cleaned_data.get("title") or ""}


class ActivationForm(DesignsystemetFormMixin, forms.ModelForm):
    """A period of aktiverat läge of the network."""

    class Meta:
        model = Activation
        fields = ["started_on", "ended_on", "level", "reason", "requested_by"]
        widgets = {
            "started_on": DateInput,
            "ended_on": DateInput,
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, vision: Vision | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            ("", _("Not stated")),
            *Activation.Level.choices,
        ]

    def values(self) -> dict:
        """The cleaned values of the period, for services.activation_add."""
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class ActivationEndForm(DesignsystemetFormMixin, forms.Form):
    """End an ongoing aktiverat läge."""

    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput)

    def __init__(self, *args, activation: Activation, **kwargs):
        self.activation = activation
        super().__init__(*args, **kwargs)

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on < self.activation.started_on:
            raise forms.ValidationError(
                _("The end date cannot be before the start date.")
            )
        return ended_on
