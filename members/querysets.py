from django.db import models


class OrganisationQuerySet(models.QuerySet):
    def members(self) -> "OrganisationQuerySet":
        """The organisations in SSR (not the network itself)."""
        return self.exclude(kind="natverk")

    def municipalities(self) -> "OrganisationQuerySet":
        return self.filter(kind="kommun")
