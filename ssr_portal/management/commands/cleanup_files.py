"""`cleanup_files`: delete the stored files the portal no longer uses (files no row
refers to, stale handlingar and follow-up reports), once they are older than a
grace period. Run it daily (cron, a systemd timer or the task worker); see
`ssr_portal.services.orphan_files_delete`."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from ssr_portal.lib.storage import StorageUnavailable
from ssr_portal.services import orphan_files_delete

DEFAULT_GRACE_HOURS = 24


class Command(BaseCommand):
    help = "Delete stored files no row refers to, once older than a grace period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be deleted, and delete nothing.",
        )
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=DEFAULT_GRACE_HOURS,
            help="Leave files changed more recently than this (default "
            f"{DEFAULT_GRACE_HOURS}): a file being stored has no row yet.",
        )

    def handle(self, *args, dry_run: bool, older_than_hours: int, **options):
        if older_than_hours < 0:
            raise CommandError("--older-than-hours cannot be negative.")
        try:
            found = orphan_files_delete(
                dry_run=dry_run, older_than=timedelta(hours=older_than_hours)
            )
        except StorageUnavailable as error:
            raise CommandError(
                "The file storage did not answer; nothing more was deleted."
            ) from error
        verb = "Would delete" if dry_run else "Deleted"
        for name in found.deleted:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(
            f"{verb} {len(found.deleted)} orphan files; left {len(found.too_new)}"
            f" newer than {older_than_hours} hours."
        )
