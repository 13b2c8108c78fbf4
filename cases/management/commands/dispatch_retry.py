"""`dispatch_retry`: queue again the decision e-mails whose sending failed (and
those left to_do for more than an hour). The task worker sends them; the worker
also retries each failure by itself, with a backoff, so this is for after an
outage longer than its attempts. A row that is sent is never sent twice."""

from django.core.management.base import BaseCommand

from cases.services.dispatch import dispatch_retry_failed
from members.models import User


class Command(BaseCommand):
    help = "Queue the decision e-mails whose sending failed to be sent again."

    def handle(self, *args, **options):
        rows = dispatch_retry_failed(user=User.objects.system())
        self.stdout.write(
            f"Queued {len(rows)} e-mail(s) to be sent again by the task worker."
        )
