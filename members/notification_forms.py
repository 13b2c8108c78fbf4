"""The form of the page "Inställningar för notiser" (members/notification_views.py)."""

from django import forms

from ssr_portal.lib.forms import DesignsystemetFormMixin

from .models import NotificationKind, NotificationPreference


class NotificationPreferencesForm(DesignsystemetFormMixin, forms.Form):
    """Per kind of notification: at once by e-mail, in the daily digest, or
    only in the portal. The fields are made per kind after the mixin's
    __init__, so each widget gets Designsystemet's class itself."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=NotificationPreference.Delivery.choices,
                initial=current.get(kind.value, NotificationPreference.Delivery.NOW),
                widget=forms.RadioSelect(attrs={"class": "ds-input"}),
            )
