"""A diarium's number format (members/numbering.py): every placeholder, the
messages for a format it cannot number by, and numbers read back into parts."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.models import Diarium
from members.numbering import format_number, parse_number, validate_number_format


def number(number_format: str, **parts) -> str:
    values = {"prefix": "KS", "year": 2024, "serial": 45, "month": 5} | parts
    return format_number(number_format, **values)


@pytest.mark.parametrize(
    ("number_format", "parts", "expected"),
    [
        (
            "{year}/{prefix} {serial:4} {class}",
            {"class_code": "042"},
            "2024/KS 0045 042",
        ),
        (
            "{prefix} {yy}{month}-{serial:4}",
            {"prefix": "LS", "serial": 311},
            "LS 2405-0311",
        ),
        ("{prefix} {year}.{serial}", {"serial": 87}, "KS 2024.87"),
        ("{prefix} {year}/{serial}", {"year": 2023, "serial": 236}, "KS 2023/236"),
        ("{prefix}/{year}:{serial}", {"year": 2023, "serial": 412}, "KS/2023:412"),
    ],
)
def test_the_formats_organisations_write(number_format, parts, expected):
    validate_number_format(number_format)
    assert number(number_format, **parts) == expected


def test_the_year_in_four_digits_and_in_two():
    assert number("{year} {yy} {serial}", year=2009) == "2009 09 45"


def test_the_month_has_two_digits():
    assert number("{month}/{year}-{serial}", month=3) == "03/2024-45"
    assert number("{month}/{year}-{serial}", month=11) == "11/2024-45"


def test_the_class_code_is_written_as_it_stands():
    assert number("{prefix} {year}/{serial} {class}", class_code="1.2.3") == (
        "KS 2024/45 1.2.3"
    )


def test_a_class_format_needs_the_class_code():
    with pytest.raises(ValueError):
        number("{prefix} {year}/{serial} {class}")


def test_the_serial_is_padded_to_the_width_and_overflows_it():
    assert number("{year}-{serial:3}", serial=7) == "2024-007"
    assert number("{year}-{serial:3}", serial=1234) == "2024-1234"
    assert number("{year}-{serial}", serial=7) == "2024-7"


def test_literal_text_is_kept():
    assert number("Dnr {prefix}-{year}-{serial} (ks)") == "Dnr KS-2024-45 (ks)"


@pytest.mark.parametrize(
    ("number_format", "message"),
    [
        (
            "{prefix} {yyyy}/{serial}",
            "Okänd platshållare {yyyy}. Använd {prefix}, {year}, {yy}, {month},"
            " {class}, {serial} eller {serial:N}.",
        ),
        (
            "{prefix} {year}/{nr}",
            "Okänd platshållare {nr}. Använd {prefix}, {year}, {yy}, {month},"
            " {class}, {serial} eller {serial:N}.",
        ),
        (
            "{prefix} {year}/",
            "Formatet måste innehålla löpnumret: {serial} eller {serial:N}.",
        ),
        ("{prefix} {serial}", "Formatet måste innehålla året: {year} eller {yy}."),
        ("{year} {serial} {serial:3}", "Löpnumret får bara förekomma en gång."),
        (
            "{prefix} {year}/{serial",
            _unbalanced := (
                "En klammerparentes är inte stängd eller inte öppnad: skriv varje"
                " platshållare inom klammerparenteser, t.ex. {serial}."
            ),
        ),
        ("{prefix} {year}}/{serial}", _unbalanced),
        ("{prefix {year}/{serial}", _unbalanced),
        (
            "{year:4}/{serial}",
            "Bara {serial} kan ha ett antal siffror, t.ex. {serial:4}.",
        ),
        ("{year}/{serial:0}", "Löpnumret fylls ut till 1–9 siffror, t.ex. {serial:4}."),
    ],
)
def test_a_format_it_cannot_number_by_is_refused_with_a_message(number_format, message):
    with pytest.raises(ValidationError) as error:
        validate_number_format(number_format)
    assert error.value.messages == [message]


def test_the_diarium_shows_the_message_on_its_format_field():
    diarium = Diarium(prefix="KS", number_format="{prefix} {år}/{serial}")
    with pytest.raises(ValidationError) as error:
        diarium.clean()
    assert error.value.message_dict["number_format"][0].startswith(
        "Okänd platshållare {år}."
    )


def test_the_example_number_is_today_s_first():
    diarium = Diarium(
        prefix="LS", number_format="{prefix} {yy}{month}-{serial:4}", first_serial=311
    )
    assert diarium.example_number(today=datetime.date(2024, 5, 2)) == "LS 2405-0311"


@pytest.mark.parametrize(
    ("number_format", "prefix", "text", "parts"),
    [
        (
            "{year}/{prefix} {serial:4} {class}",
            "KS",
            "2024/KS 0045 042",
            {"year": 2024, "serial": 45, "month": None, "class_code": "042"},
        ),
        (
            "{prefix} {yy}{month}-{serial:4}",
            "LS",
            "LS 2405-0311",
            {"year": 2024, "serial": 311, "month": 5, "class_code": None},
        ),
        (
            "{prefix} {year}.{serial}",
            "KS",
            "KS 2024.87",
            {"year": 2024, "serial": 87, "month": None, "class_code": None},
        ),
        (
            "{prefix} {year}/{serial}",
            "KS",
            "KS 2023/236",
            {"year": 2023, "serial": 236, "month": None, "class_code": None},
        ),
    ],
)
def test_a_number_is_read_back_into_its_parts(number_format, prefix, text, parts):
    diarium = Diarium(prefix=prefix, number_format=number_format)
    assert diarium.parse_number(text) == parts


@pytest.mark.parametrize(
    "text",
    ["BN 2023/236", "KS 2023-236", "KS 23/236", "KS 2023/", "KS 2023/236 x"],
)
def test_a_number_in_another_format_is_not_read(text):
    assert parse_number(text, "{prefix} {year}/{serial}", prefix="KS") is None


def test_a_padded_serial_must_have_its_digits():
    assert (
        parse_number("LS 2405-311", "{prefix} {yy}{month}-{serial:4}", prefix="LS")
        is None
    )
    assert (
        parse_number("LS 2413-0311", "{prefix} {yy}{month}-{serial:4}", prefix="LS")
        is None
    )


def test_a_placeholder_written_twice_must_read_the_same():
    number_format = "{prefix} {year}/{serial} ({year})"
    assert parse_number("KS 2024/5 (2024)", number_format, prefix="KS")["serial"] == 5
    assert parse_number("KS 2024/5 (2023)", number_format, prefix="KS") is None
