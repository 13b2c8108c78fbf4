"""Reading a CSV file that a person made in Excel, LibreOffice or an older system.

Swedish Excel saves "CSV" with semicolons and, unless told otherwise, in
Windows-1252; LibreOffice and most exports use UTF-8, often with a byte-order
mark, and commas. `read_rows` takes any of these and gives each row as a dict by
normalised column name, with the line it came from, so a message can name the
row a person must correct.
"""

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A file larger than this is not a diarium of a municipality's year.
MAX_BYTES = 50 * 1024 * 1024
_DELIMITERS = ";,\t"


@dataclass(frozen=True)
class CsvRow:
    """One row: its line in the file (1 is the header) and its cells by column."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()


def normalise_header(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").strip().lower().split())


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is too large for an import."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_rows(
    data: bytes | str,
    *,
    columns: Mapping[str, Iterable[str]],
    required: Iterable[str],
) -> list[CsvRow]:
    """The rows of a CSV file, cells keyed by the canonical names of `columns`.

    `columns` maps each canonical name to the headers that mean it ("diarienummer",
    "dnr", "number"); headers are compared in lower case with runs of space as one.
    A missing required column, or a file without rows, is a ValidationError that
    says which. Empty lines are skipped.
    """
    text = decode(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    first_line = text.lstrip("\ufeff").splitlines()[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise ValidationError(_("The file is not a CSV file.")) from error
    aliases = {
        normalise_header(alias): canonical
        for canonical, names in columns.items()
        for alias in (canonical, *names)
    }
    keys = [aliases.get(normalise_header(name), "") for name in header]
    missing = [name for name in required if name not in keys]
    if missing:
        raise ValidationError(
            _("The file has no column %(columns)s (the first row names the columns).")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            cells = {
                key: value for key, value in zip(keys, values, strict=False) if key
            }
            rows.append(CsvRow(line=reader.line_num, cells=cells))
    except csv.Error as error:
        raise ValidationError(
            _("Row %(line)s cannot be read: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error
    if not rows:
        raise ValidationError(_("The file has no rows below its header."))
    return rows


def row_error(line: int, message: str) -> str:
    """A refused row's message: "Rad 5: …"."""
    return _("Row %(line)s: %(message)s") % {"line": line, "message": message}


@dataclass(kw_only=True)
class CsvImportReport:
    """What an all-or-nothing import of a CSV file did (or, in a dry run, would
    do); an importer adds its own counts and the lines of a file it took."""

    dry_run: bool
    rows: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """The report as a person reads it, in the active language."""
        if self.errors:
            return [
                _("Nothing was imported: %(count)s of %(rows)s rows are refused.")
                % {"count": len(self.errors), "rows": self.rows},
                *self.errors,
            ]
        return self.done_lines()

    def done_lines(self) -> list[str]:
        raise NotImplementedError
