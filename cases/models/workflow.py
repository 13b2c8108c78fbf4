"""The approval trail of a case's tjänsteskrivelse (DESIGN.md "Workflow of a case").

Every step is kept: an approval stays in the trail after the case is reopened,
and the approval that counts is the newest event when it is an approval.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .diarium import Case
from .documents import Document


class ApprovalEvent(models.Model):
    """One step of the approval workflow: who did what to which version, and when."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for approval")
        RETURNED = "returned", _("Returned with comment")
        APPROVED = "approved", _("Approved")
        REOPENED = "reopened", _("Reopened for changes")

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="approval_events",
        verbose_name=_("case"),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="approval_events",
        verbose_name=_("official report"),
    )
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    # The version of the text the step concerns: for an approval, the approved text.
    document_version = models.PositiveIntegerField(_("document version"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    # The chief executive's comment on a return, the reason for a reopening.
    comment = models.TextField(_("comment"), blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["case", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="returned") | ~Q(comment=""),
                name="cases_approvalevent_returned_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.get_kind_display()}"
