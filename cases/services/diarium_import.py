"""Importing an existing diarium from CSV, so an organisation can move to the portal
mid-year and keep its numbers and dates (issue 12 §3; `manage.py import_diarium`
and the diarium's import page in the admin).

The file has one row per case. Columns (Swedish or English headers, in any
order; `;`, `,` or tab; UTF-8 or Windows-1252):

    diarienummer        the number as the diarium wrote it ("2024/KS 0045 042"),
                        which must follow the diarium's number format
    registreringsdatum  YYYY-MM-DD, not in the future
    ärendemening        the title
    klass               optional: the code of the organisation's class (taken
                        from the number when the format has {class})
    handläggare         optional: user name or e-mail of a person of the organisation
    nämnd               optional: the board's prefix or name (default: the one
                        board that registers in this diarium)
    status              optional: "öppet" (default) or "avslutat"
    sekretess, osl      optional: "offentlig" (default), "delvis sekretess" or
                        "sekretess", and the OSL paragraph
    beskrivning         optional

All or nothing: every row is checked first, and one refused row (a number that
does not follow the format, a number already in the diarium with other content,
a number twice in the file, an unknown class or person) refuses the whole file
with a message per row naming its line. A row that is already in the diarium
with the same title and date is left as it is, so a corrected file can be
imported again. After the import each year's series continues after the highest
imported serial. A dry run checks everything, inside a transaction that is then
rolled back, and reports what would be imported.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Board, Diarium, User
from ssr_portal.lib.csv_input import CsvImportReport, CsvRow, read_rows, row_error
from ssr_portal.lib.history import set_history_user

from ..locks import lock_diarium_series
from ..models import Case, CaseClass, DiariumSeries, Secrecy

COLUMNS = {
    "diarienummer": ("dnr", "ärendenummer", "diarienr", "number", "case number"),
    "registreringsdatum": (
        "registrerad",
        "reg.datum",
        "datum",
        "registered",
        "registration date",
    ),
    "ärendemening": ("rubrik", "titel", "ärende", "title"),
    "klass": ("klassificering", "klasskod", "class"),
    "handläggare": ("handler", "case officer"),
    "nämnd": ("styrelse", "board"),
    "status": (),
    "sekretess": ("secrecy",),
    "osl": ("sekretessparagraf", "osl paragraph"),
    "beskrivning": ("description",),
}
REQUIRED = ("diarienummer", "registreringsdatum", "ärendemening")
# What each column holds, as the admin's import page tells it.
COLUMN_HELP = [
    (
        "diarienummer",
        gettext_lazy("The number as the diarium wrote it, in its format."),
    ),
    ("registreringsdatum", gettext_lazy("YYYY-MM-DD, not in the future.")),
    ("ärendemening", gettext_lazy("The title.")),
    (
        "klass",
        gettext_lazy(
            "Optional: the code of the class (read from the number when the"
            " format has {class})."
        ),
    ),
    (
        "handläggare",
        gettext_lazy("Optional: user name or e-mail of a person of the organisation."),
    ),
    (
        "nämnd",
        gettext_lazy(
            "Optional: the board's prefix or name (by default the board that"
            " registers in this diarium)."
        ),
    ),
    ("status", gettext_lazy("Optional: “öppet” (the default) or “avslutat”.")),
    (
        "sekretess",
        gettext_lazy(
            "Optional: “offentlig” (the default), “delvis sekretess” or “sekretess”."
        ),
    ),
    ("osl", gettext_lazy("The OSL paragraph, for a secret case.")),
    ("beskrivning", gettext_lazy("Optional: the description.")),
]

_STATUSES = {
    "": Case.Status.REGISTERED,
    "öppet": Case.Status.REGISTERED,
    "öppen": Case.Status.REGISTERED,
    "pågående": Case.Status.REGISTERED,
    "open": Case.Status.REGISTERED,
    "avslutat": Case.Status.CLOSED,
    "avslutad": Case.Status.CLOSED,
    "closed": Case.Status.CLOSED,
}
_SECRECY = {
    "": Secrecy.PUBLIC,
    "offentlig": Secrecy.PUBLIC,
    "public": Secrecy.PUBLIC,
    "delvis sekretess": Secrecy.PARTLY_SECRET,
    "delvis sekretessbelagd": Secrecy.PARTLY_SECRET,
    "partly secret": Secrecy.PARTLY_SECRET,
    "sekretess": Secrecy.SECRET,
    "sekretessbelagd": Secrecy.SECRET,
    "secret": Secrecy.SECRET,
}


@dataclass(kw_only=True)
class DiariumImportReport(CsvImportReport):
    """What an import did (or, in a dry run, would do)."""

    diarium: Diarium
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Per year, the serial the next registered case will get.
    next_serials: dict[int, int] = field(default_factory=dict)

    def done_lines(self) -> list[str]:
        if self.dry_run:
            head = _(
                "Dry run: %(created)s cases would be imported into %(diarium)s,"
                " %(unchanged)s are already there. Nothing was saved."
            )
        else:
            head = _(
                "%(created)s cases were imported into %(diarium)s,"
                " %(unchanged)s were already there."
            )
        lines = [
            head
            % {
                "created": len(self.created),
                "unchanged": len(self.unchanged),
                "diarium": self.diarium.name,
            }
        ]
        for year, serial in sorted(self.next_serials.items()):
            lines.append(
                _("The next case of %(year)s gets serial %(serial)s.")
                % {"year": year, "serial": serial}
            )
        return lines


@dataclass(frozen=True)
class _Parsed:
    row: CsvRow
    number: str
    year: int
    serial: int
    values: dict


def diarium_import_csv(
    *,
    diarium: Diarium,
    data: bytes | str,
    user: User,
    board: Board | None = None,
    dry_run: bool = False,
) -> DiariumImportReport:
    """Import the cases of a CSV file into `diarium` (see the module's docstring).

    Raises ValidationError for a file that cannot be read at all (no CSV, a
    required column missing); refused rows are in the report's `errors`.
    """
    check_may_import(user)
    boards = list(Board.objects.filter(organisation_id=diarium.organisation_id))
    default_board = board or _default_board(diarium, boards)
    rows = read_rows(data, columns=COLUMNS, required=REQUIRED)
    report = DiariumImportReport(diarium=diarium, dry_run=dry_run, rows=len(rows))
    parsed = _parse_rows(rows, diarium, boards, default_board, report)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            _write(parsed, diarium, user, report)
            if report.errors or dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:  # a row written meanwhile by someone else
        report.errors.append(
            _("The diarium changed during the import; try again. (%(error)s)")
            % {"error": error}
        )
    if report.errors:
        report.created.clear()
        report.next_serials.clear()
    return report


def check_may_import(user: User) -> None:
    """An import is an administrator's work (the admin's import page, or the
    command, which acts as the portal itself)."""
    if not (user.is_system or user.has_perm("cases.add_case")):
        raise PermissionDenied(_("Only an administrator may import a diarium."))


def _default_board(diarium: Diarium, boards: Iterable[Board]) -> Board | None:
    """The one board that registers in the diarium; where several do (an
    arbetsutskott and fullmäktige beside the styrelse), the one of the
    diarium's prefix."""
    own = [board for board in boards if board.diarium_id == diarium.pk]
    if len(own) == 1:
        return own[0]
    named = [board for board in own if board.prefix == diarium.prefix]
    return named[0] if len(named) == 1 else None


def _parse_rows(rows, diarium, boards, default_board, report) -> list[_Parsed]:
    today = timezone.localdate()
    classes = {
        case_class.code: case_class
        for case_class in CaseClass.objects.filter(
            organisation_id=diarium.organisation_id
        )
    }
    people: dict[str, User] = {}
    for person in User.objects.filter(organisation_id=diarium.organisation_id):
        people[person.username.lower()] = person
        if person.email:
            people.setdefault(person.email.lower(), person)
    boards_by_name = {}
    for candidate in boards:
        boards_by_name[candidate.prefix.lower()] = candidate
        boards_by_name[candidate.name.lower()] = candidate
    seen: dict[tuple[int, int], int] = {}
    parsed = []
    for row in rows:
        problems: list[str] = []
        number = " ".join(row.get("diarienummer").split())
        parts = diarium.parse_number(number) if number else None
        if not number:
            problems.append(_("the case number is missing."))
        elif parts is None:
            problems.append(
                _(
                    "“%(number)s” does not follow the diarium's format %(format)s (e.g. %(example)s)."
                )
                % {
                    "number": number,
                    "format": diarium.number_format,
                    "example": diarium.example_number(),
                }
            )
        registered = _date(row.get("registreringsdatum"))
        if registered is None:
            problems.append(
                _("the registration date “%(value)s” is not a date (YYYY-MM-DD).")
                % {"value": row.get("registreringsdatum")}
            )
        elif registered > today:
            problems.append(_("the registration date is in the future."))
        title = " ".join(row.get("ärendemening").split())
        if not title:
            problems.append(_("the title (ärendemening) is missing."))
        values: dict = {"title": title, "registered_date": registered}
        year = serial = 0
        if parts is not None:
            serial = parts["serial"]
            year = parts.get("year") or (registered.year if registered else 0)
            if registered and parts.get("year") and parts["year"] != registered.year:
                problems.append(
                    _(
                        "the number is of %(year)s but the case was registered on %(date)s."
                    )
                    % {"year": parts["year"], "date": registered.isoformat()}
                )
            if registered and parts.get("month") and parts["month"] != registered.month:
                problems.append(
                    _(
                        "the number is of month %(month)02d but the case was"
                        " registered on %(date)s."
                    )
                    % {"month": parts["month"], "date": registered.isoformat()}
                )
            key = (year, serial)
            if key in seen:
                problems.append(
                    _("%(number)s is already on row %(line)s.")
                    % {"number": number, "line": seen[key]}
                )
            else:
                seen[key] = row.line
        code = row.get("klass") or (parts or {}).get("class_code") or ""
        if (
            parts
            and parts.get("class_code")
            and row.get("klass")
            and (parts["class_code"] != row.get("klass"))
        ):
            problems.append(
                _(
                    "the class %(column)s differs from the class %(number)s of the number."
                )
                % {"column": row.get("klass"), "number": parts["class_code"]}
            )
        if code:
            if code in classes:
                values["case_class"] = classes[code]
            else:
                problems.append(
                    _("the class %(code)s is not in the organisation's classification.")
                    % {"code": code}
                )
        handler_name = row.get("handläggare").lower()
        if handler_name:
            if handler_name in people:
                values["handler"] = people[handler_name]
            else:
                problems.append(
                    _(
                        "no person of the organisation has the user name or e-mail address %(name)s."
                    )
                    % {"name": row.get("handläggare")}
                )
        board_name = row.get("nämnd").lower()
        target = boards_by_name.get(board_name) if board_name else default_board
        if target is None:
            problems.append(
                _("the board %(name)s is not one of the organisation's.")
                % {"name": row.get("nämnd")}
                if board_name
                else _(
                    "name the board (column “nämnd”): several boards use this diarium."
                )
            )
        values["board"] = target
        status = _STATUSES.get(row.get("status").lower())
        if status is None:
            problems.append(
                _("the status “%(value)s” is neither “öppet” nor “avslutat”.")
                % {"value": row.get("status")}
            )
        values["status"] = status
        secrecy = _SECRECY.get(row.get("sekretess").lower())
        if secrecy is None:
            problems.append(
                _(
                    "the secrecy “%(value)s” is not one of offentlig, delvis sekretess, sekretess."
                )
                % {"value": row.get("sekretess")}
            )
        values["secrecy"] = secrecy
        values["secrecy_reference"] = row.get("osl")
        values["description"] = row.get("beskrivning")
        if problems:
            report.errors.append(
                row_error(row.line, " ".join(p[:1].upper() + p[1:] for p in problems))
            )
            continue
        parsed.append(
            _Parsed(row=row, number=number, year=year, serial=serial, values=values)
        )
    return parsed


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _write(parsed: list[_Parsed], diarium: Diarium, user: User, report) -> None:
    years = sorted({item.year for item in parsed})
    DiariumSeries.objects.bulk_create(
        [
            DiariumSeries(
                diarium=diarium, year=year, last_serial=diarium.first_serial - 1
            )
            for year in years
        ],
        ignore_conflicts=True,
    )
    series = {year: lock_diarium_series(diarium=diarium, year=year) for year in years}
    existing = {
        (case.year, case.serial): case
        for case in Case.objects.filter(diarium=diarium, year__in=years)
    }
    for item in parsed:
        current = existing.get((item.year, item.serial))
        if current is not None:
            if (
                current.title == item.values["title"]
                and current.registered_date == item.values["registered_date"]
            ):
                report.unchanged.append(item.number)
            else:
                report.errors.append(
                    row_error(
                        item.row.line,
                        _("%(number)s is already in the diarium: %(title)s (%(date)s).")
                        % {
                            "number": current.number,
                            "title": current.title,
                            "date": current.registered_date.isoformat(),
                        },
                    )
                )
            continue
        case = Case(
            diarium=diarium,
            year=item.year,
            serial=item.serial,
            number=item.number,
            registered_by=user,
            **item.values,
        )
        try:
            case.full_clean()
        except ValidationError as error:
            report.errors.append(row_error(item.row.line, " ".join(error.messages)))
            continue
        set_history_user(case, user)
        case.save()
        report.created.append(item.number)
    for year, row in series.items():
        highest = max((item.serial for item in parsed if item.year == year), default=0)
        if row.last_serial < highest:
            row.last_serial = highest
            row.save(update_fields=["last_serial"])
        report.next_serials[year] = row.last_serial + 1
