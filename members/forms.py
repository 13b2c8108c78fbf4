import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .costs import without_trailing_zeros
from .models import Organisation

# Spaces people write as thousands separators: "1 000 000" (also no-break and
# thin spaces, as a copy from a spreadsheet gives them).
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
# The largest total the form accepts: a trillion kronor is far beyond any budget.
MAX_TOTAL = 10**12


class KronorField(forms.CharField):
    """A sum in whole kronor, written with or without spaces: "1 000 000"."""

    default_error_messages = {
        "invalid": _("Write the total as a whole number of kronor, e.g. 1 000 000."),
        "fraction": _("Write the total in whole kronor, without öre."),
        "negative": _("The total cost must not be negative."),
        "too_large": _("The total cost must be less than %(limit)s kronor."),
    }

    def to_python(self, value: str) -> int | None:  # type: ignore[override]
        text = _SPACES.sub("", super().to_python(value) or "")
        if text in self.empty_values:
            return None
        if re.fullmatch(r"[+-]?\d+[.,]\d*", text):
            if text.startswith("-"):
                raise ValidationError(self.error_messages["negative"], code="negative")
            raise ValidationError(self.error_messages["fraction"], code="fraction")
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        number = int(text)
        if number < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if number >= MAX_TOTAL:
            raise ValidationError(
                self.error_messages["too_large"],
                code="too_large",
                params={"limit": f"{MAX_TOTAL:,}".replace(",", " ")},
            )
        return number

    def widget_attrs(self, widget: forms.Widget) -> dict:
        return {
            **super().widget_attrs(widget),
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "30",
        }


class CostAllocationForm(forms.Form):
    """The cost page's GET form: a budget year and the total to split."""

    year = forms.IntegerField(
        label=_("Budget year"),
        min_value=2000,
        max_value=2100,
        help_text=_(
            "The municipalities' populations on 31 December of the year before "
            "are used."
        ),
        error_messages={
            "required": _("Enter the budget year, e.g. 2017."),
            "invalid": _("Write the budget year with four digits, e.g. 2017."),
        },
    )
    total = KronorField(
        label=_("Total cost (kronor)"),
        help_text=_("Whole kronor, e.g. 1 000 000."),
        error_messages={"required": _("Enter the total cost in kronor.")},
    )


class CostKeyForm(forms.Form):
    """One weight per member other than the municipalities; empty means unset."""

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        for organisation in organisations:
            self.fields[self.field_name(organisation)] = forms.DecimalField(
                label=organisation.name,
                required=False,
                min_value=Decimal(0),
                max_digits=9,
                decimal_places=3,
                localize=True,
                initial=(
                    None
                    if organisation.cost_weight is None
                    else without_trailing_zeros(organisation.cost_weight)
                ),
                error_messages={
                    "invalid": _("Write the weight as a number, e.g. 2 or 1.5."),
                    "min_value": _("The weight must not be negative."),
                },
            )

    @staticmethod
    def field_name(organisation: Organisation) -> str:
        return f"weight_{organisation.pk}"

    def weights(self) -> dict[int, Decimal | None]:
        """The cleaned weights by organisation id, for services.cost_key_update."""
        return {
            organisation.pk: self.cleaned_data[self.field_name(organisation)]
            for organisation in self.organisations
        }


# An SCB export of a county's municipalities for a few years is a few kilobytes.
MAX_POPULATION_FILE = 1024 * 1024


class PopulationUploadForm(forms.Form):
    """The file of SCB's population figures, for the preview before saving."""

    file = forms.FileField(
        label=_("File with SCB's population figures (CSV)"),
        help_text=_(
            "Export the table Folkmängd efter region och år from SCB's "
            "Statistikdatabasen as CSV, or use a file with the columns kommunkod, "
            "kommun, year, population and source. Semicolons or commas, UTF-8 or "
            "Windows-1252."
        ),
        error_messages={"required": _("Choose the file to import.")},
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_POPULATION_FILE:
            raise ValidationError(
                _("The file is larger than 1 MB; a population file is far smaller.")
            )
        return file
