"""`python manage.py cost_allocation --year 2017 --total 1000000`: the municipalities'
half of a budget year's cost as CSV on standard output."""

import csv
import re

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from members.costs import municipal_csv_rows
from members.services import cost_allocation_municipal_calculate


def _whole_kronor(value: str) -> int:
    text = value.replace(" ", "").replace("_", "")
    if not re.fullmatch(r"[+-]?\d+", text):
        raise CommandError(
            _("--total must be a whole number of kronor, e.g. 1000000 (got %(value)s).")
            % {"value": repr(value)}
        )
    total = int(text)
    if total < 0:
        raise CommandError(
            _("--total must not be negative (got %(value)s).") % {"value": repr(value)}
        )
    return total


def _year(value: str) -> int:
    if not re.fullmatch(r"\d{4}", value.strip()):
        raise CommandError(
            _("--year must be a four-digit year, e.g. 2017 (got %(value)s).")
            % {"value": repr(value)}
        )
    return int(value)


class Command(BaseCommand):
    help = (
        "Print the municipalities' half of SSR's cost for a budget year as CSV: "
        "kommunkod,kommun,population,share_percent,amount_sek, one row per "
        "municipality in kommunkod order. The municipalities pay half of --total "
        "(for an odd total the extra krona), split by their population on 31 "
        "December of the year before the budget year (budget year 2017 uses 2016). "
        "kommun is the short name (Huddinge). share_percent is the municipality's "
        "exact share of the municipal half in percent, rounded to three decimals. "
        "amount_sek is whole kronor, rounded by the largest remainder method so "
        "that the rows add up exactly to the municipal half, each within 1 krona "
        "of its exact share."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="The budget year, e.g. 2017.")
        parser.add_argument(
            "--total",
            required=True,
            help="SSR's total cost of the year in whole kronor, e.g. 1000000.",
        )

    def handle(self, *args, **options) -> None:
        year = _year(options["year"])
        total = _whole_kronor(options["total"])
        try:
            part = cost_allocation_municipal_calculate(budget_year=year, total=total)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerows(municipal_csv_rows(part))
