"""The målbild of SSR: one four-year period's shared vision (Vision) with its
grundförutsättningar (Foundation), målsättningar (Goal), milstolpar (Milestone),
versions and bilagor; the network's aktiverade lägen (Activation); each member's
approval and board decision (MemberApproval); the yearly follow-up of the goals
(GoalFollowUp, Evidence)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ssr_portal.lib.storage import generated_name
from ssr_portal.models import TimestampedModel

# Swedish mandate periods start on 1 January after an election year: 2019, 2023,
# 2027 … (elections every four years since 1994).
MANDATE_PERIOD_YEARS = 4
FIRST_MANDATE_PERIOD_START = 1995


def is_mandate_period_start(year: int) -> bool:
    return (year - FIRST_MANDATE_PERIOD_START) % MANDATE_PERIOD_YEARS == 0


class Vision(TimestampedModel):
    """SSR's målbild for one mandate period: four whole calendar years."""

    title = models.CharField(pgettext_lazy("vision", "title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"), unique=True)
    end_year = models.PositiveSmallIntegerField(_("last year"))
    aim = models.TextField(_("overall aim"))
    description = models.TextField(_("description"), blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("vision")
        verbose_name_plural = _("visions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year=F("start_year") + MANDATE_PERIOD_YEARS - 1),
                name="targets_vision_four_years",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("targets:vision", args=[self.pk])

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, 1, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.end_year, 12, 31)

    def clean(self) -> None:
        super().clean()
        if self.start_year is None:
            return
        if self.end_year is None:
            self.end_year = self.start_year + MANDATE_PERIOD_YEARS - 1
        if self.end_year - self.start_year != MANDATE_PERIOD_YEARS - 1:
            raise ValidationError(
                {
                    "end_year": _(
                        "A vision covers four whole calendar years: %(start)s–%(end)s."
                    )
                    % {
                        "start": self.start_year,
                        "end": self.start_year + MANDATE_PERIOD_YEARS - 1,
                    }
                }
            )
        if not is_mandate_period_start(self.start_year):
            raise ValidationError(
                {
                    "start_year": _(
                        "A vision follows the mandate period: it starts the year "
                        "after an election (for example 2019, 2023 or 2027)."
                    )
                }
            )
        overlapping = (
            Vision.objects.filter(
                start_year__lte=self.end_year, end_year__gte=self.start_year
            )
            .exclude(pk=self.pk)
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                {
                    "start_year": _(
                        "The period overlaps the vision %(title)s (%(period)s): "
                        "the network's periods must not overlap."
                    )
                    % {"title": overlapping.title, "period": overlapping.period}
                }
            )


class VisionVersion(models.Model):
    """A version of the vision: the draft, its adoption by the regionala
    chefsgruppen, and later revisions."""

    class Kind(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        REVISED = "revised", _("Revised")

    vision = models.ForeignKey(
        Vision,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("vision"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    decided_by = models.CharField(
        _("decided by"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("For an adoption: the body that adopted it."),
    )
    note = models.TextField(_("note"), blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["vision", "number"]
        verbose_name = _("vision version")
        verbose_name_plural = _("vision versions")
        constraints = [
            models.UniqueConstraint(
                fields=["vision", "number"], name="targets_version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vision} v{self.number} ({self.get_kind_display()})"


def vision_document_upload_to(document: VisionDocument, filename: str) -> str:
    """A generated storage name; the uploaded name is kept in `original_name`."""
    return generated_name("visions/documents", filename)


def evidence_upload_to(evidence: Evidence, filename: str) -> str:
    """A generated storage name; the uploaded name is kept in `original_name`."""
    return generated_name("visions/evidence", filename)


class VisionDocument(TimestampedModel):
    """A bilaga of the vision (the goals document, the action plan …)."""

    vision = models.ForeignKey(
        Vision,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("vision"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("heading"), max_length=300)
    file = models.FileField(
        _("file"), upload_to=vision_document_upload_to, blank=True, max_length=300
    )
    original_name = models.CharField(
        _("file name"), max_length=255, blank=True, default=""
    )
    content_type = models.CharField(
        _("content type"), max_length=100, blank=True, default=""
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["vision", "position", "pk"]
        verbose_name = _("vision document")
        verbose_name_plural = _("vision documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("targets:document", args=[self.vision_id, self.pk])


class Foundation(models.Model):
    """A grundförutsättning of the vision."""

    vision = models.ForeignKey(
        Vision,
        on_delete=models.CASCADE,
        related_name="foundations",
        verbose_name=_("vision"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(pgettext_lazy("vision", "title"), max_length=300)
    text = models.TextField(_("text"), blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["vision", "position", "pk"]
        verbose_name = _("foundation")
        verbose_name_plural = _("foundations")

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    """A målsättning of the vision with its ambition."""

    vision = models.ForeignKey(
        Vision, on_delete=models.CASCADE, related_name="goals", verbose_name=_("vision")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(pgettext_lazy("vision", "title"), max_length=300)
    ambition = models.TextField(_("ambition"), blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["vision", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """A milstolpe: a dated step towards a goal (or the vision as a whole)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")
        DELAYED = "delayed", _("Delayed")

    vision = models.ForeignKey(
        Vision,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("vision"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("goal"),
    )
    title = models.CharField(pgettext_lazy("vision", "title"), max_length=300)
    due_date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    done_date = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["vision", "due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Activation(TimestampedModel):
    """A period of aktiverat läge of the network (SSR): from, to, level, reason and
    who asked for it. Not tied to one vision: a vision's page shows those that
    overlap its period."""

    class Level(models.TextChoices):
        EXECUTIVE = "executive", _("Executive level")
        COORDINATING = "coordinating", _("Coordinating level")
        STRATEGIC = "strategic", _("Strategic level")

    started_on = models.DateField(_("from"))
    ended_on = models.DateField(
        _("to"), null=True, blank=True, help_text=_("Empty while it lasts.")
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=Level.choices,
        blank=True,
        default="",
        help_text=_("Empty where the sources do not say."),
    )
    reason = models.TextField(_("reason"))
    requested_by = models.CharField(
        _("asked for by"), max_length=200, blank=True, default=""
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("activation")
        verbose_name_plural = _("activations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="targets_activation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.started_on:%Y-%m-%d} {self.reason[:60]}"

    def clean(self) -> None:
        super().clean()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError(
                {"ended_on": _("The end date cannot be before the start date.")}
            )

    @property
    def is_ongoing(self) -> bool:
        return self.ended_on is None


class MemberApproval(TimestampedModel):
    """One member organisation's handling of one vision: when it reached the
    member, the member's case (linked where the member uses this portal, typed where
    it does not), the approval (for a municipality by its kommundirektör) and the
    board's decision. A linked case's approval and board decision are written here
    by themselves (the cases hooks, cases/hooks.py)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        CASE_REGISTERED = "case_registered", _("Case registered")
        APPROVED = "approved", _("Approved")
        NOTED = "noted", _("Noted by the board")
        ADOPTED = "adopted", _("Adopted by the board")
        DECLINED = "declined", _("Rejected by the board")

    class BoardDecision(models.TextChoices):
        NOTED = "noted", _("Noted in the minutes")
        ADOPTED = "adopted", _("Adopted")
        DECLINED = "declined", _("Rejected")

    vision = models.ForeignKey(
        Vision,
        on_delete=models.CASCADE,
        related_name="approvals",
        verbose_name=_("vision"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="vision_approvals",
        verbose_name=_("member"),
    )
    received_on = models.DateField(_("reached the member on"), null=True, blank=True)
    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vision_approval",
        verbose_name=_("case in the portal"),
    )
    case_number = models.CharField(
        _("case number"),
        max_length=60,
        blank=True,
        default="",
        help_text=_("The member's own case number, where it does not use the portal."),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approver_name = models.CharField(
        _("approver"), max_length=200, blank=True, default=""
    )
    board_name = models.CharField(_("board"), max_length=200, blank=True, default="")
    decision_kind = models.CharField(
        _("board decision"),
        max_length=20,
        choices=BoardDecision.choices,
        blank=True,
        default="",
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_paragraph = models.PositiveIntegerField(
        _("paragraph"), null=True, blank=True
    )
    decision = models.ForeignKey(
        "cases.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision in the portal"),
    )
    note = models.TextField(_("note"), blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["vision", "organisation__name"]
        verbose_name = _("member approval")
        verbose_name_plural = _("member approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["vision", "organisation"],
                name="targets_approval_one_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vision} – {self.organisation}"

    @property
    def status(self) -> str:
        if self.decision_kind:
            return self.decision_kind
        if self.approved_on:
            return self.Status.APPROVED
        if self.case_id or self.case_number:
            return self.Status.CASE_REGISTERED
        return self.Status.NOT_STARTED

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def number(self) -> str:
        """The member's case number: the linked case's, else the typed one."""
        if self.case_id:
            return self.case.number
        return self.case_number

    @property
    def approver(self) -> str:
        if self.approved_by_id:
            return self.approved_by.get_full_name() or self.approved_by.username
        return self.approver_name


class GoalFollowUp(TimestampedModel):
    """A goal's status in one year of the period, with a comment and evidence."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        UNDER_WAY = "under_way", _("Under way")
        REACHED = "reached", _("Reached")
        AT_RISK = "at_risk", _("At risk")

    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("goal"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "year"]
        verbose_name = _("goal follow-up")
        verbose_name_plural = _("goal follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "year"], name="targets_follow_up_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal} {self.year}: {self.get_status_display()}"

    def clean(self) -> None:
        super().clean()
        if self.goal_id and self.year:
            vision = self.goal.vision
            if not vision.start_year <= self.year <= vision.end_year:
                raise ValidationError(
                    {
                        "year": _("The year must be within the period %(period)s.")
                        % {"period": vision.period}
                    }
                )


class Evidence(TimestampedModel):
    """What shows a goal's status: a case, an exercise, an evaluation, a file."""

    class Kind(models.TextChoices):
        CASE = "case", _("Case")
        EXERCISE = "exercise", _("Exercise")
        EVALUATION = "evaluation", _("Evaluation")
        FILE = "file", _("File")
        LINK = "link", _("Link")

    follow_up = models.ForeignKey(
        GoalFollowUp,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("follow-up"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("vision", "title"), max_length=300)
    url = models.URLField(_("link"), blank=True, default="")
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    file = models.FileField(
        _("file"), upload_to=evidence_upload_to, blank=True, max_length=300
    )
    # The name the file had on the uploader's computer: shown and used as the
    # download name (the storage keeps it under a generated name).
    original_name = models.CharField(
        _("file name"), max_length=255, blank=True, default=""
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["follow_up", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title
