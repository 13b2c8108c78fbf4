"""The anslag (notice) on the public anslagstavla that a meeting's minutes are
adjusted, and the dispatch log of each case's decision (DESIGN.md "Workflow of a
case", issue 4 §§ 6–7).

The writes live in cases/services/anslag.py and cases/services/dispatch.py; the
dates come from ssr_portal/lib/workdays.py.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssr_portal.lib.workdays import (
    AppealPeriod,
    notice_latest_publication,
)
from ssr_portal.models import TimestampedModel

from .diarium import Case
from .documents import Recipient
from .meetings import Meeting


class NoticeQuerySet(models.QuerySet):
    def current(self, today: datetime.date | None = None) -> "NoticeQuerySet":
        """The notices on the anslagstavla today: published, not yet taken down.
        A notice comes down by itself on its takedown date (no job needed)."""
        today = today or timezone.localdate()
        return self.filter(published_date__lte=today, takedown_date__gt=today)

    def with_related(self) -> "NoticeQuerySet":
        return self.select_related("meeting__board__organisation")


class Notice(TimestampedModel):
    """The anslag that the minutes of a meeting are adjusted (kommunallagen
    8 kap. 12 §); it starts the appeal period of every decision in them."""

    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.PROTECT,
        related_name="notice",
        verbose_name=_("meeting"),
    )
    # The day of justering, as the notice prints it (from Meeting.adjusted_at).
    adjusted_date = models.DateField(_("date of adjustment"))
    # Förvaringsplats: where the public can read the adjusted minutes.
    minutes_kept_at = models.CharField(_("where the minutes are kept"), max_length=300)
    # The day the notice went up: the appeal period runs three weeks from it
    # (kommunallagen 13 kap. 5 §). Should be at most two days after justering.
    published_date = models.DateField(_("publication date"))
    # The last day an appeal can reach the förvaltningsrätt (moved past
    # non-working days), and the nominal day it was moved from.
    last_appeal_date = models.DateField(_("last day to appeal"))
    appeal_moved_from = models.DateField(
        _("last day to appeal, before moving past non-working days"),
        null=True,
        blank=True,
    )
    # The day the notice comes down: the day after the appeal period, when the
    # decisions gain legal force unless appealed.
    takedown_date = models.DateField(_("takedown date"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("published by"),
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_date__gte=models.F("adjusted_date")),
                name="cases_notice_published_after_adjustment",
            ),
            models.CheckConstraint(
                condition=Q(takedown_date__gt=models.F("last_appeal_date"))
                & Q(last_appeal_date__gt=models.F("published_date")),
                name="cases_notice_dates_in_order",
            ),
        ]
        indexes = [
            # NoticeQuerySet.current(): the public anslagstavla.
            models.Index(
                fields=["published_date", "takedown_date"],
                name="cases_notice_current_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.published_date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("anslagstavla:detail", args=[self.pk])

    @property
    def appeal_period(self) -> AppealPeriod:
        """The period as it was published (the stored dates, which the
        anslagstavla and the API show too), not recomputed from today's rules."""
        return AppealPeriod(
            published=self.published_date,
            last_day=self.last_appeal_date,
            moved_from=self.appeal_moved_from,
            legal_force_date=self.takedown_date,
        )

    @property
    def latest_publication_date(self) -> datetime.date:
        return notice_latest_publication(self.adjusted_date)

    @property
    def is_late(self) -> bool:
        """Published after the second day after justering (8 kap. 12 §)."""
        return self.published_date > self.latest_publication_date

    def is_current(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.published_date <= today < self.takedown_date

    @property
    def is_taken_down(self) -> bool:
        """Whether its takedown date has come (the page says "Nedtaget", or
        "Tas ned" for a date still ahead)."""
        return self.takedown_date <= timezone.localdate()


class Dispatch(TimestampedModel):
    """One sending of a case's decision (protokollsutdrag) to one recipient."""

    class Method(models.TextChoices):
        EMAIL = "email", _("E-mail")
        MANUAL = "manual", _("Manual (post or by hand)")

    class Status(models.TextChoices):
        TO_DO = "to_do", _("To do")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        DONE = "done", _("Done by hand")

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="dispatches",
        verbose_name=_("case"),
    )
    recipient = models.ForeignKey(
        Recipient,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dispatches",
        verbose_name=_("recipient"),
    )
    # As sent: kept even if the recipient is changed later.
    recipient_name = models.CharField(_("recipient's name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True, default="")
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TO_DO
    )
    # When the e-mail went out, or when the secretary marked it done.
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Who dispatched the decision, or marked a manual row done.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True, default="")
    # Why the last e-mail failed, for the secretary.
    error = models.TextField(_("error"), blank=True, default="")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["case", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method="manual") | ~Q(email=""),
                name="cases_dispatch_email_has_address",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(method="manual"),
                name="cases_dispatch_done_only_manual",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.recipient_name}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.case_id]) + "#dispatch"

    @property
    def is_complete(self) -> bool:
        return self.status in (self.Status.SENT, self.Status.DONE)

    @property
    def can_be_marked_done(self) -> bool:
        return self.method == self.Method.MANUAL and self.status == self.Status.TO_DO
