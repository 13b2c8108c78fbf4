from django.db import models
from django.db.models import Q

from members.roles import CASE_WRITERS


class CaseQuerySet(models.QuerySet):
    def with_related(self) -> "CaseQuerySet":
        return self.select_related("board__organisation", "handler")

    def public(self) -> "CaseQuerySet":
        return self.filter(secrecy="public")

    def visible_to(self, user) -> "CaseQuerySet":
        """Public cases for everyone; every case of their own organisation for its people.

        The organisation's cases are those on its boards, named by a subquery on
        the small board table (`board_id IN (SELECT id … WHERE organisation_id
        = …)`) rather than by a join: the condition stays on the case row, so the
        lists' indexes (Case.Meta.indexes) serve it and a page reads one index
        range instead of joining every case to its board."""
        if user.is_authenticated and user.is_superuser:
            return self
        if user.is_authenticated and user.organisation_id:
            # The Board model through the relation: models.py imports this module.
            board_model = self.model._meta.get_field("board").related_model
            own_boards = board_model.objects.filter(
                organisation_id=user.organisation_id
            ).values("pk")
            return self.filter(Q(secrecy="public") | Q(board_id__in=own_boards))
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

    # The lists' order: newest number first, with the primary key as a
    # tie-breaker (two diaria may both have "KS 2023/1"), so that the pages of a
    # list never overlap; the keyset pages (ssr_portal/lib/keyset.py) seek in it
    # and the indexes of Case.Meta end in it.
    NEWEST_FIRST = ("-year", "-serial", "-pk")

    def newest_first(self) -> "CaseQuerySet":
        """Newest number first (`NEWEST_FIRST`)."""
        return self.order_by(*self.NEWEST_FIRST)

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
