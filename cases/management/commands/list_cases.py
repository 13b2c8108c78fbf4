"""`list_cases`: the diarium as text, one line per case (DESIGN.md, stable interface).

    python manage.py list_cases [--board KS] [--year 2023] [--organisation huddinge]

Prints `number<TAB>status<TAB>title`, ordered by year and serial ascending; the
status is the stored value (`drafting`, `closed`, …). `--board` is the board's
diarium prefix; without `--organisation` it matches that prefix in every
organisation (Huddinge's "KS 2023/236" and Botkyrka's "KS/2023:412" alike).
`--organisation` takes the organisation's slug or its four-digit kommunkod.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from cases.models import Case
from members.models import Organisation


class Command(BaseCommand):
    help = "List the cases of the diarium: number, status and title, tab-separated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--board", help="Diarium prefix of the board, e.g. KS (all organisations)."
        )
        parser.add_argument("--year", type=int, help="Year of the case number.")
        parser.add_argument(
            "--organisation",
            help="Slug or kommunkod of the organisation, e.g. huddinge or 0126.",
        )

    def handle(self, *args, board=None, year=None, organisation=None, **options):
        cases = Case.objects.all()
        if organisation:
            found = Organisation.objects.filter(
                Q(slug=organisation) | Q(municipality_code=organisation)
            ).first()
            if found is None:
                raise CommandError(
                    f"No organisation with slug or kommunkod {organisation!r}."
                )
            cases = cases.filter(board__organisation=found)
        if board:
            cases = cases.filter(board__prefix__iexact=board)
        if year is not None:
            cases = cases.filter(year=year)
        rows = cases.in_diarium_order().values_list("number", "status", "title")
        for number, status, title in rows:
            # One line per case, whatever a title holds.
            self.stdout.write(f"{number}\t{status}\t{' '.join(title.split())}")
