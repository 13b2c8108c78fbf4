"""Background tasks the apps share (ssr_portal/lib/tasks.py says how tasks are
written): notification e-mails and the housekeeping of the task queue."""

import datetime
import logging

from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import TaskResultStatus

from .lib.tasks import portal_task

logger = logging.getLogger(__name__)

# Finished tasks are kept this long for the admin, failed ones longer (someone may
# still be looking into why).
KEEP_SUCCEEDED = datetime.timedelta(days=14)
KEEP_FAILED = datetime.timedelta(days=90)


@portal_task(max_attempts=6)
def email_send(*, subject: str, body: str, to: list[str], message_id: str = "") -> None:
    """Send one notification e-mail, rendered (in Swedish) by whoever enqueued it.

    Idempotent enough for a notice: the task is enqueued in the transaction of the
    change it tells about and fails before anything is sent, or after the SMTP
    server took the message (then it is done). A stable Message-ID, where the
    caller gives one, lets a mail system drop the copy of a retried send."""
    headers = {"Message-ID": message_id} if message_id else {}
    EmailMessage(subject=subject, body=body, to=to, headers=headers).send()


@portal_task(max_attempts=3)
def task_results_prune() -> int:
    """Remove finished task results older than KEEP_SUCCEEDED (failed ones:
    KEEP_FAILED). Daily (ssr_portal/worker.py)."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    succeeded = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_SUCCEEDED
    )
    failed = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__lt=now - KEEP_FAILED
    )
    removed = succeeded.delete()[0] + failed.delete()[0]
    logger.info("Removed %s finished task results", removed)
    return removed


@portal_task(max_attempts=3, first_delay=600)
def orphan_files_cleanup() -> int:
    """Delete the stored files no row uses any more, a day after they were last
    written (ssr_portal/services.py). Daily (ssr_portal/worker.py)."""
    from .services import orphan_files_delete

    found = orphan_files_delete(dry_run=False, older_than=datetime.timedelta(days=1))
    logger.info("Removed %s orphan files", len(found.deleted))
    return len(found.deleted)
