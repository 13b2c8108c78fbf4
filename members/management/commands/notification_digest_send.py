"""`notification_digest_send`: e-mail each person who chose the daily digest
their unsent notifications of the last day, in one message. The worker runs it
daily (ssr_portal/worker.py); running it twice sends nothing twice."""

from django.core.management.base import BaseCommand

from members.services import notification_digest_send_now


class Command(BaseCommand):
    help = "E-mail the daily digest of notifications to those who chose it."

    def handle(self, *args, **options):
        sent = notification_digest_send_now()
        self.stdout.write(f"Sent {sent} notification digest(s).")
