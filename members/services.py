"""Writes to the member register: population imports, roles, the cost key, the
boards' diaria; and the notifications to people (`notification_send`)."""

import datetime
import decimal
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ssr_portal.lib.history import set_history_user

from . import costs
from .models import (
    Board,
    Diarium,
    Notification,
    NotificationKind,
    NotificationPreference,
    Organisation,
    Population,
    User,
)
from .population_import import PopulationImportReport, population_figures_read
from .reference import MUNICIPALITY_NAMES
from .roles import Role

logger = logging.getLogger(__name__)

# The history_change_reason of the rows cost_key_update writes; the key page lists
# them as the key's history.
COST_KEY_CHANGE_REASON = "cost key"

# Model permissions each role's group holds (the admin and the API honour them).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OFFICIAL: ["cases.add_case", "cases.change_case", "cases.add_journalentry"],
    Role.DIRECTOR: ["cases.change_case"],
    Role.SECRETARY: ["cases.add_case", "cases.change_case", "cases.add_journalentry"],
    Role.REGISTRAR: [
        "cases.add_case",
        "cases.change_case",
        "cases.add_journalentry",
        "cases.change_journalentry",
    ],
    Role.COORDINATOR: [
        "members.change_organisation",
        "members.add_population",
        "members.change_population",
        "members.change_chefsgruppseat",
    ],
}


def roles_ensure() -> list[Group]:
    """Create the role groups with their permissions (idempotent)."""
    groups = []
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        codenames = ROLE_PERMISSIONS.get(role, [])
        permissions = [
            Permission.objects.get(
                content_type__app_label=name.split(".")[0],
                codename=name.split(".")[1],
            )
            for name in codenames
        ]
        group.permissions.set(permissions)
        groups.append(group)
    return groups


def municipality_name(code: str, short_name: str) -> str:
    return MUNICIPALITY_NAMES.get(code, f"{short_name} kommun")


def population_import(
    *, data: bytes | str, user: User | None, dry_run: bool = False
) -> PopulationImportReport:
    """Import SCB's population figures from a CSV file (members.population_import
    reads it: the project's file or SCB's own export).

    1. Refuse a person without the SSR coordinator role (PermissionDenied);
       `user` None is the portal itself (`manage.py import_population`, the demo).
    2. Read and check every row. A refused row refuses the whole file: the report
       holds every row's error and nothing is saved. A dry run (the page's
       preview) saves nothing either.
    3. Otherwise save it all in one transaction: a municipality of the county is
       made the first time its kommunkod appears, a year's figure is added, or
       updated when the number or the source changed. Idempotent.
    """
    if user is not None and not user.has_role(Role.COORDINATOR):
        raise PermissionDenied(
            _("Only the SSR coordinator may import population figures.")
        )
    report = population_figures_read(data)
    report.dry_run = dry_run
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        organisations = {
            organisation.municipality_code: organisation
            for organisation in Organisation.objects.municipalities()
        }
        for figure in report.to_save:
            assert figure.year is not None and figure.population is not None
            organisation = organisations.get(figure.code)
            if organisation is None:
                short_name = figure.given_name or municipality_name(
                    figure.code, figure.organisation
                ).removesuffix(" kommun")
                organisation, _created = Organisation.objects.get_or_create(
                    municipality_code=figure.code,
                    defaults={
                        "name": municipality_name(figure.code, short_name),
                        "short_name": short_name,
                        "slug": slugify(short_name),
                        "kind": Organisation.Kind.MUNICIPALITY,
                    },
                )
                organisations[figure.code] = organisation
            population = Population.objects.filter(
                organisation=organisation, year=figure.year
            ).first()
            if population is None:
                population = Population(organisation=organisation, year=figure.year)
                report.created += 1
            elif (
                population.population == figure.population
                and population.source == figure.source
            ):
                continue
            else:
                report.updated += 1
            population.population = figure.population
            population.source = figure.source
            set_history_user(population, user)
            population.full_clean()
            population.save()
    return report


def population_import_csv(*, path: Path) -> tuple[int, int]:
    """Import a population file as the portal itself (`manage.py
    import_population`, the demo); see population_import. Returns (created,
    updated); a refused file is a ValidationError with every row's message."""
    report = population_import(data=path.read_bytes(), user=None)
    if report.errors:
        raise ValidationError(report.lines())
    return report.created, report.updated


def organisation_set_cost_weight(
    *, organisation: Organisation, weight: decimal.Decimal | None
) -> Organisation:
    """Set one member's weight in the key for the non-municipal half of the cost."""
    if organisation.is_municipality:
        raise ValidationError(
            _("Municipalities pay by population; they have no weight in the key.")
        )
    organisation.cost_weight = weight
    organisation.full_clean()
    organisation.save()
    return organisation


def _municipal_payers(*, population_year: int) -> list[costs.Payer]:
    municipalities = (
        Organisation.objects.municipalities()
        .with_population(population_year)
        .order_by("municipality_code")
    )
    return [
        costs.Payer(
            code=organisation.municipality_code,
            name=organisation.name,
            short_name=organisation.short_name,
            basis=organisation.year_population,
            slug=organisation.slug,
        )
        for organisation in municipalities
    ]


def _other_payers() -> list[costs.Payer]:
    return [
        costs.Payer(
            code=organisation.org_number,
            name=organisation.name,
            short_name=organisation.short_name,
            basis=organisation.cost_weight,
            slug=organisation.slug,
        )
        for organisation in Organisation.objects.other_members().in_kind_order()
    ]


def cost_allocation_calculate(*, budget_year: int, total: int) -> costs.CostAllocation:
    """Split `total` kronor of `budget_year` among all members (two queries).

    The municipalities' half by their population on 31 December of the year
    before, the other half by the cost key; the rules and the rounding are in
    `members.costs`. Raises ValidationError (translated) when a municipality has
    no population for that year (naming them all), when the total is negative or
    when the key cannot split the other half.
    """
    return costs.allocate(
        budget_year=budget_year,
        total=total,
        municipalities=_municipal_payers(
            population_year=costs.population_year(budget_year)
        ),
        others=_other_payers(),
    )


def cost_allocation_municipal_calculate(
    *, budget_year: int, total: int
) -> costs.CostPart:
    """Only the municipalities' half of `total` (for `manage.py cost_allocation`,
    which does not depend on the cost key); same rules as cost_allocation_calculate.
    """
    if total < 0:
        raise ValidationError(_("The total cost must not be negative."))
    municipal_total, _other_total = costs.split_total(total)
    year = costs.population_year(budget_year)
    return costs.allocate_municipal_half(
        total=municipal_total,
        municipalities=_municipal_payers(population_year=year),
        year=year,
    )


def cost_budget_years() -> list[int]:
    """The budget years for which every municipality has a population (the year
    before), oldest first."""
    count = Organisation.objects.municipalities().count()
    if not count:
        return []
    years = (
        Population.objects.filter(organisation__kind=Organisation.Kind.MUNICIPALITY)
        .values("year")
        .annotate(municipalities=Count("pk"))
        .filter(municipalities=count)
        .order_by("year")
        .values_list("year", flat=True)
    )
    return [year + 1 for year in years]


def cost_key_update(
    *, user: User, weights: Mapping[int, decimal.Decimal | None]
) -> list[Organisation]:
    """Set the cost-key weights of the members other than the municipalities.

    1. Refuse a user without the SSR coordinator role (PermissionDenied).
    2. Refuse ids that are not such members (ValidationError), before any change.
    3. Save only the weights that changed, all in one transaction; each change
       writes a history row with the user and the reason COST_KEY_CHANGE_REASON.

    `weights` maps organisation ids to a weight ≥ 0, or None for "unset". Returns
    the organisations whose weight changed.
    """
    if not user.has_role(Role.COORDINATOR):
        raise PermissionDenied(_("Only the SSR coordinator may change the cost key."))
    changed = []
    with transaction.atomic():
        organisations = (
            Organisation.objects.other_members()
            .select_for_update(of=("self",))
            .in_bulk(list(weights))
        )
        unknown = set(weights) - set(organisations)
        if unknown:
            raise ValidationError(
                _("Only members other than the municipalities have a cost-key weight.")
            )
        for pk, weight in weights.items():
            organisation = organisations[pk]
            if organisation.cost_weight == weight:
                continue
            # simple-history reads these when it writes the historical row.
            set_history_user(organisation, user)
            organisation._change_reason = COST_KEY_CHANGE_REASON
            organisation_set_cost_weight(organisation=organisation, weight=weight)
            changed.append(organisation)
    return changed


def cost_key_history(*, limit: int = 20) -> QuerySet:
    """The latest changes of the cost key, newest first (one query)."""
    return (
        Organisation.history.filter(history_change_reason=COST_KEY_CHANGE_REASON)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )


def board_diarium(*, board: Board) -> Diarium:
    """The diarium the board's new cases are registered in: its own, or, for a
    board set up before one was chosen, one made for it now (named after the
    board, with its prefix and the default number format) and kept.

    Two first registrations at once make one diarium: the organisation's names
    are unique, and the board takes it only while it still has none.
    """
    if board.diarium_id is not None:
        return board.diarium  # type: ignore[return-value]
    with transaction.atomic():
        diarium, _created = Diarium.objects.get_or_create(
            organisation_id=board.organisation_id,
            name=board.name,
            defaults={"prefix": board.prefix},
        )
        Board.objects.filter(pk=board.pk, diarium__isnull=True).update(diarium=diarium)
    board.refresh_from_db(fields=["diarium"])
    assert board.diarium is not None
    return board.diarium


# Notifications ------------------------------------------------------------------
#
# `notification_send` writes one Notification per recipient (what "Notiser"
# lists) and, for each recipient who wants that kind at once and has an e-mail
# address, a background task that mails it (members/tasks.py), in the caller's
# transaction: the database task backend writes the task's row there, so a step
# that rolls back leaves neither notice nor mail (ssr_portal/lib/tasks.py). The
# others get theirs in the daily digest (`notification_digest_send_now`) or only
# in the portal. The e-mails are rendered in the recipient's language, which is
# the portal's (Swedish): people have no language of their own yet.

DIGEST_PERIOD = datetime.timedelta(days=1)


def _portal_language(user: User) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _mail_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "ssr-portal.local"


def _absolute(url: str) -> str:
    if not url or "://" in url:
        return url
    return settings.SITE_URL + url


def notification_delivery(*, user: User, kind: str) -> str:
    """How the user wants notifications of this kind (the default: at once)."""
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or NotificationPreference.Delivery.NOW


def _unread_recount(user_ids: Iterable[int]) -> None:
    """Set each user's count of unread notifications from their rows, in one
    UPDATE (the header shows it without a query)."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    User.objects.filter(pk__in=list(user_ids)).update(
        unread_notifications=Coalesce(Subquery(unread), Value(0))
    )


def notification_send(
    *,
    recipients: Iterable[User | None],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
) -> list[Notification]:
    """Tell each recipient (once, however often named) about `kind`: a row in
    their "Notiser", and an e-mail at once for those who want it so and have an
    address (enqueued in the caller's transaction). The portal's own account,
    API clients, inactive people and None are skipped. `url` is a path of the
    portal; the e-mail links it absolutely (settings.SITE_URL). Returns the rows."""
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    people: dict[int, User] = {}
    for person in recipients:
        if (
            person is None
            or not person.is_active
            or person.is_system
            or person.is_api_client
        ):
            continue
        people.setdefault(person.pk, person)
    if not people:
        return []
    from .tasks import notification_email_send

    title = title.strip()[:300]
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            [
                Notification(
                    recipient=person, kind=kind, title=title, body=body, url=url
                )
                for person in people.values()
            ]
        )
        User.objects.filter(pk__in=list(people)).update(
            unread_notifications=F("unread_notifications") + 1
        )
        chosen = dict(
            NotificationPreference.objects.filter(
                user__in=list(people), kind=kind
            ).values_list("user_id", "delivery")
        )
        for row in rows:
            person = people[row.recipient_id]
            delivery = chosen.get(person.pk, NotificationPreference.Delivery.NOW)
            if delivery == NotificationPreference.Delivery.NOW and person.email:
                notification_email_send.enqueue(notification_id=row.pk)
    return rows


def _notification_email(row: Notification) -> EmailMessage:
    person = row.recipient
    with translation.override(_portal_language(person)):
        context = {
            "name": person.get_full_name() or person.username,
            "notification": row,
            "url": _absolute(row.url),
            "preferences_url": _absolute(reverse("account:notification-preferences")),
        }
        body = render_to_string("members/email/notification.txt", context)
    return EmailMessage(
        subject=row.title,
        body=body,
        to=[person.email],
        headers={"Message-ID": f"<notification-{row.pk}@{_mail_domain()}>"},
    )


def notification_email_send_now(*, notification_id: int) -> bool:
    """Mail one notification (the worker's task); False when there was nothing
    to send. The row is claimed under its lock, held while the message is handed
    to the SMTP server and until the row says e-mailed: a second run finds it
    e-mailed or locked and skips it; a failed send rolls back and the task is
    tried again (the same Message-ID on every attempt)."""
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if row is None or not row.recipient.email:
            return False
        _notification_email(row).send()
        row.emailed_at = timezone.now()
        row.save(update_fields=["emailed_at"])
    return True


def notification_digest_send_now(*, now: datetime.datetime | None = None) -> int:
    """Mail each person who chose the daily digest for some kind their unread,
    unsent notifications of those kinds from the last day, in one e-mail (daily,
    members/tasks.py). Per person one transaction: their rows are claimed under
    a lock while the mail is handed over and marked e-mailed, so a second run
    the same day sends nothing again. Returns how many digests went out."""
    now = now or timezone.now()
    digest_kinds: dict[int, list[str]] = {}
    for user_id, kind in NotificationPreference.objects.filter(
        delivery=NotificationPreference.Delivery.DIGEST,
        user__is_active=True,
    ).values_list("user_id", "kind"):
        digest_kinds.setdefault(user_id, []).append(kind)
    sent = 0
    for user_id, kinds in digest_kinds.items():
        try:
            with transaction.atomic():
                rows = list(
                    Notification.objects.select_for_update(of=("self",))
                    .select_related("recipient")
                    .filter(
                        recipient_id=user_id,
                        kind__in=kinds,
                        emailed_at__isnull=True,
                        read_at__isnull=True,
                        created_at__gt=now - DIGEST_PERIOD,
                        created_at__lte=now,
                    )
                    .order_by("created_at", "pk")
                )
                if not rows or not rows[0].recipient.email:
                    continue
                _digest_email(rows, now).send()
                Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
                    emailed_at=now
                )
        except Exception:  # one bad address must not stop the other digests
            logger.exception("Notification digest of user %s failed", user_id)
            continue
        sent += 1
    logger.info("Sent %s notification digests", sent)
    return sent


def _digest_email(rows: list[Notification], now: datetime.datetime) -> EmailMessage:
    person = rows[0].recipient
    with translation.override(_portal_language(person)):
        context = {
            "name": person.get_full_name() or person.username,
            "notifications": [(row, _absolute(row.url)) for row in rows],
            "list_url": _absolute(reverse("account:notifications")),
            "preferences_url": _absolute(reverse("account:notification-preferences")),
        }
        subject = _("Your notifications from the SSR portal, %(date)s") % {
            "date": f"{timezone.localdate(now):%Y-%m-%d}"
        }
        body = render_to_string("members/email/notification_digest.txt", context)
    day = f"{timezone.localdate(now):%Y%m%d}"
    return EmailMessage(
        subject=subject,
        body=body,
        to=[person.email],
        headers={"Message-ID": f"<digest-{person.pk}-{day}@{_mail_domain()}>"},
    )


def notification_mark_read(*, notification: Notification, user: User) -> None:
    """The recipient marks one of their notifications read."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("This notification is someone else's."))
    with transaction.atomic():
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        _unread_recount([user.pk])


def notification_mark_all_read(*, user: User) -> int:
    """The user marks all their notifications read; returns how many were unread."""
    with transaction.atomic():
        marked = Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).update(read_at=timezone.now())
        _unread_recount([user.pk])
    return marked


def notification_preferences_update(
    *, user: User, deliveries: Mapping[str, str]
) -> None:
    """Store how the user wants each kind (kind → "now", "digest" or "portal");
    the kinds left out keep their choice."""
    valid = set(NotificationPreference.Delivery.values)
    with transaction.atomic():
        for kind, delivery in deliveries.items():
            if kind not in NotificationKind.values or delivery not in valid:
                raise ValidationError(_("Choose one of the offered ways."))
            preference, created = NotificationPreference.objects.get_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )
            if not created and preference.delivery != delivery:
                preference.delivery = delivery
                set_history_user(preference, user)
                preference.save(update_fields=["delivery", "updated_at"])
