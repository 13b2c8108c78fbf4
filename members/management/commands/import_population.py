from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.services import population_import_csv


class Command(BaseCommand):
    help = (
        "Import SCB populations from a CSV: the columns "
        "kommunkod,kommun,year,population,source or SCB's own export "
        "(region;2023;2024), as the cost page's upload reads it (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            created, updated = population_import_csv(path=file)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{created} figures added, {updated} updated.")
