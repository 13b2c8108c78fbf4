from django.db import models
from django.db.models import Q

from members.roles import CASE_WRITERS


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
        """The cases the user may change: those of their own organisation, given a
        case-writing role (the same rule as `permissions.user_may_write`)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if not user.organisation_id or not user.has_role(*CASE_WRITERS):
            return self.none()
        return self.filter(board__organisation_id=user.organisation_id)

    def in_diarium_order(self) -> "CaseQuerySet":
        """Oldest first, as `list_cases` prints them: by year, then serial."""
        return self.order_by("year", "serial", "board__organisation__name", "pk")

    def newest_first(self) -> "CaseQuerySet":
        """Newest number first, with the primary key as a tie-breaker so that the
        pages of a paginated list never overlap."""
        return self.order_by("-year", "-serial", "-pk")

    def search(self, text: str) -> "CaseQuerySet":
        """Cases whose number or title contains `text` (case-insensitive)."""
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(number__icontains=text) | Q(title__icontains=text))


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AgendaItemQuerySet":
        """The items whose case the user may see (`CaseQuerySet.visible_to`): what
        a meeting's page, its kallelse, minutes and justering show them."""
        # The Case model through the relation: models.py imports this module.
        case_model = self.model._meta.get_field("case").related_model
        return self.filter(case__in=case_model.objects.visible_to(user))

    def adjusted_decisions(self) -> "AgendaItemQuerySet":
        """The items decided at a meeting whose minutes are adjusted: the decisions
        that are public as the minutes are (the public diarium's case page)."""
        return self.filter(decision__isnull=False, meeting__adjusted_at__isnull=False)
