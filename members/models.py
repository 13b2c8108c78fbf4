"""SSR's member organisations, their boards, people, populations and the chefsgrupp."""

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ssr_portal.lib.collation import swedish
from ssr_portal.models import TimestampedModel

from . import numbering
from .choices import OrganisationKind
from .numbering import DEFAULT_NUMBER_FORMAT
from .querysets import OrganisationQuerySet


class Organisation(TimestampedModel):
    """A member of Samverkan Stockholmsregionen (or SSR itself, as a recipient)."""

    Kind = OrganisationKind

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True, default=""
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Swedish organisationsnummer (NNNNNN-NNNN); blank where it is not verified.
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        default="",
        validators=[RegexValidator(r"^\d{6}-\d{4}$", _("Write it as 212000-0142."))],
    )
    # SCB's four-digit kommunkod; only municipalities have one.
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        blank=True,
        default="",
        validators=[RegexValidator(r"^\d{4}$", _("Four digits, e.g. 0126."))],
    )
    website = models.URLField(_("website"), blank=True, default="")
    # Weight in the key by which the members other than the municipalities share
    # the other half of SSR's cost. Unset for all: equal shares.
    cost_weight = models.DecimalField(
        _("cost key weight"),
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Share of the non-municipal half. Leave empty for equal shares."),
    )
    # The four-eyes rule of the approval (cases/services/workflow.py): the
    # organisation's internal control, not a law, so it may turn it off (an
    # organisation with a single chief executive who also writes cases). The
    # rule that no secretary adjusts the minutes they kept is the law's
    # (kommunallagen 5 kap. 69 §: the justerare are members) and is not here.
    four_eyes_approval = models.BooleanField(
        _("four-eyes approval"),
        default=True,
        help_text=_(
            "Nobody approves a case they handle or an official report they wrote. "
            "Turn it off only where the organisation's internal control allows it."
        ),
    )

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # Choices and lists of members read in Swedish order (Salem before SOS).
        ordering = [swedish("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~models.Q(municipality_code=""),
                name="members_organisation_unique_municipality_code",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="kommun") | models.Q(municipality_code=""),
                name="members_organisation_code_only_for_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.slug])

    @property
    def is_municipality(self) -> bool:
        return self.kind == self.Kind.MUNICIPALITY

    @property
    def is_member(self) -> bool:
        return self.kind != self.Kind.NETWORK


class MembershipEvent(TimestampedModel):
    """A step in an organisation's membership of SSR, with the document behind it."""

    class Kind(models.TextChoices):
        DECLARATION = "avsiktsforklaring", _("Declaration of intent")
        AGREEMENT = "overenskommelse", _("Agreement")
        JOINED = "joined", _("Joined")
        LEFT = "left", _("Left")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="membership_events",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The date the step took effect (for a board decision: the meeting date).
    effective_date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        ordering = ["organisation", "effective_date"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_kind_display()} {self.effective_date}"


class Population(TimestampedModel):
    """Folkmängd of a municipality on 31 December of `year` (SCB)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="populations",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year (31 December)"))
    population = models.PositiveIntegerField(_("population"))
    source = models.TextField(_("source"), blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        ordering = ["organisation", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="members_population_one_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(population__gt=0),
                name="members_population_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.population}"


PREFIX_VALIDATOR = RegexValidator(r"^[\wÅÄÖåäö.-]+$", _("Letters only, e.g. KS."))


class Diarium(TimestampedModel):
    """A diarium (registry series) of an organisation: where its cases are
    registered and numbered, apart from the boards that take them up. A
    municipality may keep one per förvaltning, or one for all its boards."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="diaria",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    prefix = models.CharField(_("prefix"), max_length=20, validators=[PREFIX_VALIDATOR])
    # How a case number is written; organisations differ ("KS 2023/236",
    # "2024/KS 0045 042", "LS 2405-0311"). See members/numbering.py.
    number_format = models.CharField(
        _("number format"),
        max_length=60,
        default=DEFAULT_NUMBER_FORMAT,
        help_text=_(
            "Placeholders: {prefix}, {year} (2024), {yy} (24), {month} (05),"
            " {class} (the case's class code), {serial} and {serial:4} (0045);"
            " any other text is written as it stands."
        ),
    )
    # The serial the first case of a new year gets (a year already begun keeps
    # its own series; its next serial is set on the series).
    first_serial = models.PositiveIntegerField(
        _("first serial of a year"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("The serial the first case of each new year gets."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diarium")
        verbose_name_plural = _("diaria")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="members_diarium_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(first_serial__gte=1),
                name="members_diarium_first_serial_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}), {self.organisation}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        try:
            numbering.validate_number_format(self.number_format)
        except ValidationError as error:
            raise ValidationError({"number_format": error.messages}) from error

    @property
    def uses_class(self) -> bool:
        """Whether its numbers carry the case's class (a case needs one)."""
        return numbering.uses_class(self.number_format)

    def format_number(
        self, *, year: int, serial: int, month: int = 1, class_code: str = ""
    ) -> str:
        """The number of the case with these parts (members/numbering.py)."""
        return numbering.format_number(
            self.number_format,
            prefix=self.prefix,
            year=year,
            serial=serial,
            month=month,
            class_code=class_code,
        )

    def example_number(self, *, today: datetime.date | None = None) -> str:
        """A number as this diarium would write it today: the admin shows it
        beside the format. Raises ValidationError for an invalid format."""
        today = today or timezone.localdate()
        numbering.validate_number_format(self.number_format)
        return self.format_number(
            year=today.year,
            month=today.month,
            serial=self.first_serial or 1,
            class_code=EXAMPLE_CLASS_CODE,
        )

    def parse_number(self, number: str) -> dict | None:
        """Read a number written in this diarium's format back into its parts:
        `{"year": 2024, "serial": 45, "month": 5 or None, "class_code": "042" or
        None}`, or None when `number` is not written in the format (wrong
        prefix, text or digits). For importing an existing diarium."""
        return numbering.parse_number(number, self.number_format, prefix=self.prefix)


# The class code the admin's example number shows for {class}.
EXAMPLE_CLASS_CODE = "042"


class Board(TimestampedModel):
    """A body of an organisation that meets and decides (fullmäktige, styrelse,
    utskott, nämnd, beredning). It takes cases from its organisation's diaria;
    those registered for it go to its own diarium by default."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="boards",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    # The board's short name (KS): `list_cases --board KS`, and the prefix of
    # the diarium made for it if it has none.
    prefix = models.CharField(
        _("diarium prefix"), max_length=20, validators=[PREFIX_VALIDATOR]
    )
    # Null for a board set up before a diarium was chosen: its first
    # registration makes one named after it (members/services.py).
    diarium = models.ForeignKey(
        Diarium,
        on_delete=models.PROTECT,
        related_name="boards",
        null=True,
        blank=True,
        verbose_name=_("diarium"),
        help_text=_("Where the cases registered for the board are numbered."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "prefix"], name="members_board_unique_prefix"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if (
            self.diarium is not None
            and self.organisation_id is not None
            and self.diarium.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"diarium": _("The diarium must belong to the board's organisation.")}
            )

    @property
    def number_format(self) -> str:
        """The number format of the board's diarium (the default until it has
        one)."""
        return self.diarium.number_format if self.diarium else DEFAULT_NUMBER_FORMAT


SYSTEM_USERNAME = "ssr-portalen"


class PortalUserManager(UserManager):
    def system(self) -> "User":
        """The portal itself as the one who acts: a management command, an import,
        the demo, a background task, the notice that follows a justering. The
        services take it where a person would be, so that the portal's own calls
        name themselves (and the history says who) and no call slips past the
        checks by passing no one. It cannot log in: it is inactive, without a
        password."""
        user, created = self.get_or_create(
            username=SYSTEM_USERNAME,
            defaults={"first_name": "SSR-portalen", "is_active": False},
        )
        if created or not user.is_system:
            user.is_system = True
            user.is_active = False
            user.set_unusable_password()
            user.save(update_fields=["is_system", "is_active", "password"])
        return user


class User(AbstractUser):
    """A person who logs in: an official, a director, a secretary, a registrar;
    and one account for the portal itself (`User.objects.system()`)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("job title"), max_length=150, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=40, blank=True, default="")
    # The portal's own account (PortalUserManager.system); never a person.
    is_system = models.BooleanField(_("the portal itself"), default=False)
    # The account an API token acts as (ApiToken.user): a machine client of the
    # organisation, never a person; it never logs in to the web (backends.py).
    is_api_client = models.BooleanField(_("API client"), default=False)
    # How many of the user's notifications are unread: kept by the notification
    # services (members/services.py) so that the header's count costs no query.
    unread_notifications = models.PositiveIntegerField(
        _("unread notifications"), default=0, editable=False
    )

    objects = PortalUserManager()
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "unread_notifications"]
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's roles (group names), read once per request."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.role_names.intersection(roles))


class ChefsgruppSeat(TimestampedModel):
    """A seat in the regionala chefsgruppen, SSR's inriktande nivå in ordinarie läge."""

    class Area(models.TextChoices):
        CHAIR = "chair", _("Chair")
        NORTH = "north", _("Municipalities, north")
        MIDDLE = "middle", _("Municipalities, middle")
        SOUTH = "south", _("Municipalities, south")
        STOCKHOLM = "stockholm", _("City of Stockholm")

    area = models.CharField(_("seat"), max_length=20, choices=Area.choices, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="chefsgrupp_seats",
        null=True,
        blank=True,
        verbose_name=_("represented by"),
    )
    holder_title = models.CharField(_("holder's title"), max_length=150)
    holder_name = models.CharField(
        _("holder's name"), max_length=150, blank=True, default=""
    )
    note = models.CharField(_("note"), max_length=300, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chefsgrupp seat")
        verbose_name_plural = _("chefsgrupp seats")
        ordering = ["area"]

    def __str__(self) -> str:
        return str(self.get_area_display())


class ExternalIdentity(TimestampedModel):
    """A person's account at the organisation's identity provider (OpenID
    Connect, members/oidc.py): its issuer and subject, which never change while
    the name and e-mail address may. The single sign-on finds the user by it."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("user"),
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        ordering = ["issuer", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="members_externalidentity_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} @ {self.issuer}"


class ApiToken(TimestampedModel):
    """A machine client's key to the API (the archive, another system): one per
    system, owned by an organisation, read or write. Only a digest of the token
    is stored; the token itself is shown once, when it is made
    (members/tokens.py). The client acts as `user`, an account of its own in
    the organisation named after the token, so that the history says which
    system did what; that account never logs in to the web."""

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    name = models.CharField(_("name"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    scope = models.CharField(
        _("scope"), max_length=5, choices=Scope.choices, default=Scope.READ
    )
    # The token's first characters after "ssr_": how a request finds its row, and
    # what lists show. Not secret.
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    # SHA-256 of the whole token, in hex. The token is never stored.
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    user = models.OneToOneField(
        User,
        on_delete=models.PROTECT,
        related_name="api_token",
        verbose_name=_("acts as"),
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} (ssr_{self.prefix}…)"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > now
        )


class NotificationKind(models.TextChoices):
    """What a notification tells about: a step of a case or a meeting that waits
    for its recipient, or that they should know of."""

    SUBMITTED = "submitted", _("Case submitted for approval")
    RETURNED = "returned", _("Case returned for changes")
    APPROVED = "approved", _("Case approved")
    PLACED_ON_AGENDA = "placed_on_agenda", _("Case placed on an agenda")
    SENT_FOR_JUSTERING = "sent_for_justering", _("Minutes sent for adjustment")
    CHANGE_PROPOSED = "change_proposed", _("Change proposed to the minutes")
    ADJUSTED = "adjusted", _("Minutes adjusted")
    DISPATCHED = "dispatched", _("Decision dispatched")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up date reached")


class Notification(models.Model):
    """A notice to one person in the portal ("Notiser"), written by
    `notification_send` (members/services.py), which also e-mails it at once or
    in the daily digest as the recipient prefers (NotificationPreference)."""

    Kind = NotificationKind

    recipient = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True, default="")
    # The page it is about, as a path of the portal ("/cases/12/").
    url = models.CharField(_("link"), max_length=500, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When it went out by e-mail, alone or in a digest; None while it has not.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="members_notification_list_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(TimestampedModel):
    """How a person wants one kind of notification: e-mailed at once (the
    default, also without a row), in a daily digest, or only in the portal."""

    class Delivery(models.TextChoices):
        NOW = "now", _("E-mail at once")
        DIGEST = "digest", _("Daily digest by e-mail")
        PORTAL = "portal", _("Only in the portal")

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.NOW
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="members_notificationpref_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} ({self.get_delivery_display()})"
