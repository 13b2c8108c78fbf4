"""Choices that the models and the querysets of `members` both need, in a module
of their own so that `querysets.py` need not import `models.py` (which imports it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """What kind of organisation a member is (`Organisation.Kind`)."""

    COUNTY_BOARD = "lansstyrelse", _("County administrative board")
    MUNICIPALITY = "kommun", _("Municipality")
    REGION = "region", _("Region")
    AGENCY = "myndighet", _("Government agency")
    FEDERATION = "kommunalforbund", _("Municipal federation")
    COMPANY = "bolag", _("Company")
    NETWORK = "natverk", _("Cooperation network")
