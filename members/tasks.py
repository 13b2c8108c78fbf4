"""The background tasks of members (ssr_portal/lib/tasks.py says how tasks are
written): each is a thin call of a service, which says how it stays safe to run
twice."""

from ssr_portal.lib.tasks import portal_task

from .services import notification_digest_send_now, notification_email_send_now


@portal_task(max_attempts=6)
def notification_email_send(*, notification_id: int) -> bool:
    """One notification by e-mail, at once (members/services.py)."""
    return notification_email_send_now(notification_id=notification_id)


@portal_task(max_attempts=3, first_delay=300)
def notification_digest_send() -> int:
    """The day's notification digests (daily, ssr_portal/worker.py)."""
    return notification_digest_send_now()
