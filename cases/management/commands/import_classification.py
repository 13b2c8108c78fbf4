"""`import_classification`: an organisation's klassificeringsstruktur from CSV
(cases/services/classification.py).

    python manage.py import_classification FILE.csv --organisation huddinge [--dry-run]

Columns kod, namn and optionally överordnad; a class already there takes the
file's name and place. Prints the report; a refused file exits with status 1.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases.management.commands.import_diarium import find_organisation
from cases.services.classification import case_classes_import_csv
from members.models import User


class Command(BaseCommand):
    help = "Import an organisation's klassificeringsstruktur (kod;namn;överordnad)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--organisation", required=True, help="Slug or kommunkod, e.g. huddinge."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; save nothing."
        )

    def handle(self, *args, file, organisation, dry_run, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            report = case_classes_import_csv(
                organisation=find_organisation(organisation),
                data=file.read_bytes(),
                user=User.objects.system(),
                dry_run=dry_run,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("The file was refused; nothing was imported.")
