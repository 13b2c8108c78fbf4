"""`import_diarium`: bring an existing diarium's cases into the portal, keeping
their numbers and registration dates (cases/services/diarium_import.py).

    python manage.py import_diarium FILE.csv --organisation huddinge --diarium KS
        [--board KSAU] [--dry-run]

`--diarium` is the diarium's prefix or name within the organisation (or its id);
`--board` the board the cases are registered for, when several boards use the
diarium and the file has no "nämnd" column. Prints the report; a refused file
exits with status 1 and names each refused row.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from cases.services.diarium_import import diarium_import_csv
from members.models import Board, Diarium, Organisation, User


def find_organisation(value: str) -> Organisation:
    found = Organisation.objects.filter(
        Q(slug=value) | Q(municipality_code=value) | Q(short_name__iexact=value)
    ).first()
    if found is None:
        raise CommandError(f"No organisation with slug or kommunkod {value!r}.")
    return found


class Command(BaseCommand):
    help = "Import an existing diarium from CSV, keeping numbers and dates."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--organisation", required=True, help="Slug or kommunkod, e.g. huddinge."
        )
        parser.add_argument(
            "--diarium", required=True, help="Prefix, name or id of the diarium."
        )
        parser.add_argument("--board", help="Prefix of the board the cases are for.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report; save nothing.",
        )

    def handle(self, *args, file, organisation, diarium, board, dry_run, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        found = find_organisation(organisation)
        diaria = Diarium.objects.filter(organisation=found)
        match = diaria.filter(Q(prefix=diarium) | Q(name__iexact=diarium))
        if diarium.isdigit():
            match = match | diaria.filter(pk=int(diarium))
        if match.count() != 1:
            names = ", ".join(f"{d.prefix} ({d.name})" for d in diaria)
            raise CommandError(
                f"No single diarium {diarium!r} in {found.name}; there are: {names}."
            )
        chosen_board = None
        if board:
            chosen_board = Board.objects.filter(
                organisation=found, prefix=board
            ).first()
            if chosen_board is None:
                raise CommandError(f"No board with prefix {board!r} in {found.name}.")
        try:
            report = diarium_import_csv(
                diarium=match.get(),
                data=file.read_bytes(),
                user=User.objects.system(),
                board=chosen_board,
                dry_run=dry_run,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("The file was refused; nothing was imported.")
