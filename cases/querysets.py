from django.db import models
from django.db.models import Q


class CaseQuerySet(models.QuerySet):
    def with_related(self) -> "CaseQuerySet":
        return self.select_related("board__organisation", "handler")

    def public(self) -> "CaseQuerySet":
        return self.filter(secrecy="public")

    def visible_to(self, user) -> "CaseQuerySet":
        """Public cases for everyone; every case of their own organisation for its people."""
        if user.is_authenticated and user.is_superuser:
            return self
        if user.is_authenticated and user.organisation_id:
            return self.filter(
                Q(secrecy="public") | Q(board__organisation_id=user.organisation_id)
            )
        return self.public()

    def changeable_by(self, user) -> "CaseQuerySet":
        """Only the people of the case's own organisation may change it."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(board__organisation_id=user.organisation_id)
