"""`backup_verify`: compare the current database and file store with a manifest
of `backup_manifest` (ssr_portal/backup.py), and say in plain words what differs.

    python manage.py backup_verify /backup/2026-03-01/manifest.json

Run it on a restored copy (DATABASE_URL at the restored database, SSR_MEDIA_ROOT
or the object storage settings at the restored files). Exit code 0 when the copy
equals the original, 1 when not.
"""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from ssr_portal.backup import (
    BackupError,
    manifest_build,
    manifest_compare,
    manifest_read,
)


class Command(BaseCommand):
    help = (
        "Compare the database and the file store with a manifest of backup_manifest; "
        "exit code 0 when equal, 1 when not."
    )

    def add_arguments(self, parser):
        parser.add_argument("manifest", type=Path, help="The manifest file.")

    def handle(self, *args, manifest: Path, **options):
        try:
            expected = manifest_read(manifest.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {manifest}: {error}") from error
        except BackupError as error:
            raise CommandError(f"{manifest}: {error}.") from error
        actual = manifest_build(default_storage)
        comparison = manifest_compare(expected, actual)
        for note in comparison.notes:
            self.stdout.write(f"Note: {note}")
        for difference in comparison.differences:
            self.stdout.write(difference)
        tables = actual["database"]["tables"]
        files = actual["files"]
        if not comparison.is_equal:
            number = len(comparison.differences)
            raise CommandError(
                f"The database and the file store differ from the manifest of "
                f"{expected['created_at']}: {number} "
                f"{'difference' if number == 1 else 'differences'}.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Equal to the manifest of {expected['created_at']}: {len(tables)} "
                f"tables ({sum(t['rows'] for t in tables.values())} rows) and "
                f"{len(files)} files ({sum(f['size'] for f in files.values())} bytes)."
            )
        )
