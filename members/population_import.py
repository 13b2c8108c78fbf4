"""Reading SCB's population figures from a CSV file: the one parser of
`manage.py import_population`, the demo and the cost page's upload.

It takes the project's own file (`kommunkod,kommun,year,population,source`) and
what SCB's Statistikdatabasen exports, in either shape:

    "region";"år";"Folkmängd"                  one row per municipality and year
    "0180 Stockholm";"2024";"988 943"

    "region";"2023";"2024"                     one column per year
    "0180 Stockholm";"984 748";"988 943"

with semicolons or commas, UTF-8 (with or without a byte-order mark) or
Windows-1252 (ssr_portal/lib/csv_input.py), the title lines SCB writes above
the header, numbers with spaces between the thousands, and the municipality as
"0180 Stockholm", as a kommunkod column or by its name. Every row is checked
before anything is saved; a refused row says why, in the row's own words. The
county's or the country's total ("01 Stockholms län", "00 Riket") is left out.
"""

import csv
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssr_portal.lib.csv_input import CsvImportReport, decode, read_rows, row_error

from .models import Organisation, Population
from .reference import MUNICIPALITY_NAMES

COLUMNS = {
    "kommunkod": ("kod", "regionkod", "code", "municipality code"),
    "kommun": ("region", "namn", "name", "municipality", "kommunnamn"),
    "year": ("år", "ar", "årtal"),
    "population": (
        "folkmängd",
        "folkmangd",
        "antal",
        "invånare",
        "antal invånare",
        "folkmängd 31 december",
    ),
    "source": ("källa", "kalla"),
}
# SCB's series of folkmängd on 31 December in Statistikdatabasen begins in 1968.
FIRST_YEAR = 1968
# A year column of SCB's wide export: "2024", "2024 Folkmängd", "Folkmängd 2024".
_YEAR_HEADER = re.compile(r"^(?:folkmängd\s+)?(\d{4})(?:\s+folkmängd)?$")
# "0180 Stockholm", "0180 - Stockholm"; also "01 Stockholms län", "00 Riket".
_CODE_AND_NAME = re.compile(r"^(\d{2,4})\s*(?:-\s*)?(.*)$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


def default_source(year: int) -> str:
    """The source a figure gets when the file names none: stored data, in
    Swedish like the rest of the register's sources (the member page shows it)."""
    return f"SCB, folkmängd 31 december {year}"


def last_year() -> int:
    """The newest year a population on 31 December can be known for."""
    return timezone.localdate().year - 1


@dataclass
class PopulationFigure:
    """One figure of the file as the preview shows it."""

    line: int
    organisation: str  # the municipality's name as the register has it, or as given
    year: int | None
    population: int | None
    source: str = ""
    code: str = ""
    error: str = ""
    note: str = ""  # a row left out, and why
    given_name: str = ""  # the name in the file ("Huddinge"): a new one's short name
    previous: int | None = None  # the figure the register has for that year
    is_new: bool = False

    @property
    def is_changed(self) -> bool:
        return not self.error and not self.note and self.previous != self.population

    @property
    def is_refused(self) -> bool:
        return bool(self.error)


@dataclass(kw_only=True)
class PopulationImportReport(CsvImportReport):
    figures: list[PopulationFigure] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def to_save(self) -> list[PopulationFigure]:
        return [f for f in self.figures if not f.error and not f.note]

    @property
    def changes(self) -> list[PopulationFigure]:
        return [f for f in self.to_save if f.is_changed]

    @property
    def years(self) -> list[int]:
        return sorted({f.year for f in self.to_save if f.year is not None})

    def done_lines(self) -> list[str]:
        if self.dry_run:
            new = sum(1 for f in self.changes if f.previous is None)
            return [
                _(
                    "The file holds %(count)s figures: %(new)s new and %(changed)s"
                    " changed; the others are as in the register. Nothing is saved"
                    " until you confirm."
                )
                % {
                    "count": len(self.to_save),
                    "new": new,
                    "changed": len(self.changes) - new,
                }
            ]
        return [
            ngettext(
                "The population for %(years)s is saved: %(created)s figure added"
                " and %(updated)s changed.",
                "The population for %(years)s is saved: %(created)s figures added"
                " and %(updated)s changed.",
                self.created,
            )
            % {
                "years": ", ".join(str(year) for year in self.years),
                "created": self.created,
                "updated": self.updated,
            }
        ]


def _number(text: str) -> int | None:
    """A population as SCB and spreadsheets write it: "988 943", "988943"."""
    text = _SPACES.sub("", text)
    if not text.isdigit():
        return None
    return int(text)


def _text_from_header(text: str) -> tuple[str, int]:
    """The file from its header on: SCB writes a title (and a blank line) above
    the column names. The header is the first line naming a municipality column;
    a file without one is refused. Returns the text and the number of lines
    above the header (so a message names the row as the spreadsheet does)."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    names = {"kommunkod", "kommun", *COLUMNS["kommunkod"], *COLUMNS["kommun"]}
    for index, line in enumerate(lines[:20]):
        delimiter = max(";,\t", key=line.count)
        try:
            cells = next(csv.reader([line], delimiter=delimiter))
        except (StopIteration, csv.Error):
            continue
        if any(_header(cell) in names for cell in cells):
            return "".join(lines[index:]), index
    raise ValidationError(
        _("The file has no column kommun or region (the municipality).")
    )


def _header(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").strip().lower().split())


def _year_columns(text: str) -> dict[str, tuple[str, ...]]:
    """The year columns of SCB's wide export, as columns for read_rows: the
    canonical name is "year 2024", the alias the header as written ("2024")."""
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = max(";,\t", key=first_line.count)
    try:
        header = next(csv.reader([first_line], delimiter=delimiter))
    except (StopIteration, csv.Error):
        return {}
    years = {}
    for cell in header:
        match = _YEAR_HEADER.match(_header(cell))
        if match:
            years[f"year {match.group(1)}"] = (cell,)
    return years


class _Register:
    """The municipalities the figures may belong to: those in the register and
    the county's others by their kommunkod (made on the first import)."""

    def __init__(self) -> None:
        self.by_code = {
            organisation.municipality_code: organisation
            for organisation in Organisation.objects.municipalities()
        }
        self.names: dict[str, str] = {}
        for code, name in MUNICIPALITY_NAMES.items():
            self.names[name.casefold()] = code
        for code, organisation in self.by_code.items():
            self.names[organisation.name.casefold()] = code
            self.names[organisation.short_name.casefold()] = code

    def is_known(self, code: str) -> bool:
        return code in self.by_code or code in MUNICIPALITY_NAMES

    def name(self, code: str) -> str:
        organisation = self.by_code.get(code)
        if organisation is not None:
            return organisation.name
        return MUNICIPALITY_NAMES[code]

    def code_for(self, name: str) -> str:
        return self.names.get(name.casefold(), "")


def _municipality(row_code: str, row_name: str, register: _Register) -> tuple:
    """(code, short name, error, note) for the municipality a row names."""
    code, name = row_code, row_name
    match = _CODE_AND_NAME.match(name)
    if match:
        code, name = code or match.group(1), match.group(2).strip()
    if row_code.isdigit() and len(row_code) == 3:
        code = row_code.zfill(4)  # a spreadsheet took the leading zero: 123 is 0123
    if code and len(code) < 4:
        # "01 Stockholms län", "00 Riket": a total, not a municipality.
        return code, name, "", _("A total for the county or the country: left out.")
    if not code and name:
        code = register.code_for(name)
        if not code:
            return (
                "",
                name,
                _("%(name)s is not a municipality in SSR.") % {"name": name},
                "",
            )
    if not code:
        return "", name, _("The municipality is missing."), ""
    if not (code.isdigit() and len(code) == 4):
        return code, name, _("%(code)s is not a kommunkod.") % {"code": code}, ""
    if not register.is_known(code):
        return (
            code,
            name,
            _("Kommunkod %(code)s (%(name)s) is not a municipality in SSR.")
            % {"code": code, "name": name or "–"},
            "",
        )
    return code, name, "", ""


def population_figures_read(data: bytes | str) -> PopulationImportReport:
    """Every figure of a population file, each checked, nothing saved.

    A file that cannot be read at all (no municipality column, no year, empty)
    is a ValidationError; a bad row is a figure with an `error`: unknown
    municipality, bad number, the same municipality and year twice, a year
    outside FIRST_YEAR to last_year().
    """
    text = decode(data) if isinstance(data, bytes) else data
    text, offset = _text_from_header(text)
    year_columns = _year_columns(text)
    columns = {**COLUMNS, **year_columns}
    if not year_columns:
        required: tuple[str, ...] = ("year", "population")
    else:
        required = ()
    rows = read_rows(text, columns=columns, required=required)
    register = _Register()
    report = PopulationImportReport(dry_run=True, rows=len(rows))
    existing = {
        (population.organisation.municipality_code, population.year): population
        for population in Population.objects.filter(
            organisation__kind=Organisation.Kind.MUNICIPALITY
        ).select_related("organisation")
    }
    seen: dict[tuple[str, int], int] = {}
    newest = last_year()
    for row in rows:
        line = row.line + offset
        if year_columns:
            values = [(key.removeprefix("year "), row.get(key)) for key in year_columns]
        else:
            values = [(row.get("year"), row.get("population"))]
        code, name, error, note = _municipality(
            row.get("kommunkod"), row.get("kommun"), register
        )
        if error and sum(1 for cell in row.cells.values() if cell.strip()) <= 1:
            # A footnote under SCB's table: text in the first column only.
            continue
        for year_text, value in values:
            figure = PopulationFigure(
                line=line,
                organisation=register.name(code)
                if code and not error and not note
                else name,
                code=code,
                given_name=name,
                year=int(year_text) if year_text.isdigit() else None,
                population=_number(value),
                error=error,
                note=note,
            )
            report.figures.append(figure)
            if error or note:
                continue
            problems = []
            if figure.year is None:
                problems.append(
                    _("The year %(year)s is not a year.") % {"year": year_text or "–"}
                )
            elif not FIRST_YEAR <= figure.year <= newest:
                problems.append(
                    _(
                        "The year %(year)s is outside %(first)s–%(last)s (the"
                        " population on 31 December of a year that has ended)."
                    )
                    % {"year": figure.year, "first": FIRST_YEAR, "last": newest}
                )
            if figure.population is None or figure.population == 0:
                problems.append(
                    _("The population %(value)s is not a whole number above 0.")
                    % {"value": value or "–"}
                )
            if figure.year is not None and (code, figure.year) in seen:
                problems.append(
                    _("%(name)s already has a figure for %(year)s on row %(line)s.")
                    % {
                        "name": figure.organisation,
                        "year": figure.year,
                        "line": seen[(code, figure.year)],
                    }
                )
            if problems:
                figure.error = " ".join(problems)
                report.errors.append(row_error(line, figure.error))
                continue
            assert figure.year is not None
            seen[(code, figure.year)] = line
            figure.source = row.get("source") or default_source(figure.year)
            current = existing.get((code, figure.year))
            if current is None:
                figure.is_new = True
            else:
                figure.previous = current.population
        if error:
            report.errors.append(row_error(line, error))
    if not report.to_save and not report.errors:
        raise ValidationError(_("The file holds no population figures."))
    return report
