"""Every write to the diarium (STYLE.md §4): registering cases and documents, reminders."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import Board, User
from members.roles import CASE_WRITERS

from .models import Case, DiariumSeries, JournalEntry, Secrecy

logger = logging.getLogger(__name__)


def _check_may_write(*, user: User | None, board: Board) -> None:
    if user is None:  # management commands and imports run as the system
        return
    if user.is_superuser:
        return
    if user.organisation_id != board.organisation_id or not user.has_role(
        *CASE_WRITERS
    ):
        raise PermissionDenied(_("You may not register cases for this board."))


def case_register(
    *,
    board: Board,
    title: str,
    kind: str = Case.Kind.DECISION,
    handler: User | None = None,
    registered_by: User | None = None,
    registered_date: datetime.date | None = None,
    secrecy: str = Secrecy.PUBLIC,
    secrecy_reference: str = "",
    follow_up_date: datetime.date | None = None,
    description: str = "",
) -> Case:
    """Register a case on a board and give it the next number of the board's year.

    1. Lock the board's series row for the year (created on first use), so parallel
       registrations on PostgreSQL wait for each other instead of taking one number.
    2. Take the next serial and write the case in the same transaction: a refused
       case rolls the serial back, so the series has no gaps.
    """
    _check_may_write(user=registered_by, board=board)
    registered_date = registered_date or timezone.localdate()
    year = registered_date.year
    if handler is not None and handler.organisation_id != board.organisation_id:
        raise ValidationError(
            {"handler": _("The case officer must belong to the board's organisation.")}
        )
    with transaction.atomic():
        DiariumSeries.objects.bulk_create(
            [DiariumSeries(board=board, year=year)], ignore_conflicts=True
        )
        series = DiariumSeries.objects.select_for_update().get(board=board, year=year)
        series.last_serial += 1
        series.save(update_fields=["last_serial"])
        case = Case(
            board=board,
            year=year,
            serial=series.last_serial,
            number=board.format_number(year=year, serial=series.last_serial),
            title=title.strip(),
            kind=kind,
            handler=handler,
            registered_by=registered_by,
            registered_date=registered_date,
            secrecy=secrecy,
            secrecy_reference=secrecy_reference.strip(),
            follow_up_date=follow_up_date,
            description=description,
        )
        case.full_clean()
        case.save()
    return case


def case_import(
    *,
    board: Board,
    year: int,
    serial: int,
    title: str,
    registered_date: datetime.date,
    **fields,
) -> Case:
    """Enter a case that already has its number (from an older diarium).

    Idempotent on the number; the board's series moves past the imported serial so
    that later registrations do not collide with it.
    """
    with transaction.atomic():
        DiariumSeries.objects.bulk_create(
            [DiariumSeries(board=board, year=year)], ignore_conflicts=True
        )
        series = DiariumSeries.objects.select_for_update().get(board=board, year=year)
        case = Case.objects.filter(board=board, year=year, serial=serial).first()
        if case is None:
            case = Case(board=board, year=year, serial=serial)
        case.number = board.format_number(year=year, serial=serial)
        case.title = title
        case.registered_date = registered_date
        for name, value in fields.items():
            setattr(case, name, value)
        case.full_clean()
        case.save()
        if series.last_serial < serial:
            series.last_serial = serial
            series.save(update_fields=["last_serial"])
    return case


def case_update(*, case: Case, user: User, **fields) -> Case:
    """Change the registration details of a case (title, officer, secrecy, follow-up)."""
    _check_may_write(user=user, board=case.board)
    handler = fields.get("handler")
    if handler is not None and handler.organisation_id != case.board.organisation_id:
        raise ValidationError(
            {"handler": _("The case officer must belong to the board's organisation.")}
        )
    with transaction.atomic():
        for name, value in fields.items():
            setattr(case, name, value)
        if fields.get("follow_up_date") is not None:
            case.follow_up_reminded_date = None
        case.full_clean()
        case.save()
    return case


def journal_entry_register(
    *,
    case: Case,
    direction: str,
    subject: str,
    document_date: datetime.date,
    counterpart: str = "",
    received_date: datetime.date | None = None,
    secrecy: str = Secrecy.PUBLIC,
    secrecy_reference: str = "",
    registered_by: User | None = None,
) -> JournalEntry:
    """Register a document in a case with the case's next running number (…-1, -2)."""
    _check_may_write(user=registered_by, board=case.board)
    with transaction.atomic():
        # Locking the case row serialises parallel registrations in one case.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        last = case.entries.aggregate(last=Max("serial"))["last"] or 0
        entry = JournalEntry(
            case=case,
            serial=last + 1,
            direction=direction,
            subject=subject.strip(),
            document_date=document_date,
            counterpart=counterpart.strip(),
            received_date=received_date,
            secrecy=secrecy,
            secrecy_reference=secrecy_reference.strip(),
            registered_by=registered_by,
        )
        entry.full_clean()
        entry.save()
    return entry


def case_send_follow_up_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail each handler whose case's follow-up date has come; once per date.

    Returns how many reminders were sent. Closed cases and cases without a handler
    with an e-mail address are left alone.
    """
    today = today or timezone.localdate()
    due = (
        Case.objects.with_related()
        .filter(follow_up_date__lte=today)
        .exclude(status=Case.Status.CLOSED)
        .exclude(handler__isnull=True)
        .exclude(handler__email="")
    )
    sent = 0
    for case in due:
        if (
            case.follow_up_reminded_date
            and case.follow_up_reminded_date >= case.follow_up_date
        ):
            continue
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            context = {"case": case, "url": settings.SITE_URL + case.get_absolute_url()}
            send_mail(
                subject=_("Follow-up: %(number)s %(title)s")
                % {"number": case.number, "title": case.title},
                message=render_to_string("cases/email/follow_up.txt", context),
                from_email=None,
                recipient_list=[case.handler.email],
            )
            Case.objects.filter(pk=case.pk).update(follow_up_reminded_date=today)
            sent += 1
    logger.info("Sent %s follow-up reminders", sent)
    return sent
