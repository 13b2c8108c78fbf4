"""The admin's CSV import forms: a diarium's cases, an organisation's classes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Board, Diarium, Organisation
from ssr_portal.lib.collation import swedish

# A diarium of a year is some thousands of rows: a few megabytes at most.
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class _CsvForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Semicolons, commas or tabs; UTF-8 or Windows-1252 (as Excel saves it)."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check every row and report, save nothing"),
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is too large for an import."))
        return upload


class DiariumImportForm(_CsvForm):
    board = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Board.objects.none(),
        required=False,
        help_text=_(
            "The board the cases are registered for, where the file has no column"
            " “nämnd” and several boards use the diarium."
        ),
    )

    def __init__(self, *args, diarium: Diarium, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = Board.objects.filter(
            organisation_id=diarium.organisation_id
        ).order_by("name")


class ClassificationImportForm(_CsvForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by(swedish("name"))
    )
