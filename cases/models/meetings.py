"""Meetings (sammanträden), their agendas (föredragningslistor) and the decisions
(beslut) recorded on each item (DESIGN.md "Workflow of a case").

The writes live in cases/services/meetings.py. A meeting's minutes become
immutable once adjusted (justerade): `Meeting.is_adjusted` is the hook every
service checks; the justering (cases/services/justering.py) sets `adjusted_at`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Board
from ssr_portal.models import TimestampedModel

from ..querysets import AgendaItemQuerySet
from .diarium import Case


class Meeting(TimestampedModel):
    """A sammanträde of a board."""

    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("board"),
    )
    # The day the board meets; its year numbers the paragraphs (§) of the minutes.
    meeting_date = models.DateField(_("meeting date"))
    start_time = models.TimeField(_("start time"))
    place = models.CharField(_("place"), max_length=200)
    # Ordförande and sekreterare: people of the board's organisation.
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("chair"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("secretary"),
    )
    # Justerare: they adjust (sign) the minutes with the chair.
    adjusters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="adjusted_meetings",
        blank=True,
        verbose_name=_("adjusters"),
    )
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="attended_meetings",
        blank=True,
        verbose_name=_("members present"),
    )
    # Print each item's förslag till beslut in the kallelse (kallelse.py).
    kallelse_shows_proposals = models.BooleanField(
        _("print each item's proposed decision in the notice"), default=False
    )
    # Members present who have no login in the portal, one per line.
    other_members_present = models.TextField(
        _("other members present"), blank=True, default=""
    )
    # When the minutes were adjusted (justerade): from then on they are immutable.
    # Set by the justering when the last signer confirms; None until then.
    adjusted_at = models.DateTimeField(_("minutes adjusted at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["board", "-meeting_date", "-start_time"]
        indexes = [
            # The meetings page lists a board's meetings by date.
            models.Index(
                fields=["board", "meeting_date"], name="cases_meeting_date_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.board.name} {self.meeting_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("cases:meeting", args=[self.pk])

    @property
    def is_adjusted(self) -> bool:
        """Whether the minutes are adjusted: nothing of the meeting may change."""
        return self.adjusted_at is not None

    @property
    def is_held(self) -> bool:
        return self.meeting_date < timezone.localdate()

    def clean(self) -> None:
        errors = {}
        for name in ("chair", "secretary"):
            person = getattr(self, name)
            if (
                person is not None
                and self.board_id
                and person.organisation_id != self.board.organisation_id
            ):
                errors[name] = _("Choose a person of the board's organisation.")
        if errors:
            raise ValidationError(errors)


class AgendaItem(TimestampedModel):
    """An item (ärende) on a meeting's agenda, with its paragraph (§) once the
    minutes are sent for justering."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("meeting"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name=_("case"),
    )
    # Order on the föredragningslista, from 1, kept dense by the services.
    position = models.PositiveSmallIntegerField(_("position"))
    # Ärendebeskrivning of the § in the minutes and extract: written by the
    # secretary before justering; empty means the case's own description
    # (`description_text`).
    description = models.TextField(_("case description"), blank=True, default="")
    # The § of the minutes: given in agenda order when the minutes are sent for
    # justering (cases/services/justering.py), from the board's ParagraphSeries
    # of the meeting's year, so §§ run gap-free across meetings; None until then
    # (the draft minutes show the item's position).
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "case"], name="cases_agendaitem_one_per_case"
            ),
            models.UniqueConstraint(
                fields=["meeting", "paragraph"],
                name="cases_agendaitem_unique_paragraph",
            ),
            models.CheckConstraint(
                condition=Q(paragraph__isnull=True) | Q(paragraph__gte=1),
                name="cases_agendaitem_paragraph_positive",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="cases_agendaitem_position_positive"
            ),
        ]

    def __str__(self) -> str:
        if self.paragraph:
            return f"§ {self.paragraph} {self.case.number}"
        return f"{self.position}. {self.case.number}"

    def get_absolute_url(self) -> str:
        return reverse("cases:meeting", args=[self.meeting_id]) + f"#item-{self.pk}"

    @property
    def label(self) -> str:
        """ "§ 12" once numbered, else the agenda position "3." (draft minutes)."""
        if self.paragraph:
            return f"§ {self.paragraph}"
        return f"{self.position}."


class ParagraphSeries(models.Model):
    """The last paragraph (§) given out per board and year; locked while the
    minutes of a meeting are numbered, like DiariumSeries. A board that starts
    using the portal mid-year sets `first_paragraph` in the admin."""

    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="paragraph_series",
        verbose_name=_("board"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_paragraph = models.PositiveIntegerField(_("last paragraph"), default=0)
    # The § the year starts at: the next § is never below it, so a board that
    # moves to the portal in the middle of a year continues its own numbers.
    first_paragraph = models.PositiveIntegerField(
        _("first paragraph"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "The paragraph (§) the year starts at, for a board that continues "
            "its numbers from elsewhere."
        ),
    )

    class Meta:
        verbose_name = _("paragraph series")
        verbose_name_plural = _("paragraph series")
        constraints = [
            models.UniqueConstraint(
                fields=["board", "year"], name="cases_paragraphseries_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.board.prefix} {self.year}: § {self.last_paragraph}"

    @property
    def next_paragraph(self) -> int:
        return max(self.last_paragraph + 1, self.first_paragraph)


class Decision(models.Model):
    """The beslut on one agenda item, as recorded by the secretary."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approved as proposed")
        NOTE = "note", _("Noted in the minutes")
        REFER_BACK = "refer_back", _("Referred back")
        POSTPONE = "postpone", _("Postponed")
        REJECT = "reject", _("Rejected")
        OTHER = "other", _("Other decision")
        # Lägga till handlingarna: the board takes note and files the matter.
        FILE = "file", _("Placed on file")
        # Föreslå <board> besluta: a preparing body's proposal to the next body.
        PROPOSE = "propose", _("Proposal to another body")
        # Yttrande: the board's opinion on a remiss.
        OPINION = "opinion", _("Opinion (yttrande)")

    item = models.OneToOneField(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("agenda item"),
    )
    kind = models.CharField(_("decision"), max_length=20, choices=Kind.choices)
    # The decision as the minutes print it; for återremiss, also the reason.
    text = models.TextField(_("decision text"))
    # Yrkanden: the motions made during the meeting.
    motions = models.TextField(_("motions"), blank=True, default="")
    # Beslutsgång: how the chair put the motions to the board.
    procedure = models.TextField(_("decision procedure"), blank=True, default="")
    # Bordläggning: the meeting whose agenda the case moved to.
    later_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("postponed to"),
    )
    # Föreslå <board> besluta: the body the proposal goes to; only for that kind.
    proposed_to = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("proposed to"),
    )
    # Jäv: members who did not take part in the decision.
    not_participating = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        blank=True,
        verbose_name=_("did not take part (conflict of interest)"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["item__meeting", "item__paragraph"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="cases_decision_has_text"
            ),
            models.CheckConstraint(
                condition=(Q(kind="postpone") & Q(later_meeting__isnull=False))
                | (~Q(kind="postpone") & Q(later_meeting__isnull=True)),
                name="cases_decision_later_meeting_only_when_postponed",
            ),
            models.CheckConstraint(
                condition=(Q(kind="propose") & Q(proposed_to__isnull=False))
                | (~Q(kind="propose") & Q(proposed_to__isnull=True)),
                name="cases_decision_proposed_to_only_when_proposing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_kind_display()}"


class Vote(models.Model):
    """One option of an omröstning and the votes it got."""

    decision = models.ForeignKey(
        Decision,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("decision"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    option = models.CharField(_("option"), max_length=200)
    count = models.PositiveSmallIntegerField(_("votes"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote count")
        verbose_name_plural = _("vote counts")
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "option"], name="cases_vote_unique_option"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.option}: {self.count}"


class MemberVote(models.Model):
    """A named vote (omröstning by roll call): how one member voted."""

    decision = models.ForeignKey(
        Decision,
        on_delete=models.CASCADE,
        related_name="member_votes",
        verbose_name=_("decision"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member"),
    )
    option = models.CharField(_("option"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member's vote")
        verbose_name_plural = _("members' votes")
        ordering = ["decision", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "member"], name="cases_membervote_one_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.option}"


class DecisionStatement(models.Model):
    """A reservation against the decision, or a protocol note (protokollsanteckning),
    by a member (in the portal or named as text)."""

    class Kind(models.TextChoices):
        RESERVATION = "reservation", _("Reservation")
        NOTE = "note", _("Protocol note")

    decision = models.ForeignKey(
        Decision,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("decision"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("member"),
    )
    # For a member without a login in the portal.
    member_name = models.CharField(
        _("member's name"), max_length=200, blank=True, default=""
    )
    text = models.TextField(_("text"), blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reservation or protocol note")
        verbose_name_plural = _("reservations and protocol notes")
        ordering = ["decision", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(member_name=""),
                name="cases_decisionstatement_names_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def name(self) -> str:
        return str(self.member) if self.member_id else self.member_name
