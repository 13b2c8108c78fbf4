"""The stored PDFs of a meeting: its minutes (protokoll), the extract
(protokollsutdrag) of a §, and its kallelse (cases/services/stored_pdfs.py).

A cache, not part of the record: each row is a rendered PDF and the key of the
HTML it was rendered from, so that a download whose HTML is unchanged reads
the file instead of rendering with WeasyPrint again.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .meetings import AgendaItem, Meeting


class StoredPdf(models.Model):
    """One rendered PDF of a meeting, found again by the key of its HTML."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        EXTRACT = "extract", _("Extract from the minutes")
        KALLELSE = "kallelse", _("Notice of meeting")

    # CASCADE: a stored PDF is a cache of what the meeting's rows say.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="stored_pdfs",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The § of an extract; None for the minutes and the kallelse.
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("agenda item"),
    )
    # sha256 of the layout version and the HTML the PDF was rendered from. The
    # HTML holds only what its reader may see, so equal keys mean equal PDFs.
    key = models.CharField(_("PDF key"), max_length=64)
    file = models.FileField(_("stored PDF"), upload_to="minutes/pdf/")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored PDF")
        verbose_name_plural = _("stored PDFs")
        ordering = ["meeting", "kind", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "item", "key"],
                name="cases_storedpdf_unique_key",
            ),
            # The constraint above does not hold where item is NULL.
            models.UniqueConstraint(
                fields=["meeting", "kind", "key"],
                condition=Q(item__isnull=True),
                name="cases_storedpdf_unique_key_without_item",
            ),
            models.CheckConstraint(
                condition=Q(kind="extract", item__isnull=False)
                | (~Q(kind="extract") & Q(item__isnull=True)),
                name="cases_storedpdf_item_only_for_extract",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.get_kind_display()} {self.key[:12]}"
