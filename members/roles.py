"""The roles of DESIGN.md, kept as Django groups named by their stored value."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICIAL = "handlaggare", _("Case officer")
    DIRECTOR = "kommundirektor", _("Chief executive")
    SECRETARY = "namndsekreterare", _("Board secretary")
    REGISTRAR = "registrator", _("Registrar")
    COORDINATOR = "ssr_samordnare", _("SSR coordinator")


# Which roles may register cases and documents in their organisation's diarium.
CASE_WRITERS = {Role.OFFICIAL, Role.REGISTRAR, Role.SECRETARY, Role.DIRECTOR}
