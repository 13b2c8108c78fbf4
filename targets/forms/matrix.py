"""Forms of the members' matrix: its filters and the coordinator's form for what a
member outside the portal reports."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from ssr_portal.lib.forms import DateInput, DesignsystemetFormMixin

from ..models import MemberApproval

# The kinds a member can have: the network itself has no row in the matrix.
MEMBER_KINDS = [
    (value, label)
    for value, label in Organisation.Kind.choices
    if value != Organisation.Kind.NETWORK
]


class MatrixFilterForm(DesignsystemetFormMixin, forms.Form):
    """The matrix's filters (GET), every one optional."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *MEMBER_KINDS],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *MemberApproval.Status.choices],
    )
    q = forms.CharField(
        label=_("Member name"),
        required=False,
        max_length=100,
        widget=forms.SearchInput,
    )

    def filters(self) -> dict[str, str]:
        """The valid filters as `services.vision_matrix` takes them; a filter with
        a bad value is left out (the form shows its error)."""
        if not self.is_bound:
            return {"kind": "", "status": "", "query": ""}
        self.is_valid()
        data = self.cleaned_data
        return {
            "kind": data.get("kind", ""),
            "status": data.get("status", ""),
            "query": data.get("q", "").strip(),
        }


class MemberRecordForm(DesignsystemetFormMixin, forms.Form):
    """What a member that does not use the portal reports, typed in by the SSR
    coordinator. `updated_at` is the row's when the form was opened: a save over
    a row changed since then is refused (ApprovalConflict)."""

    received_on = forms.DateField(
        label=_("Reached the member on"), required=False, widget=DateInput
    )
    case_number = forms.CharField(
        label=_("The member's case number"), required=False, max_length=60
    )
    approved_on = forms.DateField(
        label=_("Approved on"), required=False, widget=DateInput
    )
    approver_name = forms.CharField(
        label=_("Approved by"),
        required=False,
        max_length=200,
        help_text=_("Name and title, for example the chief executive."),
    )
    board_name = forms.CharField(label=_("Board"), required=False, max_length=200)
    decision_kind = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("No decision yet")), *MemberApproval.BoardDecision.choices],
    )
    decision_date = forms.DateField(
        label=_("Decision date"), required=False, widget=DateInput
    )
    decision_paragraph = forms.IntegerField(
        label=_("Paragraph (§)"), required=False, min_value=1, max_value=100000
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to everyone on this page."),
    )
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    FIELDS = (
        "received_on",
        "case_number",
        "approved_on",
        "approver_name",
        "board_name",
        "decision_kind",
        "decision_date",
        "decision_paragraph",
        "note",
    )

    @classmethod
    def for_approval(cls, approval: MemberApproval) -> MemberRecordForm:
        """An unbound form with the row's current values."""
        initial = {name: getattr(approval, name) for name in cls.FIELDS}
        initial["updated_at"] = approval.updated_at.isoformat()
        return cls(initial=initial)

    def clean(self) -> dict:
        """Parse the hidden `updated_at` into `base_updated_at`; a form without a
        valid one is out of date (said at the top of the form)."""
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
        """The fields as `services.member_record` takes them."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.FIELDS}
        for name in ("case_number", "approver_name", "board_name", "note"):
            values[name] = values[name] or ""
        return values
