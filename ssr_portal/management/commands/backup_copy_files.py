"""`backup_copy_files`: copy the file store to a folder, or a folder into the
file store, through Django's storage API (ssr_portal/backup.py, storage_copy).

    python manage.py backup_copy_files --to /backup/2026-03-01/files
    python manage.py backup_copy_files --from /backup/2026-03-01/files

`--to` backs up the store, whatever it is (local disk or an S3 bucket), to a
folder that is empty or does not exist yet; `--from` restores such a folder into
an empty store (a new bucket, a new media folder). Nothing is ever overwritten.
"""

from pathlib import Path

from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError

from ssr_portal.backup import BackupError, storage_copy


class Command(BaseCommand):
    help = (
        "Copy every file of the file store to an empty folder (--to), or of a "
        "folder into the empty file store (--from)."
    )

    def add_arguments(self, parser):
        direction = parser.add_mutually_exclusive_group(required=True)
        direction.add_argument(
            "--to", type=Path, help="Copy the file store into this folder."
        )
        direction.add_argument(
            "--from",
            dest="source",
            type=Path,
            help="Copy this folder into the file store.",
        )

    def handle(self, *args, to: Path | None = None, source: Path | None = None, **opts):
        if to is not None:
            folder = FileSystemStorage(location=to.resolve())
            pair, words = (default_storage, folder), f"from the file store to {to}"
        else:
            if not source.is_dir():
                raise CommandError(f"{source} is not a folder.")
            folder = FileSystemStorage(location=source.resolve())
            pair, words = (folder, default_storage), f"from {source} to the file store"
        try:
            count, size = storage_copy(*pair)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Copied {count} files ({size} bytes) {words}.")
