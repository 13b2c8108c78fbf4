"""The tjänsteskrivelse of a case: its template, sections, signatories, attachments,
references, recipients and saved versions."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Organisation
from ssr_portal.lib.storage import LOGO_FOLDER, generated_name
from ssr_portal.models import TimestampedModel

from .diarium import Case


class DocumentTemplate(TimestampedModel):
    """An organisation's letterhead and default sections for its documents."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="document_templates",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=150)
    is_default = models.BooleanField(_("default for the organisation"), default=False)
    logo = models.FileField(
        _("logo"),
        upload_to=f"{LOGO_FOLDER}/",
        blank=True,
        help_text=_("PNG, JPEG or SVG; shown at the top left of page 1."),
    )
    # The office that writes the document, under the organisation's name.
    department = models.CharField(
        _("department"), max_length=200, blank=True, default=""
    )
    # Printed at the foot of every page: postal address, telephone, web.
    footer_lines = models.TextField(
        _("footer lines"),
        blank=True,
        default="",
        help_text=_("One line each: address, telephone, web site."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_default=True),
                name="cases_documenttemplate_one_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def footer_line_list(self) -> list[str]:
        return [line.strip() for line in self.footer_lines.splitlines() if line.strip()]


class SectionTemplate(models.Model):
    """A section a new document starts with, for one case kind or for all."""

    template = models.ForeignKey(
        DocumentTemplate,
        on_delete=models.CASCADE,
        related_name="section_templates",
        verbose_name=_("template"),
    )
    # Blank: every kind of case.
    case_kind = models.CharField(
        _("case kind"), max_length=30, choices=Case.Kind.choices, blank=True, default=""
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("heading"), max_length=200)
    # Starting text in the section markup; "{board}" and "{title}" are filled in.
    text = models.TextField(_("starting text"), blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section template")
        verbose_name_plural = _("section templates")
        ordering = ["template", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Document(TimestampedModel):
    """A case's tjänsteskrivelse.

    `version` is the optimistic lock of the text: a save names the version it was
    made from and is refused when someone saved in between. `revision` moves on
    every change that shows in the PDF (text, attachments, recipients, signatories,
    references), and the stored PDF is reused while it was made from this revision.
    """

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="document", verbose_name=_("case")
    )
    template = models.ForeignKey(
        DocumentTemplate,
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
        verbose_name=_("template"),
    )
    title = models.CharField(_("document title"), max_length=300)
    # The date the document bears (the day it was signed or last changed in substance).
    document_date = models.DateField(_("date"))
    version = models.PositiveIntegerField(_("version"), default=1)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    # The PDF is stored in the PDF cache (ssr_portal/lib/pdf_cache.py), keyed by
    # the revision and the template.

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("official report")
        verbose_name_plural = _("official reports")

    def __str__(self) -> str:
        return f"{self.case.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:document", args=[self.case_id])


class Section(models.Model):
    """One section of a document: a heading and its text in the section markup."""

    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("document"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("heading"), max_length=200)
    # As written (ssr_portal/lib/markup.py), cleaned of HTML on the way in.
    text = models.TextField(_("text"), blank=True, default="")
    # Rendered once from `text` on save; shared by the preview and the PDF.
    html = models.TextField(_("HTML"), blank=True, default="")

    history = HistoricalRecords(excluded_fields=["html"])

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["document", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Signatory(models.Model):
    """A person who signs the document (name and title as printed)."""

    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("document"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("job title"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["document", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


def attachment_upload_to(attachment: "Attachment", filename: str) -> str:
    """Under the case's folder, with a generated name (the uploaded name is kept in
    `original_name`)."""
    return generated_name(f"attachments/{attachment.document.case_id}", filename)


class Attachment(TimestampedModel):
    """A bilaga: an uploaded file, or another case's document."""

    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("document"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("heading"), max_length=300)
    file = models.FileField(
        _("file"), upload_to=attachment_upload_to, blank=True, max_length=300
    )
    # The name the file had on the official's computer, cleaned.
    original_name = models.CharField(
        _("file name"), max_length=255, blank=True, default=""
    )
    content_type = models.CharField(
        _("file type"), max_length=100, blank=True, default=""
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    # The file's text for search, read by the background worker after the upload
    # (cases/tasks.py); empty for an image, a file without text, or not yet read.
    text = models.TextField(_("text of the file"), blank=True, default="")
    text_extracted_at = models.DateTimeField(_("text read at"), null=True, blank=True)
    # Or: an earlier case whose tjänsteskrivelse is the attachment.
    source_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attached_to",
        verbose_name=_("case"),
    )

    history = HistoricalRecords(excluded_fields=["text", "text_extracted_at"])

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["document", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & Q(source_case__isnull=False))
                | (~Q(file="") & Q(source_case__isnull=True)),
                name="cases_attachment_file_or_case",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class CaseReference(TimestampedModel):
    """A reference from a case to an earlier one ("KS 2014/195")."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("case"),
    )
    referenced_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="referenced_by",
        verbose_name=_("earlier case"),
    )
    # How the text refers to it, e.g. "antagen av kommunstyrelsen 24 mars 2014".
    note = models.CharField(_("note"), max_length=300, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case reference")
        verbose_name_plural = _("case references")
        ordering = ["case", "referenced_case__year", "referenced_case__serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "referenced_case"], name="cases_casereference_once"
            ),
            models.CheckConstraint(
                condition=~Q(case=models.F("referenced_case")),
                name="cases_casereference_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.referenced_case.number}"


class Recipient(TimestampedModel):
    """Who the decision is to be sent to: a member organisation, or a typed name."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("case"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # As printed; for an organisation, its name when it was added.
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["case", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class DocumentVersion(models.Model):
    """What a document held after one save, for the version list and the diff."""

    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("document"),
    )
    number = models.PositiveIntegerField(_("version"))
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    # {"title": str, "sections": [{"id": int, "title": str, "text": str}, …]};
    # the id pairs a renamed section with itself when two versions are compared.
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="cases_documentversion_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class DocumentTitle(TimestampedModel):
    """What an organisation calls a kind of printed document ("Sammanträdes-
    protokoll", "Tjänsteutlåtande", …) and the text before its page number
    ("Sida 1 (3)"): set in the admin; without a row the Swedish default of the
    kind (`DocumentTitle.Kind`'s label) and no page text. Every PDF's cache key
    holds its HTML or the title, so a changed title renders anew."""

    class Kind(models.TextChoices):
        OFFICIAL_REPORT = "official_report", _("Official report")
        MINUTES = "minutes", _("Minutes")
        EXTRACT = "extract", _("Extract from the minutes")
        KALLELSE = "kallelse", _("Notice of meeting")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="document_titles",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind of document"), max_length=30, choices=Kind.choices)
    title = models.CharField(
        _("printed title"),
        max_length=100,
        help_text=_("Printed at the top of every page, e.g. “Sammanträdesprotokoll”."),
    )
    page_mark = models.CharField(
        _("text before the page number"),
        max_length=30,
        blank=True,
        default="",
        help_text=_("E.g. “Sida” gives “Sida 1 (3)”; empty gives “1 (3)”."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("printed document title")
        verbose_name_plural = _("printed document titles")
        ordering = ["organisation__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                name="cases_documenttitle_one_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.title}"

    @classmethod
    def of(cls, organisation_id: int, kind: str) -> "PrintedTitle":
        """The title and page text the organisation prints on `kind`."""
        row = cls.objects.filter(organisation_id=organisation_id, kind=kind).first()
        if row is None:
            # The documents are printed in the organisation's language.
            with translation.override(settings.LANGUAGE_CODE):
                return PrintedTitle(title=str(cls.Kind(kind).label), page_mark="")
        return PrintedTitle(title=row.title, page_mark=row.page_mark)


@dataclass(frozen=True)
class PrintedTitle:
    """A document's title and the text before its page number, as printed."""

    title: str
    page_mark: str
