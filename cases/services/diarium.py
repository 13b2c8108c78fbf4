"""Every write to the diarium (STYLE.md §4): registering cases and documents, reminders."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Board, Diarium, User
from members.services import board_diarium
from ssr_portal.lib.history import set_history_user

from ..locks import lock_case, lock_diarium_series
from ..models import Case, CaseClass, DiariumSeries, Document, JournalEntry, Secrecy
from ..permissions import check_may_write
from .notices import notify_follow_up_due

logger = logging.getLogger(__name__)


def _check_handler(*, handler: User | None, board: Board) -> None:
    if handler is not None and handler.organisation_id != board.organisation_id:
        raise ValidationError(
            {"handler": _("The case officer must belong to the board's organisation.")}
        )


def _diarium_for(*, board: Board, diarium: Diarium | None) -> Diarium:
    """The diarium a case of the board is numbered in: the one chosen, which must
    be of the board's organisation, or the board's own (made on first use)."""
    if diarium is None:
        return board_diarium(board=board)
    if diarium.organisation_id != board.organisation_id:
        raise ValidationError(
            {"diarium": _("The diarium must belong to the board's organisation.")}
        )
    return diarium


def _number(
    *,
    diarium: Diarium,
    year: int,
    serial: int,
    registered_date: datetime.date,
    case_class: CaseClass | None,
) -> str:
    if diarium.uses_class and case_class is None:
        raise ValidationError(
            {
                "case_class": _(
                    "The numbers of %(diarium)s carry the class code: choose the"
                    " case's class."
                )
                % {"diarium": diarium.name}
            }
        )
    return diarium.format_number(
        year=year,
        serial=serial,
        month=registered_date.month,
        class_code=case_class.code if case_class else "",
    )


def _create_series(*, diarium: Diarium, year: int) -> None:
    """The diarium's series of the year, if there is none yet: it starts at the
    diarium's first serial."""
    DiariumSeries.objects.bulk_create(
        [
            DiariumSeries(
                diarium=diarium, year=year, last_serial=diarium.first_serial - 1
            )
        ],
        ignore_conflicts=True,
    )


def case_register(
    *,
    board: Board,
    title: str,
    kind: str = Case.Kind.DECISION,
    handler: User | None = None,
    registered_by: User,
    registered_date: datetime.date | None = None,
    diarium: Diarium | None = None,
    case_class: CaseClass | None = None,
    secrecy: str = Secrecy.PUBLIC,
    secrecy_reference: str = "",
    follow_up_date: datetime.date | None = None,
    description: str = "",
) -> Case:
    """Register a case for a board and give it the next number of its diarium's
    year (the year of the registration date).

    1. Check the registration date (today unless the registrator gives an
       earlier one; never in the future) and the diarium (the board's unless
       another of the organisation's is given).
    2. Lock the diarium's series row for the year (created on first use at the
       diarium's first serial), so parallel registrations on PostgreSQL wait for
       each other instead of taking one number.
    3. Take the next serial and write the case in the same transaction: a refused
       case rolls the serial back, so the series has no gaps.
    """
    check_may_write(user=registered_by, board=board)
    _check_handler(handler=handler, board=board)
    today = timezone.localdate()
    registered_date = registered_date or today
    if registered_date > today:
        raise ValidationError(
            {"registered_date": _("The registration date cannot be in the future.")}
        )
    year = registered_date.year
    diarium = _diarium_for(board=board, diarium=diarium)
    with transaction.atomic():
        _create_series(diarium=diarium, year=year)
        series = lock_diarium_series(diarium=diarium, year=year)
        series.last_serial += 1
        series.save(update_fields=["last_serial"])
        case = Case(
            board=board,
            diarium=diarium,
            case_class=case_class,
            year=year,
            serial=series.last_serial,
            number=_number(
                diarium=diarium,
                year=year,
                serial=series.last_serial,
                registered_date=registered_date,
                case_class=case_class,
            ),
            title=title.strip(),
            kind=kind,
            handler=handler,
            registered_by=registered_by,
            registered_date=registered_date,
            secrecy=secrecy,
            secrecy_reference=secrecy_reference.strip(),
            follow_up_date=follow_up_date,
            description=description.strip(),
        )
        case.full_clean()
        # The history names the person even where no request is around (tests,
        # commands); in a request the middleware would name the same person.
        set_history_user(case, registered_by)
        case.save()
    return case


def case_import(
    *,
    board: Board,
    year: int,
    serial: int,
    title: str,
    registered_date: datetime.date,
    diarium: Diarium | None = None,
    **fields,
) -> Case:
    """Enter a case that already has its number (from an older diarium).

    Idempotent on the diarium, year and serial; the diarium's series moves past
    the imported serial so that later registrations do not collide with it.
    """
    diarium = _diarium_for(board=board, diarium=diarium)
    with transaction.atomic():
        _create_series(diarium=diarium, year=year)
        series = lock_diarium_series(diarium=diarium, year=year)
        case = Case.objects.filter(diarium=diarium, year=year, serial=serial).first()
        if case is None:
            case = Case(diarium=diarium, year=year, serial=serial)
        case.board = board
        case.title = title
        case.registered_date = registered_date
        for name, value in fields.items():
            setattr(case, name, value)
        case.number = _number(
            diarium=diarium,
            year=year,
            serial=serial,
            registered_date=registered_date,
            case_class=case.case_class,
        )
        case.full_clean()
        case.save()
        if series.last_serial < serial:
            series.last_serial = serial
            series.save(update_fields=["last_serial"])
    return case


# The registration details an official may change after registration. The number,
# board, diarium, year and registration date are fixed (a class changed later
# does not change a number that carries the class code); the status moves only through the
# workflow's own steps.
CASE_UPDATE_FIELDS = frozenset(
    {
        "title",
        "kind",
        "handler",
        "secrecy",
        "secrecy_reference",
        "follow_up_date",
        "description",
        "case_class",
    }
)


def case_update(*, case: Case, user: User, **fields) -> Case:
    """Change the registration details of a case (title, officer, secrecy, follow-up).

    Only the fields of `CASE_UPDATE_FIELDS` may be given. Saves, and so writes a
    history record, only when a value actually changed. The follow-up reminder
    needs no reset here: `case_send_follow_up_reminders` compares the day it last
    reminded with the follow-up date, so a moved date is reminded on its new day
    and an unchanged one is not reminded twice.
    """
    unknown = set(fields) - CASE_UPDATE_FIELDS
    if unknown:
        raise TypeError(f"case_update cannot change {', '.join(sorted(unknown))}")
    check_may_write(
        user=user,
        board=case.board,
        message=_("You may not change the cases of this board."),
    )
    _check_handler(handler=fields.get("handler"), board=case.board)
    removes_class = "case_class" in fields and fields["case_class"] is None
    if removes_class and case.diarium.uses_class:
        raise ValidationError(
            {"case_class": _("The case's number carries its class: keep one.")}
        )
    for name in ("title", "secrecy_reference", "description"):
        if isinstance(fields.get(name), str):
            fields[name] = fields[name].strip()
    with transaction.atomic():
        # Work on the row as it is now, locked: fields this call does not change
        # may have moved since the caller read the case (the daily reminder, a
        # workflow step), and a refused change must leave the caller's copy alone.
        current = lock_case(case)
        changed = [
            name for name, value in fields.items() if getattr(current, name) != value
        ]
        if not changed:
            return case
        for name in changed:
            setattr(current, name, fields[name])
        current.full_clean()
        set_history_user(current, user)
        current.save(update_fields=[*changed, "updated_at"])
        if "handler" in changed:
            # The handläggare is printed in the tjänsteskrivelse's header: the
            # stored PDF must be made anew (see document_pdf).
            Document.objects.filter(case=current).update(revision=F("revision") + 1)
    case.refresh_from_db()
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
    registered_by: User,
) -> JournalEntry:
    """Register a document in a case with the case's next running number (…-1, -2).

    1. Lock the case row, so parallel registrations in one case wait for each other.
    2. Take the highest serial of the case plus one and write the entry in the same
       transaction; a refused entry takes no number.
    """
    check_may_write(
        user=registered_by,
        board=case.board,
        message=_("You may not register documents in the cases of this board."),
    )
    with transaction.atomic():
        lock_case(case)
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
        set_history_user(entry, registered_by)
        entry.save()
    return entry


def case_send_follow_up_reminders(*, today: datetime.date | None = None) -> int:
    """Notify each handler whose case's follow-up date has come; once per date.

    Run daily (`send_follow_up_reminders`). Returns how many reminders were sent:
    each a notification (members.services.notification_send), e-mailed at once,
    in the digest or shown only in the portal as the handler prefers.

    1. Select the open cases whose follow-up date has come and that have not been
       reminded on or after that date. A date moved forward after a reminder is
       reminded again on its new day; a date the officer did not change is not.
       Missed days (the command did not run) are caught up on the next run.
    2. Per case, claim the reminder with a conditional UPDATE, then write the
       notification (and queue its mail) in the same transaction: two runs at
       once cannot both send. One failing case does not stop the others.

    Closed cases, cases without a handler and handlers without an active account
    are left alone.
    """
    today = today or timezone.localdate()
    not_yet_reminded = Q(follow_up_reminded_date__isnull=True) | Q(
        follow_up_reminded_date__lt=F("follow_up_date")
    )
    due = (
        Case.objects.with_related()
        .filter(not_yet_reminded, follow_up_date__lte=today)
        .exclude(status=Case.Status.CLOSED)
        .filter(handler__is_active=True)
        .in_diarium_order()
    )
    sent = 0
    for case in due:
        try:
            with transaction.atomic():
                claimed = (
                    Case.objects.filter(pk=case.pk, follow_up_date=case.follow_up_date)
                    .filter(not_yet_reminded)
                    .update(follow_up_reminded_date=today)
                )
                if not claimed:
                    continue
                notify_follow_up_due(case=case)
        except Exception:  # one bad address must not stop the day's reminders
            logger.exception("Follow-up reminder for %s failed", case.number)
            continue
        sent += 1
    logger.info("Sent %s follow-up reminders", sent)
    return sent
