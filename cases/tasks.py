"""The background tasks of cases (ssr_portal/lib/tasks.py says how tasks are
written): each is a thin call of a service, which says how it stays safe to run
twice."""

from ssr_portal.lib.tasks import portal_task

from .services.attachments import attachment_text_extract_now
from .services.diarium import case_send_follow_up_reminders
from .services.dispatch import dispatch_email_send_now
from .services.handlingar import handlingar_build_now
from .services.kallelse import kallelse_email_send_now


@portal_task(max_attempts=8, first_delay=60)
def dispatch_email_send(*, dispatch_id: int) -> str:
    """The decision to one recipient by e-mail, with its protokollsutdrag: tried
    again with a backoff while the SMTP server refuses (the row says failed,
    with the error, in the meantime)."""
    return dispatch_email_send_now(dispatch_id=dispatch_id)


@portal_task(max_attempts=8, first_delay=60)
def kallelse_email_send(*, meeting_id: int, recipient_id: int) -> bool:
    """One invited person's kallelse with the calendar invitation, tried again
    with a backoff while the SMTP server refuses."""
    return kallelse_email_send_now(meeting_id=meeting_id, recipient_id=recipient_id)


@portal_task(max_attempts=3)
def handlingar_build(*, document_id: int) -> bool:
    """Put a case's handlingar together, so that the next download is the file."""
    return handlingar_build_now(document_id=document_id)


@portal_task(max_attempts=3)
def attachment_text_extract(*, attachment_id: int) -> bool:
    """Read the text of an uploaded attachment for search."""
    return attachment_text_extract_now(attachment_id=attachment_id)


@portal_task(max_attempts=3, first_delay=300)
def follow_up_reminders_send() -> int:
    """The day's follow-up reminders (daily, ssr_portal/worker.py); each case's
    reminder is claimed and sent in one transaction, once per date."""
    return case_send_follow_up_reminders()
