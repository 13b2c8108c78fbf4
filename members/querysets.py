from collections.abc import Sequence

from django.db import models
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When

from ssr_portal.lib.collation import swedish

from .choices import OrganisationKind


def choice_order(field: str, values: Sequence[str]) -> Case:
    """An expression ordering rows by the position of `field`'s value in `values`
    (the declaration order of a TextChoices), unknown values last."""
    return Case(
        *[
            When(**{field: value}, then=Value(index))
            for index, value in enumerate(values)
        ],
        default=Value(len(values)),
        output_field=IntegerField(),
    )


class OrganisationQuerySet(models.QuerySet):
    def members(self) -> "OrganisationQuerySet":
        """The organisations in SSR (not the network itself)."""
        return self.exclude(kind=OrganisationKind.NETWORK)

    def municipalities(self) -> "OrganisationQuerySet":
        return self.filter(kind=OrganisationKind.MUNICIPALITY)

    def other_members(self) -> "OrganisationQuerySet":
        """The members that are not municipalities: they share the other half of
        the cost by the cost key."""
        return self.members().exclude(kind=OrganisationKind.MUNICIPALITY)

    def in_kind_order(self) -> "OrganisationQuerySet":
        """Ordered by kind as `Organisation.Kind` lists them, then by name (the
        members list groups on `kind`)."""
        return self.annotate(
            kind_order=choice_order("kind", OrganisationKind.values)
        ).order_by("kind_order", swedish("name"))

    def with_population(self, year: int) -> "OrganisationQuerySet":
        """Annotate `year_population` with the population on 31 December `year`
        (None when it is missing), in the same query (the cost allocation)."""
        # The model of the reverse relation `populations`: this module is
        # imported by models.py, so it does not import the model itself.
        population = self.model._meta.get_field("populations").related_model
        populations = population.objects.filter(organisation=OuterRef("pk"), year=year)
        return self.annotate(
            year_population=Subquery(populations.values("population")[:1])
        )
