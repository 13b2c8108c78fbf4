"""The diarium: cases, their numbering and the documents registered in them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Board, Diarium, Organisation
from ssr_portal.models import TimestampedModel

from ..querysets import CaseQuerySet
from .classification import CaseClass


class Secrecy(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTLY_SECRET = "partly_secret", _("Partly secret")
    SECRET = "secret", _("Secret")


class DiariumSeries(models.Model):
    """The last serial given out per diarium and year; locked while a case is
    numbered. Made on the year's first registration (starting at the diarium's
    first serial), or beforehand in the admin with a chosen next serial, so that
    an organisation that moves to the portal mid-year continues its numbers."""

    diarium = models.ForeignKey(
        Diarium,
        on_delete=models.PROTECT,
        related_name="series",
        verbose_name=_("diarium"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # 0 when no case has a number of the year yet; the next case gets one more.
    last_serial = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("diarium series")
        verbose_name_plural = _("diarium series")
        ordering = ["diarium", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["diarium", "year"], name="cases_diariumseries_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.diarium.prefix} {self.year}: {self.last_serial}"

    @property
    def next_serial(self) -> int:
        return self.last_serial + 1


class Case(TimestampedModel):
    """An ärende in a board's diarium."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        DRAFTING = "drafting", _("Drafting")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        ON_AGENDA = "on_agenda", _("On the agenda")
        DECIDED = "decided", _("Decided")
        ADJUSTED = "adjusted", _("Minutes adjusted")
        DISPATCHED = "dispatched", _("Dispatched")
        CLOSED = "closed", _("Closed")

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DECISION = "decision", _("Matter for decision")
        REFERRAL = "referral", _("Referral for consultation")
        MOTION = "motion", _("Motion")
        CITIZEN_PROPOSAL = "citizen_proposal", _("Citizen proposal")
        OTHER = "other", _("Other")

    # The board the case is registered for (whose agenda it goes to first).
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("board"),
        # cases_board_newest_idx leads with the board.
        db_index=False,
    )
    # The diarium the case is numbered in: the board's, unless the registrator
    # chose another of the organisation's.
    diarium = models.ForeignKey(
        Diarium,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("diarium"),
    )
    # The class of the organisation's klassificeringsstruktur the case is filed
    # under; required when the diarium's number carries the class code.
    case_class = models.ForeignKey(
        CaseClass,
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("class"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    # The diarienummer as the diarium writes it, fixed at registration. Unique per
    # diarium and year through the serial; two municipalities may both have
    # "KS 2023/1".
    number = models.CharField(_("case number"), max_length=60, db_index=True)
    # Ärendemening: what the case is about, as the public diarium shows it.
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.DECISION
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    secrecy = models.CharField(
        _("secrecy"), max_length=20, choices=Secrecy.choices, default=Secrecy.PUBLIC
    )
    # The paragraph of offentlighets- och sekretesslagen (2009:400) that applies.
    secrecy_reference = models.CharField(
        _("OSL paragraph"), max_length=100, blank=True, default=""
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handled_cases",
        null=True,
        blank=True,
        verbose_name=_("case officer"),
        # cases_handler_newest_idx leads with the handler.
        db_index=False,
    )
    # The date the case was entered in the diarium (registreringsdatum).
    registered_date = models.DateField(_("registration date"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registered_cases",
        null=True,
        blank=True,
        verbose_name=_("registered by"),
    )
    # Bevakningsdatum: the handler is reminded by e-mail on this day.
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_reminded_date = models.DateField(
        _("reminder sent on"), null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True, default="")

    history = HistoricalRecords()
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["diarium", "year", "serial"], name="cases_case_unique_serial"
            ),
            models.CheckConstraint(
                condition=models.Q(serial__gte=1), name="cases_case_serial_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(secrecy="public", secrecy_reference="")
                | ~models.Q(secrecy="public"),
                name="cases_case_reference_only_when_secret",
            ),
        ]
        # The lists (the case list, the public diarium, the API's list) show
        # CaseQuerySet.NEWEST_FIRST (-year, -serial, -id), a page at a time from a
        # keyset position. Each index below is that order behind the column of
        # one filter, so a page is one index range read in order: no sort, no
        # scan of the table.
        indexes = [
            # Every list unfiltered, and filtered by year (the leading column).
            # The visibility rule (public, or the own organisation's boards)
            # filters it as it goes: most cases are public, so a page reads few
            # more rows than it shows, and an index that leads with the secrecy
            # went unused in the plans (tests/cases/test_list_query_plans.py).
            models.Index(fields=["-year", "-serial", "-id"], name="cases_newest_idx"),
            # Filtered by board (also the index of the board foreign key).
            models.Index(
                fields=["board", "-year", "-serial", "-id"],
                name="cases_board_newest_idx",
            ),
            # Filtered by status.
            models.Index(
                fields=["status", "-year", "-serial", "-id"],
                name="cases_status_newest_idx",
            ),
            # Filtered by case officer (also the index of the handler foreign key).
            models.Index(
                fields=["handler", "-year", "-serial", "-id"],
                name="cases_handler_newest_idx",
            ),
            # The daily reminder command looks up due follow-up dates.
            models.Index(fields=["follow_up_date"], name="cases_follow_up_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def organisation(self) -> Organisation:
        return self.board.organisation

    @property
    def is_public(self) -> bool:
        return self.secrecy == Secrecy.PUBLIC

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_frozen(self) -> bool:
        """Whether its tjänsteskrivelse (text, signatories, attachments, recipients,
        references) is frozen: from submission on, until it is returned or reopened."""
        return self.status in FROZEN_STATUSES

    def can_change_status(self, to: str) -> bool:
        """Whether the workflow allows the step from the current status to `to`."""
        return to in STATUS_TRANSITIONS.get(self.status, ())

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.board_id is not None:
            organisation_id = self.board.organisation_id
            if self.diarium_id is not None and (
                self.diarium.organisation_id != organisation_id
            ):
                raise ValidationError(
                    {
                        "diarium": _(
                            "The diarium must belong to the board's organisation."
                        )
                    }
                )
            if self.case_class_id is not None and (
                self.case_class.organisation_id != organisation_id
            ):
                raise ValidationError(
                    {
                        "case_class": _(
                            "The class must belong to the organisation's"
                            " classification structure."
                        )
                    }
                )
        if self.secrecy != Secrecy.PUBLIC and not self.secrecy_reference:
            raise ValidationError(
                {"secrecy_reference": _("Name the OSL paragraph that applies.")}
            )
        if self.secrecy == Secrecy.PUBLIC and self.secrecy_reference:
            raise ValidationError(
                {"secrecy_reference": _("A public case has no OSL paragraph.")}
            )


# The workflow of DESIGN.md: from each status, the statuses one step may lead to.
# Every step goes through cases/services/transitions.py `case_transition`, which
# refuses one that is not here (STYLE.md §4).
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Case.Status.REGISTERED: (Case.Status.DRAFTING,),
    Case.Status.DRAFTING: (Case.Status.SUBMITTED,),
    # Approved, or returned with a comment.
    Case.Status.SUBMITTED: (Case.Status.APPROVED, Case.Status.DRAFTING),
    # On a meeting's agenda, or reopened: any edit after approval needs a new one.
    Case.Status.APPROVED: (Case.Status.ON_AGENDA, Case.Status.DRAFTING),
    # Decided, bordlagd to a later meeting, or taken off the agenda again
    # before its decision (agenda_remove undoes agenda_add: back to approved, or
    # to adjusted for the next body of a beredningsgång).
    Case.Status.ON_AGENDA: (
        Case.Status.DECIDED,
        Case.Status.ON_AGENDA,
        Case.Status.APPROVED,
        Case.Status.ADJUSTED,
    ),
    # Minutes adjusted, or återremiss.
    Case.Status.DECIDED: (Case.Status.ADJUSTED, Case.Status.DRAFTING),
    # Dispatched; or, for a case with a beredningsgång whose preparing or opinion
    # step is decided in adjusted minutes, on the next body's agenda
    # (cases/services/agenda.py agenda_add says which body).
    Case.Status.ADJUSTED: (Case.Status.DISPATCHED, Case.Status.ON_AGENDA),
    Case.Status.DISPATCHED: (Case.Status.CLOSED,),
    Case.Status.CLOSED: (),
}

# While a case is in one of these, its tjänsteskrivelse cannot be changed.
FROZEN_STATUSES = frozenset(
    {
        Case.Status.SUBMITTED,
        Case.Status.APPROVED,
        Case.Status.ON_AGENDA,
        Case.Status.DECIDED,
        Case.Status.ADJUSTED,
        Case.Status.DISPATCHED,
        Case.Status.CLOSED,
    }
)


class JournalEntry(TimestampedModel):
    """A document registered in a case: incoming, outgoing or drawn up (upprättad)."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("Incoming")
        OUTGOING = "outgoing", _("Outgoing")
        INTERNAL = "internal", _("Drawn up")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="entries", verbose_name=_("case")
    )
    # Running number within the case, from 1: "KS 2023/236-3".
    serial = models.PositiveIntegerField(_("serial"))
    direction = models.CharField(
        _("handling"), max_length=20, choices=Direction.choices
    )
    # The document's own date.
    document_date = models.DateField(_("document date"))
    # For incoming documents, the day it reached the organisation (OSL 5 kap. 1 §).
    received_date = models.DateField(_("date received"), null=True, blank=True)
    counterpart = models.CharField(
        _("sender or recipient"), max_length=200, blank=True, default=""
    )
    subject = models.CharField(_("concerns"), max_length=300)
    secrecy = models.CharField(
        _("secrecy"), max_length=20, choices=Secrecy.choices, default=Secrecy.PUBLIC
    )
    secrecy_reference = models.CharField(
        _("OSL paragraph"), max_length=100, blank=True, default=""
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("registered by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registered document")
        verbose_name_plural = _("registered documents")
        ordering = ["case", "serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "serial"], name="cases_journalentry_unique_serial"
            ),
            models.CheckConstraint(
                condition=models.Q(direction="incoming")
                | models.Q(received_date__isnull=True),
                name="cases_journalentry_received_only_incoming",
            ),
            models.CheckConstraint(
                condition=models.Q(secrecy="public", secrecy_reference="")
                | ~models.Q(secrecy="public"),
                name="cases_journalentry_reference_only_when_secret",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def number(self) -> str:
        return f"{self.case.number}-{self.serial}"

    @property
    def is_public(self) -> bool:
        return self.secrecy == Secrecy.PUBLIC

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.direction == self.Direction.INCOMING:
            if not self.received_date:
                errors["received_date"] = _(
                    "An incoming document needs the date received."
                )
            if not self.counterpart:
                errors["counterpart"] = _("Name the sender.")
        elif self.received_date:
            errors["received_date"] = _("Only incoming documents have a date received.")
        if self.secrecy != Secrecy.PUBLIC and not self.secrecy_reference:
            errors["secrecy_reference"] = _("Name the OSL paragraph that applies.")
        if self.secrecy == Secrecy.PUBLIC and self.secrecy_reference:
            errors["secrecy_reference"] = _("A public document has no OSL paragraph.")
        if errors:
            raise ValidationError(errors)
