"""Justering of a meeting's minutes (DESIGN.md "Workflow of a case").

The secretary sends the minutes for justering (`Justering`); the chair and each
justerare confirm them with their own login (`JusteringConfirmation`) and may
propose a change to a § (`ChangeProposal`), which the secretary accepts or
rejects with a note. An accepted change clears the confirmations made before it
(`cleared_at`): they confirm the changed minutes again. Once the chair and every
justerare have a confirmation that is not cleared, the meeting is adjusted
(`Meeting.adjusted_at`). The writes live in cases/services/justering.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .meetings import AgendaItem, Meeting


class Justering(models.Model):
    """The sending of a meeting's minutes for justering."""

    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.PROTECT,
        related_name="justering",
        verbose_name=_("meeting"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent for adjustment at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adjustment of the minutes")
        verbose_name_plural = _("adjustments of the minutes")

    def __str__(self) -> str:
        return f"{self.meeting}"


class JusteringConfirmation(models.Model):
    """The chair's or a justerare's confirmation of the minutes."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        ADJUSTER = "adjuster", _("Adjuster")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="confirmations",
        verbose_name=_("meeting"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    # Set when an accepted change made the confirmation void: the person
    # confirms the changed minutes again. Kept, not deleted, as the record.
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("confirmation of the minutes")
        verbose_name_plural = _("confirmations of the minutes")
        ordering = ["meeting", "confirmed_at", "pk"]
        constraints = [
            # One valid (not cleared) confirmation per person and meeting.
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(cleared_at__isnull=True),
                name="cases_justeringconfirmation_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.user} ({self.get_role_display()})"


class ChangeProposal(models.Model):
    """A change to a § proposed during justering, and the secretary's answer."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="change_proposals",
        verbose_name=_("meeting"),
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="change_proposals",
        verbose_name=_("agenda item"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    text = models.TextField(_("proposed change"))
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    note = models.TextField(_("secretary's note"), blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("answered by"),
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposed change of the minutes")
        verbose_name_plural = _("proposed changes of the minutes")
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="cases_changeproposal_has_text"
            ),
            models.CheckConstraint(
                condition=Q(status="proposed", decided_at__isnull=True)
                | (~Q(status="proposed") & Q(decided_at__isnull=False)),
                name="cases_changeproposal_answered_when_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_status_display()}"
