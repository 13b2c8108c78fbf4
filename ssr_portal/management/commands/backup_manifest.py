"""`backup_manifest`: write what a backup must hold, as JSON (ssr_portal/backup.py).

    python manage.py backup_manifest --out /backup/2026-03-01/manifest.json

Run it right before `pg_dump` and the copy of the file store, with the app
servers and the worker stopped (docs/drift-backup.md); `backup_verify` compares
a restored copy with it. A row whose file is missing from the store is reported
on stderr: the backup cannot hold what the store has already lost.
"""

import json
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from ssr_portal.backup import manifest_build


class Command(BaseCommand):
    help = (
        "Write a JSON manifest of the database's tables (rows, checksums) and the "
        "file store's files (sizes, sha256) for checking a restored backup."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            help="The file to write (default: standard output).",
        )

    def handle(self, *args, out: Path | None = None, **options):
        manifest = manifest_build(default_storage)
        text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False)
        if out is None:
            self.stdout.write(text)
        else:
            try:
                out.write_text(text + "\n", encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Cannot write {out}: {error}") from error
        tables = manifest["database"]["tables"].values()
        files = manifest["files"].values()
        missing = [ref for ref in manifest["file_references"] if not ref["exists"]]
        for reference in missing:
            self.stderr.write(
                f"Warning: row {reference['table']} id {reference['id']}: its "
                f"{reference['field']} file {reference['name']} is not in the file store."
            )
        if out is not None:
            self.stdout.write(
                f"{out}: {len(tables)} tables ({sum(t['rows'] for t in tables)} rows), "
                f"{len(files)} files ({sum(f['size'] for f in files)} bytes)."
            )
