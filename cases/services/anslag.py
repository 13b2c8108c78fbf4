"""The anslag on the public anslagstavla (kommunallagen 8 kap. 12 §, 13 kap. 5 §).

`notice_publish` is what the justering calls once a meeting's minutes are
adjusted (the hook `on_minutes_adjusted(meeting)`); a board secretary may also
call it. The dates come from ssr_portal/lib/workdays.py:

1. The notice goes up today (or on `published`), which the law wants no later
   than the second day after justering; a later publication is still made (the
   appeal period only starts with it) but logged as late.
2. The last day to appeal is three weeks after publication, moved past
   non-working days (`appeal_period`).
3. The notice comes down on the day the decisions gain legal force
   (`AppealPeriod.legal_force_date`): it stays up through the last day to appeal.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from ssr_portal.lib.refusals import StepRefused
from ssr_portal.lib.workdays import AppealPeriod, appeal_period

from ..locks import lock_meeting
from ..models import AgendaItem, Case, Decision, Meeting, Notice
from ..permissions import user_may_manage_meetings

logger = logging.getLogger(__name__)

__all__ = ["CaseAppeal", "case_appeal", "notice_minutes_kept_at", "notice_publish"]


def notice_minutes_kept_at(meeting: Meeting) -> str:
    """Where the adjusted minutes are kept (förvaringsplats), by default."""
    return f"{meeting.board.organisation.name}, diariet"


def notice_publish(
    meeting: Meeting,
    *,
    user: User,
    published: datetime.date | None = None,
    minutes_kept_at: str = "",
) -> Notice:
    """Publish the anslag of an adjusted meeting's minutes; idempotent (a second
    call returns the notice already published).

    `user` is the system account for the notice that follows a justering (the
    hook); a person must be a board secretary of the board's organisation. Refused (StepRefused) while the
    minutes are not adjusted.
    """
    if not user.is_system and not user_may_manage_meetings(
        user=user, board=meeting.board
    ):
        raise PermissionDenied(
            _("Only a board secretary of %(organisation)s may publish its notices.")
            % {"organisation": meeting.board.organisation.name}
        )
    with transaction.atomic():
        locked = lock_meeting(meeting)
        existing = Notice.objects.filter(meeting=locked).first()
        if existing is not None:
            return existing
        if not locked.is_adjusted:
            raise StepRefused(
                _(
                    "The minutes of this meeting are not adjusted yet: the notice "
                    "can be published only after justering."
                )
            )
        adjusted = timezone.localdate(locked.adjusted_at)
        published = published or timezone.localdate()
        if published < adjusted:
            raise ValidationError(
                {
                    "published_date": _(
                        "The minutes were adjusted on %(date)s: the notice can be "
                        "published on that day at the earliest."
                    )
                    % {"date": f"{adjusted:%Y-%m-%d}"}
                }
            )
        period = appeal_period(published)
        notice = Notice(
            meeting=locked,
            adjusted_date=adjusted,
            minutes_kept_at=minutes_kept_at.strip() or notice_minutes_kept_at(locked),
            published_date=published,
            last_appeal_date=period.last_day,
            appeal_moved_from=period.moved_from,
            takedown_date=period.legal_force_date,
            published_by=user,
        )
        notice.full_clean()
        notice.save()
    if notice.is_late:
        logger.warning(
            "The notice of %s was published on %s, later than %s "
            "(kommunallagen 8 kap. 12 §)",
            locked,
            notice.published_date,
            notice.latest_publication_date,
        )
    return notice


@dataclass(frozen=True)
class CaseAppeal:
    """The appeal period of a case's decision, for the case page."""

    item: AgendaItem
    notice: Notice
    period: AppealPeriod


def case_appeal(case: Case) -> CaseAppeal | None:
    """The appeal period of the case's latest decision whose minutes are adjusted
    and announced; None before that."""
    item = (
        AgendaItem.objects.filter(
            case=case,
            decision__isnull=False,
            meeting__adjusted_at__isnull=False,
            meeting__notice__isnull=False,
        )
        # A bordläggning is no decision in the matter: it is not appealed or sent.
        .exclude(decision__kind=Decision.Kind.POSTPONE)
        .select_related("meeting__board", "meeting__notice", "decision")
        .order_by("-meeting__meeting_date", "-pk")
        .first()
    )
    if item is None:
        return None
    notice = item.meeting.notice
    return CaseAppeal(item=item, notice=notice, period=notice.appeal_period)
