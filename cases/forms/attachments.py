"""Forms of a document's attachments and of "Start from Word"; the file checks are
those of cases/uploads.py, so the form shows the same refusal the service would."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ssr_portal.lib.forms import DesignsystemetFormMixin

from ..models import Attachment, Case
from ..uploads import ATTACHMENT_TYPES, WORD_TYPES, CheckedUpload, check_upload

TITLE_MAX_LENGTH = Attachment._meta.get_field("title").max_length


def _accept(types) -> str:
    """The file input's `accept`: a hint for the browser's file dialog only."""
    return ",".join(
        [e for t in types for e in t.extensions] + [t.content_type for t in types]
    )


class _UploadField(forms.FileField):
    """A file field whose emptiness is judged by check_upload (with its message)."""

    def __init__(self, *, types, **kwargs):
        kwargs.setdefault("allow_empty_file", True)
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": _accept(types)}))
        kwargs.setdefault("error_messages", {"required": _("Choose a file.")})
        super().__init__(**kwargs)


class AttachmentUploadForm(DesignsystemetFormMixin, forms.Form):
    """Upload a file as a bilaga."""

    title = forms.CharField(
        label=pgettext_lazy("attachment", "Title"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_(
            "As the list of attachments shows it, e.g. “Avsiktsförklaring”. Leave"
            " it empty to use the file's name."
        ),
    )
    file = _UploadField(label=_("File"), types=ATTACHMENT_TYPES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked: CheckedUpload | None = None
        self.fields["file"].help_text = _(
            "PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt), PNG or"
            " JPEG, at most %(limit)s."
        ) % {"limit": filesizeformat(settings.SSR_UPLOAD_MAX_BYTES)}

    def clean_file(self):
        self.checked = check_upload(
            self.cleaned_data.get("file"), allowed=ATTACHMENT_TYPES
        )
        return self.checked.file


class CaseChoiceField(forms.ModelChoiceField):
    """Cases by number and title; the organisation when it is another one."""

    def __init__(self, *args, own_organisation_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_organisation_id = own_organisation_id

    def label_from_instance(self, obj: Case) -> str:
        label = f"{obj.number} {obj.title}"
        if obj.board.organisation_id != self.own_organisation_id:
            label += f" ({obj.board.organisation.name})"
        return label


class CaseDocumentAttachForm(DesignsystemetFormMixin, forms.Form):
    """Attach another case's tjänsteskrivelse."""

    source_case = CaseChoiceField(
        label=_("Case"),
        queryset=Case.objects.none(),
        empty_label=_("Choose a case"),
        help_text=_("Cases you can see that have an official report."),
        error_messages={"required": _("Choose a case.")},
    )
    title = forms.CharField(
        label=pgettext_lazy("attachment", "Title"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Leave it empty to use the report's title."),
    )

    def __init__(self, *args, cases: QuerySet[Case], own_organisation_id: int, **kw):
        super().__init__(*args, **kw)
        field = self.fields["source_case"]
        field.queryset = cases
        field.own_organisation_id = own_organisation_id


class AttachmentRenameForm(DesignsystemetFormMixin, forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("attachment", "Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("The attachment needs a title.")},
    )


class AttachmentMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class DocumentImportForm(DesignsystemetFormMixin, forms.Form):
    """A .docx whose headings and paragraphs become the document's sections."""

    file = _UploadField(
        label=_("Word file"),
        types=WORD_TYPES,
        help_text=_("A .docx file saved from Word or LibreOffice."),
    )
    # The version the page showed; a save by someone else since is a conflict.
    base_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1
    )
    replace = forms.BooleanField(
        label=_("Replace the current sections"),
        required=False,
        help_text=_(
            "The document's sections and their text are replaced by the Word"
            " file's. The current text stays in the version history."
        ),
    )

    def __init__(self, *args, has_text: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_text = has_text
        self.checked: CheckedUpload | None = None
        if not has_text:
            self.fields["replace"].widget = forms.HiddenInput()

    def clean_file(self):
        self.checked = check_upload(self.cleaned_data.get("file"), allowed=WORD_TYPES)
        return self.checked.file

    def clean(self):
        cleaned = super().clean()
        if self.has_text and not cleaned.get("replace"):
            self.add_error(
                "replace",
                ValidationError(
                    _(
                        "The document already has text. Tick the box to replace"
                        " its sections with the Word file's."
                    ),
                    code="confirm",
                ),
            )
        return cleaned
