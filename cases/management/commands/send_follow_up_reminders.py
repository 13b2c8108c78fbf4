"""`send_follow_up_reminders`: e-mail the case officers whose follow-up date has
come. Run it daily (cron, a systemd timer or the task runner); running it twice a
day, or after a missed day, sends no reminder twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from cases.services import case_send_follow_up_reminders


class Command(BaseCommand):
    help = "E-mail each case officer whose case's follow-up date has come (once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Act as if today were this day (YYYY-MM-DD); for catching up.",
        )

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(
                    f"--date must be YYYY-MM-DD, not {date!r}."
                ) from error
        sent = case_send_follow_up_reminders(today=today)
        self.stdout.write(f"Sent {sent} follow-up reminder(s).")
