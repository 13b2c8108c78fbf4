"""How a diarium writes its case numbers (`Diarium.number_format`): one function
formats a number, one validates a format, one builds the pattern that reads a
number back into its parts (an import of an existing diarium needs it).

A format is literal text with placeholders in braces:

    {prefix}     the diarium's prefix (KS)
    {year}       the year, four digits (2024)
    {yy}         the year, two digits (24)
    {month}      the month of the registration date, two digits (05)
    {class}      the code of the case's class in the klassificeringsstruktur (042)
    {serial}     the serial within the year (45)
    {serial:N}   the serial zero-padded to N digits ({serial:4}: 0045)

so that "{year}/{prefix} {serial:4} {class}" writes "2024/KS 0045 042".
"""

import dataclasses
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_NUMBER_FORMAT = "{prefix} {year}/{serial}"

PLACEHOLDERS = ("prefix", "year", "yy", "month", "class", "serial")

# The widest padding a serial takes; wider makes no number anyone writes.
MAX_SERIAL_WIDTH = 9

_PLACEHOLDER = re.compile(r"(?P<name>[A-Za-z_]+)(?::(?P<width>\d+))?")


@dataclasses.dataclass(frozen=True)
class Placeholder:
    name: str
    width: int | None = None


def _tokens(number_format: str) -> list[str | Placeholder]:
    """The format as literal strings and placeholders, or a ValidationError
    naming what is wrong (with the message the admin and the forms show)."""
    tokens: list[str | Placeholder] = []
    literal = ""
    position = 0
    while position < len(number_format):
        character = number_format[position]
        if character == "}":
            raise ValidationError(_unbalanced_message(), code="unbalanced")
        if character != "{":
            literal += character
            position += 1
            continue
        end = number_format.find("}", position + 1)
        inner = number_format[position + 1 : end] if end != -1 else ""
        if end == -1 or "{" in inner:
            raise ValidationError(_unbalanced_message(), code="unbalanced")
        match = _PLACEHOLDER.fullmatch(inner)
        if match is None or match["name"] not in PLACEHOLDERS:
            raise ValidationError(
                _(
                    "Unknown placeholder {%(name)s}. Use {prefix}, {year}, {yy},"
                    " {month}, {class}, {serial} or {serial:N}."
                ),
                code="unknown",
                params={"name": inner},
            )
        width = match["width"]
        if width is not None and match["name"] != "serial":
            raise ValidationError(
                _("Only {serial} takes a number of digits, e.g. {serial:4}."),
                code="width",
            )
        if width is not None and not 1 <= int(width) <= MAX_SERIAL_WIDTH:
            raise ValidationError(
                _("The serial is padded to 1–%(max)s digits, e.g. {serial:4}."),
                code="width",
                params={"max": MAX_SERIAL_WIDTH},
            )
        if literal:
            tokens.append(literal)
            literal = ""
        tokens.append(Placeholder(match["name"], int(width) if width else None))
        position = end + 1
    if literal:
        tokens.append(literal)
    return tokens


def _unbalanced_message():
    return _(
        "A brace is not closed or not opened: write each placeholder in braces,"
        " e.g. {serial}."
    )


def validate_number_format(number_format: str) -> None:
    """Raise a ValidationError with a translated message if `number_format` is
    not one a diarium can number by: unknown placeholders, unbalanced braces,
    no serial or more than one, no year."""
    names = [
        token.name for token in _tokens(number_format) if isinstance(token, Placeholder)
    ]
    if "serial" not in names:
        raise ValidationError(
            _("The format must contain the serial: {serial} or {serial:N}."),
            code="no_serial",
        )
    if names.count("serial") > 1:
        raise ValidationError(_("The serial may appear only once."), code="serials")
    if "year" not in names and "yy" not in names:
        # Serials start again each year: without the year, numbers would repeat.
        raise ValidationError(
            _("The format must contain the year: {year} or {yy}."), code="no_year"
        )


def uses_class(number_format: str) -> bool:
    """Whether numbers in this format carry the case's class code (so a case
    cannot be registered without a class). False for an invalid format."""
    try:
        tokens = _tokens(number_format)
    except ValidationError:
        return False
    return any(isinstance(t, Placeholder) and t.name == "class" for t in tokens)


def format_number(
    number_format: str,
    *,
    prefix: str,
    year: int,
    serial: int,
    month: int = 1,
    class_code: str = "",
) -> str:
    """The case number `number_format` writes for these parts. The format must
    be valid (`validate_number_format`); a format with {class} needs
    `class_code` (ValueError otherwise: the caller checks it first)."""
    values = {
        "prefix": prefix,
        "year": f"{year:04d}",
        "yy": f"{year % 100:02d}",
        "month": f"{month:02d}",
        "class": class_code,
    }
    parts = []
    for token in _tokens(number_format):
        if isinstance(token, str):
            parts.append(token)
        elif token.name == "serial":
            parts.append(f"{serial:0{token.width or 1}d}")
        elif token.name == "class" and not class_code:
            raise ValueError("This number format needs the case's class code")
        else:
            parts.append(values[token.name])
    return "".join(parts)


def number_pattern(number_format: str, *, prefix: str) -> re.Pattern[str]:
    """A regular expression matching the whole of a number written in
    `number_format` with `prefix`, with named groups `year` (four digits) or
    `yy`, `month`, `class_code` and `serial`. A placeholder that appears twice
    must read the same both times."""
    seen: set[str] = set()
    pattern = ""
    groups = {
        "prefix": re.escape(prefix),
        "year": r"(?P<year>\d{4})",
        "yy": r"(?P<yy>\d{2})",
        "month": r"(?P<month>0[1-9]|1[0-2])",
        "class": r"(?P<class_code>\S+?)",
    }
    group_names = {"year": "year", "yy": "yy", "month": "month", "class": "class_code"}
    for token in _tokens(number_format):
        if isinstance(token, str):
            pattern += re.escape(token)
        elif token.name == "serial":
            # Padded to at least the width; a larger serial takes more digits.
            digits = rf"\d{{{token.width},}}" if token.width else r"\d+"
            pattern += rf"(?P<serial>{digits})"
        elif token.name in seen and token.name in group_names:
            pattern += rf"(?P={group_names[token.name]})"
        else:
            pattern += groups[token.name]
            seen.add(token.name)
    return re.compile(rf"^{pattern}$")


def parse_number(number: str, number_format: str, *, prefix: str) -> dict | None:
    """The parts of `number` as `number_format` writes them: a dict with `year`,
    `serial` (ints), `month` (int or None) and `class_code` (str or None), or
    None if the number is not written in that format. A two-digit year is read
    as 20yy."""
    match = number_pattern(number_format, prefix=prefix).match(number.strip())
    if match is None:
        return None
    found = match.groupdict()
    year = int(found["year"]) if found.get("year") else 2000 + int(found["yy"])
    if found.get("year") and found.get("yy") and int(found["yy"]) != year % 100:
        return None
    return {
        "year": year,
        "serial": int(found["serial"]),
        "month": int(found["month"]) if found.get("month") else None,
        "class_code": found.get("class_code"),
    }
