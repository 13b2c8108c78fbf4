"""The refusals of the målbild's services that carry more than a message: a save
over someone else's newer one (the form shows both versions). The plain
refusals are in ssr_portal/lib/refusals.py."""

from django.utils.translation import gettext as _

from .models import GoalFollowUp, MemberApproval, Vision


class ApprovalConflict(Exception):
    """Someone changed the member's row after the form was opened."""

    def __init__(self, approval: MemberApproval) -> None:
        super().__init__(
            _("Someone else changed this member's row while you were writing.")
        )
        self.approval = approval


class FollowUpConflict(Exception):
    """Someone recorded the goal's status for the year after the form was shown."""

    def __init__(self, follow_up: GoalFollowUp | None) -> None:
        super().__init__(
            _(
                "Someone else recorded the status of this goal for the year while "
                "you were writing. Their version is shown; save again to replace it."
            )
        )
        self.follow_up = follow_up


class VisionConflict(Exception):
    """Someone changed the vision after the form was opened; `vision` is the
    vision as it is now."""

    def __init__(self, vision: Vision) -> None:
        super().__init__(_("Someone else changed the vision while you were writing"))
        self.vision = vision
