"""Forms of the approval workflow: the comment of a return, the reason of a reopening."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ssr_portal.lib.forms import DesignsystemetFormMixin


class ReturnForm(DesignsystemetFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment to the case officer"),
        help_text=_("What should be changed before the case is submitted again."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={
            "required": _("Write what should be changed before the case is returned.")
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "workflow-%s")
        super().__init__(*args, **kwargs)


class ReopenForm(DesignsystemetFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is it reopened?"),
        help_text=_("The approval stays in the history; the case needs a new one."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={
            "required": _("Say why the approved official report is reopened.")
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "workflow-%s")
        super().__init__(*args, **kwargs)
