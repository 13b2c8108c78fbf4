from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        # The session's start time, noted at every login (members/middleware.py).
        from . import (
            middleware,  # noqa: F401
            oidc,  # noqa: F401 - registers the check of SSR_OIDC_ROLE_MAP
        )
