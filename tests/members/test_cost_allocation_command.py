import csv
import io
from fractions import Fraction

import pytest
from django.core.management import CommandError, call_command

HEADER = ["kommunkod", "kommun", "population", "share_percent", "amount_sek"]


def run(*args):
    out = io.StringIO()
    call_command("cost_allocation", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_prints_the_header_and_one_row_per_municipality(county):
    rows = run("--year", "2017", "--total", "1000000")
    assert rows[0] == HEADER
    assert len(rows) == 27
    assert rows[1:][6][:3] == ["0126", "Huddinge", "107538"]


def test_the_rows_add_up_to_exactly_half_of_the_total(county):
    rows = run("--year", "2017", "--total", "1000000")
    assert sum(int(row[4]) for row in rows[1:]) == 500000


def test_an_odd_total_gives_the_municipalities_the_extra_krona(county):
    rows = run("--year", "2017", "--total", "1000001")
    assert sum(int(row[4]) for row in rows[1:]) == 500001


def test_each_row_is_within_one_krona_of_the_exact_population_share(county):
    rows = run("--year", "2017", "--total", "1000000")
    for row in rows[1:]:
        exact = Fraction(500000 * int(row[2]), 2269060)
        assert abs(int(row[4]) - exact) < 1


def test_share_percent_has_three_decimals(county):
    rows = run("--year", "2017", "--total", "1000000")
    stockholm = next(row for row in rows if row[0] == "0180")
    assert stockholm[3] == "41.234"


@pytest.mark.parametrize(
    ("year", "total", "message"),
    [
        ("2017", "-1", "får inte vara negativt"),
        ("2017", "abc", "helt antal kronor"),
        ("2017", "1000.50", "helt antal kronor"),
        ("20x7", "1000", "fyra siffror"),
    ],
)
def test_bad_input_is_a_command_error_with_a_clear_message(
    county, year, total, message
):
    with pytest.raises(CommandError, match=message):
        run("--year", year, "--total", total)


def test_a_year_without_populations_is_a_command_error_naming_them(county):
    with pytest.raises(CommandError, match="Huddinge kommun"):
        run("--year", "2024", "--total", "1000")


def test_a_command_error_exits_with_a_non_zero_code(county, capsys):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(
            ["manage.py", "cost_allocation", "--year", "2017", "--total", "-5"]
        ).execute()
    assert exit_info.value.code != 0
    assert "får inte vara negativt" in capsys.readouterr().err
