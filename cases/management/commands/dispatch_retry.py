"""`dispatch_retry`: send again the decision e-mails whose sending failed (and
those left to_do by a crash between the commit and the sending). Run it now and
then (cron, a systemd timer); a row that is sent is never sent twice."""

from django.core.management.base import BaseCommand

from cases.services.dispatch import dispatch_retry_failed


class Command(BaseCommand):
    help = "Send again the decision e-mails whose sending failed."

    def handle(self, *args, **options):
        rows = dispatch_retry_failed()
        sent = sum(1 for row in rows if _refreshed_status(row) == "sent")
        self.stdout.write(f"Retried {len(rows)} e-mails, {sent} sent.")


def _refreshed_status(row) -> str:
    row.refresh_from_db(fields=["status"])
    return row.status
