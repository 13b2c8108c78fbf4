"""What the forms of every app share: Designsystemet's input class on every
widget, the browser's date picker, and a service's ValidationError shown in
the form."""

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DesignsystemetFormMixin:
    """Give every widget Designsystemet's input class (`ds-input`).

    `templates/partials/field.html` draws the label, description and validation
    message around it; Django adds `aria-invalid` and `aria-describedby`.
    """

    fields: dict[str, forms.Field]  # the form's, set by its __init__

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            classes = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{classes} ds-input".strip()
            _name_the_empty_choice(field)


# Django's empty choice of a select, which a reader (and a screen reader) takes for
# a line of dashes: every form of the portal says "Välj …" instead.
DJANGO_EMPTY_LABEL = "---------"


def _name_the_empty_choice(field: forms.Field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY_LABEL:
            field.empty_label = _("Choose …")
    elif isinstance(field, forms.ChoiceField):
        # A plain list of pairs here (a ChoiceField's choices are normalised).
        choices: list[tuple[Any, Any]] = list(cast(Iterable, field.choices))
        if any(value == "" and label == DJANGO_EMPTY_LABEL for value, label in choices):
            field.choices = [
                (
                    value,
                    _("Choose …")
                    if value == "" and label == DJANGO_EMPTY_LABEL
                    else label,
                )
                for value, label in choices
            ]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError in the form: on its field where the form has
    that field, at the top of the form otherwise."""
    if hasattr(error, "error_dict"):
        for name, messages in error.error_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error)
